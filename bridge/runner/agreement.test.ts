// The simulator and the real-socket runner agree: for every built-in lesson the bridge can run
// (runnability(), as `capture` and the bridge decide), runner.py is run for real on loopback
// (no tcpdump, no root) and its call/return/note events are compared, thread by thread, with
// those of simulate(): which socket calls, in which order, on which descriptors, with which
// arguments, and what each returned (descriptors, byte counts, data) or which errno it failed with.
// Only what the real kernel may legitimately do differently is left out (see `canonical`).
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { builtinScenarios } from '../../src/scenario/library';
import { fillNote, programNotes } from '../../src/scenario/program-notes';
import type { LinkOptions, Scenario, Step } from '../../src/scenario/schema';
import { validateScenario } from '../../src/scenario/validate';
import { simulate } from '../../src/sim';
import type { TraceEvent } from '../../src/trace/types';
import { loopbackPlan } from '../limits';
import type { RunnerEvent } from './merge';
import { PythonRunner, runnerPath, runnerNotes } from './python';
import cornersJson from './fixtures/agreement-corners.json';
import { runnability } from './run-scenario';

const python = findPython();
const lessons = builtinScenarios.filter((s) => runnability(s).runnable);
/** The step semantics no lesson reaches (leftovers, frames, data forms, onError, notes). */
const corners = checked(cornersJson);
const runnable = [...lessons, corners];

function checked(json: unknown): Scenario {
  const result = validateScenario(json);
  if (!result.ok) throw new Error(`agreement-corners.json: ${JSON.stringify(result.problems[0])}`);
  return result.scenario;
}

function findPython(): { ok: true } | { ok: false; reason: string } {
  const probe = spawnSync('python3', ['-c', 'import sys; sys.exit(0 if sys.version_info >= (3, 7) else 1)']);
  if (probe.error !== undefined) return { ok: false, reason: `python3 cannot be started: ${probe.error.message}` };
  if (probe.status !== 0) return { ok: false, reason: 'python3 is older than 3.7, which runner.py needs' };
  return { ok: true };
}

/** Skips, saying why, where there is no Python 3: the agreement is then unchecked, not passed. */
function needPython(context: TestContext): void {
  if (!python.ok) context.skip(`runner.py cannot run here: ${python.reason}`);
}

