// Embed mode (issue 13, `?embed=1`): a course page on its own origin puts tcp-echo in an iframe and
// drives it by postMessage, in English and in French. The lesson posts { wirestep: 'step', step,
// total } after every change; goto (clamped), play and pause are obeyed, malformed messages and
// messages not from the parent are ignored; the iframe never scrolls at 800×450 nor 640×360; its
// "Open in Wirestep" link opens the full app at the same step. Playback runs on Playwright's
// clock, so play and pause are counted in ticks, not waited for. Screenshots at 1280×720 (the
// course page) and of the embed at 640×360 go to SHOTS_DIR (default test-results/screens/embed).
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Frame, type Page } from '@playwright/test';

const shots = process.env.SHOTS_DIR ?? join(process.cwd(), 'test-results/screens/embed');
mkdirSync(shots, { recursive: true });

const hostHtml = readFileSync(new URL('./fixtures/embed-host.html', import.meta.url), 'utf8');

/**
 * The course page, served from an origin of its own (another loopback port), as a course site
 * is another site than the app's. A page served by page.route would count as a public site, and
 * Chromium's local network access checks would refuse its iframe of a loopback address.
 */
let course: Server;
let hostUrl = '';
test.beforeAll(async () => {
  course = createServer((request, response) => {
    response.writeHead(request.url === '/week-3.html' ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    response.end(request.url === '/week-3.html' ? hostHtml : '');
  });
  await new Promise<void>((resolve) => course.listen(0, '127.0.0.1', resolve));
  hostUrl = `http://127.0.0.1:${(course.address() as AddressInfo).port}/week-3.html`;
});
test.afterAll(async () => {
  await new Promise((resolve) => course.close(resolve));
});
/** One playback step at speed 1 (src/store/playback.ts baseStepMs). */
const stepMs = 800;

interface StepMessage {
  wirestep: 'step';
  step: number;
  total: number;
}

test.use({ viewport: { width: 1280, height: 720 } });

/** Opens the course page with the lesson in its iframe (at `size`); resolves the lesson's frame. */
async function openHost(
  page: Page,
  app: string | undefined,
  embedSearch: string,
  size = { width: 800, height: 450 },
): Promise<Frame> {
  await page.goto(hostUrl);
  // The app's own address (the config's baseURL): `/?…` alone would resolve against the course page.
  if (app === undefined) throw new Error('no baseURL');
  const base = app.replace(/\/$/, '');
  await page.evaluate(
    ({ src, width, height }) => {
      const frame = document.getElementById('lesson') as HTMLIFrameElement;
      frame.width = String(width);
      frame.height = String(height);
      frame.src = src;
    },
    { src: `${base}/?${embedSearch}`, ...size },
  );
  const frame = page.frameLocator('#lesson');
  await expect(frame.getByTestId('embed')).toBeVisible();
  const handle = await page.locator('#lesson').elementHandle();
  const content = await handle?.contentFrame();
  if (content === null || content === undefined) throw new Error('the lesson frame did not load');
  return content;
}

const received = (page: Page) => page.evaluate(() => (window as unknown as { received: StepMessage[] }).received);

/** Posts a message to the lesson from the course page, as the page's own script would. */
const send = (page: Page, message: unknown) =>
  page.evaluate((data) => {
    (document.getElementById('lesson') as HTMLIFrameElement).contentWindow?.postMessage(data, '*');
  }, message);

/** The messages received since `from`, once their count reaches `count`. */
async function messagesFrom(page: Page, from: number, count: number): Promise<StepMessage[]> {
  await expect.poll(async () => (await received(page)).length - from).toBeGreaterThanOrEqual(count);
  return (await received(page)).slice(from);
}

/** Whether the frame's page scrolls either way (it must not), and how big the drawing is. */
const frameScroll = (frame: Frame) =>
  frame.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return {
      sideways: root.scrollWidth - root.clientWidth,
      down: root.scrollHeight - root.clientHeight,
      // The diagram's share of the frame (the rest: the title bar and the step controls).
      diagramShare: (() => {
        const box = document.querySelector('[data-testid="diagram"]')?.getBoundingClientRect();
        return box === undefined ? 0 : (box.width * box.height) / (innerWidth * innerHeight);
      })(),
      // The smallest text the diagram draws, in CSS pixels on screen.
      minDiagramFont: Math.min(
        ...[...document.querySelectorAll<SVGTextElement>('[data-testid="diagram"] text')]
          .filter((text) => text.getBoundingClientRect().height > 0)
          .map((text) => parseFloat(getComputedStyle(text).fontSize) * (text.getScreenCTM()?.a ?? 1)),
      ),
    };
  });

