// UI benchmark in a real browser (not a test): `node scripts/bench-ui.mjs [segments]`.
// Builds the app if dist/ is missing, serves it with `vite preview`, opens `?bench=N` (a generated
// bulk transfer of N segments, 10,000 by default) and prints JSON:
//   firstRenderMs   navigation start → the diagram's <svg> is in the page
//   stepMedianMs    median of 50 steps: a step-forward key press → the next animation frame
//   stepWorkMedianMs  the same, without waiting for the frame (the synchronous work only)
//   initialJsGzipKb gzip size of the JavaScript index.html loads: the entry chunk and the chunks it
//                   preloads (entryChunkGzipKb: the entry chunk alone)
// Targets: first render < 1000 ms, step < 16 ms, initial JS < 200 kB.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { chromiumArgs, chromiumHelp, findChromium } from './chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const segments = Number(process.argv[2] ?? 10_000) || 10_000;
const steps = 50;

if (!existsSync(join(root, 'dist', 'index.html'))) {
  const built = spawnSync(join(root, 'node_modules', '.bin', 'vite'), ['build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
}

/**
 * Gzip size of the JavaScript loaded at start: the entry chunk and the chunks index.html preloads
 * with it (its static imports), plus the entry alone.
 * @returns {{ initial: number, entry: number }}
 */
function initialJsGzipKb() {
  const html = readFileSync(join(root, 'dist', 'index.html'), 'utf8');
  const entry = /<script[^>]*type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
  if (entry === undefined) throw new Error('no entry script in dist/index.html');
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map(
    (match) => match[1] ?? '',
  );
  /** @param {string} src */
  const size = (src) => gzipSync(readFileSync(join(root, 'dist', src.replace(/^\//, ''))), { level: 9 }).length / 1024;
  const kb = (/** @type {number} */ value) => Number(value.toFixed(1));
  return { initial: kb([entry, ...preloads].reduce((sum, src) => sum + size(src), 0)), entry: kb(size(entry)) };
}

/** @param {number[]} values */
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

const browserInfo = findChromium();
if (browserInfo === undefined) {
  console.error(chromiumHelp);
  process.exit(1);
}

const server = await preview({ root, logLevel: 'silent', preview: { host: '127.0.0.1', port: 0, open: false } });
const address = server.httpServer.address();
const port = typeof address === 'object' && address !== null ? address.port : 4173;
const browser = await chromium.launch({ executablePath: browserInfo.executablePath, args: chromiumArgs });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  // Start in the middle of the trace: the diagram is long above and below the cursor.
  await page.goto(`http://127.0.0.1:${port}/?bench=${segments}&step=${segments}&animate=0&lang=en`);
  const firstRenderMs = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const check = () => {
          if (document.querySelector('[data-testid="diagram-svg"] [data-testid="segment"]') !== null) {
            resolve(performance.now());
          } else requestAnimationFrame(check);
        };
        check();
      }),
  );
  const counter = await page.getByTestId('step-counter').textContent();
  await page.evaluate(() => /** @type {HTMLElement | null} */ (document.activeElement)?.blur());
  const timings = await page.evaluate(async (count) => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
    const press = () =>
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, cancelable: true }));
    /** @type {number[]} */
    const toFrame = [];
    /** @type {number[]} */
    const work = [];
    await frame();
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      press();
      // React commits a discrete event's update in a microtask; then force style and layout.
      await Promise.resolve();
      void document.body.offsetHeight;
      work.push(performance.now() - started);
      await frame();
      toFrame.push(performance.now() - started);
      await frame();
    }
    return { toFrame, work };
  }, steps);
  const after = await page.getByTestId('step-counter').textContent();
  const js = initialJsGzipKb();
  const result = {
    benchmark: 'ui',
    segments,
    steps: `${counter} → ${after}`,
    firstRenderMs: Number(Number(firstRenderMs).toFixed(1)),
    stepMedianMs: Number(median(timings.toFrame).toFixed(2)),
    stepWorkMedianMs: Number(median(timings.work).toFixed(2)),
    initialJsGzipKb: js.initial,
    entryChunkGzipKb: js.entry,
  };
  console.log(
    JSON.stringify(
      {
        ...result,
        ok: result.firstRenderMs < 1000 && result.stepMedianMs < 16 && result.initialJsGzipKb < 200,
      },
      null,
      2,
    ),
  );
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(() => resolve(undefined)));
}
