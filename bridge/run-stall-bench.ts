// Does a large real run stall the bridge for everyone (issue 15, finding 7)? Starts the bridge
// (`cli serve`) as a child process, runs a scenario of N one-byte sends on real loopback sockets
// through its WebSocket, and meanwhile asks for the app's page every 20 ms, one request at a
// time: the latency percentiles of those static requests while the run streams, the run's wall
// time, and how many trace-event messages arrived. A benchmark (wall clock, root for tcpdump),
// never a test:  npx tsx bridge/run-stall-bench.ts [sends=60000]
//
// The requests are made and timed by a worker thread: this process also parses every message of
// the run (140,000 of them, then a 40 MB run-finished), and timing on its own event loop counted
// that parsing as the bridge's latency. The bridge also reports its own event-loop delay.
//
// The bridge it starts is `cli serve`'s (bridge/serve.ts, the same runner and refusals) but
// allows 1,000,000 events per run: 60,000 sends make about 200,000 events with the kernel's
// TCB snapshots, and a run stopped at the default bound would skip the final merge and the
// run-finished message this measures. It reports the bridge's peak RSS when it ends.
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { WebSocket } from 'ws';
import type { Scenario } from '../src/scenario/schema';
import { oneConnectionScenario } from '../src/sim/test-generators';
import { builtinScenarios } from '../src/scenario/library';
import { detectCapabilities } from './capabilities';
import { runnability, runScenario } from './runner/run-scenario';
import { startBridgeServer } from './server';

const texts = (en: string): { en: string; fr: string } => ({ en, fr: en });

export function manySends(sends: number): Scenario {
  return oneConnectionScenario({
    id: 'bench-many-sends',
    title: texts(`${sends} one-byte sends`),
    summary: texts('A client sends one byte at a time; the server reads until EOF.'),
    concepts: ['benchmark'],
    limits: { maxEvents: 2_000_000 },
    clientStartMs: 50,
    clientSteps: [{ op: 'repeat', times: sends, steps: [{ op: 'send', socket: 'sock', data: 'x' }] }],
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Plain JavaScript for the prober thread: one GET of `/` every 20 ms until told to stop. */
const proberSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { request } = require('node:http');
const port = workerData.port;
const latencies = [], errors = [];
let running = true;
parentPort.on('message', () => (running = false));
function get() {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false, headers: { Host: '127.0.0.1:' + port } }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - started));
    });
    req.on('error', reject);
    req.end();
  });
}
(async () => {
  while (running) {
    latencies.push(await get().catch((error) => (errors.push(error.message), NaN)));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  parentPort.postMessage({ latencies, errors });
})();
`;

function startProber(port: number): { stop: () => Promise<{ latencies: number[]; errors: string[] }> } {
  const worker = new Worker(proberSource, { eval: true, workerData: { port } });
  const result = new Promise<{ latencies: number[]; errors: string[] }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    stop: async () => {
      worker.postMessage('stop');
      const r = await result;
      await worker.terminate();
      return r;
    },
  };
}

async function main(sends: number): Promise<void> {
  // BENCH_CPU_PROF=dir: the bridge writes a V8 CPU profile there (where its event loop went).
  const profile =
    process.env.BENCH_CPU_PROF === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`];
  const bridge = spawn(process.execPath, [...profile, '--import', 'tsx', fileURLToPath(import.meta.url), '--serve'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let bridgeErr = '';
  bridge.stderr.on('data', (d: Buffer) => (bridgeErr += d.toString()));
  const bridgeEnded = new Promise<void>((resolve) => bridge.once('close', () => resolve()));
  try {
    const url = new URL(
      await new Promise<string>((resolve) => bridge.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()))),
    );
    const port = Number(url.port);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/bridge?token=${url.searchParams.get('token')}`, {
      origin: `http://127.0.0.1:${port}`,
    });
    let events = 0;
    let link: string | undefined;
    const started = performance.now();
    const finished = new Promise<string>((resolve) =>
      ws.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { type: string; trace?: { meta: { link?: string } } };
        const type = message.type;
        if (type === 'run-finished') link = message.trace?.meta.link;
        // BENCH_LOOPBACK=1: on loopback even where namespaces are permitted (RunOptions.loopback).
        const options = process.env.BENCH_LOOPBACK === '1' ? { options: { loopback: true } } : {};
        if (type === 'welcome') ws.send(JSON.stringify({ type: 'run', scenario: manySends(sends), ...options }));
        if (type === 'trace-event') events++;
        if (type === 'run-failed') console.error(data.toString());
        if (type === 'run-finished' || type === 'run-failed') resolve(type);
      }),
    );
    const prober = startProber(port);
    const outcome = await finished;
    const { latencies, errors } = await prober.stop();
    ws.close();
    const sorted = latencies.filter((ms) => !Number.isNaN(ms)).sort((a, b) => a - b);
    const round = (ms: number): number => Math.round(ms * 10) / 10;
    bridge.kill('SIGTERM');
    await bridgeEnded;
    const peak = /maxRssMB=(\d+)/.exec(bridgeErr)?.[1];
    const loop = /loopDelayMs=(\S+)/.exec(bridgeErr)?.[1]?.split('/').map(Number);
    const gc = /gcPauses=(\S+)/.exec(bridgeErr)?.[1]?.split('/').map(Number);
    console.log(
      JSON.stringify(
        {
          sends,
          loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
          bridgePeakRssMB: peak === undefined ? undefined : Number(peak),
          outcome,
          link,
          runSeconds: round((performance.now() - started) / 1000),
          traceEventMessages: events,
          staticRequests: sorted.length,
          staticErrors: errors.length,
          firstError: errors[0],
          staticMs: { p50: round(percentile(sorted, 50)), p90: round(percentile(sorted, 90)) },
          staticP99Ms: round(percentile(sorted, 99)),
          staticMaxMs: round(sorted[sorted.length - 1] ?? NaN),
          bridgeLoopDelayMs: loop === undefined ? undefined : { p50: loop[0], p99: loop[1], max: loop[2] },
          bridgeGcPauses: gc === undefined ? undefined : { count: gc[0], over20ms: gc[1], longestMs: gc[2] },
        },
        null,
        2,
      ),
    );
  } finally {
    bridge.kill('SIGTERM');
  }
}

