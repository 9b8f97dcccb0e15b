// UI benchmark in a real browser (not a test):
//   node scripts/bench-ui.mjs [--dist DIR] [--segments 10000,100000 (the default)] [--capture 1000000] [--no-events]
// Builds the app if DIR (default dist/) is missing, serves it with `vite preview` and prints JSON.
// For each segment count N it opens `?bench=N` (a generated bulk transfer of N segments) mid-trace:
//   firstRenderMs     navigation start → the diagram's <svg> is in the page
//   stepMedianMs      median of 50 steps: a step-forward key press → the next animation frame
//   stepWorkMedianMs  the same, without waiting for the frame (the synchronous work only)
//   stepMainCpuMs / stepRendererCpuMs  CPU time per step (two frames each) of the renderer's main
//                     thread / its whole process, raster workers included (CDP Performance metrics)
//   eventsOpenMs      a click on the Event list tab → its rows are drawn (the next frame)
//   eventsStepMedianMs  median of 30 steps with the Event list shown
//   diagramAgainMs    back to the Diagram tab → the diagram drawn again
//   frameIntervalMs   median time from a trivial change to the next frame on a blank page: the floor
//                     of stepMedianMs (a press lands at a frame's start, so a step that fits its
//                     frame still waits one interval, 16.7 ms at 60 Hz, for the next one)
// With --trace, 20 more steps under a Chrome trace (devtools.timeline, cc): stepBreakdownMs, the
// main thread's time per step by kind (script, style, layout, paint, gc, other) and the raster
// threads' (raster), each step counted from its press to its next frame.
// With --capture P it generates a P-packet pcap (src/ui/capture/test-captures.ts bulkCapture, two
// events per packet) and opens it through the file picker:
//   openTotalMs       the file chosen → the diagram drawn
//   longestTaskMs     the longest main-thread task meanwhile (PerformanceObserver 'longtask', ≥ 50 ms)
//   longTasks         how many tasks took 50 ms or more
//   receivedMs        the file chosen → its last slice of events received (the bar at 100 %)
//   longestImportTaskMs / longestRenderTaskMs  the longest task before that / after it (the first
//                     render: queries and the diagram's layout, on the main thread)
//   progressSeen      the progress bar was on screen during the import
//   heapBytesPerPacket  JS heap (CDP Runtime.getHeapUsage after a forced GC) after − before, per packet
//   then the same step and Event list figures on the capture.
// Each figure is also printed on stderr as soon as measured. Also: loadAverage (os.loadavg at start and end: the machine's noise), initialJsGzipKb.
// Targets: first render < 1000 ms, step < 16 ms, initial JS < 200 kB, longest task < 100 ms,
// heap ≤ 200 bytes per packet.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { tsImport } from 'tsx/esm/api';
import { preview } from 'vite';
import { chromiumArgs, chromiumHelp, findChromium } from './chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    dist: { type: 'string', default: 'dist' },
    segments: { type: 'string' },
    capture: { type: 'string' },
    'no-events': { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
  },
});
const dist = resolve(root, values.dist);
const segmentCounts = (values.segments ?? positionals[0] ?? (values.capture === undefined ? '10000,100000' : ''))
  .split(',')
  .filter((text) => text !== '')
  .map((text) => Number(text) || 10_000);
const capturePackets = values.capture === undefined ? 0 : Number(values.capture) || 1_000_000;
const withEvents = !values['no-events'];
const withTrace = values.trace;
const steps = 50;
const eventSteps = 30;

if (!existsSync(join(dist, 'index.html'))) {
  const built = spawnSync(join(root, 'node_modules', '.bin', 'vite'), ['build', '--outDir', dist], {
    cwd: root,
    stdio: 'inherit',
  });
  if (built.status !== 0) process.exit(1);
}

/**
 * Gzip size of the JavaScript loaded at start: the entry chunk and the chunks index.html preloads
 * with it (its static imports), plus the entry alone.
 * @returns {{ initial: number, entry: number }}
 */
