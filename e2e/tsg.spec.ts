// The time-sequence graph (issue 9, "an overview for big connections") in the congestion-control
// lesson (a 300 kB transfer with a loss): the tab draws its canvas, a drag across it puts the range
// in the share link and moves the cursor to the range's first data segment, and "Show in diagram"
// goes back to the diagram at that step. Throughput over time (the same tab's toggle) is drawn on the
// same time axis, says its unit, and brushing in it does the same, in the lesson and in an imported
// capture of a real kernel transfer. Screenshots at 1280×720 go to /tmp/shots-tsg/ (SHOTS_DIR).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { Scenario } from '../src/scenario/schema';
import { simulate } from '../src/sim';
import { importCapture } from '../src/trace/import';
import { cursorForEvent, firstSegmentIn, timeSequence } from '../src/trace/query';
import { openScenario } from './helpers';

const shots = process.env.SHOTS_DIR ?? '/tmp/shots-tsg';
test.use({ viewport: { width: 1280, height: 720 } });

const lessonFile = new URL('../src/scenario/library/congestion-control.json', import.meta.url);
const scenario = JSON.parse(readFileSync(lessonFile, 'utf8')) as Scenario;
const trace = simulate(scenario, { seed: scenario.seed });
const series = timeSequence(trace)!;

/** Pixels of a canvas that are not transparent, and how many distinct colours they use. */
async function inked(page: Page, testId = 'tsg-canvas'): Promise<{ inked: number; colours: number }> {
  return page.getByTestId(testId).evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext('2d')!;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let count = 0;
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) continue;
      count++;
      colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    }
    return { inked: count, colours: colours.size };
  });
}

const stepOf = (page: Page) => Number(new URL(page.url()).searchParams.get('step'));

/** Drags across a plot's overlay from one fraction of its width to another. */
async function brush(page: Page, overlay: string, from: number, to: number): Promise<void> {
  const box = (await page.getByTestId(overlay).boundingBox())!;
  await page.mouse.move(box.x + box.width * from, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to, box.y + box.height * 0.5, { steps: 5 });
  await page.mouse.up();
}

const rangeOf = (page: Page) =>
  new URL(page.url()).searchParams.get('range')!.split('-').map(Number) as [number, number];

