// Capture import in the browser: a real tcpdump capture through the file picker, a hostile
// (truncated) copy of it, a capture with two connections and its picker, endpoint names, a Trace
// JSON dropped on the window, an invalid one, and the way back to the simulations.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { twoConnectionCapture } from '../src/ui/capture/test-captures';

const root = join(import.meta.dirname, '..');
const fixture = join(root, 'src/trace/import/fixtures/print-flags.pcap');
const screens = join(root, 'test-results/screens');

let echoTrace = '';

test.beforeAll(() => {
  // A Trace JSON as the CLI writes it.
  echoTrace = execFileSync('npm', ['run', '--silent', 'cli', '--', 'simulate', 'tcp-echo'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  mkdirSync(screens, { recursive: true });
});

test.use({ viewport: { width: 1280, height: 720 } });

/** Shows every step, so the whole trace is drawn. */
async function showAll(page: Page): Promise<void> {
  await page.getByTestId('step-last').click();
}

/** Drops a file on the window the way a browser does (dragenter, dragover, drop). */
async function dropFile(page: Page, name: string, text: string, mimeType: string): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ name, text, mimeType }) => {
      const data = new DataTransfer();
      data.items.add(new File([text], name, { type: mimeType }));
      return data;
    },
    { name, text, mimeType },
  );
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: transfer });
  await page.dispatchEvent('main', 'dragover', { dataTransfer: transfer });
  await expect(page.getByTestId('drop-zone')).toBeVisible();
  await page.screenshot({ path: join(screens, 'capture-drop-zone.png') });
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
  await expect(page.getByTestId('drop-zone')).toHaveCount(0);
}

/** The repository's capture fixtures, and the shared test captures when this checkout has them. */
function everyCapture(): string[] {
  const dirs = [join(root, 'src/trace/import/fixtures'), join(root, '../shared/captures/tcpdump-tests')];
  const files = new Map<string, string>();
  for (const dir of dirs.filter((d) => existsSync(d))) {
    for (const name of readdirSync(dir)) if (/\.(pcap|pcapng)$/.test(name)) files.set(name, join(dir, name));
  }
  return [...files.values()].sort();
}