for (const lang of ['en', 'fr'] as const) {
  const words =
    lang === 'en'
      ? { open: 'Open in Wirestep', title: 'TCP echo' }
      : { open: 'Ouvrir dans Wirestep', title: 'Écho TCP' };

  test(`${lang}: a course page drives the embedded lesson by postMessage`, async ({ page, context, baseURL }) => {
    test.slow();
    // The page's clock starts at a fixed time and flows until it is paused, before play below.
    const start = new Date('2026-01-05T08:00:00Z');
    await page.clock.install({ time: start });
    const lesson = await openHost(page, baseURL, `embed=1&scenario=tcp-echo&lang=${lang}&step=5&seed=3&animate=0`);
    const frame = page.frameLocator('#lesson');
    const counter = frame.getByTestId('step-counter');

    // Once the lesson is on screen it tells its step and its length.
    const [first] = await messagesFrom(page, 0, 1);
    expect(first).toMatchObject({ wirestep: 'step', step: 5 });
    const total = first!.total;
    expect(total).toBeGreaterThan(40);
    await expect(counter).toHaveText(`5 / ${total}`);
    await expect(frame.getByTestId('scenario-title')).toContainText(words.title);
    await expect(frame.getByTestId('embed-open')).toHaveText(words.open);
    // Diagram and stepping only: no header menus, side panels, picker or event filter.
    for (const absent of ['scenarios-open', 'open-capture', 'panel-tcb', 'event-filter', 'speed', 'step-first'])
      await expect(frame.getByTestId(absent)).toHaveCount(0);
    await expect(frame.locator('#side-panels, .header, .landing')).toHaveCount(0);

    // goto: the diagram follows, the counter and the message agree.
    await send(page, { wirestep: 'goto', step: 0 });
    await expect(counter).toHaveText(`0 / ${total}`);
    await expect(frame.getByTestId('segment')).toHaveCount(0);
    await send(page, { wirestep: 'goto', step: total });
    await expect(counter).toHaveText(`${total} / ${total}`);
    for (const flags of ['="SYN"', '="SYN,ACK"', '*="FIN"'])
      await expect(frame.locator(`[data-testid="segment"][data-flags${flags}]`).first()).toBeAttached();
    // A step past the end is clamped to it (no message: the step did not change).
    let seen = (await received(page)).length;
    await send(page, { wirestep: 'goto', step: 1e9 });
    await send(page, { wirestep: 'goto', step: 12.4 });
    expect(await messagesFrom(page, seen, 1)).toEqual([{ wirestep: 'step', step: 12, total }]);
    await expect(counter).toHaveText(`12 / ${total}`);

    // Malformed messages, and one not from the parent (the frame to itself), change nothing: the
    // next valid goto's message is the only one that follows them.
    seen = (await received(page)).length;
    for (const bad of ['goto', { wirestep: 'goto', step: '3' }, { wirestep: 'goto', step: Number.NaN }, null, [1]])
      await send(page, bad);
    await lesson.evaluate(() => window.postMessage({ wirestep: 'goto', step: 2 }, '*'));
    await send(page, { wirestep: 'goto', step: 20 });
    expect(await messagesFrom(page, seen, 1)).toEqual([{ wirestep: 'step', step: 20, total }]);
    await expect(counter).toHaveText(`20 / ${total}`);

    // play: one step per 800 ms of the page's clock, each one posted; pause stops it there. The
    // clock stands still from here (an hour on: past every timer the load set), so only runFor moves it.
    await page.clock.pauseAt(new Date(start.getTime() + 3_600_000));
    seen = (await received(page)).length;
    await send(page, { wirestep: 'play' });
    await expect(frame.getByTestId('play')).toHaveAttribute('aria-pressed', 'true');
    for (let tick = 0; tick < 3; tick++) {
      await page.clock.runFor(stepMs);
      await expect(counter).toHaveText(`${21 + tick} / ${total}`);
    }
    expect((await messagesFrom(page, seen, 3)).map((message) => message.step)).toEqual([21, 22, 23]);
    await send(page, { wirestep: 'pause' });
    await expect(frame.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
    await page.clock.runFor(stepMs * 5);
    await expect(counter).toHaveText(`23 / ${total}`);
    expect((await received(page)).slice(seen).map((message) => message.step)).toEqual([21, 22, 23]);

    // The frame's own controls post too.
    await frame.getByTestId('step-forward').click();
    expect((await messagesFrom(page, seen, 4))[3]).toEqual({ wirestep: 'step', step: 24, total });

    // Fits 800×450: nothing scrolls, the diagram has most of the frame (79 %) and text of 16 px.
    const fit = await frameScroll(lesson);
    expect([fit.sideways, fit.down]).toEqual([0, 0]);
    expect(fit.minDiagramFont).toBeGreaterThanOrEqual(14);
    expect(fit.diagramShare).toBeGreaterThan(0.7);
    await page.screenshot({ path: join(shots, `embed-host-${lang}-1280x720.png`) });

    // The frame's own address is a link like any other: embed=1 and the step stay in it (the store
    // writes it 200 ms after a change, on the page's clock).
    await page.clock.runFor(250);
    await expect.poll(() => new URL(lesson.url()).searchParams.get('step')).toBe('24');
    expect(new URL(lesson.url()).searchParams.get('embed')).toBe('1');

    // "Open in Wirestep": the full app, same lesson, seed and step, in a new tab.
    const opened = context.waitForEvent('page');
    await frame.getByTestId('embed-open').click();
    const app = await opened;
    await expect(app.getByTestId('step-counter')).toHaveText(`24 / ${total}`);
    await expect(app.getByTestId('scenarios-open')).toBeVisible();
    expect(new URL(app.url()).searchParams.get('embed')).toBeNull();
    expect(new URL(app.url()).searchParams.get('lang')).toBe(lang);
    expect(new URL(app.url()).searchParams.get('seed')).toBe('3');
  });

  test(`${lang}: the embed fits a 640×360 iframe without scrolling`, async ({ page, baseURL }) => {
    const lesson = await openHost(page, baseURL, `embed=1&scenario=tcp-echo&lang=${lang}&step=30&animate=0`, {
      width: 640,
      height: 360,
    });
    const frame = page.frameLocator('#lesson');
    await expect(frame.getByTestId('step-counter')).toHaveText(/^30 \/ \d+$/);
    for (const control of ['step-back', 'play', 'step-forward', 'next-segment', 'scrubber', 'embed-open'])
      await expect(frame.getByTestId(control)).toBeInViewport();
    const fit = await frameScroll(lesson);
    expect([fit.sideways, fit.down]).toEqual([0, 0]);
    expect(fit.minDiagramFont).toBeGreaterThanOrEqual(14);
    expect(fit.diagramShare).toBeGreaterThan(0.7);
    await page.locator('#lesson').screenshot({ path: join(shots, `embed-${lang}-640x360.png`) });
  });
}

test('a lesson published next to the app (lesson=) embeds with its link parameters', async ({ page, baseURL }) => {
  const example = 'lessons/two-messages.json';
  await openHost(page, baseURL, `embed=1&lang=en&animate=0&latency=20&lesson=${encodeURIComponent(example)}`);
  const frame = page.frameLocator('#lesson');
  await expect(frame.getByTestId('scenario-title')).toContainText('Two messages, one connection');
  const [first] = await messagesFrom(page, 0, 1);
  await send(page, { wirestep: 'goto', step: first!.total });
  await expect(frame.getByTestId('step-counter')).toHaveText(`${first!.total} / ${first!.total}`);
  // The teacher's program ran to its close (the diagram draws only what is near the view, so the
  // last exchange is what a small frame holds).
  await expect(frame.locator('[data-testid="segment"][data-flags*="FIN"]').first()).toBeAttached();
  const open = new URL((await frame.getByTestId('embed-open').getAttribute('href')) ?? '', baseURL);
  expect(
    Object.fromEntries(['lesson', 'latency', 'step', 'embed'].map((key) => [key, open.searchParams.get(key)])),
  ).toEqual({ lesson: example, latency: '20', step: String(first!.total), embed: null });
});

test('an embed without a lesson says how to name one, and the page never scrolls', async ({ page, baseURL }) => {
  const lesson = await openHost(page, baseURL, 'embed=1&lang=fr');
  await expect(page.frameLocator('#lesson').getByTestId('embed-no-lesson')).toContainText('scenario=');
  await expect(page.frameLocator('#lesson').getByTestId('scenario-item')).toHaveCount(0);
  expect((await frameScroll(lesson)).down).toBe(0);
});

test('the embed has no serious accessibility violation (axe), light and dark', async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 800, height: 450 });
  for (const theme of ['light', 'dark']) {
    await page.goto(`/?embed=1&scenario=tcp-echo&lang=fr&step=30&animate=0&theme=${theme}`);
    await expect(page.getByTestId('step-counter')).toHaveText(/^30 \//);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
  }
});
