// `bench`: simulator speed on a 10 MB bulk transfer, and the time to simulate every built-in
// scenario. Wall-clock figures, so never a test: run it by hand with `npm run bench`. The CPU time
// of each run is given too: on a shared machine the wall clock also counts the time others held
// the cores.
import { builtinScenarios } from '../src/scenario/library';
import type { Scenario } from '../src/scenario/schema';
import { validateScenario } from '../src/scenario/validate';
import { simulate } from '../src/sim';
import { bulkTransferScenario } from '../src/sim/test-generators';
import { runImportBench, type ImportBenchReport } from './import-bench';

const runs = 5;
/**
 * The bulk run's timed runs and warm-up runs. V8 is still compiling the simulator during the first
 * runs (node --trace-opt --trace-deopt, 10 MB run after run: about 70 functions optimized in each
 * of the first two, 30 deoptimized in the second as paths that run a few times a connection, the
 * handshake and the close, reach their first optimized use; 5 to 20 in the next two; then 0 to 5),
 * so a median over runs 2 to 6 measured the compiler as much as the simulator. The first run's
 * time is given apart (`coldMs`: what one simulation in a fresh page costs). Nine timed runs: on
 * this shared 2-core machine single runs vary 2-5x in wall clock.
 */
const bulkRuns = 9;
const bulkWarmups = 4;
const bulkBytes = 10_000_000;

/** A client sends 10 MB then closes; the server reads until end of stream then closes. */
export const bulkScenario: Scenario = bulkTransferScenario(bulkBytes, {
  id: 'bench-bulk-10mb',
  title: { en: 'Benchmark: 10 MB bulk transfer', fr: 'Banc d’essai : transfert de 10 Mo' },
  summary: {
    en: 'A client sends 10 MB over a fast link; the server reads until the end of the stream.',
    fr: 'Un client envoie 10 Mo sur un lien rapide ; le serveur lit jusqu’à la fin du flux.',
  },
  concepts: ['benchmark'],
  seed: 1,
  link: { latencyMs: 0.05 },
  tcp: { mss: 1460 },
  limits: { maxEvents: 2_000_000 }, // the most a scenario may ask (src/scenario/limits.ts)
});

export interface BenchReport {
  simEventsPerSecond: number;
  /** The same per second of this process's CPU time (user + system, every thread: V8 compiles and
   * collects on its own threads too). */
  simEventsPerCpuSecond: number;
  /** Capture import (parseCapture + captureToTrace) on a synthetic capture of 101,000 packets. */
  pcapPacketsPerSecond: number;
  pcapMegabytesPerSecond: number;
  /** tcpdump -nn -r time over ours on the same file; null when tcpdump is missing. */
  pcapVsTcpdumpRatio: number | null;
  pcapImport: Omit<ImportBenchReport, 'pcapPacketsPerSecond' | 'pcapMegabytesPerSecond' | 'pcapVsTcpdumpRatio'>;
  bulk: {
    bytes: number;
    events: number;
    medianMs: number;
    runsMs: number[];
    cpuMedianMs: number;
    cpuRunsMs: number[];
    /** The first run of the process (cold: V8 has compiled nothing of the simulator yet). */
    coldMs: number;
    warmups: number;
  };
  scenarios: { totalMs: number; medianMsById: Record<string, number> };
  runs: number;
  node: string;
  date: string;
}

export async function runBench(): Promise<BenchReport> {
  const checked = validateScenario(bulkScenario);
  if (!checked.ok)
    throw new Error(`bench scenario is invalid: ${checked.problems[0]?.path}: ${checked.problems[0]?.message}`);
  const bulk = measure(() => simulate(checked.scenario, {}).events.length, bulkWarmups, bulkRuns);
  const medianMsById: Record<string, number> = {};
  let totalMs = 0;
  for (const scenario of builtinScenarios) {
    const { medianMs } = measure(() => simulate(scenario, {}).events.length, 1, runs);
    medianMsById[scenario.id] = round(medianMs, 3);
    totalMs += medianMs;
  }
  const { pcapPacketsPerSecond, pcapMegabytesPerSecond, pcapVsTcpdumpRatio, ...pcapImport } = await runImportBench();
  return {
    simEventsPerSecond: Math.round(bulk.events / (bulk.medianMs / 1000)),
    simEventsPerCpuSecond: Math.round(bulk.events / (bulk.cpuMedianMs / 1000)),
    pcapPacketsPerSecond,
    pcapMegabytesPerSecond,
    pcapVsTcpdumpRatio,
    pcapImport,
    bulk: {
      bytes: bulkBytes,
      events: bulk.events,
      medianMs: round(bulk.medianMs, 1),
      runsMs: bulk.runsMs.map((ms) => round(ms, 1)),
      cpuMedianMs: round(bulk.cpuMedianMs, 1),
      cpuRunsMs: bulk.cpuRunsMs.map((ms) => round(ms, 1)),
      coldMs: round(bulk.coldMs, 1),
      warmups: bulkWarmups,
    },
    scenarios: { totalMs: round(totalMs, 3), medianMsById },
    runs,
    node: process.version,
    date: new Date().toISOString(),
  };
}

interface Measured {
  events: number;
  medianMs: number;
  runsMs: number[];
  cpuMedianMs: number;
  cpuRunsMs: number[];
  coldMs: number;
}

/** `warmups` untimed runs (the JIT, caches; the first one's time kept as `coldMs`), then the
 * medians of `timed` runs, wall clock and CPU time. */
function measure(run: () => number, warmups: number, timed: number): Measured {
  const coldStart = performance.now();
  let events = run();
  const coldMs = performance.now() - coldStart;
  for (let i = 1; i < warmups; i++) run();
  const runsMs: number[] = [];
  const cpuRunsMs: number[] = [];
  for (let i = 0; i < timed; i++) {
    // Start each timed run on a collected heap, so it does not pay for the previous run's garbage
    // (npm run bench passes --expose-gc; without it, runs are simply noisier).
    (globalThis as { gc?: () => void }).gc?.();
    const cpu = process.cpuUsage();
    const start = performance.now();
    events = run();
    runsMs.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpuRunsMs.push((used.user + used.system) / 1000);
  }
  return { events, medianMs: median(runsMs), runsMs, cpuMedianMs: median(cpuRunsMs), cpuRunsMs, coldMs };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