function initialJsGzipKb() {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entry = /<script[^>]*type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
  if (entry === undefined) throw new Error(`no entry script in ${dist}/index.html`);
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map(
    (match) => match[1] ?? '',
  );
  /** @param {string} src */
  const size = (src) => gzipSync(readFileSync(join(dist, src.replace(/^\.?\//, ''))), { level: 9 }).length / 1024;
  const kb = (/** @type {number} */ value) => Number(value.toFixed(1));
  return { initial: kb([entry, ...preloads].reduce((sum, src) => sum + size(src), 0)), entry: kb(size(entry)) };
}

/** @param {number[]} list */
const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
const round = (/** @type {number} */ value, digits = 1) => Number(value.toFixed(digits));
/** Each figure as soon as measured, on stderr: a long run cut short still says what it measured. */
const progress = (/** @type {Record<string, unknown>} */ figures) => console.error(JSON.stringify(figures));
const load = () => loadavg().map((value) => round(value, 2));

/**
 * Presses → `count` times; per press the time to the next frame and the synchronous work.
 * @param {import('@playwright/test').Page} page
 * @param {number} count
 */
async function stepTimes(page, count) {
  await page.evaluate(() => /** @type {HTMLElement | null} */ (document.activeElement)?.blur());
  // CPU time, which the machine's load does not inflate as it does wall clock: the renderer's main
  // thread (ThreadTime) and the whole renderer process, raster workers included (ProcessTime).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const cpu = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const value = (/** @type {string} */ name) => metrics.find((metric) => metric.name === name)?.value ?? NaN;
    return { thread: value('ThreadTime'), process: value('ProcessTime') };
  };
  const cpuBefore = await cpu();
  const timings = await page.evaluate(async (n) => {
    const frame = () => new Promise((done) => requestAnimationFrame(() => done(undefined)));
    const press = () =>
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, cancelable: true }));
    /** @type {number[]} */
    const toFrame = [];
    /** @type {number[]} */
    const work = [];
    await frame();
    for (let i = 0; i < n; i++) {
      performance.mark(`step-${i}`);
      const started = performance.now();
      press();
      // React commits a discrete event's update in a microtask; then force style and layout.
      await Promise.resolve();
      void document.body.offsetHeight;
      work.push(performance.now() - started);
      await frame();
      toFrame.push(performance.now() - started);
      performance.mark(`framed-${i}`);
      await frame();
    }
    return { toFrame, work };
  }, count);
  const cpuAfter = await cpu();
  await cdp.detach();
  return {
    stepMedianMs: round(median(timings.toFrame), 2),
    stepWorkMedianMs: round(median(timings.work), 2),
    stepMainCpuMs: round(((cpuAfter.thread - cpuBefore.thread) * 1000) / count, 2),
    stepRendererCpuMs: round(((cpuAfter.process - cpuBefore.process) * 1000) / count, 2),
  };
}

/**
 * Opens the Event list (click → next frame with rows drawn), steps with it shown, goes back.
 * @param {import('@playwright/test').Page} page
 */
