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
