// The commands themselves: each returns the JSON value to print or throws a CliError.
import type { Scenario } from '../../src/scenario/schema';
import { parseScenario } from '../../src/scenario/validate';
import type { SimOptions } from '../../src/sim';
import type { LocalizedText, Trace } from '../../src/trace/types';
import { diffTraces, type TraceDiff } from '../../src/trace/diff';
import { captureToTrace, parseCapture, streamCaptureTrace } from '../../src/trace/import';
import type { CaptureSummary } from '../../src/trace/import';
import { traceJsonStream, writeTraceJson } from './json-stream';
import { parseTrace, type Problem } from '../../src/trace/validate';
import type { CaptureOptions, SimulateOptions } from './args';
import { FailureError, UsageError } from './errors';
import type { CliIo } from './io';
import { closest } from './suggest';

export interface CliDeps {
  scenarios: readonly Scenario[];
  simulate(scenario: Scenario, options: SimOptions): Trace;
  /** Thrown by simulate() for a scenario it cannot run; reported as a failure, not a crash. */
  isSimulationError(error: unknown): boolean;
  bench(): Promise<unknown>;
  /**
   * Starts the app and the bridge on 127.0.0.1 (bridge/serve.ts), calls onListening with the URL,
   * and resolves once it has stopped (SIGINT/SIGTERM). Absent where there is no bridge (tests).
   */
  serve?(port: number, onListening: (url: string) => void): Promise<void>;
  /**
   * Runs a scenario on real sockets (bridge/runner): under its own link in network namespaces when
   * permitted, else (or with `loopback`) on loopback; resolves with its Trace; throws an Error
   * whose message says why when it cannot run. Absent where there is no bridge (tests).
   */
  capture?(scenario: Scenario, options: { portOffset?: number; loopback?: boolean }): Promise<Trace>;
  /** Writes a file, creating the directories it sits in. */
  writeTextFile?(path: string, text: string): Promise<void>;
  /** The same for bytes (export's pcapng). */
  writeBinaryFile?(path: string, bytes: Uint8Array): Promise<void>;
}

export interface ScenarioListing {
  id: string;
  title: LocalizedText;
  concepts: string[];
}

export function listScenarios(scenarios: readonly Scenario[]): ScenarioListing[] {
  return scenarios.map((s) => ({ id: s.id, title: { en: s.title.en, fr: s.title.fr }, concepts: [...s.concepts] }));
}

/** A target is a file when it looks like a path: scenario ids hold neither dots nor slashes. */
export function isFileTarget(target: string): boolean {
  return /[./\\]/.test(target);
}

export async function loadScenario(target: string, deps: CliDeps, io: CliIo): Promise<Scenario> {
  if (!isFileTarget(target)) {
    const found = deps.scenarios.find((s) => s.id === target);
    if (found !== undefined) return found;
    const suggestion = closest(
      target,
      deps.scenarios.map((s) => s.id),
    );
    const hint = suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
    throw new UsageError(`unknown scenario "${target}"${hint} (run "scenarios" for the list)`);
  }
  const result = parseScenario(await io.readTextFile(target));
  if (result.ok) return result.scenario;
  throw new FailureError(describeProblems(target, result.problems, 'invalid scenario'));
}

/** "FILE: PATH: message (and N more)": the first problem of a file and how many others. */
function describeProblems(file: string, problems: readonly Problem[], fallback: string): string {
  const [first, ...others] = problems;
  const more = others.length > 0 ? ` (and ${others.length} more)` : '';
  return `${file}: ${first?.path ?? '$'}: ${first?.message ?? fallback}${more}`;
}

export function toSimOptions(options: SimulateOptions): SimOptions {
  const sim: SimOptions = {};
  if (options.seed !== undefined) sim.seed = options.seed;
  if (options.profile !== undefined) sim.profile = options.profile;
  if (options.lossProbability !== undefined || options.latencyMs !== undefined) {
    sim.link = {};
    if (options.lossProbability !== undefined) sim.link.lossProbability = options.lossProbability;
    if (options.latencyMs !== undefined) sim.link.latencyMs = options.latencyMs;
  }
  return sim;
}

export async function simulateCommand(
  target: string,
  options: SimulateOptions,
  deps: CliDeps,
  io: CliIo,
): Promise<Trace> {
  const scenario = await loadScenario(target, deps, io);
  try {
    return deps.simulate(scenario, toSimOptions(options));
  } catch (error) {
    if (deps.isSimulationError(error)) {
      throw new FailureError(`simulation of ${scenario.id} failed: ${(error as Error).message}`);
    }
    throw error;
  }
}

/** `capture`: the real Trace of a scenario, also written to --out when given. */
export async function captureCommand(
  target: string,
  options: CaptureOptions,
  deps: CliDeps,
  io: CliIo,
): Promise<Trace> {
  const scenario = await loadScenario(target, deps, io);
  const trace = await runCapture(scenario, options, deps);
  if (options.out !== undefined) {
    if (deps.writeTextFile === undefined) throw new FailureError('--out is not available in this build');
    await deps.writeTextFile(options.out, `${JSON.stringify(trace)}\n`);
  }
  return trace;
}

async function runCapture(scenario: Scenario, options: CaptureOptions, deps: CliDeps): Promise<Trace> {
  if (deps.capture === undefined) throw new FailureError('capture is not available in this build');
  try {
    return await deps.capture(scenario, {
      ...(options.portOffset === undefined ? {} : { portOffset: options.portOffset }),
      ...(options.loopback === true ? { loopback: true } : {}),
    });
  } catch (error) {
    throw new FailureError(`real run of ${scenario.id} failed: ${(error as Error).message}`);
  }
}