test.describe('time-sequence graph', () => {
  test.beforeAll(() => mkdirSync(shots, { recursive: true }));

  test('draws the lesson, brushes a range into the link and the cursor, then shows it in the diagram', async ({
    page,
  }) => {
    expect(series.retransmission.some((flag) => flag === 1)).toBe(true);
    await openScenario(page, { scenario: 'congestion-control', step: 0 });
    await page.getByTestId('view-tsg').click();
    const view = page.getByTestId('tsg-view');
    await expect(view).toBeVisible();
    const drawn = await inked(page);
    // Axes, labels, ticks and lines: thousands of pixels, and more than the two colours of text.
    expect(drawn.inked).toBeGreaterThan(5000);
    expect(drawn.colours).toBeGreaterThan(4);
    await page.screenshot({ path: join(shots, 'tsg-light.png') });

    const overlay = page.getByTestId('tsg-overlay');
    const box = (await overlay.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.5, { steps: 5 });
    await page.mouse.up();
    await expect(page.getByTestId('tsg-range')).toContainText('ms');
    await expect.poll(() => new URL(page.url()).searchParams.get('range')).toMatch(/^\d+-\d+$/);
    const [t0, t1] = new URL(page.url()).searchParams.get('range')!.split('-').map(Number) as [number, number];
    expect(t0).toBeLessThan(t1);
    const first = firstSegmentIn(series, t0, t1);
    expect(first).toBeDefined();
    const expectedStep = cursorForEvent(trace, series.eventIndex[first!]!);
    expect(expectedStep).toBeGreaterThan(0);
    await expect.poll(() => stepOf(page)).toBe(expectedStep);
    await page.screenshot({ path: join(shots, 'tsg-brushed.png') });

    await page.getByTestId('tsg-show').click();
    await expect(page.getByTestId('view-diagram')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('tsg-view')).toHaveCount(0);
    expect(stepOf(page)).toBe(expectedStep);

    // The link restores the range: the graph reopens with it.
    await openScenario(page, { scenario: 'congestion-control', step: expectedStep, range: `${t0}-${t1}` });
    await page.getByTestId('view-tsg').click();
    await expect(page.getByTestId('tsg-range')).toContainText((t0 / 1000).toFixed(t0 < 10_000 ? 3 : 1));
  });

  test('dark theme and French: still drawn, labels translated', async ({ page }) => {
    await openScenario(page, { scenario: 'congestion-control', step: 0, theme: 'dark', lang: 'fr' });
    await page.getByTestId('view-tsg').click();
    await expect(page.getByTestId('tsg-view')).toContainText('Graphe temps–séquence');
    expect((await inked(page)).inked).toBeGreaterThan(5000);
    await page.screenshot({ path: join(shots, 'tsg-dark-fr.png') });
  });

  test('a bad range in the link is named and ignored', async ({ page }) => {
    await openScenario(page, { scenario: 'congestion-control', range: '900-100' });
    await expect(page.getByTestId('url-problems')).toContainText('range=900-100');
    await page.getByTestId('view-tsg').click();
    await expect(page.getByTestId('tsg-range')).toContainText('Drag across a graph');
  });

  test('throughput over time: its unit on the axis, a brush in it selects the range in both plots, the link and the diagram', async ({
    page,
  }) => {
    await openScenario(page, { scenario: 'congestion-control', step: 0 });
    await page.getByTestId('view-tsg').click();
    await page.getByTestId('overview-throughput').click();
    const view = page.getByTestId('throughput-view');
    await expect(view).toBeVisible();
    await expect(page.getByTestId('tsg-canvas')).toHaveCount(0);
    await expect(view).toHaveAttribute('data-unit', 'Mbit/s');
    await expect(page.getByTestId('throughput-canvas')).toHaveAttribute('aria-label', /Mbit\/s/);
    const drawn = await inked(page, 'throughput-canvas');
    expect(drawn.inked).toBeGreaterThan(5000);
    expect(drawn.colours).toBeGreaterThan(4);
    await page.screenshot({ path: join(shots, 'throughput-light.png') });

    await brush(page, 'throughput-overlay', 0.3, 0.5);
    await expect.poll(() => new URL(page.url()).searchParams.get('range')).toMatch(/^\d+-\d+$/);
    const [t0, t1] = rangeOf(page);
    await expect(page.getByTestId('tsg-range')).toContainText(/mean [\d.]+ [kM]bit\/s sent/);
    const first = firstSegmentIn(series, t0, t1);
    const expectedStep = cursorForEvent(trace, series.eventIndex[first!]!);
    await expect.poll(() => stepOf(page)).toBe(expectedStep);

    // Both stacked: one time axis, so the range brushed in the throughput plot is on the TSG too.
    await page.getByTestId('overview-both').click();
    await expect(page.getByTestId('tsg-canvas')).toBeVisible();
    await expect(page.getByTestId('throughput-canvas')).toBeVisible();
    expect((await inked(page, 'tsg-overlay')).inked).toBeGreaterThan(1000);
    const tsgBox = (await page.getByTestId('tsg-overlay').boundingBox())!;
    const tputBox = (await page.getByTestId('throughput-overlay').boundingBox())!;
    expect(tputBox.x).toBe(tsgBox.x);
    expect(tputBox.width).toBe(tsgBox.width);
    await page.screenshot({ path: join(shots, 'both-light.png') });

    await page.getByTestId('tsg-show').click();
    await expect(page.getByTestId('view-diagram')).toHaveAttribute('aria-selected', 'true');
    expect(stepOf(page)).toBe(expectedStep);
    expect(rangeOf(page)).toEqual([t0, t1]);
  });

  for (const [lang, theme] of [
    ['fr', 'dark'],
    ['fr', 'light'],
    ['en', 'dark'],
  ] as const) {
    test(`throughput in ${lang}, ${theme}: the axis in Mbit/s, labels in the language, the window picked`, async ({
      page,
    }) => {
      await openScenario(page, { scenario: 'congestion-control', step: 0, theme, lang });
      await page.getByTestId('view-tsg').click();
      await page.getByTestId('overview-throughput').click();
      const view = page.getByTestId('throughput-view');
      await expect(page.getByTestId('tsg-view')).toContainText(lang === 'fr' ? 'Débit de' : 'Throughput of');
      await expect(view).toContainText(lang === 'fr' ? 'acquitté (débit utile)' : 'acknowledged (goodput)');
      await expect(view).toHaveAttribute('data-unit', 'Mbit/s');
      expect((await inked(page, 'throughput-canvas')).inked).toBeGreaterThan(5000);
      await page.screenshot({ path: join(shots, `throughput-${lang}-${theme}.png`) });
      // Another averaging window: the series is derived again and drawn (the label says which).
      await page.getByTestId('throughput-window').selectOption('100000');
      await expect(page.getByTestId('throughput-canvas')).toHaveAttribute('aria-label', /100\.0 ms/);
      await page.getByTestId('overview-both').click();
      await page.screenshot({ path: join(shots, `both-${lang}-${theme}.png`) });
    });
  }

  test('an imported capture of a real 1 MB kernel transfer: throughput drawn in Mbit/s, a brush moves the cursor', async ({
    page,
  }) => {
    const file = join(process.cwd(), 'src/trace/query/fixtures/bulk-1mb-tbf.pcap');
    const captured = importCapture(new Uint8Array(readFileSync(file)));
    const capturedSeries = timeSequence(captured)!;
    await page.goto('/?lang=en&animate=0');
    await page.getByTestId('open-capture').setInputFiles(file);
    await expect(page.getByTestId('imported-file')).toHaveText('bulk-1mb-tbf.pcap');
    await page.getByTestId('view-tsg').click();
    await page.getByTestId('overview-both').click();
    await expect(page.getByTestId('throughput-view')).toHaveAttribute('data-unit', 'Mbit/s');
    expect((await inked(page, 'throughput-canvas')).inked).toBeGreaterThan(5000);
    expect((await inked(page, 'tsg-canvas')).inked).toBeGreaterThan(5000);
    await brush(page, 'throughput-overlay', 0.45, 0.6);
    await expect(page.getByTestId('tsg-range')).toContainText(/mean 1\d(\.\d+)? Mbit\/s sent/);
    // A capture has no share link (the file stays in the browser): the range is read from the bar,
    // and the cursor is on the range's first data segment.
    const rangeBar = page.getByTestId('tsg-range');
    const [t0, t1] = [Number(await rangeBar.getAttribute('data-t0')), Number(await rangeBar.getAttribute('data-t1'))];
    expect(t0).toBeLessThan(t1);
    const first = firstSegmentIn(capturedSeries, t0, t1)!;
    const expectedStep = cursorForEvent(captured, capturedSeries.eventIndex[first]!);
    await expect(page.getByTestId('step-counter')).toHaveText(new RegExp(`^${expectedStep} /`));
    await page.screenshot({ path: join(shots, 'both-capture-light.png') });
    await page.getByTestId('tsg-show').click();
    await expect(page.getByTestId('view-diagram')).toHaveAttribute('aria-selected', 'true');
  });
});
