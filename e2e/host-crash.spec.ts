// Click a host, crash it at that moment (issue 13, test hook `host-crash`): each host's card
// beside its state has the button; the crash rule is the packet pane's, at the cursor's instant.
import { expect, test } from '@playwright/test';
import { openScenario } from './helpers';

for (const lang of ['en', 'fr'] as const) {
  test(`${lang}: crashing the server once the connection is up leaves the client resending`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await openScenario(page, { scenario: 'tcp-echo', lang });
    // Step until the server's socket is ESTABLISHED: the client's request is still to come.
    const forward = page.getByTestId('step-forward');
    while ((await page.getByTestId('state-server').textContent()) !== 'ESTABLISHED') await forward.click();
    const before = await page.locator('[data-testid="segment"][data-flags="PSH,ACK"]').count();
    const crash = page.locator('[data-testid="host-crash"][data-host="server"]');
    await expect(crash).toHaveText(lang === 'en' ? 'Crash' : 'Planter');
    await crash.click();
    await expect(page.getByTestId('fault')).toHaveCount(1);
    await expect(page.getByTestId('fault')).toContainText(lang === 'en' ? 'server' : 'server');
    // The same host cannot be crashed again later: it is gone.
    await expect(crash).toBeDisabled();
    await page.getByTestId('scrubber').focus();
    await page.keyboard.press('End');
    // Nothing answers the request: the client sends it again and again (RFC 9293 §3.8.1).
    await expect
      .poll(() => page.locator('[data-testid="segment"][data-flags="PSH,ACK"]').count())
      .toBeGreaterThan(before + 2);
    await expect.poll(() => new URL(page.url()).searchParams.get('faults')).toMatch(/^crash\.server\.\d+(\.\d+)?$/);
    // The lesson's recap (the server closing first, TIME-WAIT) would be false now: it says so instead.
    await expect(page.getByTestId('guide-recap')).toContainText(lang === 'en' ? 'is not shown' : 'n’est pas affiché');
    await expect(page.getByTestId('guide-recap')).not.toContainText('TIME-WAIT');
    if (lang === 'en') await page.screenshot({ path: 'test-results/screens/host-crash.png' });
  });
}

test('a capture has no crash button', async ({ page }) => {
  await openScenario(page, { scenario: 'tcp-echo', step: 5 });
  await expect(page.locator('[data-testid="host-crash"]').first()).toBeVisible();
  await page.getByTestId('open-capture').setInputFiles('src/trace/query/fixtures/bulk-1mb-tbf.pcap');
  await expect(page.getByTestId('step-counter')).toBeVisible();
  await expect(page.locator('[data-testid="host-crash"]')).toHaveCount(0);
});