test.describe('capture import', () => {
  test('opens every capture one after the other: each draws or names its problem, and the next opens cleanly', async ({
    page,
  }) => {
    const files = everyCapture();
    expect(files.length).toBeGreaterThanOrEqual(12);
    test.setTimeout(20_000 + files.length * 3_000);
    await page.goto('/?lang=en');
    for (const file of files) {
      const name = file.slice(file.lastIndexOf('/') + 1);
      await page.getByTestId('open-capture').setInputFiles(file);
      // Either it is drawn, or its problem is named while the previous work stays on screen.
      const opened = page.getByTestId('imported-file').filter({ hasText: name });
      await expect(opened.or(page.getByTestId('import-error')).first()).toBeVisible();
      if ((await opened.count()) === 0) {
        await expect(page.getByTestId('import-error')).toContainText(/\S/);
        await page.getByTestId('import-error-dismiss').click();
        await expect(page.getByTestId('app-error'), name).toHaveCount(0);
        continue;
      }
      await expect(page.getByTestId('app-error'), name).toHaveCount(0);
      await showAll(page);
      await expect(page.getByTestId('app-error'), name).toHaveCount(0);
      await expect(page.getByTestId('step-counter')).toBeVisible();
    }
  });

  test('opens a tcpdump capture with the file picker, names its endpoints, then goes back to a scenario', async ({
    page,
  }) => {
    await page.goto('/?lang=en');
    const input = page.getByTestId('open-capture');
    await expect(
      page.getByLabel('Open a capture (.pcap, .pcapng, .cap), a Wirestep trace or a lesson (.json)'),
    ).toHaveCount(1);
    await expect(page.getByText('Captures stay in your browser.')).toBeVisible();
    await input.setInputFiles(fixture);

    await expect(page.getByTestId('imported-file')).toHaveText('print-flags.pcap');
    await expect(page.getByTestId('inferred-badge')).toBeVisible();
    await expect(page.getByTestId('import-error')).toHaveCount(0);
    await showAll(page);
    const syn = page.locator('[data-testid="segment"][data-flags="SYN"]');
    await expect(syn).toHaveCount(1);
    await expect(page.locator('[data-testid="segment"][data-flags="SYN,ACK"]')).toHaveCount(1);
    await expect(page.getByTestId('segment')).toHaveCount(10);
    // The URL carries no file and no scenario.
    expect(page.url()).not.toContain('scenario=');
    expect(page.url()).not.toContain('print-flags');

    // One connection, both ends on 127.0.0.1: naming them splits the one host in two.
    await expect(page.getByTestId('connection-picker')).toHaveCount(0);
    await page.getByText('Name the endpoints').click();
    await page.getByTestId('endpoint-name-127.0.0.1:80').fill('server');
    await page.getByLabel('Name for 127.0.0.1:55920').fill('client');
    await page.getByTestId('endpoint-names-apply').click();
    await expect(page.locator('[data-host="server"]').first()).toBeVisible();
    await expect(page.locator('[data-host="client"]').first()).toBeVisible();
    await expect(page.getByTestId('segment')).toHaveCount(10);

    // In French too.
    await page.getByTestId('lang-fr').click();
    await expect(page.getByTestId('inferred-badge')).toContainText('états déduits');
    await page.getByTestId('lang-en').click();

    // Selecting a scenario returns to the simulations.
    await page.getByTestId('scenarios-open').click();
    await page.locator('dialog [data-testid="scenario-item"][data-scenario-id="tcp-echo"]').click();
    await expect(page.getByTestId('scenario-title')).toContainText('TCP echo');
    await expect(page.getByTestId('imported-title')).toHaveCount(0);
    await expect(page.getByTestId('capture-bar')).toHaveCount(0);
    await expect(page).toHaveURL(/scenario=tcp-echo/);
  });

  test('names capture lanes by address and port, UDP lanes as sockets, and shows a scaled window', async ({ page }) => {
    await page.goto('/?lang=en');
    const laneTexts = page.locator('[data-testid="diagram-svg"] .lanes text');
    const open = async (name: string) => {
      await page.getByTestId('open-capture').setInputFiles(join(root, 'src/trace/import/fixtures', name));
      await expect(page.getByTestId('imported-file')).toHaveText(name);
    };
    await open('print-flags.pcap');
    await expect(laneTexts).toHaveText(['127.0.0.1', '127.0.0.1:55920', '127.0.0.1:80']);
    await page.screenshot({ path: join(screens, 'capture-lanes-tcp.png') });

    await open('dns_udp.pcap');
    await expect(laneTexts).toHaveText(['209.87.249.18', '209.87.249.18:53', '192.168.1.11', '192.168.1.11:43966']);
    await showAll(page);
    await expect(page.getByTestId('datagram')).toHaveCount(2);
    await page.screenshot({ path: join(screens, 'capture-lanes-udp.png') });

    // Named endpoints: the host is named, its lane keeps its address and port.
    await open('print-flags.pcap');
    await page.getByText('Name the endpoints').click();
    await page.getByTestId('endpoint-name-127.0.0.1:80').fill('server');
    await page.getByTestId('endpoint-names-apply').click();
    await expect(laneTexts).toHaveText(['127.0.0.1', '127.0.0.1:55920', 'server', '127.0.0.1', '127.0.0.1:80']);
    await page.screenshot({ path: join(screens, 'capture-lanes-named.png') });
    // The TCB panel names a capture's sockets the same way, not by their made-up descriptors.
    await showAll(page);
    await expect(page.getByTestId('tcb-127.0.0.1-1000').locator('h3')).toContainText('127.0.0.1:55920');
    await expect(page.getByTestId('tcb-server-1001').locator('h3')).toContainText('server (127.0.0.1:80)');

    // Both SYNs carried window scale: the client's ACK offers 213 × 2^7 bytes (RFC 7323 2.3).
    await open('tcp-handshake-nano.pcap');
    await showAll(page);
    await page.locator('[data-testid="segment"][data-flags="ACK"]').first().click({ force: true });
    await expect(page.getByTestId('packet-details')).toContainText('27264 (213 × 2^7)');
  });

  test('End shows the last packets of a capture, with its lanes, not an empty corner', async ({ page }) => {
    await page.goto('/?lang=en');
    const captures: [string, Buffer][] = [
      ['print-flags.pcap', readFileSync(fixture)],
      ['dns_tcp.pcap', readFileSync(join(root, 'src/trace/import/fixtures/dns_tcp.pcap'))],
      ['two-echoes.pcap', Buffer.from(twoConnectionCapture())],
    ];
    for (const [name, buffer] of captures) {
      await page.getByTestId('open-capture').setInputFiles({ name, mimeType: 'application/vnd.tcpdump.pcap', buffer });
      await expect(page.getByTestId('imported-file')).toHaveText(name);
      if (name === 'two-echoes.pcap') await page.getByTestId('connection-picker').selectOption('all');
      await page.getByTestId('diagram').focus();
      await page.keyboard.press('End');
      await expect(page.getByTestId('step-last')).toBeDisabled();
      const diagram = page.getByTestId('diagram');
      const arrows = page.locator('[data-testid="segment"], [data-testid="datagram"]');
      // The last packet's arrow and a lifeline are inside the scrolled viewport once it settles.
      await expect
        .poll(async () => {
          const box = (await diagram.boundingBox())!;
          const last = (await arrows.last().boundingBox())!;
          const lines = await page
            .locator('[data-testid="diagram-svg"] .lifeline')
            .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().x));
          const inside = (x: number) => x >= box.x && x <= box.x + box.width;
          const arrowIn =
            last.x + last.width > box.x &&
            last.x < box.x + box.width &&
            last.y + last.height > box.y &&
            last.y < box.y + box.height;
          return arrowIn && lines.some(inside);
        }, name)
        .toBe(true);
      await page.screenshot({ path: join(screens, `capture-end-${name}.png`) });
    }
  });

  test('a truncated capture shows the packets before the cut and the byte offset of the problem', async ({ page }) => {
    await page.goto('/?lang=en');
    const bytes = readFileSync(fixture);
    await page.getByTestId('open-capture').setInputFiles({
      name: 'cut.pcap',
      mimeType: 'application/vnd.tcpdump.pcap',
      buffer: bytes.subarray(0, 3000),
    });
    const error = page.getByTestId('import-error');
    await expect(error).toContainText('Cut at byte 660: pcap record at offset 652: captured length 5625 runs past');
    await expect(error).toContainText('The 5 packets before it are shown.');
    await expect(page.getByTestId('imported-file')).toHaveText('cut.pcap');
    await showAll(page);
    await expect(page.getByTestId('segment')).toHaveCount(5);
    await expect(page.locator('[data-testid="segment"][data-flags="SYN"]')).toHaveCount(1);
    await page.getByTestId('step-first').click();
    for (let i = 0; i < 3; i++) await page.getByTestId('next-segment').click();
    await page.screenshot({ path: join(screens, 'capture-error.png') });

    await page.getByTestId('lang-fr').click();
    await expect(error).toContainText(
      'Coupée à l’octet 660 : enregistrement pcap à l’octet 652 : la longueur capturée 5625 dépasse la fin du fichier',
    );
    await expect(error).not.toContainText('runs past');
    await page.getByTestId('lang-en').click();

    // Garbage: nothing can be read, so the packets on screen stay.
    await page.getByTestId('open-capture').setInputFiles({
      name: 'garbage.pcap',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('this is not a capture at all'),
    });
    await expect(error).toContainText('Could not open garbage.pcap. At byte 0: not a pcap or pcapng file');
    await expect(page.getByTestId('imported-file')).toHaveText('cut.pcap');
    await showAll(page);
    await expect(page.getByTestId('segment')).toHaveCount(5);
    await page.getByTestId('import-error-dismiss').click();
    await expect(error).toHaveCount(0);
  });

  test('in French, the notes about packets decoded in part are French', async ({ page }) => {
    await page.goto('/?lang=fr');
    await page.getByTestId('open-capture').setInputFiles(join(root, 'src/trace/import/fixtures/loopback.pcap'));
    await expect(page.getByTestId('imported-file')).toHaveText('loopback.pcap');
    await showAll(page);
    const notes = page.locator('g.note text');
    await expect(notes.filter({ hasText: 'Paquet 6 :' })).toContainText('protocole autre qu’IP (EtherType 0x9000)');
    await expect(notes.filter({ hasText: 'not IP' })).toHaveCount(0);
  });

  test('a capture with two connections offers a connection picker', async ({ page }) => {
    await page.goto('/?lang=en');
    await page.getByTestId('open-capture').setInputFiles({
      name: 'two-echoes.pcap',
      mimeType: 'application/vnd.tcpdump.pcap',
      buffer: Buffer.from(twoConnectionCapture()),
    });
    const picker = page.getByTestId('connection-picker');
    await expect(picker).toBeVisible();
    await expect(picker.locator('option')).toHaveText([
      '10.0.0.2:41001 → 10.0.0.1:8080, 11 packets',
      '10.0.0.3:41002 → 10.0.0.1:8080, 11 packets',
      'All 2 connections',
    ]);
    await expect(page.getByTestId('capture-bar')).toContainText('23 packets');
    await showAll(page);
    await expect(page.getByTestId('segment')).toHaveCount(11);
    await expect(page.locator('[data-host="10.0.0.3"]')).toHaveCount(0);

    await picker.selectOption({ label: '10.0.0.3:41002 → 10.0.0.1:8080, 11 packets' });
    await showAll(page);
    await expect(page.locator('[data-host="10.0.0.3"]').first()).toBeVisible();
    await expect(page.locator('[data-host="10.0.0.2"]')).toHaveCount(0);
    await expect(page.getByTestId('segment')).toHaveCount(11);

    await page.getByText('Name the endpoints').click();
    await page.getByTestId('endpoint-name-10.0.0.1:8080').fill('server');
    await page.screenshot({ path: join(screens, 'capture-picker-names.png') });
    await page.getByTestId('endpoint-names-apply').click();
    await expect(picker.locator('option').nth(1)).toHaveText('10.0.0.3:41002 → server (10.0.0.1:8080), 11 packets');
    await expect(page.locator('[data-host="server"]').first()).toBeVisible();

    await picker.selectOption('all');
    await showAll(page);
    // Every packet's events (the diagram draws only the rows in sight, so count steps).
    await expect(page.getByTestId('step-counter')).toContainText('/ 68');
    // Picking a connection starts it from its first step.
    await picker.selectOption({ index: 0 });
    await expect(page.getByTestId('step-first')).toBeDisabled();
    await page.getByTestId('next-segment').click();
    await page.getByTestId('next-segment').click();
    await page.getByTestId('next-segment').click();
    await page.screenshot({ path: join(screens, 'capture-picker.png') });
  });

  test('opens a Trace JSON dropped on the window, and lists the JSON paths of an invalid one', async ({ page }) => {
    await page.goto('/?lang=en');
    await dropFile(page, 'tcp-echo.json', echoTrace, 'application/json');
    await expect(page.getByTestId('imported-title')).toContainText('Trace file');
    await expect(page.getByTestId('imported-file')).toHaveText('tcp-echo.json');
    await expect(page.getByTestId('inferred-badge')).toHaveCount(0);
    await showAll(page);
    await expect(page.locator('[data-testid="segment"][data-flags="SYN"]')).toHaveCount(1);
    const segments = await page.getByTestId('segment').count();

    const broken = JSON.parse(echoTrace) as { events: { t: number }[]; hosts: { name?: string }[] };
    (broken.events[3] as { t: number }).t = -5;
    delete broken.hosts[0]?.name;
    await page.getByTestId('open-capture').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(broken)),
    });
    const error = page.getByTestId('import-error');
    await expect(error).toContainText('broken.json is not a valid Wirestep trace');
    await expect(error).toContainText('$.hosts[0].name');
    // The trace on screen is unchanged.
    await expect(page.getByTestId('imported-file')).toHaveText('tcp-echo.json');
    await expect(page.getByTestId('segment')).toHaveCount(segments);
  });

  test('shows the progress of a larger capture, and keeps the first page light', async ({ page }) => {
    await page.goto('/?lang=en');
    // The importer is not loaded before it is needed.
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
    expect(scripts.some((name) => /import\.worker|importer/.test(name))).toBe(false);
    test.setTimeout(90_000);
    // Some 13 MB of one capture repeated (the repeats go back in time: reported, not fatal).
    const bytes = readFileSync(fixture);
    const records = bytes.subarray(24);
    const big = Buffer.concat([bytes.subarray(0, 24), ...Array.from({ length: 2000 }, () => records)]);
    await page
      .getByTestId('open-capture')
      .setInputFiles({ name: 'big.pcap', mimeType: 'application/vnd.tcpdump.pcap', buffer: big });
    const progress = page.getByTestId('import-progress');
    await expect(progress.or(page.getByTestId('imported-file'))).toBeVisible({ timeout: 30_000 });
    if ((await progress.count()) > 0) {
      await expect(progress).toHaveAttribute('role', 'progressbar');
      await expect(progress).toHaveAttribute('aria-valuenow', /^\d+$/);
    }
    await expect(page.getByTestId('imported-file')).toHaveText('big.pcap', { timeout: 30_000 });
    await expect(page.getByTestId('import-progress')).toHaveCount(0);
  });
});

test('a packetdrill script opens like a capture: its run against the simulator, each expectation marked', async ({
  page,
}) => {
  await page.goto('/?lang=en');
  const script = join(root, 'src/conformance/fixtures/passive-open-close.pkt');
  await page.getByTestId('open-capture').setInputFiles(script);
  await expect(page.getByTestId('imported-file')).toHaveText('passive-open-close.pkt');
  await page.getByTestId('view-events').click();
  const notes = page.locator('[data-testid="event-row"][data-kind="note"]');
  await expect(notes.filter({ hasText: 'line 16: F. 1:1(0) ack 11 met' })).toHaveCount(1);
  await expect(notes.filter({ hasText: 'failed' })).toHaveCount(0);
  await page.getByTestId('view-diagram').click();
  await page.keyboard.press('End');
  // Both ends drawn: the simulated socket and the scripted peer, with the script's segments.
  await expect(page.locator('[data-testid="diagram"] [data-testid="segment"]')).toHaveCount(8);
});
