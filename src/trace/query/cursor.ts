// What the trace says at a cursor (`shown` = how many events are drawn): each host's badge, each
// socket's latest TCB and running timers: folds over events[0..shown), each resumed from the
// nearest checkpoint before the cursor (checkpoints.ts), so a step costs the same at event 10 and
// at event 1,000,000.
import type { TcpState } from '../../tcp';
import type { SocketTransport, TcbEvent, TimerKind, Trace } from '../types';
import { checkpointed } from './checkpoints';
import { pauseAfter, perTraceInSteps, type Steps } from './memo';
import { eventOwners } from './owners';

/**
 * What a host's badge shows: the TCP state of the socket it follows, or that the host has only
 * UDP sockets, or none at all (tcp-refused's server: no program, its kernel answers with RST).
 */
export type HostState =
  | { host: string; kind: 'tcp'; socket: number | undefined; state: TcpState }
  | { host: string; kind: 'udp' }
  | { host: string; kind: 'none' };

/**
 * Each host's transports: what its programs opened (`hosts[].sockets`, Trace v2), or, for a
 * capture that cannot know the programs, what its packets show.
 */
export const hostTransports = perTraceInSteps(function* (
  trace: Trace,
): Steps<ReadonlyMap<string, readonly SocketTransport[]>> {
  const seen = new Map<string, Set<SocketTransport>>();
  // The last two added: a connection's packets alternate between its two hosts.
  const last = [
    { host: '', transport: 'tcp' },
    { host: '', transport: 'tcp' },
  ];
  const add = (host: string, transport: SocketTransport) => {
    for (const one of last) if (one.host === host && one.transport === transport) return;
    let set = seen.get(host);
    if (set === undefined) seen.set(host, (set = new Set()));
    set.add(transport);
    const older = last[1]!;
    last[1] = last[0]!;
    older.host = host;
    older.transport = transport;
    last[0] = older;
  };
  const { events } = trace;
  for (let index = 0; index < events.length; index++) {
    if (pauseAfter(index)) yield;
    const event = events[index]!;
    if (event.kind === 'segment' || event.kind === 'state')
      add(event.kind === 'state' ? event.host : event.from, 'tcp');
    if (event.kind === 'segment') add(event.to, 'tcp');
    if (event.kind === 'datagram') [event.from, event.to].forEach((host) => add(host, 'udp'));
  }
  return new Map(
    trace.hosts.map((host) => [host.name, host.sockets ?? [...(seen.get(host.name) ?? [])].sort()] as const),
  );
});

interface Followed {
  state: TcpState;
  listener: boolean;
  active: number;
}

/**
 * Each host's badge. A TCP host follows its most recently active non-listening socket; the
 * listener while no connection exists yet; CLOSED before anything.
 */
export function hostStates(trace: Trace, shown: number): HostState[] {
  const sockets = tcpActivity(trace, shown);
  const transports = hostTransports(trace);
  return trace.hosts.map(({ name }): HostState => {
    const has = transports.get(name) ?? [];
    if (!has.includes('tcp')) return has.includes('udp') ? { host: name, kind: 'udp' } : { host: name, kind: 'none' };
    let best: { socket: number; state: TcpState; active: number } | undefined;
    let listener: { socket: number; state: TcpState } | undefined;
    for (const [socket, info] of sockets.get(name) ?? []) {
      if (info.listener) {
        listener ??= { socket, state: info.state };
        if (info.state === 'LISTEN') listener = { socket, state: info.state };
      } else if (best === undefined || info.active > best.active) best = { socket, ...info };
    }
    const chosen = best ?? listener;
    return { host: name, kind: 'tcp', socket: chosen?.socket, state: chosen?.state ?? 'CLOSED' };
  });
}

type Activity = Map<string, Map<number, Followed>>;

/**
 * A capture's sockets whose first state event leaves a state other than CLOSED were in that state
 * when the capture began: a server socket, first seen leaving LISTEN for SYN-RECEIVED (the
 * importer infers the listen from the SYN it answered), was listening. Not so in a simulation,
 * where an accepted socket is made by that transition.
 */
