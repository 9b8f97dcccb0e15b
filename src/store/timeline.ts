// What the cursor means: pure functions of a Trace and a step count. Nothing here is stored;
// stepping back recomputes the same picture from events[0..shown).
import type { TcbEvent, TimerKind, Trace, TraceEvent } from '../trace/types';
import type { TcpState } from '../tcp';

/** Event kinds the "next segment" jump stops at: whatever travels on the wire. */
const packetKinds: ReadonlySet<TraceEvent['kind']> = new Set(['segment', 'datagram', 'icmp']);

const stepCache = new WeakMap<Trace, readonly number[]>();

/** Indices (into trace.events) of the events that are steps: every event but TCB snapshots. */
export function stepIndices(trace: Trace): readonly number[] {
  const cached = stepCache.get(trace);
  if (cached !== undefined) return cached;
  const steps: number[] = [];
  for (const [index, event] of trace.events.entries()) if (event.kind !== 'tcb') steps.push(index);
  stepCache.set(trace, steps);
  return steps;
}

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

const isPacketStep = (trace: Trace, steps: readonly number[], step: number): boolean => {
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

/** The socket a host's state badge follows, and its state. */
export interface HostState {
  host: string;
  socket: number | undefined;
  state: TcpState;
}

/**
 * Each host's connection state: the most recently active non-listening TCP socket; the listener's
 * state while no connection exists yet; CLOSED before anything.
 */
export function hostStates(trace: Trace, shown: number): HostState[] {
  const sockets = new Map<string, Map<number, { state: TcpState; listener: boolean; active: number }>>();
  const socketOf = (host: string, socket: number) => sockets.get(host)?.get(socket);
  const end = Math.min(shown, trace.events.length);
  for (let index = 0; index < end; index++) {
    const event = trace.events[index];
    if (event === undefined) continue;
    if (event.kind === 'state') {
      let map = sockets.get(event.host);
      if (map === undefined) sockets.set(event.host, (map = new Map()));
      const known = map.get(event.socket);
      map.set(event.socket, {
        state: event.to,
        listener: (known?.listener ?? false) || event.to === 'LISTEN',
        active: index,
      });
      continue;
    }
    // Activity on a socket we know as TCP makes it the one to follow.
    let host: string | undefined;
    let socket: number | undefined;
    if (event.kind === 'segment') [host, socket] = [event.from, event.socket];
    else if (event.kind === 'deliver' || event.kind === 'call' || event.kind === 'return' || event.kind === 'tcb') {
      [host, socket] = [event.host, event.socket];
    }
    if (host === undefined || socket === undefined) continue;
    const known = socketOf(host, socket);
    if (known !== undefined) known.active = index;
  }
  return trace.hosts.map(({ name }) => {
    const map = sockets.get(name);
    let best: { socket: number; state: TcpState; active: number } | undefined;
    let listener: { socket: number; state: TcpState } | undefined;
    for (const [socket, info] of map ?? []) {
      if (info.listener) {
        listener ??= { socket, state: info.state };
        if (info.state === 'LISTEN') listener = { socket, state: info.state };
      } else if (best === undefined || info.active > best.active) best = { socket, ...info };
    }
    const chosen = best ?? listener;
    return { host: name, socket: chosen?.socket, state: chosen?.state ?? 'CLOSED' };
  });
}

export interface RunningTimer {
  timer: TimerKind;
  /** Expiry in microseconds of trace time, when the producer said. */
  at?: number;
}

export interface SocketView {
  host: string;
  socket: number;
  state: TcpState;
  /** The latest TCB snapshot at the cursor; undefined for a socket that never had one (a listener). */
  tcb?: TcbEvent;
  /** The snapshot before it, to highlight what changed. */
  previous?: TcbEvent;
  /** Where `tcb` sits in trace.events. */
  tcbIndex?: number;
  timers: RunningTimer[];
}

/** Every TCP socket seen so far with its latest TCB snapshot and its running timers, in order of appearance. */
export function socketsAt(trace: Trace, shown: number): SocketView[] {
  const views = new Map<string, SocketView>();
  const view = (host: string, socket: number, state: TcpState): SocketView => {
    const key = `${host}/${socket}`;
    let found = views.get(key);
    if (found === undefined) views.set(key, (found = { host, socket, state, timers: [] }));
    return found;
  };
  const end = Math.min(shown, trace.events.length);
  for (let index = 0; index < end; index++) {
    const event = trace.events[index];
    if (event === undefined) continue;
    if (event.kind === 'state') view(event.host, event.socket, event.to).state = event.to;
    else if (event.kind === 'tcb') {
      const found = view(event.host, event.socket, event.state);
      found.previous = found.tcb;
      found.tcb = event;
      found.tcbIndex = index;
      found.state = event.state;
    }
  }
  const running = timersAt(trace, shown);
  for (const [key, found] of views) found.timers = running.get(key) ?? [];
  return [...views.values()];
}

/** Running timers of every socket at the cursor, keyed "host/socket". */
export function timersAt(trace: Trace, shown: number): Map<string, RunningTimer[]> {
  const running = new Map<string, RunningTimer[]>();
  const end = Math.min(shown, trace.events.length);
  const live = new Map<string, Map<TimerKind, RunningTimer>>();
  for (let index = 0; index < end; index++) {
    const event = trace.events[index];
    if (event?.kind !== 'timer') continue;
    const key = `${event.host}/${event.socket}`;
    let map = live.get(key);
    if (map === undefined) live.set(key, (map = new Map()));
    if (event.action === 'set') map.set(event.timer, { timer: event.timer, at: event.at });
    else map.delete(event.timer);
  }
  for (const [key, map] of live) if (map.size > 0) running.set(key, [...map.values()]);
  return running;
}
