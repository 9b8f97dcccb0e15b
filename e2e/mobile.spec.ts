// Phones and tablets (issue 9): at 390×844 and 768×1024, as a plain narrow window and as a touch
// device (isMobile, hasTouch), every screen a learner reaches (the scenario picker, three lessons,
// presentation mode, an imported capture, the Settings panel, the Export menu) has no sideways
// page scroll, every control is at least 44×44 CSS px (WCAG 2.2 SC 2.5.5), no control or title
// overlaps another or is cut off at the window's edge, and the diagram is its own scroll
// container: it pans under a finger and keeps the current step's arrow in its visible rect while
// the learner steps. Screenshots go to /tmp/shots-mobile/ (SHOTS_DIR overrides) to be looked at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openScenario } from './helpers';

const shots = process.env.SHOTS_DIR ?? '/tmp/shots-mobile';
const capture = join(import.meta.dirname, '..', 'src/trace/import/fixtures/print-flags.pcap');

test.beforeAll(() => mkdirSync(shots, { recursive: true }));

/** What breaks a narrow screen, read in the page. */
interface Problems {
  /** The layout viewport: a touch browser widens it (and zooms out) when the page is too wide. */
  innerWidth: number;
  scrollWidth: number;
  /** Controls under 44×44 px, as "name width×height". */
  small: string[];
  /** Controls or titles reaching past the window's left or right edge. */
  cutOff: string[];
  /** Pairs of controls or titles whose boxes overlap. */
  overlaps: string[];
  /** How many controls were measured (so an empty screen cannot pass). */
  measured: number;
}

function readProblems(width: number): Problems {
  const name = (element: Element) =>
    (element as HTMLElement).dataset.testid ??
    element.getAttribute('aria-label') ??
    (element.textContent ?? '').trim().slice(0, 24) ??
    element.tagName;
  const shown = (element: Element) => {
    const rect = element.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return false;
    if (element.closest('details:not([open]) > :not(summary)') !== null) return false;
    return getComputedStyle(element).visibility !== 'hidden';
  };
  // A checkbox, radio or file input is reached through its label: the label is the target.
  const targets = new Set<Element>();
  const selector = 'button, [role="tab"], input, select, textarea, summary, a[href], [data-testid="bridge-status"]';
  for (const element of document.querySelectorAll(selector)) {
    if (element.closest('svg') !== null) continue; // the drawing's own arrows and labels
    const input = element as HTMLInputElement;
    const viaLabel = element.tagName === 'INPUT' && ['checkbox', 'radio', 'file'].includes(input.type);
    const target = viaLabel ? (element.closest('label') ?? element) : element;
    if (shown(target)) targets.add(target);
  }
  const small: string[] = [];
  const cutOff: string[] = [];
  const boxes: { element: Element; rect: DOMRect }[] = [];
  for (const target of targets) {
    const rect = target.getBoundingClientRect();
    if (rect.width < 43.5 || rect.height < 43.5)
      small.push(`${name(target)} ${Math.round(rect.width)}×${Math.round(rect.height)}`);
    boxes.push({ element: target, rect });
  }
  // The titles in the header: the app's name and the lesson's or the file's.
  for (const title of document.querySelectorAll('.brand h1, .brand [data-testid="scenario-title"], .imported-title')) {
    if (shown(title)) boxes.push({ element: title, rect: title.getBoundingClientRect() });
  }
  for (const { element, rect } of boxes) {
    if (rect.left < -0.5 || rect.right > width + 0.5)
      cutOff.push(`${name(element)} ${Math.round(rect.left)}..${Math.round(rect.right)}`);
  }
  const overlaps: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.element.contains(b.element) || b.element.contains(a.element)) continue;
      const width = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
      const height = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
      if (width > 1 && height > 1) overlaps.push(`${name(a.element)} / ${name(b.element)}`);
    }
  }
  return {
    innerWidth,
    scrollWidth: document.scrollingElement!.scrollWidth,
    small,
    cutOff,
    overlaps,
    measured: boxes.length,
  };
}

