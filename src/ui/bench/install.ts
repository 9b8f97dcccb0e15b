// The benchmark hook, loaded only when the address has `?bench=N`: shows a generated bulk
// transfer of N segments, and exposes window.__wirestepLoadTrace to show any other trace.
import { dispatch } from '../../store';
import type { Trace } from '../../trace/types';
import { bulkTransferTrace } from './bulkTrace';

const benchScenarioId = 'bench';

declare global {
  interface Window {
    __wirestepLoadTrace?: (trace: Trace) => void;
  }
}

/** N from `?bench=N`: 10,000 when absent or not a number, within 2 .. 200,000. */
export function benchSegments(text: string | null): number {
  const value = Number(text);
  if (text === null || text.trim() === '' || !Number.isFinite(value)) return 10_000;
  return Math.min(200_000, Math.max(2, Math.round(value)));
}

/** `cursor`: the step to open at (the address's `step`), so a benchmark can start mid-trace. */
export function installBench(win: Window, segments: number, cursor = 0): void {
  const load = (trace: Trace) => {
    dispatch({ type: 'selectScenario', scenarioId: benchScenarioId, seed: 1, cursor });
    dispatch({ type: 'simulated', trace });
  };
  win.__wirestepLoadTrace = load;
  load(bulkTransferTrace(segments));
}