async function eventListTimes(page) {
  const eventsOpenMs = await page.evaluate(
    () =>
      new Promise((done) => {
        const started = performance.now();
        /** @type {HTMLElement | null} */ (document.querySelector('[data-testid="view-events"]'))?.click();
        const check = () => {
          if (document.querySelector('[data-testid="event-row"]') !== null) done(performance.now() - started);
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
  );
  const rowsInDom = await page.getByTestId('event-row').count();
  const stepped = await stepTimes(page, eventSteps);
  const figures = {
    eventsOpenMs: round(Number(eventsOpenMs)),
    eventsRowsInDom: rowsInDom,
    eventsStepMedianMs: stepped.stepMedianMs,
  };
  progress(figures);
  // Back to the diagram, which is laid out again (it is not kept while the list is shown).
  const back = Date.now();
  await page.getByTestId('view-diagram').click({ timeout: 0 });
  await waitForDiagram(page);
  return { ...figures, diagramAgainMs: Date.now() - back };
}

/** @param {import('@playwright/test').Page} page */
const waitForDiagram = (page) =>
  page.evaluate(
    () =>
      new Promise((done) => {
        const check = () => {
          if (document.querySelector('[data-testid="diagram-svg"] [data-testid="segment"]') !== null) {
            done(performance.now());
          } else if (document.querySelector('[data-testid="import-error"]') !== null) {
            done(Number.NaN);
          } else requestAnimationFrame(check);
        };
        check();
      }),
  );

/**
 * The time the opened capture's diagram is drawn (its file named in the header), or NaN on an error.
 * @param {import('@playwright/test').Page} page
 * @param {string} fileName
 */
const waitForCapture = (page, fileName) =>
  page.evaluate(
    (name) =>
      new Promise((done) => {
        const check = () => {
          const title = document.querySelector('[data-testid="imported-file"]')?.textContent;
          if (title === name && document.querySelector('[data-testid="diagram-svg"]') !== null) {
            done(performance.now());
          } else if (document.querySelector('[data-testid="import-error"]') !== null) {
            done(Number.NaN);
          } else requestAnimationFrame(check);
        };
        check();
      }),
    fileName,
  );

/** What a main-thread trace event's self time counts as. @param {string} name */
const kindOf = (name) =>
  /GC|Scaveng|Sweep|Marking/.test(name) && !/Paint/.test(name)
    ? 'gc'
    : /UpdateLayoutTree|RecalcStyle|recalcStyle|updateStyle|Style\.UpdateTime/.test(name)
      ? 'style'
      : /Layout|ShapeText|InlineNode/.test(name)
        ? 'layout'
        : /Paint|Layerize|Composit|Commit|PrePaint|LayerTree/.test(name)
          ? 'paint'
          : /Function|Script|V8|v8|Microtask|Event|Timer|Animation|Compile|Parse|Execute|scroll/.test(name)
            ? 'script'
            : 'other';

/**
 * Per step (its press to its next frame, by the marks stepTimes leaves): the renderer main thread's
 * self time by kind, and the raster workers' time.
 * @param {{ traceEvents?: any[] } | any[]} trace
 */
function breakdown(trace) {
  const events = Array.isArray(trace) ? trace : (trace.traceEvents ?? []);
  /** @type {Map<string, string>} */
  const threads = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (threads.get(key) === 'CrRendererMain') counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const main = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  /** @type {Map<string, number>} */
  const marks = new Map();
  for (const e of events)
    if (/^(step|framed)-\d+$/.test(e.name) && `${e.pid}:${e.tid}` === main) marks.set(e.name, e.ts);
  /** @type {[number, number][]} */
  const windows = [];
  for (let i = 0; marks.has(`step-${i}`); i++)
    windows.push([marks.get(`step-${i}`) ?? 0, marks.get(`framed-${i}`) ?? 0]);
  const inside = (/** @type {number} */ ts) => windows.some(([from, to]) => ts >= from && ts < to);
  /** @type {Record<string, number>} */
  const totals = { script: 0, style: 0, layout: 0, paint: 0, gc: 0, other: 0, raster: 0 };
  const spans = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined && `${e.pid}:${e.tid}` === main)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  /** @type {{ name: string, ts: number, end: number, self: number }[]} */
  const stack = [];
  const close = (/** @type {{ name: string, ts: number, self: number }} */ span) => {
    if (inside(span.ts)) totals[kindOf(span.name)] = (totals[kindOf(span.name)] ?? 0) + span.self;
  };
  for (const e of spans) {
    const span = { name: e.name, ts: e.ts, end: e.ts + e.dur, self: e.dur };
    while (stack.length > 0 && (stack.at(-1)?.end ?? 0) <= span.ts) close(/** @type {any} */ (stack.pop()));
    const parent = stack.at(-1);
    if (parent !== undefined) parent.self -= Math.min(span.end, parent.end) - span.ts;
    stack.push(span);
  }
  while (stack.length > 0) close(/** @type {any} */ (stack.pop()));
  for (const e of events) if (e.name === 'RasterTask' && e.dur !== undefined && inside(e.ts)) totals.raster += e.dur;
  const steps = Math.max(1, windows.length);
  return Object.fromEntries(Object.entries(totals).map(([kind, us]) => [kind, round(us / 1000 / steps, 2)]));
}

/**
 * 20 steps under a Chrome trace: their time by kind (breakdown).
 * @param {import('@playwright/test').Browser} browser
 * @param {import('@playwright/test').Page} page
 */
async function tracedSteps(browser, page) {
  await browser.startTracing(page, {
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'v8',
      'blink',
      'blink.user_timing',
      'cc',
    ],
  });
  const stepped = await stepTimes(page, 20);
  const stepBreakdownMs = breakdown(JSON.parse((await browser.stopTracing()).toString()));
  return { tracedStepMedianMs: stepped.stepMedianMs, stepBreakdownMs };
}

/**
 * The floor of stepMedianMs: a trivial change at a frame's start, to the next frame (median of 40).
 * @param {import('@playwright/test').Browser} browser
 */
async function frameInterval(browser) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  try {
    await page.setContent('<div id="box" style="width: 10px; height: 10px; background: gray"></div>');
    const times = await page.evaluate(async () => {
      const frame = () => new Promise((done) => requestAnimationFrame(() => done(undefined)));
      const box = /** @type {HTMLElement} */ (document.getElementById('box'));
      /** @type {number[]} */
      const out = [];
      await frame();
      for (let i = 0; i < 40; i++) {
        const started = performance.now();
        box.style.width = `${10 + (i % 2)}px`;
        await frame();
        out.push(performance.now() - started);
        await frame();
      }
      return out;
    });
    return round(median(times), 2);
  } finally {
    await page.close();
  }
}

