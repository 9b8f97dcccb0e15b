// Profiles opening a generated capture in Chromium (not a test): the main-thread tasks over
// 50 ms (PerformanceObserver 'longtask') and, from a CDP CPU profile taken meanwhile, the
// functions with the most self and total time, so a long task can be told what it did.
//   node scripts/profile-open.mjs --dist DIR --packets 100000 [--top 30] [--out profile.cpuprofile]
// With --segments N it profiles stepping instead: 40 presses of → mid-way through `?bench=N`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { tsImport } from 'tsx/esm/api';
import { preview } from 'vite';
import { chromiumArgs, findChromium } from './chromium.mjs';

const { values } = parseArgs({
  options: {
    dist: { type: 'string', default: 'dist' },
    packets: { type: 'string', default: '100000' },
    top: { type: 'string', default: '30' },
    out: { type: 'string' },
    segments: { type: 'string' },
  },
});
const packets = Number(values.packets);
const { bulkCapture } = await tsImport('../src/ui/capture/test-captures.ts', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'wirestep-profile-'));
const file = join(dir, `bulk-${packets}.pcap`);
writeFileSync(file, bulkCapture(packets));

/**
 * @typedef {{ id: number, callFrame: { functionName: string, url: string, lineNumber: number }, children?: number[] }} ProfileNode
 * @typedef {{ nodes: ProfileNode[], samples?: number[], timeDeltas?: number[] }} Profile
 */

/**
 * Self and total time per function (name, file, line) of a CDP profile, in ms.
 * @param {Profile} profile
 * @param {number} top
 */
function summarize(profile, top) {
  /** @type {Map<number, ProfileNode>} */
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  /** @type {Map<number, number>} */
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  /** @type {Map<number, number>} */
  const hits = new Map();
  (profile.samples ?? []).forEach((id, i) => hits.set(id, (hits.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0)));
  const name = (/** @type {ProfileNode | undefined} */ node) =>
    node === undefined
      ? '?'
      : `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber + 1}`;
  /** @type {Map<string, number>} */
  const self = new Map();
  /** @type {Map<string, number>} */
  const total = new Map();
  for (const [id, us] of hits) {
    const key = name(byId.get(id));
    self.set(key, (self.get(key) ?? 0) + us);
    const seen = new Set();
    for (let at = /** @type {number | undefined} */ (id); at !== undefined; at = parent.get(at)) {
      const k = name(byId.get(at));
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + us);
    }
  }
  const list = (/** @type {Map<string, number>} */ map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`);
  return { self: list(self), total: list(total) };
}

const info = findChromium();
const server = await preview({
  root: resolve('.'),
  logLevel: 'silent',
  build: { outDir: resolve(values.dist) },
  preview: { host: '127.0.0.1', port: 0, open: false },
});
const address = server.httpServer.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 4173}`;
const browser = await chromium.launch({ executablePath: info?.executablePath, args: chromiumArgs });
const load = [loadavg()[0]];
/** Profiles 40 step presses mid-way through a generated trace of `segments` segments. */
/** @param {number} segments */
async function profileSteps(segments) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const cdp = await page.context().newCDPSession(page);
  await page.goto(`${base}/?bench=${segments}&step=${segments}&animate=0&lang=en`, { timeout: 600_000 });
  await page.locator('[data-testid="diagram-svg"] [data-testid="segment"]').first().waitFor({ timeout: 600_000 });
  await page.evaluate(() => /** @type {HTMLElement | null} */ (document.activeElement)?.blur());
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const times = await page.evaluate(async () => {
    const frame = () => new Promise((done) => requestAnimationFrame(() => done(undefined)));
    const out = [];
    for (let i = 0; i < 40; i++) {
      const started = performance.now();
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, cancelable: true }));
      await frame();
      out.push(performance.now() - started);
      await frame();
    }
    return out.sort((a, b) => a - b);
  });
  const { profile } = await cdp.send('Profiler.stop');
  const summary = summarize(profile, Number(values.top));
  console.log(JSON.stringify({ segments, stepMedianMs: times[20], loadAverage: loadavg()[0] }));
  console.log('self time\n' + summary.self.join('\n'));
  console.log('total time\n' + summary.total.join('\n'));
}

try {
  if (values.segments !== undefined) {
    await profileSteps(Number(values.segments));
  } else {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const cdp = await page.context().newCDPSession(page);
    await page.goto(`${base}/?animate=0&lang=en`);
    await page.getByTestId('open-capture').waitFor({ state: 'attached' });
    await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      w.__tasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__tasks.push([entry.startTime, entry.duration]);
      }).observe({ type: 'longtask' });
      w.__started = performance.now();
    });
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await cdp.send('Profiler.start');
    await page.getByTestId('open-capture').setInputFiles(file);
    await page.getByTestId('import-loading').waitFor({ state: 'detached', timeout: 900_000 });
    // A capture opens at step 0, where no segment is drawn yet: its name in the header says it is on screen.
    await page
      .getByTestId('imported-file')
      .filter({ hasText: `bulk-${packets}.pcap` })
      .waitFor({ timeout: 900_000 });
    await page.getByTestId('diagram-svg').first().waitFor({ timeout: 900_000 });
    await page.evaluate(() => new Promise((done) => setTimeout(done, 1000)));
    const { profile } = await cdp.send('Profiler.stop');
    if (values.out !== undefined) writeFileSync(values.out, JSON.stringify(profile));
    const tasks = await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      return w.__tasks.map((/** @type {[number, number]} */ [start, duration]) => [
        Math.round(start - w.__started),
        Math.round(duration),
      ]);
    });
    load.push(loadavg()[0]);
    const summary = summarize(profile, Number(values.top));
    console.log(
      JSON.stringify(
        { packets, loadAverage: load, longTasks: tasks.filter((/** @type {[number, number]} */ [, d]) => d >= 100) },
        null,
        1,
      ),
    );
    console.log('self time\n' + summary.self.join('\n'));
    console.log('total time\n' + summary.total.join('\n'));
  }
} finally {
  await browser.close();
  server.httpServer.close();
  rmSync(dir, { recursive: true, force: true });
}
