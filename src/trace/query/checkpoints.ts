// A fold over trace.events up to a cursor, resumed from a kept checkpoint instead of from the
// first event: what a view shows at a step (host badges, sockets, timers) is a fold over
// events[0..shown), and recomputing it from the start made every step of a million-event capture
// cost a million events. Checkpoints are made lazily, as far as the cursor has gone, every
// `every` events; when they hold more than `budget` entries (a capture with many thousands of
// sockets), every other one is dropped and the interval doubles, so memory stays bounded and a
// step costs at most one interval.
import type { Trace } from '../types';

export interface Fold<S> {
  /** The state before the first event (what the trace says held when it began). */
  initial(trace: Trace): S;
  /** A copy that later steps can change without changing `state`. */
  clone(state: S): S;
  /** Applies trace.events[index] to `state`. */
  step(state: S, trace: Trace, index: number): void;
  /** How many entries the state holds (its share of the checkpoints' budget). */
  size(state: S): number;
}

interface Kept<S> {
  every: number;
  /** checkpoints[k]: the state after events[0 .. k × every). */
  checkpoints: S[];
  entries: number;
}

export function checkpointed<S>(fold: Fold<S>, every = 4096, budget = 1_000_000): (trace: Trace, shown: number) => S {
  const cache = new WeakMap<Trace, Kept<S>>();
  return (trace, shown) => {
    const end = Math.max(0, Math.min(shown, trace.events.length));
    let kept = cache.get(trace);
    if (kept === undefined) cache.set(trace, (kept = { every, checkpoints: [fold.initial(trace)], entries: 0 }));
    while (kept.checkpoints.length <= Math.floor(end / kept.every)) {
      const k = kept.checkpoints.length - 1;
      const state = fold.clone(kept.checkpoints[k]!);
      const to = (k + 1) * kept.every;
      for (let index = k * kept.every; index < to; index++) fold.step(state, trace, index);
      kept.checkpoints.push(state);
      kept.entries += fold.size(state);
      if (kept.entries > budget) thin(kept, fold);
    }
    const k = Math.min(Math.floor(end / kept.every), kept.checkpoints.length - 1);
    const state = fold.clone(kept.checkpoints[k]!);
    for (let index = k * kept.every; index < end; index++) fold.step(state, trace, index);
    return state;
  };
}

function thin<S>(kept: Kept<S>, fold: Fold<S>): void {
  kept.checkpoints = kept.checkpoints.filter((_, k) => k % 2 === 0);
  kept.every *= 2;
  kept.entries = kept.checkpoints.reduce((sum, state) => sum + fold.size(state), 0);
}
