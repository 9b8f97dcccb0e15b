// A set of scripts run and judged: each script's result, with the stack-differences file deciding
// whether a failure is another stack's expected choice. What the CLI prints and the test checks.
import { parseScript } from './parse';
import { ScriptRun, type RunOptions, type RunResult } from './peer';
import { explain } from './stack-differences';

export type ScriptStatus = 'pass' | 'fail' | 'unsupported' | 'expected-difference';

export interface ScriptReport {
  path: string;
  status: ScriptStatus;
  line?: number;
  column?: number;
  expected?: string;
  got?: string;
  reason?: string;
  /** The stack-differences entry that explains the failure (for 'expected-difference', or a known gap). */
  difference?: string;
  /** Line-level tolerances (stack-differences.ts RULES) the run used. */
  tolerated?: string[];
}

export interface SuiteTotals {
  total: number;
  pass: number;
  fail: number;
  unsupported: number;
  'expected-difference': number;
  /** Failures listed as simulator gaps (counted in `fail`). */
  knownGaps: number;
}

export interface SuiteReport {
  scripts: ScriptReport[];
  totals: SuiteTotals;
}

export interface ScriptFile {
  path: string;
  text: string;
}

/** One script's verdict; `runWithResult` also gives the run itself (its events, for a Trace). */
export function runFile(file: ScriptFile, options: RunOptions = {}): ScriptReport {
  return runWithResult(file, options).report;
}

export function runWithResult(file: ScriptFile, options: RunOptions = {}): { report: ScriptReport; result: RunResult } {
  const result = new ScriptRun(parseScript(file.text), options).run();
  const report: ScriptReport = { path: file.path, status: result.status };
  for (const key of ['line', 'column', 'expected', 'got', 'reason'] as const) {
    const value = result[key];
    if (value !== undefined) (report as unknown as Record<string, unknown>)[key] = value;
  }
  if (result.differences.length > 0) report.tolerated = result.differences;
  if (result.status === 'fail') {
    const entry = explain(file.path, result, options.profile ?? 'linux');
    if (entry) {
      report.difference = entry.id;
      if (entry.kind === 'stack') report.status = 'expected-difference';
    }
  }
  return { report, result };
}

export function runSuite(files: readonly ScriptFile[], options: RunOptions = {}): SuiteReport {
  const scripts = files.map((file) => runFile(file, options));
  const totals: SuiteTotals = {
    total: scripts.length,
    pass: 0,
    fail: 0,
    unsupported: 0,
    'expected-difference': 0,
    knownGaps: 0,
  };
  for (const s of scripts) {
    totals[s.status]++;
    if (s.status === 'fail' && s.difference) totals.knownGaps++;
  }
  return { scripts, totals };
}