/**
 * @param {import('@playwright/test').Browser} browser
 * @param {string} base
 * @param {number} segments
 */
async function benchSegments(browser, base, segments) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  try {
    // Start in the middle of the trace: the diagram is long above and below the cursor.
    await page.goto(`${base}/?bench=${segments}&step=${segments}&animate=0&lang=en`, { timeout: 300_000 });
    const firstRenderMs = await waitForDiagram(page);
    progress({ segments, firstRenderMs: round(Number(firstRenderMs)) });
    const counter = await page.getByTestId('step-counter').textContent();
    const stepped = await stepTimes(page, steps);
    progress({ segments, ...stepped });
    const after = await page.getByTestId('step-counter').textContent();
    const traced = withTrace ? await tracedSteps(browser, page) : {};
    if (withTrace) progress({ segments, ...traced });
    const events = withEvents ? await eventListTimes(page) : {};
    return {
      segments,
      steps: `${counter} → ${after}`,
      firstRenderMs: round(Number(firstRenderMs)),
      ...stepped,
      ...traced,
      ...events,
    };
  } finally {
    await page.close();
  }
}

/**
 * @param {import('@playwright/test').Browser} browser
 * @param {string} base
 * @param {number} packets
 */
async function benchCapture(browser, base, packets) {
  const { bulkCapture } = await tsImport('../src/ui/capture/test-captures.ts', import.meta.url);
  const dir = mkdtempSync(join(tmpdir(), 'wirestep-bench-'));
  const file = join(dir, `bulk-${packets}.pcap`);
  writeFileSync(file, bulkCapture(packets));
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  try {
    await page.goto(`${base}/?animate=0&lang=en`);
    await page.getByTestId('open-capture').waitFor({ state: 'attached' });
    // Load the importer's lazy chunk first, so the figures are the import's, not the download's.
    await page.evaluate(() => new Promise((done) => setTimeout(done, 500)));
    const before = await heap();
    await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      w.__bench = { tasks: /** @type {[number, number][]} */ ([]), progressSeen: false, receivedAt: Infinity };
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__bench.tasks.push([entry.startTime, entry.duration]);
      }).observe({ type: 'longtask' });
      const watch = () => {
        const bar = document.querySelector('[data-testid="import-progress"]');
        if (bar !== null) w.__bench.progressSeen = true;
        // The bar at 100 %: the last slice of events is in; what follows is the first render.
        if (bar?.getAttribute('aria-valuenow') === '100' && w.__bench.receivedAt === Infinity) {
          w.__bench.receivedAt = performance.now();
        }
        requestAnimationFrame(watch);
      };
      watch();
      w.__bench.started = performance.now();
    });
    await page.getByTestId('open-capture').setInputFiles(file);
    await page.getByTestId('import-loading').waitFor({ state: 'detached', timeout: 600_000 });
    // A capture opens at step 0, where no segment is drawn yet: its name in the header and the
    // diagram's drawing (for its trace, of 2 × packets events) say it is on screen.
    const drawnAt = Number(await waitForCapture(page, `bulk-${packets}.pcap`));
    if (Number.isNaN(drawnAt))
      throw new Error(`import failed: ${await page.getByTestId('import-error').textContent()}`);
    // Let the tasks still queued after the first frame run, so they are counted.
    await page.evaluate(() => new Promise((done) => setTimeout(done, 1000)));
    const observed = await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      return {
        tasks: /** @type {[number, number][]} */ (w.__bench.tasks),
        started: Number(w.__bench.started),
        receivedAt: Number(w.__bench.receivedAt),
        progressSeen: Boolean(w.__bench.progressSeen),
      };
    });
    const longest = (/** @type {[number, number][]} */ tasks) => round(Math.max(0, ...tasks.map(([, d]) => d)));
    const importTasks = observed.tasks.filter(([start]) => start < observed.receivedAt);
    const renderTasks = observed.tasks.filter(([start]) => start >= observed.receivedAt);
    progress({ packets, phase: 'opened', openTotalMs: round(drawnAt - observed.started) });
    const after = await heap();
    progress({
      packets,
      heapBytesPerPacket: round((after - before) / packets),
      longestImportTaskMs: longest(importTasks),
    });
    const counter = await page.getByTestId('step-counter').textContent();
    const stepped = await stepTimes(page, steps);
    progress({ packets, ...stepped });
    const events = withEvents ? await eventListTimes(page) : {};
    return {
      packets,
      fileMb: round(readFileSync(file).length / 1024 / 1024),
      openTotalMs: round(drawnAt - observed.started),
      receivedMs: round(observed.receivedAt - observed.started),
      longestTaskMs: longest(observed.tasks),
      longTasks: observed.tasks.length,
      longestImportTaskMs: longest(importTasks),
      longestRenderTaskMs: longest(renderTasks),
      progressSeen: observed.progressSeen,
      heapBytesPerPacket: round((after - before) / packets),
      heapMb: round(after / 1024 / 1024),
      steps: counter,
      ...stepped,
      ...events,
    };
  } finally {
    await page.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const browserInfo = findChromium();
if (browserInfo === undefined) {
  console.error(chromiumHelp);
  process.exit(1);
}

const loadBefore = load();
const server = await preview({
  root,
  logLevel: 'silent',
  build: { outDir: dist },
  preview: { host: '127.0.0.1', port: 0, open: false },
});
const address = server.httpServer.address();
const port = typeof address === 'object' && address !== null ? address.port : 4173;
const base = `http://127.0.0.1:${port}`;
const browser = await chromium.launch({ executablePath: browserInfo.executablePath, args: chromiumArgs });
try {
  /** @type {Record<string, unknown>[]} */
  const traces = [];
  for (const segments of segmentCounts) traces.push(await benchSegments(browser, base, segments));
  const frameIntervalMs = await frameInterval(browser);
  progress({ frameIntervalMs });
  const capture = capturePackets > 0 ? await benchCapture(browser, base, capturePackets) : undefined;
  const js = initialJsGzipKb();
  const ok =
    traces.every((one) => Number(one.firstRenderMs) < 1000 && Number(one.stepMedianMs) < 16) &&
    (capture === undefined || (capture.longestTaskMs < 100 && capture.heapBytesPerPacket <= 200)) &&
    js.initial < 200;
  const result = {
    benchmark: 'ui',
    loadAverage: { before: loadBefore, after: load() },
    frameIntervalMs,
    traces,
    capture,
    initialJsGzipKb: js.initial,
    entryChunkGzipKb: js.entry,
    ok,
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await browser.close();
  await new Promise((done) => server.httpServer.close(() => done(undefined)));
}
