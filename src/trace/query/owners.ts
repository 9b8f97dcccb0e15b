// Which socket each event belongs to: the one rule the lanes, the host badges and the panels share.
import type { TraceEvent } from '../types';
import { perTrace } from './memo';

export interface Owner {
  host: string;
  /** The descriptor, when the event names one (a closed port's RST names none). */
  socket?: number;
}

/** The host and descriptor an event names, before socket() calls are tied to their descriptor. */
function namedOwner(event: TraceEvent): Owner | undefined {
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

/** For each call event, the index of its return (or -1); for each return, its call. FIFO per (host, descriptor, call). */
export const callPartners = perTrace((trace): Int32Array => {
  const partner = new Int32Array(trace.events.length).fill(-1);
  const open = new Map<string, number[]>();
  trace.events.forEach((event, index) => {
    if (event.kind !== 'call' && event.kind !== 'return') return;
    // socket() runs before its descriptor exists: its call and return pair per host.
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
});

/** The owner of every event (undefined for notes, drops, ICMP and packets of no socket). */
export const eventOwners = perTrace((trace): readonly (Owner | undefined)[] => {
  const partner = callPartners(trace);
  return trace.events.map((event, index) => {
    const owner = namedOwner(event);
    if (owner === undefined) return undefined;
    // socket() is called before the descriptor exists: it belongs to the descriptor it returns.
    let socket = owner.socket;
    if (event.kind === 'call' && (socket === undefined || socket < 0)) {
      const returned = trace.events[partner[index] ?? -1];
      socket = returned?.kind === 'return' ? returned.socket : undefined;
    }
    // -1 is "no descriptor" (sleep(), a socket() that failed): such an event belongs to its host only.
    return socket === undefined || socket < 0 ? { host: owner.host } : { host: owner.host, socket };
  });
});

/** Every descriptor each host used, sorted, for hosts in `trace.hosts` order then any others seen. */
export const hostDescriptors = perTrace((trace): ReadonlyMap<string, readonly number[]> => {
  const seen = new Map<string, Set<number>>(trace.hosts.map((host) => [host.name, new Set<number>()]));
  for (const owner of eventOwners(trace)) {
    if (owner?.socket === undefined) continue;
    let set = seen.get(owner.host);
    if (set === undefined) seen.set(owner.host, (set = new Set()));
    set.add(owner.socket);
  }
  return new Map([...seen].map(([host, set]) => [host, [...set].sort((a, b) => a - b)]));
});
