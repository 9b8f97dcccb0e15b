// Steps: which events the cursor stops at (every event but TCB snapshots, which go with the step
// before them) and how a cursor maps to events. Pure functions of a Trace and a step count.
import type { Trace, TraceEvent } from '../types';
import { pauseAfter, perTraceInSteps, type Steps } from './memo';

/** Event kinds the "next segment" jump stops at: whatever travels on the wire. */
const packetKinds: ReadonlySet<TraceEvent['kind']> = new Set(['segment', 'datagram', 'icmp']);

/** Indices (into trace.events) of the events that are steps: every event but TCB snapshots. */
export const stepIndices = perTraceInSteps(function* (trace: Trace): Steps<Int32Array> {
  // A typed column (issue 9: a list of two million numbers was ~20 bytes a packet of a capture).
  const { events } = trace;
  const steps = new Int32Array(events.length);
  let count = 0;
  for (let index = 0; index < events.length; index++) {
    if (events[index]!.kind !== 'tcb') steps[count++] = index;
    if (pauseAfter(index)) yield;
  }
  return count === steps.length ? steps : steps.slice(0, count);
});

export function totalSteps(trace: Trace): number {
  return stepIndices(trace).length;
}

/** How many events are drawn when `cursor` steps are shown: a TCB snapshot goes with the step before it. */
export function shownEventCount(trace: Trace, cursor: number): number {
  const steps = stepIndices(trace);
  if (cursor <= 0) return steps[0] ?? trace.events.length;
  return cursor >= steps.length ? trace.events.length : (steps[cursor] ?? trace.events.length);
}

/** The event the cursor is on (the last step shown), or undefined before the first step. */
export function currentEventIndex(trace: Trace, cursor: number): number | undefined {
  return cursor <= 0 ? undefined : stepIndices(trace)[Math.min(cursor, totalSteps(trace)) - 1];
}

/** The cursor that shows `eventIndex` as the current step (a TCB snapshot selects its step). */
export function cursorForEvent(trace: Trace, eventIndex: number): number {
  const steps = stepIndices(trace);
  let low = 0;
  let high = steps.length;
  // Number of steps whose index is <= eventIndex.
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((steps[middle] ?? Infinity) <= eventIndex) low = middle + 1;
    else high = middle;
  }
  return low;
}

const isPacketStep = (trace: Trace, steps: Int32Array, step: number): boolean => {
  const event = trace.events[steps[step] ?? -1];
  return event !== undefined && packetKinds.has(event.kind);
};

/** The cursor that makes the next packet after the current event current; unchanged when none. */
export function nextPacketCursor(trace: Trace, cursor: number): number {
  const steps = stepIndices(trace);
  for (let step = Math.max(cursor, 0); step < steps.length; step++)
    if (isPacketStep(trace, steps, step)) return step + 1;
  return cursor;
}

/** The cursor that makes the packet before the current event current; unchanged when none. */
export function previousPacketCursor(trace: Trace, cursor: number): number {
  const steps = stepIndices(trace);
  for (let step = Math.min(cursor, steps.length) - 2; step >= 0; step--) {
    if (isPacketStep(trace, steps, step)) return step + 1;
  }
  return cursor;
}
