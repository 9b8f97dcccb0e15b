// Stepped queries (memo.ts perTraceInSteps): worked out a chunk at a time, resumed by whoever asks
// next, they give what the query gives at once, and keep it.
import { describe, expect, it } from 'vitest';
import { importCapture } from '../import';
import { bulkCapture } from '../../ui/capture/test-captures';
import type { Trace } from '../types';
import { callPartners, eventOwners, hostTransports, initialStates, packetIndex, segmentRoles, stateBefore } from '.';
import { congestionSeries, shownCursors, shownCursorsInSteps, stepIndices } from '.';
import { perTraceInSteps, stepEvents, type SteppedQuery, type Steps } from './memo';

const big = (): Trace => importCapture(bulkCapture(40_001), { fileName: 'bulk.pcap' });

/** Runs `steps` to the end, counting its pauses. */
function drain<T>(steps: Steps<T>): { value: T; pauses: number } {
  let pauses = 0;
  for (;;) {
    const next = steps.next();
    if (next.done === true) return { value: next.value, pauses };
    pauses++;
  }
}

describe('perTraceInSteps', () => {
  it('pauses every stepEvents events, and a caller asking meanwhile finishes what was begun', () => {
    let derived = 0;
    const count = perTraceInSteps(function* (trace: Trace): Steps<number> {
      derived++;
      let kinds = 0;
      for (let index = 0; index < trace.events.length; index++) {
        if (index % stepEvents === stepEvents - 1) yield;
        if (trace.events[index]!.kind === 'segment') kinds++;
      }
      return kinds;
    });
    const trace = big();
    const steps = count.steps(trace);
    steps.next();
    // Asked at once after one chunk: the same derivation, run to its end.
    const value = count(trace);
    expect(value).toBe(40_001);
    expect(derived).toBe(1);
    expect(drain(steps).value).toBe(value);
    expect(drain(count.steps(trace))).toEqual({ value, pauses: 0 });
    expect(derived).toBe(1);
  });

  it('gives every stepped query the value it has at once', () => {
    const stepped = big();
    const atOnce = big();
    expect(stepped.events.length).toBeGreaterThan(2 * stepEvents);
    const queries: SteppedQuery<unknown>[] = [stepIndices, callPartners, eventOwners, hostTransports];
    for (const query of [...queries, initialStates, congestionSeries, packetIndex, stateBefore, segmentRoles]) {
      const { value, pauses } = drain(query.steps(stepped));
      expect(pauses).toBeGreaterThan(0);
      expect(value).toEqual(query(atOnce));
      expect(query(stepped)).toBe(value);
    }
    const cursors = drain(shownCursorsInSteps(stepped, 'packets')).value;
    expect(cursors).toEqual(shownCursors(atOnce, 'packets'));
    expect(shownCursors(stepped, 'packets')).toBe(cursors);
  });
});
