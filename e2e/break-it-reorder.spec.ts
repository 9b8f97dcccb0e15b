// Break it yourself (issue 13), delay and duplicate: a packet held back on the link is overtaken
// by a later one (the arrows cross) and the receiver answers the out-of-order arrival with a
// duplicate ACK carrying a SACK block (RFC 9293 3.10.7.4, RFC 2018); a duplicated one arrives
// twice and the receiver acknowledges the copy again. Both are kept in the share link.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openScenario } from './helpers';

/** To the last step (End), also when already there: the button would then be disabled. */
async function toEnd(page: Page): Promise<void> {
  await page.getByTestId('scrubber').focus();
  await page.keyboard.press('End');
}

/**
 * From the first step, one segment at a time until `ok` holds: the diagram draws only the rows
 * near the cursor, so an arrow is looked for where the learner would see it.
 */
async function stepUntil(page: Page, ok: () => Promise<boolean>, what: string): Promise<void> {
  await page.getByTestId('scrubber').focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 80; i++) {
    if (await ok()) return;
    await page.getByTestId('next-segment').click();
  }
  throw new Error(`never shown: ${what}`);
}

/** The arrow of a TCP segment whose tooltip starts with `label` and names its direction. */
const arrow = (page: Page, label: string, from: string, to: string, testId = 'segment'): Locator =>
  page
    .locator(`g[data-testid="${testId}"]`)
    .filter({ has: page.locator('title', { hasText: `${label}, from ${from} to ${to},` }) });

async function openDetailsOf(target: Locator, page: Page): Promise<void> {
  await target.first().locator('.hit').dispatchEvent('click');
  await expect(page.getByTestId('packet-details')).toHaveAttribute('open', '');
}

/** Folds the packet pane, so a screenshot shows the diagram at its height. */
async function foldDetails(page: Page): Promise<void> {
  const details = page.getByTestId('packet-details');
  if ((await details.getAttribute('open')) !== null) await details.locator('summary').click();
  await expect(details).not.toHaveAttribute('open', '');
}

/** Where an arrow starts and ends (its drawn line "Mx1,y1 Lx2,y2"). */
async function ends(target: Locator): Promise<{ y1: number; y2: number }> {
  const d = (await target.first().locator('path.line').getAttribute('d')) ?? '';
  const [, y1, y2] = /^M[\d.]+,([\d.]+) L[\d.]+,([\d.]+)$/.exec(d) ?? [];
  return { y1: Number(y1), y2: Number(y2) };
}

test('delaying the echo 50 ms: the FIN overtakes it, the client sends a duplicate ACK with SACK, and the link keeps it', async ({
  page,
  context,
}) => {
  test.slow(); // several simulations and a second page, on a machine shared with other runs
  await page.setViewportSize({ width: 1280, height: 720 });
  await openScenario(page, { scenario: 'tcp-echo' });
  await toEnd(page);
  const echo = arrow(page, 'PSH, ACK seq=1 ack=15 len=14', 'server', 'client');
  await openDetailsOf(echo, page);
  await page.getByTestId('packet-delay-ms').selectOption('50');
  await page.getByTestId('packet-delay').click();
  await expect(page.getByTestId('fault')).toHaveText(['packet no. 3 from server to client delayed 50 ms✕']);
  await expect.poll(() => new URL(page.url()).searchParams.get('faults')).toBe('delay.server.client.3.50');

  const checkReordered = async (on: Page): Promise<void> => {
    const late = arrow(on, 'PSH, ACK seq=1 ack=15 len=14', 'server', 'client').filter({
      has: on.locator('title', { hasText: 'sent at 16 ms, delivered at 71 ms' }),
    });
    const fin = arrow(on, 'FIN, ACK seq=15 ack=15', 'server', 'client');
    await stepUntil(on, async () => (await late.count()) > 0 && (await fin.count()) > 0, 'the late echo');
    // Sent before the FIN, arrived after it: the two arrows cross.
    const [a, b] = [await ends(late), await ends(fin)];
    expect(a.y1).toBeLessThan(b.y1);
    expect(a.y2).toBeGreaterThan(b.y2);
    if (on === page) {
      await foldDetails(on);
      await on.screenshot({ path: 'test-results/screens/break-it-delay.png' });
    }
    // The FIN is held out of order: the client still acknowledges byte 1 only, and SACKs the FIN.
    const dup = arrow(on, 'ACK ack=1', 'client', 'server').filter({
      has: on.locator('title', { hasText: 'sent at 21 ms' }),
    });
    await expect(dup).toHaveCount(1);
    await openDetailsOf(dup, on);
    await expect(on.getByTestId('packet-details')).toContainText('sack=');
  };
  await checkReordered(page);

  await openDetailsOf(arrow(page, 'PSH, ACK seq=1 ack=15 len=14', 'server', 'client'), page);
  await expect(page.getByTestId('fault-note')).toHaveText(
    'Fault rule 1 holds this packet back 50 ms: it arrives at 71 ms.',
  );
  await page.getByTestId('fault-actions').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('packet-delay')).toBeInViewport();
  await page.screenshot({ path: 'test-results/screens/break-it-delay-pane.png' });

  // The share link, opened in a new page, shows the same broken run.
  const again = await context.newPage();
  await again.setViewportSize({ width: 1280, height: 720 });
  await again.goto(page.url());
  await expect(again.getByTestId('fault')).toHaveText(['packet no. 3 from server to client delayed 50 ms✕']);
  await checkReordered(again);
});

