// Lifelines: one per host, and one per socket where a host has several (the listening socket
// and each accepted one), so every segment starts and ends on the descriptor that handled it.
import type { Trace, TraceEvent } from '../../trace/types';

export interface LaneSpec {
  index: number;
  host: string;
  addr: string;
  hostIndex: number;
  /** The descriptor of this lane; undefined for a host with no socket at all. */
  fd?: number;
  /** True when the host has several lanes (its header names each descriptor separately). */
  shared: boolean;
}

export interface LaneMap {
  lanes: LaneSpec[];
  /** The lane of (host, descriptor); a missing or unknown descriptor gives the host's first lane. */
  laneOf(host: string, socket?: number): number;
  /** For each call event, the index of its return (or -1); for each return, its call. */
  partner: Int32Array;
}

function socketOf(event: TraceEvent): { host: string; socket?: number } | undefined {
  switch (event.kind) {
    case 'call':
    case 'return':
    case 'state':
    case 'timer':
    case 'tcb':
      return { host: event.host, socket: event.socket };
    case 'segment':
    case 'datagram':
      return { host: event.from, socket: event.socket };
    case 'deliver':
      return event.host === undefined ? undefined : { host: event.host, socket: event.socket };
    default:
      return undefined;
  }
}

/** Pairs each call with its return: FIFO per (host, descriptor, call); socket() per host. */
export function matchCalls(events: readonly TraceEvent[]): Int32Array {
  const partner = new Int32Array(events.length).fill(-1);
  const open = new Map<string, number[]>();
  events.forEach((event, index) => {
    if (event.kind !== 'call' && event.kind !== 'return') return;
    const key = event.call === 'socket' ? `${event.host}|socket` : `${event.host}|${event.socket}|${event.call}`;
    if (event.kind === 'call') {
      let queue = open.get(key);
      if (queue === undefined) open.set(key, (queue = []));
      queue.push(index);
      return;
    }
    const call = open.get(key)?.shift();
    if (call !== undefined) {
      partner[call] = index;
      partner[index] = call;
    }
  });
  return partner;
}

export function buildLanes(trace: Trace): LaneMap {
  const partner = matchCalls(trace.events);
  const descriptors = new Map<string, Set<number>>(trace.hosts.map((host) => [host.name, new Set<number>()]));
  trace.events.forEach((event, index) => {
    const owner = socketOf(event);
    if (owner === undefined) return;
    let socket = owner.socket;
    // socket() is called before the descriptor exists: it belongs to the descriptor it returns.
    if (event.kind === 'call' && (socket === undefined || socket < 0)) {
      const returned = trace.events[partner[index] ?? -1];
      socket = returned?.kind === 'return' ? returned.socket : undefined;
    }
    if (socket === undefined || socket < 0) return;
    let set = descriptors.get(owner.host);
    if (set === undefined) descriptors.set(owner.host, (set = new Set()));
    set.add(socket);
  });

  const lanes: LaneSpec[] = [];
  const first = new Map<string, number>();
  const byKey = new Map<string, number>();
  const hosts = [...trace.hosts];
  // A host seen in events but missing from `hosts` still gets a lane.
  for (const name of descriptors.keys()) if (!hosts.some((h) => h.name === name)) hosts.push({ name, addr: '' });
  hosts.forEach((host, hostIndex) => {
    const fds = [...(descriptors.get(host.name) ?? [])].sort((a, b) => a - b);
    first.set(host.name, lanes.length);
    if (fds.length <= 1) {
      byKey.set(`${host.name}|${fds[0]}`, lanes.length);
      lanes.push({ index: lanes.length, host: host.name, addr: host.addr, hostIndex, fd: fds[0], shared: false });
      return;
    }
    for (const fd of fds) {
      byKey.set(`${host.name}|${fd}`, lanes.length);
      lanes.push({ index: lanes.length, host: host.name, addr: host.addr, hostIndex, fd, shared: true });
    }
  });

  function laneOf(host: string, socket?: number): number {
    if (socket !== undefined && socket >= 0) {
      const lane = byKey.get(`${host}|${socket}`);
      if (lane !== undefined) return lane;
    }
    return first.get(host) ?? 0;
  }

  return { lanes, laneOf, partner };
}
