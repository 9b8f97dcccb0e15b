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

/** The event indices of the steps the filter shows, in order: the event list's rows under it. */
export function shownEventIndices(trace: Trace, filter: EventFilter): Int32Array {
  return shownEventsOf(trace)(filter);
}

const shownEventsOf = perTrace((trace: Trace) => {
  const byFilter = new Map<EventFilter, Int32Array>();
  return (filter: EventFilter): Int32Array => {
    let events = byFilter.get(filter);
    if (events === undefined) {
      const steps = stepIndices(trace);
      events = shownCursors(trace, filter).map((cursor) => steps[cursor - 1]!);
      byFilter.set(filter, events);
    }
    return events;
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
