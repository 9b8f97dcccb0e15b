// Real runs: starts the bridge (`cli serve --port 0`, against the built dist/), opens the URL it
// prints and runs tcp-echo on real sockets: under the lesson's own link in network namespaces
// where the bridge may (root, /dev/net/tun), else on loopback, the page saying which and why.
// Where packet capture is not permitted the page must say why, and the socket calls must still appear.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Resolves with the first line of `stream` matching `pattern`; rejects after `ms` or when the process ends. */
function waitForLine(child: ChildProcess, pattern: RegExp, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    let errors = '';
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} after ${ms} ms: ${errors}`)), ms);
    child.stderr?.on('data', (chunk: Buffer) => void (errors += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const line = seen.split('\n').find((candidate) => pattern.test(candidate));
      if (line !== undefined) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the bridge exited (${code}) before printing its URL: ${errors}`));
    });
  });
}

test.describe('real runs through the bridge', () => {
  let bridge: ChildProcess | undefined;
  let url = '';

  test.beforeAll(async () => {
    test.setTimeout(30_000);
    // Its own process group, so that afterAll stops npx, tsx and the server together.
    bridge = spawn('npx', ['tsx', 'bridge/cli.ts', 'serve', '--port', '0'], {
      cwd: root,
      // The build this suite runs against (playwright.config.ts's PW_OUT_DIR), else dist/.
      env: process.env.PW_OUT_DIR ? { ...process.env, WIRESTEP_DIST: process.env.PW_OUT_DIR } : process.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = await waitForLine(bridge, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+$/, 25_000);
  });

  test.afterAll(async () => {
    const child = bridge;
    bridge = undefined;
    if (child?.pid === undefined || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(-child.pid, 'SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 5000))]);
    if (!stopped && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  });

  test('runs tcp-echo on real sockets, then compares it with the simulation', async ({ page }) => {
    test.setTimeout(30_000);
    const target = new URL(url);
    target.searchParams.set('lang', 'en');
    target.searchParams.set('animate', '0');
    target.searchParams.set('scenario', 'tcp-echo');
    await page.goto(target.toString());

    const status = page.getByTestId('bridge-status');
    await expect(status).toHaveAttribute('data-status', 'ready');
    const capture = (await status.textContent())?.includes('capture available') === true;
    if (!capture) await expect(status).toContainText(/no packet capture: .+/);
    // It says where real runs take TCP states from (the kernel's tracepoints as root, else ss).
    await expect(status).toHaveAttribute('title', /TCP states come from (the kernel’s own tracepoints|ss polls)/);
    // And where the hosts will run: their own namespaces under the lesson's link, or loopback and why.
    const title = (await status.getAttribute('title')) ?? '';
    const namespaces = title.includes('own network namespace, under the lesson’s link');
    if (!namespaces)
      expect(title).toMatch(/Real runs use the loopback interface, without the lesson’s link and faults \(.+\)/);

    const run = page.getByTestId('run-real');
    await expect(run).toBeEnabled();
    await run.click();

    // The real trace replaces the simulation in the same viewer, and the run ends.
    await expect(page.getByTestId('source-real')).toHaveAttribute('aria-pressed', 'true', { timeout: 20_000 });
    await expect(page.getByTestId('real-note')).toContainText('Real run done', { timeout: 20_000 });
    await expect(page.getByTestId('real-note')).toContainText(
      namespaces ? /Under the lesson’s link \(10\.0\.\d+\.0\/24\)\./ : /On loopback, not under the lesson’s link: .+\./,
    );
    const diagram = page.getByTestId('diagram');
    // The diagram draws what is in view: back to the start, then the first packet.
    await page.getByTestId('step-first').click();
    await page.getByTestId('next-segment').click();
    if (capture) {
      await expect(diagram.locator('[data-testid="segment"][data-flags="SYN"]')).toHaveCount(1);
    } else {
      await expect(page.getByTestId('real-note')).toContainText('No packets were captured');
      await expect(diagram.locator('[data-testid="call-bar"]').first()).toBeVisible();
    }
    // Still the same scenario, and the token stays in the address bar.
    await expect(page).toHaveURL(/token=[0-9a-f]+/);
    await expect(page).toHaveURL(/scenario=tcp-echo/);

    await page.getByTestId('source-compare').click();
    const compare = page.getByTestId('compare-view');
    await expect(compare).toBeVisible();
    const verdict = page.getByTestId('compare-verdict');
    await expect(verdict).toHaveAttribute('data-match', /^(true|false)$/);
    await expect(compare.getByTestId('diagram')).toHaveCount(2);
    // "Same story" only when every segment, window, option, wait and state change agrees; else
    // the differences are listed by group, each naming its rule.
    const differences = compare.getByTestId('difference').and(compare.locator('[data-counts="true"]'));
    if ((await verdict.getAttribute('data-match')) === 'true') {
      await expect(verdict).toContainText('Same story');
      await expect(differences).toHaveCount(0);
    } else {
      await expect(verdict).toContainText('The stories differ');
      await expect(verdict).not.toContainText('Same story');
      expect(await differences.count()).toBeGreaterThan(0);
      await expect(compare.getByTestId('difference-group').first()).toBeVisible();
    }
    await expect(page.getByTestId('compare-tolerance')).toContainText('4 ms');
    if (capture) {
      // Picking a difference shows its packet in both diagrams (under the lesson's own link the
      // two stories of tcp-echo may well agree: then there is none to pick).
      if ((await verdict.getAttribute('data-match')) === 'false') {
        const first = differences.first();
        await first.click();
        await expect(first).toHaveAttribute('aria-current', 'true');
        await expect(page.getByTestId('compare-real-counter')).not.toHaveText(/^0\//);
        await page.getByTestId('step-first').click();
      }
      // Stepping the real diagram to its first segment moves the simulation to its SYN too.
      // The simulation's own cursor was at its start (the link's step), so the real one is too.
      await expect(page.getByTestId('compare-real-counter')).toHaveText(/^0\//);
      await page.getByTestId('compare-real-next-segment').click();
      await expect(page.getByTestId('compare-real').locator('[data-testid="segment"][data-flags="SYN"]')).toHaveCount(
        1,
      );
      await expect(page.getByTestId('compare-sim').locator('[data-testid="segment"][data-flags="SYN"]')).toHaveCount(1);
      await expect(
        page.getByTestId('compare-sim').locator('[data-testid="segment"][data-flags="SYN,ACK"]'),
      ).toHaveCount(0);
    }
  });

  test('a broadcast lesson runs under its link, or on loopback says why it cannot and keeps the simulation', async ({
    page,
  }) => {
    test.setTimeout(30_000);
    const target = new URL(url);
    target.searchParams.set('lang', 'fr');
    target.searchParams.set('animate', '0');
    target.searchParams.set('scenario', 'udp-discovery');
    await page.goto(target.toString());
    const status = page.getByTestId('bridge-status');
    await expect(status).toHaveAttribute('data-status', 'ready');
    const namespaces = ((await status.getAttribute('title')) ?? '').includes('propre espace de noms réseau');
    await expect(page.getByTestId('run-real')).toBeEnabled();
    await page.getByTestId('run-real').click();
    if (namespaces) {
      // The wire delivers the broadcast to the subnet: the lesson runs for real, and says where.
      await expect(page.getByTestId('real-note')).toContainText('Exécution réelle terminée', { timeout: 20_000 });
      await expect(page.getByTestId('real-note')).toContainText(/Sous le lien de la leçon \(10\.0\.\d+\.0\/24\)/);
    } else {
      await expect(page.getByTestId('real-note')).toContainText('L’exécution réelle a échoué');
      await expect(page.getByTestId('source-sim')).toHaveAttribute('aria-pressed', 'true');
      await expect(page.getByTestId('diagram')).toBeVisible();
    }
  });
});

test('without a token, real runs are unavailable and the page says how to get them', async ({ page }) => {
  await page.goto('/?lang=en&animate=0&scenario=tcp-echo');
  await expect(page.getByTestId('step-counter')).toBeVisible();
  await expect(page.getByTestId('run-real')).toBeDisabled();
  await expect(page.getByTestId('real-note')).toContainText('Start Wirestep with npm start');
  await expect(page.getByTestId('bridge-status')).toContainText('not connected');
  await expect(page.getByTestId('source-real')).toBeDisabled();
});

test('a token without a bridge behind it: unavailable, with the reason', async ({ page }) => {
  // vite preview serves the app but has no /bridge endpoint.
  await page.goto('/?lang=en&animate=0&scenario=tcp-echo&token=0123abcd');
  await expect(page.getByTestId('bridge-status')).toHaveAttribute('data-status', 'down');
  await expect(page.getByTestId('run-real')).toBeDisabled();
  await expect(page.getByTestId('real-note')).toContainText(/Could not reach the bridge|closed the connection/);
  await expect(page).toHaveURL(/token=0123abcd/);
});
