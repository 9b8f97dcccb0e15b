// The columns a trace's events cross from the import worker to the page in: what the page builds
// is the worker's events exactly (the same JSON, byte for byte, and deep-equal), for every
// built-in lesson, the capture fixtures and a big bulk capture, sliced as the worker slices them
// and cloned as postMessage clones them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenario/library';
import { simulate } from '../../sim';
import { importCapture } from '../../trace/import';
import type { TraceEvent } from '../../trace/types';
import { EventPacker, EventUnpacker, packedBuffers } from './event-columns';
import { literalFor, literalShapes } from './event-literals';
import { bulkCapture, twoConnectionCapture } from './test-captures';

/** The events as the page gets them: packed in slices of `size`, each structured-cloned, unpacked. */
function roundTrip(events: readonly TraceEvent[], size = 4000): TraceEvent[] {
  const packer = new EventPacker();
  const unpacker = new EventUnpacker();
  const out: TraceEvent[] = [];
  for (let at = 0; at < events.length; at += size) {
    const slice = packer.pack(events, at, Math.min(events.length, at + size));
    unpacker.unpack(structuredClone(slice, { transfer: packedBuffers(slice) }), out);
  }
  return out;
}

function expectSame(events: readonly TraceEvent[], size?: number): TraceEvent[] {
  const out = roundTrip(events, size);
  expect(JSON.stringify(out)).toBe(JSON.stringify(events));
  expect(out).toStrictEqual(events);
  return out;
}

const fixtures = join(import.meta.dirname, '../../trace/import/fixtures');

describe('event columns', () => {
  it('give back every built-in lesson’s events, in slices of any size', () => {
    for (const scenario of builtinScenarios) {
      const { events } = simulate(scenario, { seed: scenario.seed });
      expectSame(events);
      expectSame(events, 7);
    }
  });

  it('give back the capture fixtures’ events', () => {
    for (const name of readdirSync(fixtures).filter((file) => /\.pcap(ng)?$/.test(file))) {
      const trace = importCapture(new Uint8Array(readFileSync(join(fixtures, name))), { fileName: name });
      expectSame(trace.events, 100);
    }
    expectSame(importCapture(twoConnectionCapture(), { fileName: 'two.pcap' }).events, 5);
  });

  it('share a big capture’s small values across slices', () => {
    const { events } = importCapture(bulkCapture(20_001), { fileName: 'bulk.pcap' });
    const out = expectSame(events);
    const segments = out.filter((event) => event.kind === 'segment');
    // (A string's sharing cannot be seen from JavaScript.) One empty options object for all, one
    // flag list per combination.
    expect(new Set(segments.map((segment) => segment.options)).size).toBe(1);
    const combinations = new Set(segments.map((segment) => segment.flags.join()));
    expect(new Set(segments.map((segment) => segment.flags)).size).toBe(combinations.size);
  });

  it('build each literal shape with its keys in its order and its values in place', () => {
    for (const shape of literalShapes) {
      const keys = shape.split(',');
      const event = literalFor(keys)?.(keys.map((key) => `${key}!`)) as Record<string, unknown>;
      expect(Object.entries(event)).toEqual(keys.map((key) => [key, `${key}!`]));
    }
    expect(literalFor(['t', 'kind'])).toBeUndefined();
  });

  it('keep what JSON cannot say: undefined, -0, NaN, long texts, unshared values, key order', () => {
    const long = 'x'.repeat(500);
    const odd = [
      {
        t: 0,
        kind: 'note',
        text: { en: long, fr: 'b' },
        extra: undefined,
        zero: -0,
        nan: Number.NaN,
        wide: [2 ** 40, 1.5, 2 ** 31, -(2 ** 31)],
      },
      {
        t: 1,
        kind: 'note',
        text: { en: 'a', fr: 'b' },
        list: [1, undefined, -0],
        when: new Date(5),
        at: 2 ** 40 + 0.5,
      },
      { t: 2, kind: 'note', text: { en: 'a', fr: 'b' }, 2: 'two', 1: true, b: false, n: null },
      { t: 3, kind: 'note', text: { en: 'a', fr: 'b' }, ['__proto__']: { own: 1 } },
    ] as unknown as TraceEvent[];
    const out = roundTrip(odd, 3);
    expect(out).toStrictEqual(odd);
    expect(out.map((event) => Object.keys(event))).toEqual(odd.map((event) => Object.keys(event)));
    expect(Object.is((out[0] as unknown as { zero: number }).zero, -0)).toBe(true);
    expect(Object.getPrototypeOf(out[3])).toBe(Object.prototype);
    expect(Object.hasOwn(out[3] as object, '__proto__')).toBe(true);
  });
});
