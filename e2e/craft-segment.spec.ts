// Craft a segment (issue 13): from a packet's details, the learner forges a RST into tcp-echo's
// established connection as if from the server. One inside the window but not at RCV.NXT gets a
// challenge ACK (RFC 5961 3.2) and the echo goes on; one at exactly RCV.NXT resets the client.
// The fault is listed, undoable, and kept in the share link.
import { expect, test, type Page } from '@playwright/test';
import { openScenario } from './helpers';

async function toEnd(page: Page): Promise<void> {
  await page.getByTestId('scrubber').focus();
  await page.keyboard.press('End');
}

async function openDetailsAt(page: Page, eventIndex: number | string): Promise<void> {
  await page
    .locator(`[data-testid="segment"][data-event-index="${eventIndex}"]`)
    .locator('.hit')
    .dispatchEvent('click');
  await expect(page.getByTestId('packet-details')).toHaveAttribute('open', '');
}

/** The client's ACK that ends the handshake (11 ms): the client is ESTABLISHED from there on. */
async function openHandshakeAck(page: Page): Promise<void> {
  const ack = page.locator('[data-testid="segment"][data-flags="ACK"]').first();
  await openDetailsAt(page, (await ack.getAttribute('data-event-index')) ?? '');
}

/** Into the client, as if from the server, a RST at the chosen place. */
async function craftRst(page: Page, place: 'in-window' | 'exact', screenshot?: string): Promise<void> {
  await page.getByTestId('segment-craft-open').click();
  const form = page.getByTestId('segment-craft');
  await form.getByTestId('segment-craft-into').selectOption({ index: 1 });
  await form.getByTestId('segment-craft-kind').selectOption('rst');
  await form.getByTestId('segment-craft-place').selectOption(place);
  await expect(form.getByTestId('segment-craft-note')).toContainText('ESTABLISHED');
  if (screenshot !== undefined) await page.screenshot({ path: screenshot });
  await form.getByTestId('segment-craft-send').click();
}

/** Steps forward until `locator` is drawn (the diagram draws up to the cursor). */
async function stepUntilDrawn(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 12 && (await page.locator(selector).count()) === 0; i++)
    await page.getByTestId('step-forward').click();
  await expect(page.locator(selector).first()).toBeVisible();
}

/** The event index of the first segment drawn after `index`. */
async function nextSegmentAfter(page: Page, index: number): Promise<number> {
  const indices = await page
    .locator('[data-testid="segment"]')
    .evaluateAll((nodes) => nodes.map((node) => Number((node as SVGElement).dataset.eventIndex)));
  return Math.min(...indices.filter((i) => i > index));
}

test('a RST in the window but not at RCV.NXT gets a challenge ACK; the echo goes on', async ({ page }) => {
  test.slow(); // two simulations and a reload, on a machine shared with other runs
  await page.setViewportSize({ width: 1280, height: 720 });
  await openScenario(page, { scenario: 'tcp-echo' });
  await toEnd(page);
  await openHandshakeAck(page);
  await craftRst(page, 'in-window', 'test-results/screens/craft-segment-form.png');

  await expect(page.getByTestId('fault')).toHaveText([
    'RST crafted into client, as if from server, at 11.001 ms (seq RCV.NXT + 1)✕',
  ]);
  // The new run opens at the same step, the crafted RST a few steps on, then the client's answer.
  const rst = page.locator('[data-testid="segment"][data-flags="RST"]');
  await stepUntilDrawn(page, '[data-testid="segment"][data-flags="RST"]');
  await expect(rst).toHaveCount(1);
  const rstIndex = Number(await rst.getAttribute('data-event-index'));
  await openDetailsAt(page, rstIndex);
  await expect(page.getByTestId('packet-why')).toContainText('Crafted (fault rule 1)');

  // The client's answer, at the same instant: a challenge ACK, and the connection lives on.
  for (let i = 0; i < 4; i++) await page.getByTestId('step-forward').click();
  const answer = await nextSegmentAfter(page, rstIndex);
  await expect(page.locator(`[data-testid="segment"][data-event-index="${answer}"]`)).toHaveAttribute(
    'data-flags',
    'ACK',
  );
  await openDetailsAt(page, answer);
  await expect(page.getByTestId('packet-why')).toContainText('challenge ACK');
  await expect(page.getByTestId('packet-why')).toContainText('RFC 5961 3.2');
  await page.getByTestId('packet-why').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/craft-segment-answer.png' });
  await toEnd(page);
  await expect(page.locator('[data-testid="segment"][data-flags="FIN,ACK"]')).toHaveCount(2);
  await expect
    .poll(() => new URL(page.url()).searchParams.get('faults'))
    .toMatch(/^inject\.server\.client\.11\.001\.r\.n1\.p8080-\d+$/);

  // The link reopened in a new page shows the same run.
  const again = await page.context().newPage();
  await again.setViewportSize({ width: 1280, height: 720 });
  await again.goto(page.url());
  await expect(again.getByTestId('fault')).toHaveCount(1);
  await stepUntilDrawn(again, `[data-testid="segment"][data-event-index="${answer}"]`);
  await expect(again.locator('[data-testid="segment"][data-flags="RST"]')).toHaveAttribute(
    'data-event-index',
    String(rstIndex),
  );
  await expect(again.locator(`[data-testid="segment"][data-event-index="${answer}"]`)).toHaveAttribute(
    'data-flags',
    'ACK',
  );

  await page.getByTestId('fault-undo').click();
  await expect(page.getByTestId('fault-list')).toHaveCount(0);
  await toEnd(page);
  await expect(page.locator('[data-testid="segment"][data-flags="RST"]')).toHaveCount(0);
});

test('a RST at exactly RCV.NXT resets the connection, in French', async ({ page }) => {
  await openScenario(page, { scenario: 'tcp-echo', lang: 'fr' });
  await toEnd(page);
  await openHandshakeAck(page);
  await craftRst(page, 'exact');
  await expect(page.getByTestId('fault')).toContainText('RST forgé vers client, comme venant de server');
  await stepUntilDrawn(page, '[data-testid="segment"][data-flags="RST"]');
  const rst = page.locator('[data-testid="segment"][data-flags="RST"]').first();
  await openDetailsAt(page, (await rst.getAttribute('data-event-index')) ?? '');
  await expect(page.getByTestId('packet-why')).toContainText('Forgé (règle de panne 1)');
  // The client's connection is gone: every segment the server sends it later meets no socket
  // and is answered with a reset (RFC 9293 3.10.7.1), and only the server ever sends a FIN.
  await toEnd(page);
  await expect(page.locator('[data-testid="segment"][data-flags="FIN,ACK"]')).toHaveCount(1);
  expect(await page.locator('[data-testid="segment"][data-flags="RST"]').count()).toBeGreaterThan(1);
  await expect.poll(() => new URL(page.url()).searchParams.get('faults')).toMatch(/\.r\.n0\.p8080-\d+$/);
});