/** Asserts the screen as it is now, then saves its screenshot under `label`. */
async function checkScreen(page: Page, label: string, prefix: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const width = page.viewportSize()!.width;
  const problems = await page.evaluate(readProblems, width);
  expect(problems.measured, `${label}: controls measured`).toBeGreaterThan(3);
  expect(problems.scrollWidth, `${label}: page scroll width`).toBeLessThanOrEqual(width);
  expect(problems.innerWidth, `${label}: layout viewport`).toBe(width);
  expect(problems.small, `${label}: controls under 44×44 px`).toEqual([]);
  expect(problems.cutOff, `${label}: cut off at the window's edge`).toEqual([]);
  expect(problems.overlaps, `${label}: overlapping`).toEqual([]);
  await page.screenshot({ path: join(shots, `${prefix}-${label}.png`) });
}

/** Scrolls the page as a learner would to read the drawing: its top just under the pinned controls. */
async function scrollToDiagram(page: Page): Promise<void> {
  await page.evaluate(() => {
    const diagram = document.querySelector('[data-testid="diagram"]')!;
    const pinned = document.querySelector('.app-working .toolbar-row .step-controls');
    const top = diagram.getBoundingClientRect().top + scrollY - (pinned?.getBoundingClientRect().height ?? 0);
    window.scrollTo(0, top);
  });
}

/** The diagram's visible rect (inside its borders and scrollbars, within the window, below the pinned controls). */
function visibleDiagram() {
  const diagram = document.querySelector<HTMLElement>('[data-testid="diagram"]')!;
  const box = diagram.getBoundingClientRect();
  const pinned = document.querySelector('.app-working .toolbar-row .step-controls');
  const pinnedBottom = pinned === null ? 0 : pinned.getBoundingClientRect().bottom;
  const top = Math.max(box.top + diagram.clientTop, 0, pinnedBottom);
  const left = Math.max(box.left + diagram.clientLeft, 0);
  return {
    top,
    left,
    right: Math.min(box.left + diagram.clientLeft + diagram.clientWidth, innerWidth),
    bottom: Math.min(box.top + diagram.clientTop + diagram.clientHeight, innerHeight),
    boxBottom: box.bottom,
    scrollTop: diagram.scrollTop,
    scrollLeft: diagram.scrollLeft,
    overflowX: diagram.scrollWidth - diagram.clientWidth,
    overflowY: diagram.scrollHeight - diagram.clientHeight,
    overflowStyle: getComputedStyle(diagram).overflow,
    pageX: scrollX,
    pageY: scrollY,
  };
}

/** Every packet arrow drawn: its event index, its fate (in flight, delivered, dropped) and its box. */
function drawnArrows() {
  return [
    ...document.querySelectorAll<SVGElement>(
      '[data-testid="diagram-svg"] :is([data-testid="segment"], [data-testid="datagram"])',
    ),
  ].map((arrow) => {
    const rect = arrow.querySelector('.line')!.getBoundingClientRect();
    return {
      index: Number(arrow.dataset.eventIndex),
      fate: arrow.dataset.fate ?? '',
      left: rect.left,
      right: rect.right,
      top: rect.top,
      bottom: rect.bottom,
    };
  });
}

type Arrow = ReturnType<typeof drawnArrows>[number];
type View = ReturnType<typeof visibleDiagram>;

/**
 * Whether the end of an arrow this step is about is in the diagram's visible rect: where it leaves
 * (a packet sent at this step; arrows run down the time axis, so that is its top) or where it
 * ends (delivered or dropped at this step: its bottom), and 40 px of it across (all of a shorter one).
 */
function inView(arrow: Arrow, view: View, end: 'sent' | 'fate'): boolean {
  const y = end === 'sent' ? arrow.top : arrow.bottom;
  const across = Math.min(arrow.right, view.right) - Math.max(arrow.left, view.left);
  return y >= view.top - 1 && y <= view.bottom + 1 && across >= Math.min(40, arrow.right - arrow.left) - 0.5;
}

/** After two frames (the follow effect has scrolled), the drawn arrows and the diagram's visible rect, in one round trip. */
async function arrowsAndView(page: Page): Promise<[Arrow[], View]> {
  return page.evaluate(`(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return [(${drawnArrows.toString()})(), (${visibleDiagram.toString()})()];
  })()`);
}

const sizes = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 768, height: 1024 },
] as const;

