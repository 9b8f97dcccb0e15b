// The packet pane says who sent a packet and why (issue 8): a click on an arrow moves the cursor
// there and opens its details, whose "why" is the cause the Trace shows (src/ui/explain/causes.ts).
import { expect, test, type Page } from '@playwright/test';
import { openScenario } from './helpers';

test.use({ viewport: { width: 1280, height: 720 } });

const counter = (page: Page) => page.getByTestId('step-counter');
const currentEvent = (page: Page) => page.evaluate(() => window.wirestep?.stepEvents[0]);

test('a retransmitted segment: the cursor moves to it and the pane says the RTO expired', async ({ page }) => {
  await openScenario(page, { scenario: 'tcp-retransmission', testing: 1 });
  await page.getByTestId('step-last').click();
  const resent = page.locator('[data-testid="segment"].retransmission[data-flags="PSH,ACK"]').first();
  await expect(resent).toHaveCount(1);
  const index = Number(await resent.getAttribute('data-event-index'));
  await resent.locator('.hit').dispatchEvent('click');
  // The cursor is on the clicked segment.
  await expect.poll(() => currentEvent(page)).toMatchObject({ kind: 'segment', retransmission: true });
  const shown = await page.evaluate(() => window.wirestep!.trace!.events.indexOf(window.wirestep!.stepEvents[0]!));
  expect(shown).toBe(index);
  const details = page.getByTestId('packet-details');
  await expect(details).toHaveAttribute('open', '');
  await expect(details).toHaveAttribute('data-event-index', String(index));
  const why = details.getByTestId('packet-why');
  await expect(why).toHaveAttribute('data-explain', 'cause.rto');
  await expect(why).toContainText('Why it was sent');
  await expect(why).toContainText('The retransmission timer (RTO) of client expired');
  await expect(why).toContainText('RFC 6298 5.4');
  await expect(details.getByTestId('packet-meaning')).toContainText('What it says');
  await expect(details).toContainText('Senderclient fd 3');
  await expect(details).toContainText('Retransmissionyes');
});

test('nagle, packets only: stepping shows the why of each packet; Nagle held data, the delayed ACK fired (French too)', async ({
  page,
}) => {
  await openScenario(page, { scenario: 'nagle', show: 'packets', testing: 1 });
  const details = page.getByTestId('packet-details');
  await page.getByTestId('packet-details-summary').click();
  await expect(details).toHaveAttribute('open', '');
  const why = details.getByTestId('packet-why');
  const seen = new Map<string, string>();
  const total = Number((await counter(page).textContent())?.split('/')[1]);
  // The first round trips hold every cause the lesson is about (the first 40 ms stall at packet 11).
  for (let step = 1; step <= Math.min(total, 16); step++) {
    await page.keyboard.press('ArrowRight');
    await expect(counter(page)).toHaveText(`${step} / ${total}`);
    // The pane follows the step: its packet is the current event.
    const index = await page.evaluate(() => window.wirestep!.trace!.events.indexOf(window.wirestep!.stepEvents[0]!));
    await expect(details).toHaveAttribute('data-event-index', String(index));
    const id = (await why.getAttribute('data-explain')) ?? 'none';
    if (!seen.has(id)) seen.set(id, (await why.textContent()) ?? '');
  }
  expect([...seen.keys()]).toEqual(
    expect.arrayContaining(['cause.connect', 'cause.send', 'cause.nagle', 'cause.delayedAck']),
  );
  expect(seen.has('none')).toBe(false);
  expect(seen.get('cause.nagle')).toContain('Nagle’s rule had made client hold these bytes');
  expect(seen.get('cause.nagle')).toContain('RFC 896');
  expect(seen.get('cause.delayedAck')).toContain('The delayed ACK timer of server expired');
  await page.getByTestId('lang-fr').click();
  await expect(why).toContainText('Pourquoi il part');
});
