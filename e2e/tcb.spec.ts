// The TCB panel at the steps of the handshake (RFC 9293 3.3.1 variables, 3.10.7 processing):
// every card shows the socket's variables at the step that changed them, and says what it is.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openScenario } from './helpers';

const screens = join(import.meta.dirname, '..', 'test-results/screens');
test.use({ viewport: { width: 1280, height: 720 } });

/** The value shown for one RFC 9293 variable on a socket's card. */
async function field(page: Page, card: string, name: string): Promise<string> {
  const row = page.getByTestId(card).locator('.tcb-fields > div', { has: page.locator('dt', { hasText: name }) });
  return (await row.locator('dd').textContent()) ?? '';
}

test.describe('TCB panel in step with the handshake (tcp-echo)', () => {
  test('step 12: the client enters SYN-SENT with its ISS and SND.NXT = ISS+1 (relative 1)', async ({ page }) => {
    await openScenario(page, { scenario: 'tcp-echo', step: 12 });
    await page.getByTestId('panel-tcb').click();
    const card = page.getByTestId('tcb-client-3');
    await expect(card).toContainText('SYN-SENT');
    // The ISS itself is shown as chosen (a 32-bit number); the other variables count from it.
    expect(await field(page, 'tcb-client-3', 'ISS')).toMatch(/^\d+$/);
    expect(await field(page, 'tcb-client-3', 'SND.NXT')).toBe('1');
    expect(await field(page, 'tcb-client-3', 'RCV.NXT')).toBe('—');
    await expect(page.getByTestId('tcb-server-3')).toContainText('listening socket');
    await page.screenshot({ path: join(screens, 'tcb-step-12.png') });
  });

  test('step 16: the server’s new socket in SYN-RECEIVED knows IRS and RCV.NXT', async ({ page }) => {
    await openScenario(page, { scenario: 'tcp-echo', step: 16 });
    await page.getByTestId('panel-tcb').click();
    const card = page.getByTestId('tcb-server-4');
    await expect(card).toContainText('SYN-RECEIVED');
    await expect(card).not.toContainText('listening socket');
    expect(await field(page, 'tcb-server-4', 'RCV.NXT')).toBe('1');
    expect(await field(page, 'tcb-server-4', 'IRS')).not.toBe('—');
  });

  test('step 21: the client is ESTABLISHED with IRS and RCV.NXT known, in French too', async ({ page }) => {
    await openScenario(page, { scenario: 'tcp-echo', step: 21 });
    await page.getByTestId('panel-tcb').click();
    await expect(page.getByTestId('tcb-client-3')).toContainText('ESTABLISHED');
    expect(await field(page, 'tcb-client-3', 'RCV.NXT')).toBe('1');
    expect(await field(page, 'tcb-client-3', 'IRS')).not.toBe('—');
    await page.screenshot({ path: join(screens, 'tcb-step-21.png') });
    await openScenario(page, { scenario: 'tcp-echo', step: 12, lang: 'fr' });
    await page.getByTestId('panel-tcb').click();
    await expect(page.getByTestId('tcb-server-3')).toContainText('socket d’écoute');
  });
});
