// The event list's rows, described one at a time as they are drawn (a million-event capture is
// never described whole) and kept per trace and language; and which events are rows at all.
import type { Lang } from '../../i18n';
import { type ListRows } from '../../trace/query';
import type { Trace } from '../../trace/types';
import { describeEvent, type EventRow } from './events';

/** Rows kept per trace and language; past this the cache starts again (scrolling a huge list). */
const keptRows = 20_000;

const cache = new WeakMap<Trace, Partial<Record<Lang, Map<number, EventRow>>>>();

/** The row of trace.events[index], undefined for a TCB snapshot (not a row). */
export function eventRow(trace: Trace, index: number, lang: Lang): EventRow | undefined {
  let byLang = cache.get(trace);
  if (byLang === undefined) cache.set(trace, (byLang = {}));
  let rows = byLang[lang];
  if (rows === undefined || rows.size >= keptRows) byLang[lang] = rows = new Map();
  let row = rows.get(index);
  if (row === undefined) {
    row = describeEvent(trace, index, lang);
    if (row !== undefined) rows.set(index, row);
  }
  return row;
}

/** The first row whose event index is at least `eventIndex` (rows.length when none). */
export function rowAtOrAfter(rows: ListRows, eventIndex: number): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (rows.event(mid) < eventIndex) low = mid + 1;
    else high = mid;
  }
  return low;
}