test('duplicating a data segment: it arrives twice, the server acknowledges the copy again, and the link keeps it', async ({
  page,
  context,
}) => {
  test.slow();
  await page.setViewportSize({ width: 1280, height: 720 });
  await openScenario(page, { scenario: 'tcp-stream-framing' });
  const data = arrow(page, 'PSH, ACK seq=16 ack=1 len=7', 'client', 'server');
  const ackOfIt = arrow(page, 'ACK ack=23', 'server', 'client');
  await stepUntil(page, async () => (await ackOfIt.count()) > 0, 'the ACK of the 7 bytes');
  await expect(ackOfIt).toHaveCount(1);
  await openDetailsOf(data, page);
  await page.getByTestId('packet-duplicate').click();
  await expect(page.getByTestId('fault')).toHaveText(['packet no. 5 from client to server duplicated✕']);
  await expect.poll(() => new URL(page.url()).searchParams.get('faults')).toBe('duplicate.client.server.5');

  const checkTwice = async (on: Page): Promise<void> => {
    const copy = arrow(on, 'PSH, ACK seq=16 ack=1 len=7', 'client', 'server', 'segment-duplicate');
    const acks = arrow(on, 'ACK ack=23', 'server', 'client');
    await stepUntil(on, async () => (await acks.count()) > 1, 'the ACK of the copy');
    await expect(copy).toHaveCount(1);
    await expect(copy.locator('title')).toContainText('duplicate copy');
    // The copy is below RCV.NXT: the server answers it at once with the same ACK again.
    await expect(arrow(on, 'ACK ack=23', 'server', 'client')).toHaveCount(2);
    const [original, second] = [
      await ends(arrow(on, 'PSH, ACK seq=16 ack=1 len=7', 'client', 'server')),
      await ends(copy),
    ];
    expect(second.y1).toBe(original.y1); // one packet sent once
    expect(second.y2).toBeGreaterThan(original.y2); // arriving twice, the copy later
    if (on === page) {
      await foldDetails(on);
      await on.screenshot({ path: 'test-results/screens/break-it-duplicate.png' });
    }
    // Why the second ACK left: the copy carried only bytes the server had.
    await openDetailsOf(acks.nth(1), on);
    await expect(on.getByTestId('packet-details')).toContainText('carried only bytes server already had');
  };
  await checkTwice(page);
  await openDetailsOf(data, page);
  await expect(page.getByTestId('fault-note')).toHaveText(
    /^Fault rule 1 delivers a second copy of this packet at 321 ms\.$/,
  );

  const again = await context.newPage();
  await again.goto(page.url());
  await expect(again.getByTestId('fault')).toHaveText(['packet no. 5 from client to server duplicated✕']);
  await checkTwice(again);
  // Undone: the lesson as written, and the link without faults.
  await again.getByTestId('fault-undo').click();
  await expect(again.getByTestId('fault-list')).toHaveCount(0);
  const once = arrow(again, 'ACK ack=23', 'server', 'client');
  await stepUntil(again, async () => (await once.count()) > 0, 'the ACK of the 7 bytes');
  await again.getByTestId('next-segment').click();
  await expect(once).toHaveCount(1);
  await expect(arrow(again, 'PSH, ACK seq=16 ack=1 len=7', 'client', 'server', 'segment-duplicate')).toHaveCount(0);
  await expect.poll(() => new URL(again.url()).searchParams.has('faults')).toBe(false);
});

test('in French: the last message delayed 200 ms arrives after the FIN', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openScenario(page, { scenario: 'tcp-stream-framing', lang: 'fr' });
  await toEnd(page);
  const last = page
    .locator('g[data-testid="segment"][data-flags="PSH,ACK"]')
    .filter({ has: page.locator('title', { hasText: 'len=13' }) });
  await last.first().locator('.hit').dispatchEvent('click');
  await expect(page.getByTestId('packet-delay')).toHaveText('Retarder ce paquet');
  await expect(page.getByTestId('packet-duplicate')).toHaveText('Dupliquer ce paquet');
  await page.getByTestId('packet-delay').click(); // 200 ms, the choice offered first
  await expect(page.getByTestId('fault')).toHaveText(['paquet n° 7 de client vers server retardé de 200 ms✕']);
  await toEnd(page);
  const fin = page.locator('g[data-testid="segment"][data-flags="FIN,ACK"]').first();
  const [a, b] = [await ends(last), await ends(fin)];
  expect(a.y1).toBeLessThan(b.y1);
  expect(a.y2).toBeGreaterThan(b.y2);
  await last.first().locator('.hit').dispatchEvent('click');
  await expect(page.getByTestId('fault-note')).toContainText('La règle de panne 1 retient ce paquet 200 ms');
  await page.getByTestId('fault-actions').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/break-it-delay-pane-fr.png' });
});
