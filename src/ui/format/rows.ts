// The event list's rows, described one at a time as they are drawn (a million-event capture is
// never described whole) and kept per trace and language; and which events are rows at all.
import type { Lang } from '../../i18n';
import { perTrace, shownCursors, stepIndices, type EventFilter } from '../../trace/query';
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

/** The list's rows: how many, and the event index of each, ascending. */
export interface ListRows {
  readonly length: number;
  event(row: number): number;
}

/**
 * The rows under `filter`: every step's event (every event but the TCB snapshots) or, under a
 * filter, the events of the cursors it stops at. Read through the step columns the stepping has
 * already built (the step counter asks them before the list opens), so opening the list makes no
 * pass over the trace (at 2,000,000 events such a pass was most of the open, issue 9).
 */
export function listRows(trace: Trace, filter: EventFilter): ListRows {
  return rowsOf(trace)(filter);
}

const rowsOf = perTrace((trace: Trace) => {
  const byFilter = new Map<EventFilter, ListRows>();
  return (filter: EventFilter): ListRows => {
    let rows = byFilter.get(filter);
    if (rows === undefined) {
      const steps = stepIndices(trace);
      if (filter === 'all') rows = { length: steps.length, event: (row) => steps[row]! };
      else {
        const cursors = shownCursors(trace, filter);
        rows = { length: cursors.length, event: (row) => steps[cursors[row]! - 1]! };
      }
      byFilter.set(filter, rows);
    }
    return rows;
  };
});

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
