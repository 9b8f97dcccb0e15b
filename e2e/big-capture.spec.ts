// Big captures (issue 9), functional checks only (the timings are scripts/bench-ui.mjs's): an import
// cancelled midway leaves the capture already on screen as it was, and the Event list of a big
// generated capture holds only the rows in view, follows the current event and scrolls anywhere.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { bulkCapture, twoConnectionCapture } from '../src/ui/capture/test-captures';

test.use({ viewport: { width: 1280, height: 720 } });

let dir = '';

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wirestep-big-'));
});

test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A generated bulk transfer of `packets` packets, written once to a file the picker reads. */
function bulkFile(packets: number): string {
  const file = join(dir, `bulk-${packets}.pcap`);
  writeFileSync(file, bulkCapture(packets));
  return file;
}

async function openSmallCapture(page: Page): Promise<void> {
  await page.getByTestId('open-capture').setInputFiles({
    name: 'two-echoes.pcap',
    mimeType: 'application/vnd.tcpdump.pcap',
    buffer: Buffer.from(twoConnectionCapture()),
  });
  await expect(page.getByTestId('imported-file')).toHaveText('two-echoes.pcap');
}

test('cancelling a big import leaves the capture on screen as it was, and the next file opens', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/?lang=en');
  await openSmallCapture(page);
  await page.getByTestId('step-last').click();
  const counter = await page.getByTestId('step-counter').textContent();
  // A million packets take the worker seconds to read and decode: the click lands while it works.
  await page.getByTestId('open-capture').setInputFiles(bulkFile(1_000_000));
  await expect(page.getByTestId('import-progress')).toBeVisible();
  await page.getByTestId('import-cancel').click();
  await expect(page.getByTestId('import-loading')).toHaveCount(0);
  await expect(page.getByTestId('import-error')).toHaveCount(0);
  await expect(page.getByTestId('imported-file')).toHaveText('two-echoes.pcap');
  await expect(page.getByTestId('step-counter')).toHaveText(counter ?? '');
  await expect(page.locator('[data-testid="diagram"] [data-testid="segment"]').first()).toBeAttached();
  // The next file opens cleanly, in a new worker.
  await openSmallCapture(page);
  await expect(page.getByTestId('import-error')).toHaveCount(0);
});

test('the Event list of a big capture draws only the rows in view, follows the step and scrolls anywhere', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const packets = 30_000;
  await page.goto('/?lang=en');
  await page.getByTestId('open-capture').setInputFiles(bulkFile(packets));
  await expect(page.getByTestId('imported-file')).toHaveText(`bulk-${packets}.pcap`, { timeout: 120_000 });
  await page.getByTestId('view-events').click();
  const list = page.getByTestId('event-list');
  const rows = page.getByTestId('event-row');
  // Every event is a row of the list (two per packet: sent and delivered), but few are in the page.
  const total = Number(await list.getAttribute('data-rows'));
  expect(total).toBeGreaterThanOrEqual(2 * packets);
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeLessThan(100);

  // At the last step the current row is the capture's last shown event, inside the list's view.
  await page.getByTestId('step-last').click();
  const current = page.locator('[data-testid="event-row"][aria-current="step"]');
  await expect(current).toBeInViewport();
  const lastIndex = Number(await current.getAttribute('data-index'));
  expect(lastIndex).toBeGreaterThan(2 * packets - 100);

  // Clicking a row makes it the current event; a step moves the mark to the next row, still in view.
  await page.getByTestId('step-first').click();
  await rows.nth(5).click();
  const clicked = Number(await current.getAttribute('data-index'));
  await page.getByTestId('step-forward').click();
  await expect(current).toBeInViewport();
  expect(Number(await current.getAttribute('data-index'))).toBeGreaterThan(clicked);

  // Scrolled to the middle, the rows drawn are the middle's.
  await list.evaluate((element) => {
    element.scrollTop = (element.scrollHeight - element.clientHeight) / 2;
  });
  await expect
    .poll(async () => Number(await rows.nth(10).getAttribute('data-index')), { timeout: 10_000 })
    .toBeGreaterThan(0.4 * total);
  expect(Number(await rows.nth(10).getAttribute('data-index'))).toBeLessThan(0.6 * total);
  expect(await rows.count()).toBeLessThan(100);
});
