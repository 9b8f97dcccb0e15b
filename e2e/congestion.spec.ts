// The congestion-control lesson's cwnd plot (issue 11): visible beside the diagram with cwnd 10
// at the start (RFC 6928), and at the fast retransmit (RFC 5681 3.2) its cursor and the TCB panel
// both say fast recovery. Screenshots at 1280×720, light and dark, English and French, go to
// /tmp/shots-cwnd/ (SHOTS_DIR overrides) for a person to look at.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { Scenario } from '../src/scenario/schema';
import { simulate } from '../src/sim';
import { cursorForEvent } from '../src/trace/query';
import { openScenario } from './helpers';

const shots = process.env.SHOTS_DIR ?? '/tmp/shots-cwnd';
test.use({ viewport: { width: 1280, height: 720 } });

// The page simulates the same lesson with the same seed, so the step numbers agree.
// (Read as a file: Playwright's loader does not import JSON modules.)
const lessonFile = new URL('../src/scenario/library/congestion-control.json', import.meta.url);
const scenario = JSON.parse(readFileSync(lessonFile, 'utf8')) as Scenario;
const trace = simulate(scenario, { seed: scenario.seed });
const retransmitIndex = trace.events.findIndex((e) => e.kind === 'segment' && e.retransmission === true);
const retransmitStep = cursorForEvent(trace, retransmitIndex);
const retransmitT = trace.events[retransmitIndex]?.t ?? -1;

async function phaseOnTcbCard(page: Page, card: string): Promise<string> {
  await page.getByTestId('panel-tcb').click();
  const row = page.getByTestId(card).locator('.tcb-fields > div[data-field="ccPhase"] dd');
  return (await row.textContent()) ?? '';
}

test.describe('cwnd plot in the congestion-control lesson', () => {
  test.beforeAll(() => mkdirSync(shots, { recursive: true }));

  test('shows cwnd 10 in slow start once connected, and no plot for tcp-echo', async ({ page }) => {
    const connected = trace.events.findIndex(
      (e) => e.kind === 'state' && e.host === 'client' && e.to === 'ESTABLISHED',
    );
    await openScenario(page, { scenario: 'congestion-control', step: cursorForEvent(trace, connected) });
    const plot = page.getByTestId('cwnd-plot');
    await expect(plot).toBeVisible();
    await expect(plot.getByTestId('cwnd-value')).toHaveText('10');
    await expect(plot.getByTestId('cwnd-now')).toHaveAttribute('data-phase', 'slow-start');
    await expect(plot.getByTestId('cwnd-retransmission')).toHaveCount(1);
    // The plot sits inside the window, beside the diagram, not below the fold.
    const box = await plot.boundingBox();
    expect(box).not.toBeNull();
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(720);
    await openScenario(page, { scenario: 'tcp-echo', step: 30 });
    await expect(page.getByTestId('cwnd-plot')).toHaveCount(0);
  });

  test('at the fast retransmit, the cursor and the TCB panel both say fast recovery', async ({ page }) => {
    await openScenario(page, { scenario: 'congestion-control', step: retransmitStep });
    const cursor = page.getByTestId('cwnd-cursor');
    await expect(cursor).toHaveAttribute('data-phase', 'fast-recovery');
    await expect(cursor).toHaveAttribute('data-t', String(retransmitT));
    // The cursor stands on the retransmission's mark.
    const mark = await page.getByTestId('cwnd-retransmission').locator('line').getAttribute('x1');
    expect(Number(await cursor.getAttribute('x1'))).toBeCloseTo(Number(mark), 0);
    await expect(page.getByTestId('cwnd-phase')).toHaveText('fast recovery');
    expect(await phaseOnTcbCard(page, 'tcb-client-3')).toBe('fast recovery');
    // One step back, the segment is not sent yet: still slow start.
    await openScenario(page, { scenario: 'congestion-control', step: retransmitStep - 1 });
    await expect(page.getByTestId('cwnd-cursor')).toHaveAttribute('data-phase', 'slow-start');
  });

  for (const theme of ['light', 'dark'] as const) {
    for (const lang of ['en', 'fr'] as const) {
      test(`screenshot at the fast retransmit, ${theme}, ${lang}`, async ({ page }) => {
        await openScenario(page, { scenario: 'congestion-control', step: retransmitStep, theme, lang });
        await expect(page.getByTestId('cwnd-plot')).toBeVisible();
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        const phase = lang === 'en' ? 'fast recovery' : 'récupération rapide';
        await expect(page.getByTestId('cwnd-phase')).toHaveText(phase);
        // Readable from the back of the room: no text in the plot under 16 px.
        const smallest = await page.getByTestId('cwnd-plot').evaluate((plot) => {
          const sizes = [...plot.querySelectorAll('*')]
            .filter((element) => [...element.childNodes].some((n) => n.nodeType === 3 && n.textContent?.trim()))
            .map((element) => parseFloat(getComputedStyle(element).fontSize));
          return Math.min(...sizes);
        });
        expect(smallest).toBeGreaterThanOrEqual(16);
        await page.screenshot({ path: join(shots, `cwnd-${theme}-${lang}.png`) });
        await page.getByTestId('cwnd-plot').screenshot({ path: join(shots, `cwnd-plot-${theme}-${lang}.png`) });
      });
    }
  }

  test('presentation mode: folded to its figures beside the explanation, and it unfolds', async ({ page }) => {
    await openScenario(page, { scenario: 'congestion-control', step: retransmitStep, present: 1 });
    const plot = page.getByTestId('cwnd-plot');
    await expect(plot).toBeVisible();
    await expect(plot.getByTestId('cwnd-fold')).toHaveAttribute('aria-expanded', 'false');
    await expect(plot.getByTestId('cwnd-phase')).toHaveText('fast recovery');
    const box = await plot.boundingBox();
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(720);
    await page.screenshot({ path: join(shots, 'cwnd-presentation-light-en.png') });
  });
});
