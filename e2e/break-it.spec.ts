// Break it yourself (issue 13): click a packet, drop it, and the lesson is simulated again from that
// fault: TCP resends it after its RTO. A host can be crashed at a packet's moment. Every fault is
// listed above the diagram, undoable, and kept in the share link.
import { expect, test, type Page } from '@playwright/test';
import { openScenario } from './helpers';

/** To the last step (End), also when already there: the button would then be disabled. */
async function toEnd(page: Page): Promise<void> {
  await page.getByTestId('scrubber').focus();
  await page.keyboard.press('End');
}

async function openDetailsOf(page: Page, selector: string): Promise<void> {
  await page.locator(selector).first().locator('.hit').dispatchEvent('click');
  await expect(page.getByTestId('packet-details')).toHaveAttribute('open', '');
}

test('dropping the request makes TCP resend it; undo gives the lesson back', async ({ page }) => {
  test.slow(); // three simulations and a reload, on a machine shared with other runs
  await page.setViewportSize({ width: 1280, height: 720 });
  await openScenario(page, { scenario: 'tcp-echo' });
  await toEnd(page);
  const request = '[data-testid="segment"][data-flags="PSH,ACK"]';
  await expect(page.locator(`${request}[data-fate="dropped"]`)).toHaveCount(0);
  const total = await page.getByTestId('step-counter').textContent();

  await openDetailsOf(page, request);
  await page.getByTestId('packet-drop').click();
  // The same step of a new run: the request is now lost, and sent again.
  await expect(page.getByTestId('fault')).toHaveText(['packet no. 3 from client to server dropped✕']);
  await toEnd(page);
  await expect(page.locator(`${request}[data-fate="dropped"]`)).toHaveCount(1);
  await expect(page.locator(request)).toHaveCount(3); // the request, its retransmission, the echo
  await openDetailsOf(page, `${request}[data-fate="delivered"]`);
  await expect(page.getByTestId('packet-details')).toContainText('Retransmissionyes');
  await expect.poll(() => new URL(page.url()).searchParams.get('faults')).toBe('drop.client.server.3');
  await page.screenshot({ path: 'test-results/screens/break-it-drop.png' });

  // The link restores the broken run.
  await page.reload();
  await expect(page.getByTestId('fault')).toHaveCount(1);
  await toEnd(page);
  await expect(page.locator(`${request}[data-fate="dropped"]`)).toHaveCount(1);

  await page.getByTestId('fault-undo').click();
  await expect(page.getByTestId('fault-list')).toHaveCount(0);
  await toEnd(page);
  await expect(page.getByTestId('step-counter')).toHaveText(total ?? '');
  await expect.poll(() => new URL(page.url()).searchParams.has('faults')).toBe(false);
});

test('crashing the server as the request arrives: the client is left resending, in French too', async ({ page }) => {
  await openScenario(page, { scenario: 'tcp-echo', lang: 'fr' });
  await toEnd(page);
  await openDetailsOf(page, '[data-testid="segment"][data-flags="PSH,ACK"]');
  await page.getByTestId('fault-crash-server').click();
  await expect(page.getByTestId('fault')).toContainText('server plante à');
  await toEnd(page);
  // Nothing comes back from the server after the crash: the client retransmits its request.
  const resent = page.locator('[data-testid="segment"][data-flags="PSH,ACK"]');
  expect(await resent.count()).toBeGreaterThan(2);
  await expect.poll(() => new URL(page.url()).searchParams.get('faults')).toMatch(/^crash\.server\.\d+(\.\d+)?$/);
});

test('a capture cannot be broken, and a link with a host the lesson lacks is named', async ({ page }) => {
  await openScenario(page, { scenario: 'tcp-echo', faults: 'drop.client.router.1' });
  await expect(page.getByTestId('url-problems')).toContainText('faults');
  await expect(page.getByTestId('fault-list')).toHaveCount(0);
});
