// `bench`: simulator speed on a 10 MB bulk transfer, and the time to simulate every built-in
// scenario. Wall-clock figures, so never a test: run it by hand with `npm run bench`.
import { builtinScenarios } from '../src/scenario/library';
import type { Scenario } from '../src/scenario/schema';
import { validateScenario } from '../src/scenario/validate';
import { simulate } from '../src/sim';
import { bulkTransferScenario } from '../src/sim/test-generators';
import { runImportBench, type ImportBenchReport } from './import-bench';

const runs = 5;
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
  /** Capture import (parseCapture + captureToTrace) on a synthetic capture of 101,000 packets. */
  pcapPacketsPerSecond: number;
  pcapMegabytesPerSecond: number;
  /** tcpdump -nn -r time over ours on the same file; null when tcpdump is missing. */
  pcapVsTcpdumpRatio: number | null;
  pcapImport: Omit<ImportBenchReport, 'pcapPacketsPerSecond' | 'pcapMegabytesPerSecond' | 'pcapVsTcpdumpRatio'>;
  bulk: { bytes: number; events: number; medianMs: number; runsMs: number[] };
  scenarios: { totalMs: number; medianMsById: Record<string, number> };
  runs: number;
  node: string;
  date: string;
}

export async function runBench(): Promise<BenchReport> {
  const checked = validateScenario(bulkScenario);
  if (!checked.ok)
    throw new Error(`bench scenario is invalid: ${checked.problems[0]?.path}: ${checked.problems[0]?.message}`);
  const bulk = measure(() => simulate(checked.scenario, {}).events.length);
  const medianMsById: Record<string, number> = {};
  let totalMs = 0;
  for (const scenario of builtinScenarios) {
    const { medianMs } = measure(() => simulate(scenario, {}).events.length);
    medianMsById[scenario.id] = round(medianMs, 3);
    totalMs += medianMs;
  }
  const { pcapPacketsPerSecond, pcapMegabytesPerSecond, pcapVsTcpdumpRatio, ...pcapImport } = await runImportBench();
  return {
    simEventsPerSecond: Math.round(bulk.events / (bulk.medianMs / 1000)),
    pcapPacketsPerSecond,
    pcapMegabytesPerSecond,
    pcapVsTcpdumpRatio,
    pcapImport,
    bulk: {
      bytes: bulkBytes,
      events: bulk.events,
      medianMs: round(bulk.medianMs, 1),
      runsMs: bulk.runsMs.map((ms) => round(ms, 1)),
    },
    scenarios: { totalMs: round(totalMs, 3), medianMsById },
    runs,
    node: process.version,
    date: new Date().toISOString(),
  };
}

/** One warm-up run (JIT, caches), then the median of `runs` timed runs. */
function measure(run: () => number): { events: number; medianMs: number; runsMs: number[] } {
  let events = run();
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Start each timed run on a collected heap, so it does not pay for the previous run's garbage
    // (npm run bench passes --expose-gc; without it, runs are simply noisier).
    (globalThis as { gc?: () => void }).gc?.();
    const start = performance.now();
    events = run();
    runsMs.push(performance.now() - start);
  }
  return { events, medianMs: median(runsMs), runsMs };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