for (const size of sizes) {
  for (const touch of [false, true]) {
    const prefix = `${size.name}-${size.width}${touch ? '-touch' : ''}`;
    test.describe(`${size.name} ${size.width}×${size.height}${touch ? ', touch' : ''}`, () => {
      test.use({ viewport: { width: size.width, height: size.height }, isMobile: touch, hasTouch: touch });

      test('the scenario picker', async ({ page }) => {
        await page.goto('/?lang=en&animate=0');
        await expect(page.getByTestId('scenario-item').first()).toBeVisible();
        await checkScreen(page, 'landing', prefix);
        // In French too: longer words, the same rules.
        await page.getByTestId('lang-fr').click();
        await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
        await checkScreen(page, 'landing-fr', prefix);
      });

      test('three lessons: tcp-echo (English, French), chat with four hosts, congestion-control', async ({ page }) => {
        for (const [lesson, step, lang] of [
          ['tcp-echo', 14, 'en'],
          ['chat', 40, 'en'],
          ['congestion-control', 60, 'en'],
          ['tcp-echo', 14, 'fr'],
        ] as const) {
          await openScenario(page, { scenario: lesson, step, lang });
          await expect(page.getByTestId('diagram-svg')).toBeVisible();
          await checkScreen(page, lang === 'en' ? lesson : `${lesson}-${lang}`, prefix);
          // The bridge pill and the title each keep their own box; the FR button is whole.
          const pill = (await page.getByTestId('bridge-status').boundingBox())!;
          const title = (await page.getByTestId('scenario-title').boundingBox())!;
          expect(pill.y >= title.y + title.height || pill.y + pill.height <= title.y).toBe(true);
          await expect(page.getByTestId('lang-fr')).toBeInViewport({ ratio: 1 });
        }
        // In French, the lesson picker and the keyboard help open inside the window (a page too
        // wide for it had pushed them off its right edge).
        await page.getByTestId('scenarios-open').click();
        await expect(page.locator('.picker-dialog')).toBeInViewport({ ratio: 0.1 });
        const dialog = (await page.locator('.picker-dialog').boundingBox())!;
        expect(dialog.x).toBeGreaterThanOrEqual(0);
        expect(dialog.x + dialog.width).toBeLessThanOrEqual(size.width);
        await page.getByTestId('scenarios-close').click();
        await page.getByTestId('help-toggle').click();
        const help = (await page.locator('#help-popover').boundingBox())!;
        expect(help.x).toBeGreaterThanOrEqual(0);
        expect(help.x + help.width).toBeLessThanOrEqual(size.width);
      });

      test('chat with four hosts: the diagram pans and follows the cursor as the learner steps', async ({ page }) => {
        test.setTimeout(180_000);
        await openScenario(page, { scenario: 'chat', step: 0 });
        await scrollToDiagram(page);
        const start = await page.evaluate(visibleDiagram);
        // A scroll container of its own that fits the window under the pinned controls.
        expect(start.overflowStyle).toBe('auto');
        expect(start.boxBottom).toBeLessThanOrEqual(size.height + 1);
        expect(start.bottom - start.top).toBeGreaterThan(size.height * 0.6);
        const forward = page.getByTestId('step-forward');
        const counter = page.getByTestId('step-counter');
        // This step's arrows: a packet sent at this step (a new, higher event index) or one whose
        // fate this step decided (delivered or dropped). Older arrows scrolled into the drawn
        // range are not the cursor's.
        let fates = new Map<number, string>();
        let newest = -1;
        let checked = 0;
        const outside: string[] = [];
        for (let step = 1; step <= 80; step++) {
          if (touch) await forward.tap();
          else await forward.click();
          await expect(counter).toHaveText(new RegExp(`^${step} / `));
          const [arrows, view] = await arrowsAndView(page);
          for (const arrow of arrows) {
            const before = fates.get(arrow.index);
            const end = arrow.index > newest ? 'sent' : before !== undefined && before !== arrow.fate ? 'fate' : null;
            if (end === null) continue;
            checked++;
            if (!inView(arrow, view, end))
              outside.push(`step ${step}: ${JSON.stringify(arrow)} in ${JSON.stringify(view)}`);
          }
          fates = new Map(arrows.map((arrow) => [arrow.index, arrow.fate]));
          newest = Math.max(newest, ...arrows.map((arrow) => arrow.index));
          // The page itself never moves, sideways or down: the drawing scrolls.
          expect(view.pageX).toBe(0);
          expect(view.pageY).toBe(start.pageY);
        }
        expect(checked).toBeGreaterThanOrEqual(15);
        expect(outside).toEqual([]);
        await page.screenshot({ path: join(shots, `${prefix}-chat-stepped.png`) });
        // At the end, the last packet is in view: the drawing scrolled down by itself.
        if (touch) await page.getByTestId('step-last').tap();
        else await page.getByTestId('step-last').click();
        await expect(page.getByTestId('step-last')).toBeDisabled();
        const [arrows, after] = await arrowsAndView(page);
        const last = arrows.reduce((a, b) => (b.index > a.index ? b : a));
        expect(inView(last, after, 'fate'), JSON.stringify({ last, after })).toBe(true);
        expect(after.scrollTop).toBeGreaterThan(0);
        expect(after.pageY).toBe(start.pageY);
        await page.screenshot({ path: join(shots, `${prefix}-chat-end.png`) });
        if (touch) {
          // A finger on the drawing, at its end, pans it back up, then across, and never the page:
          // raw touch events (touchstart, ten touchmoves, touchend) through the browser's input.
          const client = (await page.getByTestId('diagram').boundingBox())!;
          const cdp = await page.context().newCDPSession(page);
          const drag = async (dx: number, dy: number) => {
            const x = Math.round(client.x + client.width / 2);
            const y = Math.round(client.y + client.height / 2);
            await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
            for (let i = 1; i <= 10; i++) {
              const point = { x: x + (dx * i) / 10, y: y + (dy * i) / 10 };
              await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point] });
            }
            await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
          };
          await drag(0, 250);
          await expect
            .poll(async () => (await page.evaluate(visibleDiagram)).scrollTop)
            .toBeLessThan(after.scrollTop - 100);
          if (after.overflowX > 0) {
            const sideways = after.scrollLeft > 0 ? 150 : -150;
            await drag(sideways, 0);
            await expect.poll(async () => (await page.evaluate(visibleDiagram)).scrollLeft).not.toBe(after.scrollLeft);
          }
          const panned = await page.evaluate(visibleDiagram);
          expect(panned.pageX).toBe(0);
          expect(panned.pageY).toBe(after.pageY);
        }
      });

      test('presentation mode', async ({ page }) => {
        await openScenario(page, { scenario: 'tcp-echo', step: 14, present: 1 });
        await expect(page.getByTestId('diagram-svg')).toBeVisible();
        await checkScreen(page, 'presentation', prefix);
        // The projector's frame: the window holds the header, the drawing and the subtitles; the
        // page does not scroll down either, and the drawing scrolls by itself.
        const view = await page.evaluate(visibleDiagram);
        expect(await page.evaluate(() => document.scrollingElement!.scrollHeight)).toBeLessThanOrEqual(size.height);
        expect(view.boxBottom).toBeLessThanOrEqual(size.height);
        expect(view.bottom - view.top).toBeGreaterThan(size.height * 0.4);
        await expect(page.getByTestId('step-forward')).toBeInViewport({ ratio: 1 });
        // The subtitles are read, not a sliver: whole, and a few lines tall.
        await expect(page.getByTestId('explanation')).toBeInViewport({ ratio: 0.95 });
        expect((await page.getByTestId('explanation').boundingBox())!.height).toBeGreaterThan(60);
      });

      test('an imported capture', async ({ page }) => {
        await page.goto('/?lang=en&animate=0');
        await page.getByTestId('open-capture').setInputFiles(capture);
        await expect(page.getByTestId('imported-file')).toHaveText('print-flags.pcap');
        await page.getByTestId('step-last').click();
        await expect(page.getByTestId('diagram-svg')).toBeVisible();
        await checkScreen(page, 'capture', prefix);
      });

      test('the Settings panel', async ({ page }) => {
        await openScenario(page, { scenario: 'tcp-echo', step: 14 });
        await page.getByTestId('panel-settings').click();
        await expect(page.getByTestId('net-latency')).toBeVisible();
        await checkScreen(page, 'settings', prefix);
        await page.getByTestId('panel-settings').scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(shots, `${prefix}-settings-panel.png`) });
      });

      test('the Export menu', async ({ page }) => {
        await openScenario(page, { scenario: 'tcp-echo', step: 14 });
        await page.getByTestId('export-menu').locator('summary').click();
        await expect(page.getByTestId('export-pcapng')).toBeVisible();
        await checkScreen(page, 'export', prefix);
        for (const format of ['svg', 'png', 'mermaid', 'plantuml', 'pcapng'])
          await expect(page.getByTestId(`export-${format}`)).toBeInViewport({ ratio: 1 });
      });
    });
  }
}
