// Overview benchmark (issue 9, "an overview for big connections"; not a test):
//   node --expose-gc scripts/bench-overview.mjs [--segments 1000000] [--runs 15]
// The time-sequence series of a bulk transfer of N data segments of 1448 bytes, one every 10 µs,
// each second one acknowledged (delayed ACK), as timeSequence returns it (typed arrays; building
// them from a Trace is timeSequence's cost, measured by `npm run bench`, not here). Prints JSON:
//   node.throughputMs / throughputCpuMs   median of `runs` throughputOf(series, 1 ms): the three
//                           moving-window series (wall clock, and the process's CPU time)
//   chromium.throughputMs   the same in Debian's Chromium
//   chromium.throughputDrawMs / tsgDrawMs  median of `runs` drawThroughput / drawGraph on a real
//                           950×300 canvas, getImageData(0,0,1,1) after each so the rasterizing
//                           is counted, not only the recording of the path; *CpuMs the main
//                           thread's CPU time for the same (CDP Performance ThreadTime), which a
//                           loaded machine inflates less than the wall clock
// with the machine's load average before and after (its noise: the machine has 2 cores, shared).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { tsImport } from 'tsx/esm/api';
import { chromiumArgs, chromiumHelp, findChromium } from './chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { segments: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '15' } },
});
const segments = Number(values.segments);
const runs = Number(values.runs);
const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;

/** timeSequence's series of the bulk transfer (this function is also run in the page). */
/** @param {number} count */
function bulkSeries(count) {
  const t = Float64Array.from({ length: count }, (_, i) => 10 + i * 10);
  const acks = count >> 1;
  const ack = Float64Array.from({ length: acks }, (_, k) => 1 + 1448 * 2 * (k + 1));
  return {
    src: 'a:1',
    dst: 'b:2',
    t,
    relSeq: Float64Array.from({ length: count }, (_, i) => 1 + 1448 * i),
    len: new Uint32Array(count).fill(1448),
    retransmission: new Uint8Array(count),
    eventIndex: new Uint32Array(count),
    ackT: Float64Array.from({ length: acks }, (_, k) => 25 + k * 20),
    ack,
    windowEdge: ack.map((a) => a + 65535),
    tMin: 5,
    tMax: t[count - 1],
    seqMax: 1 + 1448 * count + 65535,
  };
}

async function inNode() {
  const query = await tsImport('../src/trace/query/throughput.ts', import.meta.url);
  const series = bulkSeries(segments);
  const times = [];
  const cpuTimes = [];
  for (let run = 0; run < runs; run++) {
    globalThis.gc?.();
    const start = performance.now();
    const cpu = process.cpuUsage();
    query.throughputOf(series, 1000);
    times.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
  }
  return { throughputMs: +median(times).toFixed(1), throughputCpuMs: +median(cpuTimes).toFixed(1) };
}

/** The drawing modules and the query's throughputOf, bundled for the page. */
async function bundle() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-overview-'));
  const entry = `
    export { drawThroughput, throughputFrameFor } from '${root}/src/ui/panels/throughput-draw.ts';
    export { drawGraph, frameFor } from '${root}/src/ui/panels/tsg-draw.ts';
    export { throughputOf } from '${root}/src/trace/query/throughput.ts';`;
  await build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'iife',
    globalName: 'overview',
    outfile: join(dir, 'overview.js'),
    logLevel: 'error',
  });
  const code = readFileSync(join(dir, 'overview.js'), 'utf8');
  rmSync(dir, { recursive: true, force: true });
  return code;
}

async function inChromium() {
  const found = findChromium();
  if (found === undefined) throw new Error(chromiumHelp);
  const browser = await chromium.launch({ executablePath: found.executablePath, args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.setContent('<canvas width="950" height="300"></canvas>');
    await page.addScriptTag({ content: await bundle() });
    const setup = await page.evaluate(
      ({ count, runs, makeSeries }) => {
        // The page's globals: the bundle's exports, and the draws timed from Node below.
        const g = /** @type {any} */ (globalThis);
        const o = g.overview;
        const series = new Function(`return (${makeSeries})`)()(count);
        const times = [];
        /** @type {any} */
        let throughput;
        for (let run = 0; run < runs; run++) {
          const start = performance.now();
          throughput = o.throughputOf(series, 1000);
          times.push(performance.now() - start);
        }
        const throughputMs = +([...times].sort((a, b) => a - b)[times.length >> 1] ?? NaN).toFixed(1);
        const canvas = /** @type {HTMLCanvasElement} */ (document.querySelector('canvas'));
        const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
        const colors = {
          text: '#14181f',
          muted: '#4f5866',
          grid: '#d5dae2',
          data: '#1f5fbf',
          retransmission: '#b3261e',
          ack: '#0b6b3a',
          window: '#8a5300',
          newData: '#a34400',
          brush: '#8a3ffc',
          cursor: '#14181f',
        };
        const labels = { time: 'Time (ms)', rate: 'Throughput (Mbit/s)', format: String, seq: 'Seq' };
        const tputFrame = o.throughputFrameFor(series, throughput, 950, 300);
        const tsgFrame = o.frameFor(series, 950, 300);
        // Each draw is one call from Node, so the main thread's CPU time (CDP ThreadTime) can be
        // read around it; getImageData waits for the raster, not only the recorded path.
        g.draws = {
          throughput: () => o.drawThroughput(ctx, tputFrame, throughput, colors, labels),
          tsg: () => o.drawGraph(ctx, tsgFrame, series, colors, labels),
        };
        g.drawOnce = (/** @type {string} */ name) => {
          const start = performance.now();
          g.draws[name]();
          ctx.getImageData(0, 0, 1, 1);
          return performance.now() - start;
        };
        return {
          ratePoints: throughput.sent.t.length + throughput.newData.t.length + throughput.acked.t.length,
          throughputMs,
        };
      },
      { count: segments, runs, makeSeries: bulkSeries.toString() },
    );
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const threadTime = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN;
    const timed = async (/** @type {string} */ name) => {
      const wall = [];
      const cpu = [];
      for (let run = 0; run < runs; run++) {
        const before = await threadTime();
        wall.push(await page.evaluate((which) => /** @type {any} */ (globalThis).drawOnce(which), name));
        cpu.push(((await threadTime()) - before) * 1000);
      }
      return [+median(wall).toFixed(1), +median(cpu).toFixed(1)];
    };
    const [throughputDrawMs, throughputDrawCpuMs] = await timed('throughput');
    const [tsgDrawMs, tsgDrawCpuMs] = await timed('tsg');
    return { ...setup, throughputDrawMs, throughputDrawCpuMs, tsgDrawMs, tsgDrawCpuMs };
  } finally {
    await browser.close();
  }
}

const loadBefore = loadavg()[0] ?? NaN;
const node = await inNode();
const browserFigures = await inChromium();
console.log(
  JSON.stringify(
    {
      segments,
      runs,
      node,
      chromium: browserFigures,
      loadAverage: [+loadBefore.toFixed(2), +(loadavg()[0] ?? NaN).toFixed(2)],
    },
    null,
    2,
  ),
);
