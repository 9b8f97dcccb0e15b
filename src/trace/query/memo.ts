// Every fact the query layer derives is computed once per Trace and kept beside it: a Trace is
// immutable once produced, so a WeakMap keyed by the document is a sound cache (xyflow's lookups).
import type { Trace } from '../types';

export function perTrace<T>(derive: (trace: Trace) => T): (trace: Trace) => T {
  const cache = new WeakMap<Trace, T>();
  return (trace) => {
    let value = cache.get(trace);
    if (value === undefined) {
      value = derive(trace);
      cache.set(trace, value);
    }
    return value;
  };
}

/** A derivation that pauses between chunks of its work: a `yield` every `stepEvents` events or so. */
export type Steps<T> = Generator<void, T, undefined>;

/**
 * Events a stepped derivation handles between two pauses: a few ms of work, so a page can work
 * out a million-event capture's queries in tasks it interleaves with input (issue 9).
 */
export const stepEvents = 1 << 13;

export interface SteppedQuery<T> {
  (trace: Trace): T;
  /** The derivation as steps, resumed from where an earlier caller left it; its value kept as `perTrace`'s. */
  steps(trace: Trace): Steps<T>;
}

/**
 * `perTrace` for a derivation written as a generator: called as a function it runs to the end at
 * once (the same value as a plain derivation); `steps` lets a caller run it a chunk at a time.
 */
export function perTraceInSteps<T>(derive: (trace: Trace) => Steps<T>): SteppedQuery<T> {
  const cache = new WeakMap<Trace, { value: T }>();
  const running = new WeakMap<Trace, Steps<T>>();
  function* steps(trace: Trace): Steps<T> {
    for (;;) {
      const done = cache.get(trace);
      if (done !== undefined) return done.value;
      let derivation = running.get(trace);
      if (derivation === undefined) running.set(trace, (derivation = derive(trace)));
      const next = derivation.next();
      if (next.done === true) {
        running.delete(trace);
        cache.set(trace, { value: next.value });
        return next.value;
      }
      yield;
    }
  }
  const query = (trace: Trace): T => {
    const done = cache.get(trace);
    if (done !== undefined) return done.value;
    const derivation = steps(trace);
    let next = derivation.next();
    while (next.done !== true) next = derivation.next();
    return next.value;
  };
  return Object.assign(query, { steps });
}

/** True at the event after which a stepped derivation pauses. */
export const pauseAfter = (index: number): boolean => (index & (stepEvents - 1)) === stepEvents - 1;
