import { expect, test } from '@playwright/test';
import { inOrder, openScenario, stepThrough, transitions } from './helpers';

test.describe('lessons, step by step', () => {
  test('tcp-echo: states, segment flags and the explanation in English then French', async ({ page }) => {
    await openScenario(page, { scenario: 'tcp-echo' });
    const snapshots = await stepThrough(page, ['client', 'server']);
    const last = snapshots[snapshots.length - 1]!;
    expect(last.step).toMatch(/^(\d+) \/ \1$/);

    const client = transitions(snapshots.map((s) => s.states.client ?? ''));
    expect(inOrder(client, ['SYN-SENT', 'ESTABLISHED', 'CLOSE-WAIT', 'LAST-ACK', 'CLOSED']), client.join(' → ')).toBe(
      true,
    );
    const server = transitions(snapshots.map((s) => s.states.server ?? ''));
    expect(inOrder(server, ['ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT']), server.join(' → ')).toBe(true);

    // Every segment drawn along the way, in trace order.
    const packets = new Map<number, string>();
    for (const snapshot of snapshots) {
      for (const [index, flags] of Object.entries(snapshot.packets)) packets.set(Number(index), flags);
    }
    const flags = [...packets.entries()].sort(([a], [b]) => a - b).map(([, value]) => value);
    expect(inOrder(flags, ['SYN', 'SYN,ACK', 'ACK', 'PSH,ACK', 'FIN,ACK']), flags.join(' | ')).toBe(true);

    // The explanation of the first segment, then the same step in French.
    await page.getByTestId('step-first').click();
    await page.getByTestId('next-segment').click();
    const explanation = page.getByTestId('explanation');
    await expect(explanation).toContainText('client asks server to open a connection');
    await page.getByTestId('lang-fr').click();
    await expect(explanation).toContainText('client demande à server d’ouvrir une connexion');
    await expect(page.getByTestId('step-counter')).toHaveText(/^13 \//);
  });

  test('udp-echo: datagrams, a lost one crossed out, an ICMP error', async ({ page }) => {
    await openScenario(page, { scenario: 'udp-echo', step: 64 });
    const diagram = page.getByTestId('diagram');
    await expect(diagram.getByTestId('datagram').first()).toBeAttached();
    expect(await diagram.getByTestId('datagram').count()).toBeGreaterThanOrEqual(4);
    await expect(diagram.locator('[data-testid="datagram"][data-fate="dropped"] [data-testid="drop"]')).toHaveCount(1);
    await expect(diagram.getByTestId('icmp')).toContainText('ICMP port unreachable');
  });

  test('nagle: the 40 ms delayed-ACK stall shows in the explanation and the diagram', async ({ page }) => {
    // The 40 ms timer, armed at 1.35 ms, fires on the kernel's 4 ms tick (timer wheel): at 44 ms.
    await openScenario(page, { scenario: 'nagle', step: 70, time: 'compressed' });
    const explanation = page.getByTestId('explanation');
    await expect(explanation).toContainText('44.000 ms');
    await expect(explanation).toContainText('delayed ACK timer expired');
    // Compressed time marks the stall as a cut; nagle opens proportional, where it is drawn to scale.
    await expect(
      page
        .getByTestId('time-gap')
        .filter({ hasText: /Nothing happens for 4\d(\.\d)? ms/ })
        .first(),
    ).toBeAttached();
  });

  test('time-wait-reuseaddr: EADDRINUSE at bind, then success with SO_REUSEADDR', async ({ page }) => {
    await openScenario(page, { scenario: 'time-wait-reuseaddr' });
    await page.getByTestId('view-events').click();
    const bindReturns = page.locator('[data-testid="event-row"][data-kind="return"]', { hasText: 'bind()' });
    await bindReturns.filter({ hasText: 'EADDRINUSE' }).click();
    await page.getByTestId('view-diagram').click();
    await expect(page.getByTestId('explanation')).toContainText('EADDRINUSE');
    await expect(page.getByTestId('errno')).toContainText('EADDRINUSE');

    await page.getByTestId('view-events').click();
    await expect(
      page.locator('[data-testid="event-row"][data-kind="call"]', { hasText: 'SO_REUSEADDR' }).last(),
    ).toBeVisible();
    await bindReturns.last().click();
    await expect(bindReturns.last()).toContainText('bind() →0');
    await expect(page.getByTestId('explanation')).toContainText(/bind\(\) →\s*0/);
    await expect(page.getByTestId('explanation')).toContainText('bind(8080) succeeds');
    // The old connection is still in TIME-WAIT meanwhile.
    await expect(page.getByTestId('state-server')).toHaveText('TIME-WAIT');
    await expect(page.getByTestId('explanation')).not.toContainText('EADDRINUSE');
  });

  test('tcp-refused: the server holds no socket (its kernel sends the RSTs), in both languages', async ({ page }) => {
    await openScenario(page, { scenario: 'tcp-refused', step: 12 });
    await expect(page.getByTestId('state-server')).toHaveText('no socket');
    await expect(page.getByTestId('state-server')).toHaveAttribute('title', /No program on this host opened a socket/);
    await expect(page.getByTestId('state-client')).toHaveText(/^[A-Z-]+$/);
    await openScenario(page, { scenario: 'tcp-refused', step: 12, lang: 'fr' });
    await expect(page.getByTestId('state-server')).toHaveText('aucune socket');
  });

  test('tcp-retransmission: the retransmitted segment is marked, with its RTO', async ({ page }) => {
    await openScenario(page, { scenario: 'tcp-retransmission' });
    await page.getByTestId('view-events').click();
    await page.locator('[data-testid="event-row"][data-kind="segment"]', { hasText: 'retransmission' }).first().click();
    await page.getByTestId('view-diagram').click();
    await expect(page.getByTestId('explanation')).toContainText('retransmission');
    const diagram = page.getByTestId('diagram');
    await expect(diagram.locator('[data-testid="segment"].retransmission').first()).toBeAttached();
    await expect(diagram.locator('.arrow-label.retransmission').first()).toContainText('↻');
    await expect(diagram.locator('[data-testid="timer"][data-timer="retransmit"]').first()).toBeAttached();
    await expect(diagram.locator('.timer-label', { hasText: 'RTO' }).first()).toBeVisible();
  });
});
