// Event filters (issue 8): the learner shows and steps through only packets, packets and calls,
// or everything; the choice is in the share link (show=packets|calls|all), a bad value is named.
import { expect, test, type Page } from '@playwright/test';
import { openScenario } from './helpers';

test.use({ viewport: { width: 1280, height: 720 } });

/** The kind of the current step's event, read from the testing view (?testing=1). */
const currentKind = (page: Page) => page.evaluate(() => window.wirestep?.stepEvents[0]?.kind ?? 'none');
const cursor = (page: Page) => page.evaluate(() => window.wirestep?.step ?? -1);

test('show=packets: every step key lands on a segment, and only packets are drawn', async ({ page }) => {
  await openScenario(page, { scenario: 'tcp-echo', show: 'packets', testing: 1 });
  await expect(page.getByTestId('event-filter')).toHaveValue('packets');
  const segments = await page.evaluate(
    () => window.wirestep?.trace?.events.filter((event) => event.kind === 'segment').length ?? 0,
  );
  expect(segments).toBeGreaterThan(5);
  await expect(page.getByTestId('step-counter')).toHaveText(`0 / ${segments}`);
  const keys = ['ArrowRight', 'PageDown'];
  for (let i = 0; i < segments; i++) {
    await page.keyboard.press(keys[i % 2]!);
    await expect(page.getByTestId('step-counter')).toHaveText(`${i + 1} / ${segments}`);
    expect(await currentKind(page)).toBe('segment');
  }
  // At the last segment the step keys stay there.
  const last = await cursor(page);
  await page.keyboard.press('ArrowRight');
  expect(await cursor(page)).toBe(last);
  // Back: still segments.
  await page.keyboard.press('PageUp');
  await expect(page.getByTestId('step-counter')).toHaveText(`${segments - 1} / ${segments}`);
  expect(await currentKind(page)).toBe('segment');
  // Only arrows (the segments sent so far): no state band, call bar nor timer bracket is drawn.
  const svg = page.getByTestId('diagram-svg');
  await expect(svg.getByTestId('segment')).toHaveCount(segments - 1);
  expect(await svg.locator('g.bands > *, g.bars > *, g.timers > *').count()).toBe(0);
  // The event list lists the segments only.
  await page.getByTestId('view-events').click();
  await expect(page.getByTestId('event-row')).toHaveCount(segments);
  expect(
    new Set(await page.getByTestId('event-row').evaluateAll((rows) => rows.map((row) => row.dataset.kind))),
  ).toEqual(new Set(['segment']));
  await page.getByTestId('view-diagram').click();
  // The scrubber runs over the segments only.
  const scrubber = page.getByTestId('scrubber');
  await expect(scrubber).toHaveAttribute('max', String(segments));
  await scrubber.fill('3');
  await expect(page.getByTestId('step-counter')).toHaveText(`3 / ${segments}`);
  expect(await currentKind(page)).toBe('segment');
});

test('the filter is chosen in the toolbar and kept in the link; calls adds calls and returns', async ({ page }) => {
  await openScenario(page, { scenario: 'tcp-echo', testing: 1 });
  await expect(page.getByTestId('event-filter')).toHaveValue('all');
  await expect(page).not.toHaveURL(/show=/);
  await page.getByTestId('event-filter').selectOption('calls');
  await expect(page).toHaveURL(/show=calls/);
  const kinds = new Set<string>();
  for (let i = 0; i < 12; i++) {
    await page.getByTestId('step-forward').click();
    kinds.add(await currentKind(page));
  }
  expect([...kinds].every((kind) => ['call', 'return', 'segment'].includes(kind))).toBe(true);
  expect(kinds.has('call')).toBe(true);
  const step = await cursor(page);
  // The address follows the state within 200 ms; the link restores the filter and the very same step.
  await expect(page).toHaveURL(new RegExp(`step=${step}(&|$)`));
  await page.reload();
  await expect(page.getByTestId('event-filter')).toHaveValue('calls');
  expect(await cursor(page)).toBe(step);
  await page.getByTestId('event-filter').selectOption('all');
  await expect(page).not.toHaveURL(/show=/);
});

test('a bad show= value is named and the page shows everything', async ({ page }) => {
  await openScenario(page, { scenario: 'tcp-echo', show: 'timers', step: 3 });
  await expect(page.getByTestId('url-problems')).toContainText('show');
  await expect(page.getByTestId('url-problems')).toContainText('timers');
  await expect(page.getByTestId('event-filter')).toHaveValue('all');
  await expect(page.getByTestId('step-counter')).toHaveText(/^3 \//);
});

test('French: the filter speaks French', async ({ page }) => {
  await openScenario(page, { scenario: 'tcp-echo', lang: 'fr' });
  await expect(page.getByTestId('event-filter').locator('option')).toHaveText(['Paquets', '+ Appels', 'Tout']);
  await expect(page.getByTestId('event-filter')).toHaveAttribute('title', /^Afficher et parcourir : les paquets seuls/);
});