/** Runs `code` with runner.py importable as `runner` (-B: no __pycache__ in the tree); its stdout. */
function withRunner(code: readonly string[], input: unknown): string {
  const header = ['import json, sys', 'sys.path.insert(0, sys.argv[1])', 'import runner'];
  const args = ['-B', '-c', [...header, ...code].join('\n'), dirname(runnerPath)];
  const run = spawnSync('python3', args, { input: JSON.stringify(input), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr || String(run.error)}`);
  return run.stdout;
}

// ---- the two runs ------------------------------------------------------------------------------

/** Loopback loses, duplicates and reorders nothing (runnability's caveats): nor does the simulation here. */
function asOnLoopback(scenario: Scenario): Scenario {
  const copy = structuredClone(scenario);
  const calm = (options: LinkOptions): LinkOptions => ({
    ...options,
    lossProbability: 0,
    duplicateProbability: 0,
    reorderProbability: 0,
  });
  if (copy.faults !== undefined) copy.faults = copy.faults.filter((fault) => fault.type !== 'drop');
  if (copy.link !== undefined) copy.link = calm(copy.link);
  copy.links = copy.links?.map((link) => ({ ...link, options: calm(link.options) }));
  if (copy.links === undefined) delete copy.links;
  return copy;
}

async function runForReal(scenario: Scenario, portOffset: number): Promise<RunnerEvent[]> {
  const plan = loopbackPlan(scenario);
  const events: RunnerEvent[] = [];
  const runner = new PythonRunner(
    {
      scenario,
      addresses: Object.fromEntries(plan.hosts),
      scenarioAddresses: Object.fromEntries(plan.addresses),
      portOffset,
      timeLimitS: runnability(scenario).timeLimitS,
    },
    (e) => events.push(e),
  );
  await runner.ready;
  runner.go();
  const end = await runner.ended;
  if (end.reason === 'crashed' || end.reason === 'time limit') {
    throw new Error(`runner.py ${end.reason}: ${runner.lastError() || 'no message'}`);
  }
  return events.sort((a, b) => a.t - b.t);
}

/** Every port a step names, as runner.py's scenario_ports() shifts them. */
function scenarioPorts(scenario: Scenario): Set<number> {
  const ports = new Set<number>();
  const walk = (steps: readonly Step[]): void => {
    for (const step of steps) {
      if ((step.op === 'bind' || step.op === 'connect' || step.op === 'sendto') && step.port) ports.add(step.port);
      if (step.op === 'repeat' || step.op === 'loop') walk(step.steps);
      if (step.op === 'accept' && step.spawn) walk(step.spawn);
    }
  };
  for (const program of scenario.programs) walk(program.steps);
  return ports;
}

/**
 * One port offset per lesson, so the lessons run side by side: their ports are disjoint, below
 * the other bridge tests' (20000 and up) and the ephemeral range, and free by runner.py's own
 * test (port_is_free: no socket in any state, TIME-WAIT of an earlier run included).
 */
function freeOffsets(scenarios: readonly Scenario[]): number[] {
  const code = [
    'import random',
    'used, offsets = set(), []',
    'for ports in json.load(sys.stdin):',
    '    for _ in range(2000):',
    '        offset = random.randrange(8000, 15000)',
    '        shifted = [p + offset for p in ports]',
    '        if not used.intersection(shifted) and all(runner.port_is_free(p) for p in shifted):',
    '            break',
    '    else:',
    '        sys.exit("no free ports")',
    '    used.update(shifted)',
    '    offsets.append(offset)',
    'print(json.dumps(offsets))',
  ];
  return JSON.parse(
    withRunner(
      code,
      scenarios.map((s) => [...scenarioPorts(s)]),
    ),
  ) as number[];
}

// ---- what is compared --------------------------------------------------------------------------

type ApiEvent = Extract<TraceEvent, { kind: 'call' | 'return' | 'note' }>;

/** How a real run names what the scenario names: loopback addresses, ports shifted by the offset. */
interface Naming {
  /** Loopback address -> the scenario's address (the inverse of loopbackPlan). */
  address: (addr: string) => string;
  /** A real port -> the scenario's port, or '*' for a port the kernel chose. */
  port: (port: number) => number | '*';
}

function simNaming(scenario: Scenario): Naming {
  const ports = scenarioPorts(scenario);
  return { address: (addr) => addr, port: (port) => (port === 0 || ports.has(port) ? port : '*') };
}

function realNaming(scenario: Scenario, offset: number): Naming {
  const plan = loopbackPlan(scenario);
  const back = new Map(scenario.hosts.map((h) => [plan.hosts.get(h.name), h.addr]));
  const ports = scenarioPorts(scenario);
  return {
    address: (addr) => back.get(addr) ?? addr,
    port: (port) => (port === 0 ? 0 : ports.has(port - offset) ? port - offset : '*'),
  };
}

/** `addr`, `port`, `peer` and `from` in the scenario's terms; everything else as it is. */
function renamed(value: unknown, naming: Naming): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key === 'addr' && typeof field === 'string') out[key] = naming.address(field);
    else if (key === 'port' && typeof field === 'number') out[key] = naming.port(field);
    else if ((key === 'peer' || key === 'from') && typeof field === 'string') {
      const [addr = '', port = ''] = field.split(':');
      out[key] = `${naming.address(addr)}:${naming.port(Number(port))}`;
    } else out[key] = field;
  }
  return out;
}

/** The thread an event belongs to, from its step path (a trace names no threads). */
function threadOf(scenario: Scenario, event: ApiEvent): string {
  if (event.step === undefined) return `${event.host}: process exit`;
  const [program = 0, ...rest] = event.step.split('.').map(Number);
  let steps: readonly Step[] = scenario.programs[program]?.steps ?? [];
  let path = String(program);
  let spawnedAt: string | undefined;
  let step: Step | undefined;
  for (const index of rest) {
    if (step?.op === 'repeat' || step?.op === 'loop') steps = step.steps;
    else if (step?.op === 'accept') [spawnedAt, steps] = [path, step.spawn ?? []];
    else if (step !== undefined) steps = [];
    step = steps[index];
    path = `${path}.${index}`;
  }
  if (spawnedAt === undefined) return `${event.host}: program ${program}`;
  // Threads spawned by one accept run the same step paths: told apart by their descriptor, but
  // what they send to the others of a group, and their notes, are a set (timing orders them).
  if (step?.op === 'sendgroup') return `${event.host}: sendgroup ${path} of threads spawned at ${spawnedAt}`;
  if (event.kind === 'note') return `${event.host}: notes of threads spawned at ${spawnedAt}`;
  return `${event.host}: thread spawned at ${spawnedAt} for descriptor ${event.socket}`;
}

/** Threads whose events are compared as a set, not a sequence. */
const unordered = (thread: string): boolean => / (sendgroup|notes) /.test(thread);

const alreadyRead = programNotes.alreadyRead.en;

/** Per thread, the events that must agree, one line each, in the scenario's terms. */
function canonical(scenario: Scenario, events: readonly TraceEvent[], naming: Naming): Record<string, string[]> {
  const threads: Record<string, ApiEvent[]> = {};
  for (const event of events) {
    if (event.kind !== 'call' && event.kind !== 'return' && event.kind !== 'note') continue;
    // Whether a message was already read follows how the stream was cut into reads (below).
    if (event.kind === 'note' && event.text.en === alreadyRead) continue;
    (threads[threadOf(scenario, event)] ??= []).push(event);
  }
  const lines: Record<string, string[]> = {};
  for (const [thread, list] of Object.entries(threads).sort(([a], [b]) => a.localeCompare(b))) {
    if (unordered(thread)) {
      lines[thread] = paired(list, naming).sort();
      continue;
    }
    const streams = new Map<number, Stream>();
    const described: string[] = [];
    for (const event of list) if (!read(event, streams)) described.push(line(event, naming));
    for (const [fd, stream] of [...streams].sort(([a], [b]) => a - b)) described.push(received(fd, stream));
    lines[thread] = described;
  }
  return lines;
}

/** Each call with what it returned, as one line: for events compared as a set. */
function paired(list: readonly ApiEvent[], naming: Naming): string[] {
  const out: string[] = [];
  const waiting = new Map<string, number[]>(); // "fd call" -> where its calls without a return are
  for (const event of list) {
    if (event.kind === 'note') {
      out.push(line(event, naming));
      continue;
    }
    const key = `${event.socket} ${event.call}`;
    const calls = waiting.get(key) ?? [];
    waiting.set(key, calls);
    if (event.kind === 'call') {
      calls.push(out.length);
      out.push(line(event, naming));
      continue;
    }
    const at = calls.shift();
    if (at === undefined) out.push(line(event, naming));
    else out[at] = `${out[at] ?? ''} = ${outcome(event, naming)}`;
  }
  return out;
}

/** The bytes recv() returned on one descriptor, in order, as far as the trace keeps them. */
interface Stream {
  bytes: number;
  known: Buffer[];
  cut: boolean;
}

/**
 * How a byte stream is cut into recv() calls follows timing and the MSS (65483 on loopback), and
 * bytes read past a delimiter move from one step's reads to the next: a thread's reads with data
 * are compared as the stream they make on each descriptor. End of stream and errors stay in order.
 */
function read(event: ApiEvent, streams: Map<number, Stream>): boolean {
  if (event.kind === 'note' || event.call !== 'recv') return false;
  if (event.kind === 'call') return true;
  const result = event.result as { bytes?: unknown; payload?: unknown } | undefined;
  if (event.errno !== undefined || typeof result?.bytes !== 'number' || result.bytes === 0) return false;
  const payload = Buffer.from(typeof result.payload === 'string' ? result.payload : '', 'base64');
  let stream = streams.get(event.socket);
  if (stream === undefined) streams.set(event.socket, (stream = { bytes: 0, known: [], cut: false }));
  stream.bytes += result.bytes;
  if (!stream.cut) stream.known.push(payload);
  stream.cut ||= payload.length < result.bytes;
  return true;
}

/** Payloads are cut at 256 bytes: both sides know at least the first 256 bytes of a stream. */
function received(fd: number, stream: Stream): string {
  const start = [...Buffer.concat(stream.known).subarray(0, 256)].map(printable).join('');
  return `received on ${fd}: ${stream.bytes} bytes, starting "${start}"`;
}

/** ASCII as it is, any other byte (and the backslash) as \xNN. */
function printable(byte: number): string {
  return byte >= 0x20 && byte < 0x7f && byte !== 0x5c
    ? String.fromCharCode(byte)
    : `\\x${byte.toString(16).padStart(2, '0')}`;
}

function outcome(event: Extract<ApiEvent, { kind: 'return' }>, naming: Naming): string {
  return event.errno ?? JSON.stringify(renamed(event.result, naming));
}

function line(event: ApiEvent, naming: Naming): string {
  switch (event.kind) {
    case 'call':
      return `call ${event.call}(${event.socket}) ${JSON.stringify(renamed(event.args, naming))}`;
    case 'return':
      return `return ${event.call}(${event.socket}) = ${outcome(event, naming)}`;
    case 'note':
      return `note ${event.text.en} | ${event.text.fr}`;
  }
}

// ---- the checks --------------------------------------------------------------------------------

describe('runner.py and simulate() agree', () => {
  it('runs every lesson but two, which loopback cannot reproduce, and the corners too', () => {
    expect(runnability(corners).reasons).toEqual([]);
    const refused = builtinScenarios.filter((s) => !runnability(s).runnable);
    // keepalive: its server crashes (packets vanish without FIN or RST); udp-discovery: a broadcast.
    expect(refused.map((s) => s.id)).toEqual(['keepalive', 'udp-discovery']);
    for (const scenario of refused) expect(runnability(scenario).reasons).not.toEqual([]);
  });

  it('fills the note templates as the simulator does', (context) => {
    needPython(context);
    const templates = { ...programNotes, ...runnerNotes };
    const values = { length: 16_777_217, call: 'recv', errno: 'ECONNRESET', descriptors: '3, 4', error: 'x' };
    const filled = withRunner(
      [
        'templates, values = json.load(sys.stdin)',
        "print(json.dumps({k: {l: runner.fill(t[l], values) for l in ('en', 'fr')} for k, t in templates.items()}))",
      ],
      [templates, values],
    );
    const expected = Object.fromEntries(Object.entries(templates).map(([name, t]) => [name, fillNote(t, values)]));
    expect(JSON.parse(filled)).toEqual(expected);
  });

  describe.concurrent('each program: the same calls, results and errno values, thread by thread', () => {
    const offsets = new Map<string, number>();
    beforeAll(() => {
      if (python.ok) freeOffsets(runnable).forEach((offset, i) => offsets.set(runnable[i]?.id ?? '', offset));
    });
    for (const scenario of runnable) {
      it(
        scenario.id,
        async (context) => {
          needPython(context);
          const offset = offsets.get(scenario.id) ?? 0;
          const real = await runForReal(scenario, offset);
          const simulated = canonical(
            scenario,
            simulate(asOnLoopback(scenario), { profile: 'linux' }).events,
            simNaming(scenario),
          );
          expect(Object.keys(simulated)).not.toEqual([]);
          expect(canonical(scenario, real, realNaming(scenario, offset)), `port offset ${offset}`).toEqual(simulated);
        },
        60_000,
      );
    }
  });
});
