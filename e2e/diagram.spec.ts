import { expect, test, type Page } from '@playwright/test';
import { openScenario } from './helpers';

const counter = (page: Page) => page.getByTestId('step-counter');

test.describe('the diagram', () => {
  test('clicking an arrow moves the cursor to it and shows its packet details', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await openScenario(page, { scenario: 'tcp-retransmission', step: 30 });
    const before = await counter(page).textContent();
    const synAck = page.locator('[data-testid="segment"][data-flags="SYN,ACK"]').first();
    const index = await synAck.getAttribute('data-event-index');
    await synAck.locator('.hit').dispatchEvent('click');
    await expect(counter(page)).not.toHaveText(before ?? '');
    const details = page.getByTestId('packet-details');
    await expect(details).toHaveAttribute('open', '');
    await expect(details).toHaveAttribute('data-event-index', index ?? '');
    await expect(details).toContainText('Flags');
    await expect(details).toContainText('SYN, ACK');
    await expect(details).toContainText('0 (relative)');
    await expect(details).toContainText('server fd 4');
    await expect(details).toContainText('client fd 3');
    await page.screenshot({ path: 'test-results/screens/diagram-packet-details.png' });

    // A lost data segment: the cursor moves to its sending, and its receiver is the accepted connection.
    await page.getByTestId('step-last').click();
    const lost = page.locator('[data-testid="segment"][data-fate="dropped"][data-flags="PSH,ACK"]').last();
    await lost.locator('.hit').dispatchEvent('click');
    await expect(details).toContainText('in flight');
    await expect(details).toContainText('Receiverserver fd 4');
    await expect(details).toContainText('Retransmissionyes');
    // A few steps on, it is lost.
    for (let step = 0; step < 6 && !((await details.textContent()) ?? '').includes('lost at'); step++)
      await page.keyboard.press('PageDown');
    await expect(details).toContainText('lost at');
  });

  test('the packet details are reachable from the keyboard, in French too', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await openScenario(page, { scenario: 'tcp-echo', step: 20, lang: 'fr' });
    const summary = page.getByTestId('packet-details-summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    const details = page.getByTestId('packet-details');
    await expect(details).toHaveAttribute('open', '');
    await expect(details).toContainText('Drapeaux');
    await expect(details).toContainText('Émetteur');
    // Stepping on shows the next step's packet.
    await page.keyboard.press('PageDown');
    await expect(details).toContainText('Détails du paquet');
    await page.screenshot({ path: 'test-results/screens/diagram-packet-details-fr.png' });
  });

  test('the scrubber focused, a clicker still steps one at a time (39 → 40, not 31)', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await openScenario(page, { scenario: 'tcp-echo', step: 39 });
    const scrubber = page.getByTestId('scrubber');
    await scrubber.focus();
    await expect(counter(page)).toHaveText(/^39 \//);
    await page.keyboard.press('PageDown');
    await expect(counter(page)).toHaveText(/^40 \//);
    await page.keyboard.press('PageUp');
    await page.keyboard.press('PageUp');
    await expect(counter(page)).toHaveText(/^38 \//);
    await page.keyboard.press('ArrowRight');
    await expect(counter(page)).toHaveText(/^39 \//);
    await page.keyboard.press('ArrowLeft');
    await expect(counter(page)).toHaveText(/^38 \//);
    await expect(scrubber).toHaveValue('38');
    // Whatever has focus: a button, the speed menu.
    await page.getByTestId('step-forward').focus();
    await page.keyboard.press('PageDown');
    await expect(counter(page)).toHaveText(/^39 \//);
    const speed = page.getByTestId('speed');
    if ((await speed.count()) > 0) {
      await speed.focus();
      await page.keyboard.press('PageUp');
      await expect(counter(page)).toHaveText(/^38 \//);
    }
  });

  test('presentation mode: a clicker steps with the scrubber focused', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await openScenario(page, { scenario: 'tcp-echo', step: 39, present: 1 });
    await page.getByTestId('scrubber').focus();
    await page.keyboard.press('PageDown');
    await expect(counter(page)).toHaveText(/^40 \//);
    await page.keyboard.press('PageUp');
    await expect(counter(page)).toHaveText(/^39 \//);
    await page.screenshot({ path: 'test-results/screens/diagram-presentation-scrubber.png' });
  });

  test('tcp-timeout draws its last RST onto the server with no socket, not the closed listener', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await openScenario(page, { scenario: 'tcp-timeout', step: 9999 });
    await expect(page.getByTestId('lifeline-server-no-socket')).toHaveCount(1);
    const lastRst = page.locator('[data-testid="segment"][data-flags="RST"]').last();
    await lastRst.locator('.hit').dispatchEvent('click');
    await expect(page.getByTestId('packet-details')).toContainText('server (no socket)');
    await page.screenshot({ path: 'test-results/screens/diagram-tcp-timeout.png', fullPage: true });
  });

  test('each segment label sits on its own arrow (tcp-echo, last step, and nagle in presentation)', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const lessons: Record<string, string | number>[] = [
      { scenario: 'tcp-echo', step: 9999 },
      { scenario: 'nagle', step: 40, present: 1 },
    ];
    for (const params of lessons) {
      await openScenario(page, params);
      const labels = page.getByTestId('segment-label');
      expect(await labels.count()).toBeGreaterThan(0);
      const distances = await page.evaluate(() =>
        [...document.querySelectorAll<SVGGElement>('[data-testid="segment-label"]')].map((label) => {
          const index = label.dataset.eventIndex;
          const line = document.querySelector<SVGPathElement>(
            `[data-testid="segment"][data-event-index="${index}"] .line`,
          );
          if (line === null) return -1;
          const box = label.querySelector('rect')!.getBBox();
          const length = line.getTotalLength();
          let best = Infinity;
          for (let i = 0; i <= 100; i++) {
            const p = line.getPointAtLength((length * i) / 100);
            const dx = Math.max(box.x - p.x, 0, p.x - box.x - box.width);
            const dy = Math.max(box.y - p.y, 0, p.y - box.y - box.height);
            best = Math.min(best, Math.hypot(dx, dy));
          }
          return best;
        }),
      );
      for (const distance of distances) {
        expect(distance).toBeGreaterThanOrEqual(0);
        expect(distance).toBeLessThanOrEqual(12);
      }
      await page.screenshot({ path: `test-results/screens/diagram-labels-${String(params.scenario)}.png` });
    }
  });
});
