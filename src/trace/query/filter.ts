// What the learner chose to see and step through: only packets, packets and socket calls, or
// everything (states, timers, notes, TCB). The cursor stays a step count over every step (so a
// shared `step=` means the same moment whatever the filter); a filter only says which cursors
// stepping stops at and which events the views draw.
import type { Trace, TraceEvent } from '../types';
import { perTrace } from './memo';
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

/** The cursors (1-based step counts) whose current event the filter shows, ascending. */
const shownCursorsOf = perTrace((trace: Trace) => {
  const byFilter = new Map<EventFilter, Int32Array>();
  return (filter: EventFilter): Int32Array => {
    let cursors = byFilter.get(filter);
    if (cursors === undefined) {
      const steps = stepIndices(trace);
      const kept: number[] = [];
      steps.forEach((eventIndex, step) => {
        if (filterShowsKind(filter, trace.events[eventIndex]!.kind)) kept.push(step + 1);
      });
      cursors = Int32Array.from(kept);
      byFilter.set(filter, cursors);
    }
    return cursors;
  };
});

export function shownCursors(trace: Trace, filter: EventFilter): Int32Array {
  return shownCursorsOf(trace)(filter);
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