export const initialStates = perTraceInSteps(function* (
  trace: Trace,
): Steps<readonly { host: string; socket: number; state: TcpState }[]> {
  if (trace.source !== 'pcap') return [];
  const seen = new Set<string>();
  const initial: { host: string; socket: number; state: TcpState }[] = [];
  const { events } = trace;
  for (let index = 0; index < events.length; index++) {
    if (pauseAfter(index)) yield;
    const event = events[index]!;
    if (event.kind !== 'state') continue;
    const key = `${event.host}|${event.socket}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (event.from !== 'CLOSED') initial.push({ host: event.host, socket: event.socket, state: event.from });
  }
  return initial;
});

/** Per host, each TCP socket's state and the index of its latest activity, up to `shown`. */
const tcpActivity = checkpointed<Activity>({
  initial: (trace) => {
    const sockets: Activity = new Map();
    for (const { host, socket, state } of initialStates(trace)) {
      let map = sockets.get(host);
      if (map === undefined) sockets.set(host, (map = new Map()));
      // Not a listener: in a capture the same socket carries the connection it accepts.
      map.set(socket, { state, listener: false, active: -1 });
    }
    return sockets;
  },
  clone: (sockets) =>
    new Map([...sockets].map(([host, map]) => [host, new Map([...map].map(([s, f]) => [s, { ...f }]))])),
  size: (sockets) => [...sockets.values()].reduce((sum, map) => sum + map.size, 0),
  step(sockets, trace, index) {
    const event = trace.events[index];
    if (event?.kind === 'state') {
      let map = sockets.get(event.host);
      if (map === undefined) sockets.set(event.host, (map = new Map()));
      const known = map.get(event.socket);
      map.set(event.socket, {
        state: event.to,
        listener: (known?.listener ?? false) || event.to === 'LISTEN',
        active: index,
      });
      return;
    }
    // Activity on a socket we know as TCP makes it the one to follow.
    const owner = eventOwners(trace).at(index);
    if (owner?.socket === undefined || event?.kind === 'timer' || event?.kind === 'datagram') return;
    const known = sockets.get(owner.host)?.get(owner.socket);
    if (known !== undefined) known.active = index;
  },
});

export interface RunningTimer {
  timer: TimerKind;
  /** Expiry in microseconds of trace time, when the producer said. */
  at?: number;
}

export interface SocketView {
  host: string;
  socket: number;
  state: TcpState;
  /** A listening socket (it entered LISTEN) holds no connection variables; any other is a connection. */
  role: 'listener' | 'connection';
  /** The latest TCB snapshot at the cursor; undefined for a socket that never had one (a listener). */
  tcb?: TcbEvent;
  /** The snapshot before it, to highlight what changed. */
  previous?: TcbEvent;
  /** Where `tcb` sits in trace.events. */
  tcbIndex?: number;
  timers: RunningTimer[];
}

/** Each socket's view by "host/socket", in order of appearance, without its timers. */
const socketViews = checkpointed<Map<string, SocketView>>({
  initial: () => new Map(),
  clone: (views) => new Map([...views].map(([key, view]) => [key, { ...view }])),
  size: (views) => views.size,
  step(views, trace, index) {
    const event = trace.events[index];
    if (event?.kind !== 'state' && event?.kind !== 'tcb') return;
    const key = `${event.host}/${event.socket}`;
    let found = views.get(key);
    const state = event.kind === 'state' ? event.to : event.state;
    if (found === undefined) {
      views.set(key, (found = { host: event.host, socket: event.socket, state, role: 'connection', timers: [] }));
    }
    found.state = state;
    if (event.kind === 'state') {
      if (event.to === 'LISTEN') found.role = 'listener';
    } else {
      found.previous = found.tcb;
      found.tcb = event;
      found.tcbIndex = index;
    }
  },
});

/** Every TCP socket seen so far with its latest TCB snapshot and its running timers, in order of appearance. */
export function socketsAt(trace: Trace, shown: number): SocketView[] {
  const views = socketViews(trace, shown);
  const running = timersAt(trace, shown);
  for (const [key, found] of views) found.timers = running.get(key) ?? [];
  return [...views.values()];
}

type LiveTimers = Map<string, Map<TimerKind, RunningTimer>>;

const liveTimers = checkpointed<LiveTimers>({
  initial: () => new Map(),
  clone: (live) => new Map([...live].map(([key, map]) => [key, new Map(map)])),
  size: (live) => live.size,
  step(live, trace, index) {
    const event = trace.events[index];
    if (event?.kind !== 'timer') return;
    const key = `${event.host}/${event.socket}`;
    let map = live.get(key);
    if (map === undefined) live.set(key, (map = new Map()));
    if (event.action === 'set') map.set(event.timer, { timer: event.timer, at: event.at });
    else map.delete(event.timer);
  },
});

/** Running timers of every socket at the cursor, keyed "host/socket". */
export function timersAt(trace: Trace, shown: number): Map<string, RunningTimer[]> {
  const running = new Map<string, RunningTimer[]>();
  for (const [key, map] of liveTimers(trace, shown)) if (map.size > 0) running.set(key, [...map.values()]);
  return running;
}
