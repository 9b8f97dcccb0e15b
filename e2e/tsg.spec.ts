// The time-sequence graph (issue 9, "an overview for big connections") in the congestion-control
// lesson (a 300 kB transfer with a loss): the tab draws its canvas, a drag across it puts the range
// in the share link and moves the cursor to the range's first data segment, and "Show in diagram"
// goes back to the diagram at that step. Screenshots at 1280×720 go to /tmp/shots-tsg/ (SHOTS_DIR).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { Scenario } from '../src/scenario/schema';
import { simulate } from '../src/sim';
import { cursorForEvent, firstSegmentIn, timeSequence } from '../src/trace/query';
import { openScenario } from './helpers';

const shots = process.env.SHOTS_DIR ?? '/tmp/shots-tsg';
test.use({ viewport: { width: 1280, height: 720 } });

const lessonFile = new URL('../src/scenario/library/congestion-control.json', import.meta.url);
const scenario = JSON.parse(readFileSync(lessonFile, 'utf8')) as Scenario;
const trace = simulate(scenario, { seed: scenario.seed });
const series = timeSequence(trace)!;

/** Pixels of the graph canvas that are not transparent, and how many distinct colours they use. */
async function inked(page: Page): Promise<{ inked: number; colours: number }> {
  return page.getByTestId('tsg-canvas').evaluate((canvas: HTMLCanvasElement) => {
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
    await expect(page.getByTestId('tsg-range')).toContainText('Drag across the graph');
  });
});