export interface CompareResult extends TraceDiff {
  scenario: string;
  /** What the real run could not reproduce, and how it ran (capture rights, kernel). */
  real: Record<string, unknown>;
}

/**
 * `compare`: simulate (profile linux, the scenario's seed) and capture, then diff the two. With
 * --out DIR the two traces compared and the report are written there, so anyone can check the verdict.
 */
export async function compareCommand(
  target: string,
  options: CaptureOptions,
  deps: CliDeps,
  io: CliIo,
): Promise<CompareResult> {
  const scenario = await loadScenario(target, deps, io);
  const simulated = await simulateCommand(target, { profile: 'linux' }, deps, io);
  const real = await runCapture(scenario, options, deps);
  const report: CompareResult = { scenario: scenario.id, ...diffTraces(simulated, real), real: real.meta };
  if (options.out !== undefined) {
    const write = deps.writeTextFile;
    if (write === undefined) throw new FailureError('--out is not available in this build');
    const dir = options.out.replace(/[/\\]+$/, '') || '/';
    const path = (name: string): string => (dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`);
    try {
      await write(path('sim.json'), `${JSON.stringify(simulated)}\n`);
      await write(path('real.json'), `${JSON.stringify(real)}\n`);
      await write(path('report.json'), `${JSON.stringify(report, null, 2)}\n`);
    } catch (error) {
      throw new FailureError(`--out ${options.out}: cannot write (${(error as Error).message})`);
    }
  }
  return report;
}

export interface ImportResult {
  trace: Trace;
  /** Set when the capture is cut short: one line for stderr ("FILE: cut at byte N: why"); exit status 1. */
  cut?: string;
}

/** A Trace JSON as text must fit one JavaScript string with room to parse it (as in the app). */
const maxTraceJsonBytes = 256 * 1024 * 1024;

const captureMagics = new Set([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a]);

/** True when the file starts like a pcap (either byte order, µs or ns) or a pcapng section. */
export function isCaptureFile(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const magic = (((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) >>> 0;
  return captureMagics.has(magic);
}

/**
 * `import`: a pcap or pcapng capture (told by its magic number, not its name) as a Trace with
 * inferred states, or a Trace JSON checked against the schema. A capture cut short still gives
 * the Trace of the packets before the cut, with `cut` set.
 */
export async function importCommand(file: string, names: Record<string, string>, io: CliIo): Promise<ImportResult> {
  const bytes = await io.readBinaryFile(file);
  if (isCaptureFile(bytes)) {
    const capture = parseCapture(bytes);
    const trace = captureToTrace(capture, { fileName: baseName(file), names });
    return capture.error === undefined ? { trace } : { trace, cut: cutLine(file, capture) };
  }
  return { trace: readTraceJson(file, bytes, names) };
}

/**
 * `import` to stdout: a capture's Trace JSON written as its events are made (streamCaptureTrace,
 * issue 15 finding 8: neither the decoded packets, nor the events, nor the text are ever held
 * whole), a Trace JSON checked and written back. Returns the cut line when the capture is cut short.
 */
export async function printImport(file: string, names: Record<string, string>, io: CliIo): Promise<string | undefined> {
  const bytes = await io.readBinaryFile(file);
  if (!isCaptureFile(bytes)) {
    writeTraceJson(readTraceJson(file, bytes, names), (text) => io.stdout(text));
    io.stdout('\n');
    return undefined;
  }
  const out = traceJsonStream((text) => io.stdout(text));
  const summary = streamCaptureTrace(bytes, { fileName: baseName(file), names }, out);
  out.end();
  io.stdout('\n');
  return summary.error === undefined ? undefined : cutLine(file, summary);
}

const baseName = (file: string): string => file.split(/[/\\]/).pop() ?? file;

/** "FILE: cut at byte N: why", for stderr. */
function cutLine(file: string, capture: Pick<CaptureSummary, 'error'>): string {
  const error = capture.error;
  return error === undefined ? '' : `${file}: cut at byte ${error.offset}: ${error.message}`;
}

/** A Trace JSON file, checked against the schema (`names` apply to captures only). */
function readTraceJson(file: string, bytes: Uint8Array, names: Record<string, string>): Trace {
  if (Object.keys(names).length > 0) {
    throw new UsageError(`${file}: --name applies to a pcap or pcapng capture, not to a Trace JSON`);
  }
  if (bytes.length > maxTraceJsonBytes) {
    throw new FailureError(
      `${file}: too large for a Trace JSON (${bytes.length} bytes; at most ${maxTraceJsonBytes / 1024 / 1024} MiB)`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new FailureError(`${file}: not a pcap or pcapng capture, nor a Trace JSON (not UTF-8 text)`);
  }
  if (!/^\s*[{[]/.test(text)) {
    throw new FailureError(`${file}: not a pcap or pcapng capture, nor a Trace JSON (${describeStart(bytes)})`);
  }
  const checked = parseTrace(text);
  if (!checked.ok) throw new FailureError(describeProblems(file, checked.problems, 'invalid trace'));
  return checked.trace;
}

function describeStart(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'the file is empty';
  const hex = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `it starts with bytes ${hex}`;
}

/** `serve`: one line on stdout, the URL with its token, then runs until stopped. */
export async function serveCommand(port: number, deps: CliDeps, io: CliIo): Promise<void> {
  if (deps.serve === undefined) throw new FailureError('serve is not available in this build');
  try {
    await deps.serve(port, (url) => io.stdout(`${url}\n`));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE') {
      throw new FailureError(`port ${port} on 127.0.0.1 is already in use; pass --port N (0 picks a free port)`);
    }
    if (code === 'EACCES') throw new FailureError(`not permitted to listen on port ${port}; use a port from 1024`);
    throw error;
  }
}