/** The bridge under test, in its own process: prints its URL, and its peak RSS on SIGTERM. */
async function serve(): Promise<void> {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const bridge = await startBridgeServer({
    port: 0,
    staticDir: process.env.WIRESTEP_DIST ?? join(root, 'dist'),
    runScenario,
    refuseRun: (scenario) => runnability(scenario).reasons,
    capabilities: detectCapabilities,
    scenarios: builtinScenarios,
    version: 'bench',
    limits: { maxEventsPerRun: 1_000_000 },
    log: (line) => void process.stderr.write(`${line}\n`),
  });
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  // The garbage collector's pauses on this thread: how much of the loop's delay they explain.
  const gcPauses: number[] = [];
  const gc = new PerformanceObserver((list) => list.getEntries().forEach((e) => gcPauses.push(e.duration)));
  gc.observe({ entryTypes: ['gc'] });
  process.stdout.write(`${bridge.url}\n`);
  process.once('SIGTERM', () => {
    delay.disable();
    const ms = (ns: number): number => Math.round(ns / 1e5) / 10;
    process.stderr.write(`maxRssMB=${Math.round(process.resourceUsage().maxRSS / 1024)}\n`);
    process.stderr.write(`loopDelayMs=${ms(delay.percentile(50))}/${ms(delay.percentile(99))}/${ms(delay.max)}\n`);
    gc.disconnect();
    const longest = Math.round(Math.max(0, ...gcPauses) * 10) / 10;
    process.stderr.write(`gcPauses=${gcPauses.length}/${gcPauses.filter((d) => d > 20).length}/${longest}\n`);
    void bridge.close().then(() => process.exit(0));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === '--serve') void serve();
  else void main(Number(process.argv[2] ?? 60_000));
}
