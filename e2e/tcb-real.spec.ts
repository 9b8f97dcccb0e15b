// The TCB panel on a real run opened as a Trace file: src/ui/panels/fixtures/real-tcp-echo.json,
// a tcp-echo run on Linux 6.18 whose tcb events came from the kernel's tcp:tcp_probe
// (bridge/runner/kernel-tcb.ts). The cards show cwnd and SRTT, and say where the values came from.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const root = join(import.meta.dirname, '..');
const screens = join(root, 'test-results/screens');
test.use({ viewport: { width: 1280, height: 720 } });

test('a real run’s TCB cards show the kernel’s cwnd and SRTT, in English and French', async ({ page }) => {
  for (const lang of ['en', 'fr'] as const) {
    await page.goto(`/?lang=${lang}&animate=0`);
    await page.getByTestId('open-capture').setInputFiles(join(root, 'src/ui/panels/fixtures/real-tcp-echo.json'));
    await expect(page.getByTestId('step-counter')).toBeVisible();
    await page.getByTestId('step-last').click();
    await page.getByTestId('panel-tcb').click();
    const client = page.getByTestId('tcb-client-3');
    const row = (field: string) => client.locator(`[data-field="${field}"] dd`);
    await expect(row('cwnd')).toHaveText('11 segments');
    await expect(row('srttUs')).toHaveText('60 µs');
    await expect(client.locator('[data-field="rcvNxt"]')).toHaveCount(0);
    await expect(page.getByTestId('tcb-server-4').locator('[data-field="cwnd"] dd')).toHaveText('10 segments');
    await expect(client.locator('[data-field="cwnd"] dt')).toHaveAttribute(
      'title',
      lang === 'en' ? 'congestion window (RFC 5681)' : 'fenêtre de congestion (RFC 5681)',
    );
    await expect(client).toContainText('tcp:tcp_probe');
    await page.screenshot({ path: join(screens, `tcb-real-${lang}.png`) });
  }
});
