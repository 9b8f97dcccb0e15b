// What the learner chose to see and step through: only packets, packets and socket calls, or
// everything (states, timers, notes, TCB). The cursor stays a step count over every step (so a
// shared `step=` means the same moment whatever the filter); a filter only says which cursors
// stepping stops at and which events the views draw.
import type { Trace, TraceEvent } from '../types';
import { pauseAfter, perTrace, type Steps } from './memo';
import { stepIndices } from './steps';

export const eventFilters = ['packets', 'calls', 'all'] as const;
export type EventFilter = (typeof eventFilters)[number];

export const isEventFilter = (value: string): value is EventFilter =>
  (eventFilters as readonly string[]).includes(value);

/** Whatever travels on the wire: what the diagram draws as an arrow. */
const packetKinds: ReadonlySet<TraceEvent['kind']> = new Set(['segment', 'datagram', 'icmp']);
const callKinds: ReadonlySet<TraceEvent['kind']> = new Set(['call', 'return']);

/** Whether events of `kind` are shown under `filter`. A delivery or drop ends its packet's arrow, never a step of its own. */
export function filterShowsKind(filter: EventFilter, kind: TraceEvent['kind']): boolean {
  if (filter === 'all') return true;
  if (packetKinds.has(kind)) return true;
  return filter === 'calls' && callKinds.has(kind);
}

/** The cursors (1-based step counts) whose current event each filter shows, ascending, once worked out. */
const shownCursorsOf = perTrace(() => new Map<EventFilter, Int32Array>());

/** shownCursors as steps (memo.ts), for a page working out a big trace's queries a chunk at a time. */
export function* shownCursorsInSteps(trace: Trace, filter: EventFilter): Steps<Int32Array> {
  const byFilter = shownCursorsOf(trace);
  const known = byFilter.get(filter);
  if (known !== undefined) return known;
  const steps = yield* stepIndices.steps(trace);
  const { events } = trace;
  const kept = new Int32Array(steps.length);
  let count = 0;
  for (let step = 0; step < steps.length; step++) {
    if (pauseAfter(step)) yield;
    if (filterShowsKind(filter, events[steps[step]!]!.kind)) kept[count++] = step + 1;
  }
  const cursors = count === kept.length ? kept : kept.slice(0, count);
  // Another caller may have finished first while this one paused: the first value stays.
  const first = byFilter.get(filter) ?? cursors;
  byFilter.set(filter, first);
  return first;
}

export function shownCursors(trace: Trace, filter: EventFilter): Int32Array {
  const known = shownCursorsOf(trace).get(filter);
  if (known !== undefined) return known;
  const steps = shownCursorsInSteps(trace, filter);
  let next = steps.next();
  while (next.done !== true) next = steps.next();
  return next.value;
}

/** The event list's rows: how many, and the event index of each, ascending. */
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

/** How many shown cursors are <= `cursor`: the position the step counter and the scrubber show. */
export function shownPosition(trace: Trace, filter: EventFilter, cursor: number): number {
  const cursors = shownCursors(trace, filter);
  let low = 0;
  let high = cursors.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cursors[middle]! <= cursor) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The number of steps the filter lets the learner stop at. */
export function shownStepCount(trace: Trace, filter: EventFilter): number {
  return shownCursors(trace, filter).length;
}

/** The cursor at a shown position (0 is before the first step). */
export function cursorAtPosition(trace: Trace, filter: EventFilter, position: number): number {
  const cursors = shownCursors(trace, filter);
  if (position <= 0 || cursors.length === 0) return 0;
  return cursors[Math.min(position, cursors.length) - 1]!;
}

/** The next cursor after `cursor` that the filter shows; unchanged when none is left. */
export function nextShownCursor(trace: Trace, filter: EventFilter, cursor: number): number {
  const cursors = shownCursors(trace, filter);
  const next = cursors[shownPosition(trace, filter, cursor)];
  return next ?? cursor;
}

/** The shown cursor before `cursor` (0, before the first step, when none). */
export function previousShownCursor(trace: Trace, filter: EventFilter, cursor: number): number {
  return cursorAtPosition(trace, filter, shownPosition(trace, filter, cursor - 1));
}

/** The latest shown cursor at or before `cursor`: where a new filter puts the learner. */
export function shownCursorAtOrBefore(trace: Trace, filter: EventFilter, cursor: number): number {
  return cursorAtPosition(trace, filter, shownPosition(trace, filter, cursor));
}
