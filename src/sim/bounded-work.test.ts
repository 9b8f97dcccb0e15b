// Work in proportion to the input: the run's bound on executed steps, and framed reads linear in
// the bytes read (checked for correctness on 1 MB with chunks and delimiters that straddle them).
import { describe, expect, it } from 'vitest';
import { findScenario } from '../scenario/library';
import { scenarioLimits } from '../scenario/limits';
import type { Scenario, Step } from '../scenario/schema';
import { concatBytes, utf8Encode } from './bytes';
import type { Blocking, Kernel, Result } from './kernel';
import { runSteps, type Runtime, type Value } from './program';
import { simulate, SimulationError } from './simulator';

describe('executed steps', () => {
  it('three nested repeats of 100,000 with an empty body end with a SimulationError', () => {
    const scenario = structuredClone(findScenario('tcp-echo')) as Scenario;
    const spin: Step = {
      op: 'repeat',
      times: 100_000,
      steps: [{ op: 'repeat', times: 100_000, steps: [{ op: 'repeat', times: 100_000, steps: [] }] }],
    };
    scenario.programs[0]?.steps.unshift(spin);
    let thrown: unknown;
    try {
      simulate(scenario);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SimulationError);
    expect((thrown as Error).message).toContain(
      `the run executed more than ${scenarioLimits.maxExecutedSteps} steps (every loop iteration counted), at step 0.0`,
    );
  }, 20_000);

  it('the lessons stay far below the bound', () => {
    expect(simulate(structuredClone(findScenario('tcp-echo-loop')) as Scenario).events.length).toBeGreaterThan(0);
  });
});

/** A stream of bytes handed out by recv() in chunks of at most `max`, never blocking. */
function runtimeOver(stream: Uint8Array): Runtime & { vars: Map<string, Value>; recvCalls: number } {
  let at = 0;
  const state = { recvCalls: 0 };
  const kernel = {
    *recv(_fd: number, max: number): Blocking<Result<{ length: number; bytes: () => Uint8Array }>> {
      state.recvCalls += 1;
      const part = stream.slice(at, at + max);
      at += part.length;
      return { ok: true, value: { length: part.length, bytes: () => part } };
    },
  } as unknown as Kernel;
  const vars = new Map<string, Value>([['conn', { kind: 'socket', fd: 3 }]]);
  return {
    kernel,
    leftovers: new Map(),
    groups: new Map(),
    spawn: () => {},
    setStep: () => {},
    countStep: () => {},
    own: () => {},
    disown: () => {},
    note: () => {},
    vars,
    get recvCalls() {
      return state.recvCalls;
    },
  };
}

function run(rt: Runtime & { vars: Map<string, Value> }, steps: Step[]): void {
  const thread = runSteps(rt, steps, '0', rt.vars, 0);
  expect(thread.next(false).done).toBe(true);
}

/** Byte equality without a deep comparison of a million elements. */
function expectSame(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length);
  let differences = 0;
  for (let i = 0; i < expected.length; i++) if (actual[i] !== expected[i]) differences += 1;
  expect(differences).toBe(0);
}

function bytesOf(rt: { vars: Map<string, Value> }, name: string): Uint8Array {
  const value = rt.vars.get(name);
  if (value?.kind !== 'bytes') throw new Error(`${name} holds no bytes`);
  return value.data;
}

const megabyte = 1_000_000;

describe('recvuntil', () => {
  it('reads a 1 MB line in 1,000-byte chunks, delimiter across two chunks, and keeps the rest', () => {
    const line = new Uint8Array(megabyte - 1).fill(0x61);
    // The 2-byte delimiter starts at the last byte of a chunk: found only with the overlap.
    const rt = runtimeOver(concatBytes([line, Uint8Array.of(0x0d, 0x0a, 0x62, 0x0d, 0x0a)]));
    run(rt, [
      { op: 'recvuntil', socket: 'conn', delimiter: '\r\n', chunk: 1000, as: 'first' },
      { op: 'recvuntil', socket: 'conn', delimiter: '\r\n', chunk: 1000, as: 'second' },
    ]);
    expectSame(bytesOf(rt, 'first'), line);
    expect(bytesOf(rt, 'second')).toEqual(utf8Encode('b'));
    expect(rt.recvCalls).toBe(1001);
    expect(rt.leftovers.get(3)).toEqual(new Uint8Array(0));
  });

  it('finds every delimiter at every chunk boundary, as one search over the whole stream would', () => {
    const text = 'ab--cd---ef----g-';
    for (const delimiter of ['-', '--', '---', 'cd-', 'g-']) {
      for (let chunk = 1; chunk <= 6; chunk++) {
        const rt = runtimeOver(utf8Encode(text));
        run(rt, [{ op: 'recvuntil', socket: 'conn', delimiter, chunk, as: 'got' }]);
        const end = text.indexOf(delimiter);
        expect(new TextDecoder().decode(bytesOf(rt, 'got'))).toBe(text.slice(0, end));
        const kept = new TextDecoder().decode(rt.leftovers.get(3));
        expect(text.startsWith(kept, end + delimiter.length)).toBe(true);
      }
    }
  });
});

describe('recvexact and recvframe', () => {
  it('read 1 MB in 1,000-byte chunks and a 1 MB frame, joined once', () => {
    const body = Uint8Array.from({ length: megabyte }, (_, i) => i & 0xff);
    const header = [(megabyte >>> 24) & 255, (megabyte >>> 16) & 255, (megabyte >>> 8) & 255, megabyte & 255];
    const rt = runtimeOver(concatBytes([body, Uint8Array.from(header), body, Uint8Array.of(7)]));
    run(rt, [
      { op: 'recvexact', socket: 'conn', bytes: megabyte, chunk: 1000, as: 'exact' },
      { op: 'recvframe', socket: 'conn', as: 'frame' },
    ]);
    expectSame(bytesOf(rt, 'exact'), body);
    expectSame(bytesOf(rt, 'frame'), body);
    expect(rt.leftovers.get(3)).toEqual(new Uint8Array(0)); // the frame's read asks for its length exactly
  });
});
