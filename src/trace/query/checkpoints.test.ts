import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenario/library';
import { simulate } from '../../sim';
import type { Trace } from '../types';
import { checkpointed, type Fold } from './checkpoints';

const trace: Trace = simulate(findScenario('tcp-retransmission')!, { seed: 1 });

/** Counts events per kind: small enough to check against a plain loop at every cursor. */
const counting: Fold<Map<string, number>> = {
  initial: () => new Map(),
  clone: (state) => new Map(state),
  size: (state) => state.size,
  step(state, t, index) {
    const kind = t.events[index]!.kind;
    state.set(kind, (state.get(kind) ?? 0) + 1);
  },
};

function direct(shown: number): Map<string, number> {
  const state = counting.initial(trace);
  for (let index = 0; index < Math.min(shown, trace.events.length); index++) counting.step(state, trace, index);
  return state;
}

describe('checkpointed', () => {
  it('gives the fold of events[0..shown) at every cursor, in any order, past the end too', () => {
    const at = checkpointed(counting, 8);
    const cursors = [...Array(trace.events.length + 2).keys()].reverse();
    for (const shown of [...cursors, ...cursors.reverse()]) expect(at(trace, shown)).toEqual(direct(shown));
  });

  it('stays right when its budget thins the checkpoints, and hands out copies', () => {
    const at = checkpointed(counting, 2, 20);
    for (const shown of [trace.events.length, 3, 40, 17, trace.events.length - 1]) {
      const state = at(trace, shown);
      expect(state).toEqual(direct(shown));
      state.set('call', -1);
    }
    expect(at(trace, 40)).toEqual(direct(40));
  });
});
