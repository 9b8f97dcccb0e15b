// Which socket each event belongs to: the one rule the lanes, the host badges and the panels share.
import type { Trace, TraceEvent } from '../types';
import { perTrace } from './memo';

export interface Owner {
  host: string;
  /** The descriptor, when the event names one (a closed port's RST names none). */
  socket?: number;
}

/** The host an event names, or undefined for notes, drops and ICMP (a deliver may name none). */
function namedHost(event: TraceEvent): string | undefined {
  switch (event.kind) {
    case 'call':
    case 'return':
    case 'state':
    case 'timer':
    case 'tcb':
    case 'deliver':
      return event.host;
    case 'segment':
    case 'datagram':
      return event.from;
    default:
      return undefined;
  }
}

/** The descriptor an event names (a closed port's RST, a deliver to no socket name none). */
const namedSocket = (event: TraceEvent): number | undefined => ('socket' in event ? event.socket : undefined);

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

/** The distinct owners of a trace (few: one per socket and host) and the event list pointing at them. */
interface OwnerTable {
  /** Each distinct owner once, in the order first seen. */
  distinct: readonly Owner[];
  /** Each distinct owner's place in `distinct`. */
  slotOf: ReadonlyMap<Owner, number>;
  owners: readonly (Owner | undefined)[];
}

const ownerTable = perTrace((trace): OwnerTable => {
  const partner = callPartners(trace);
  const distinct: Owner[] = [];
  const slotOf = new Map<Owner, number>();
  // host -> descriptor (-1: the host itself) -> its Owner, made once.
  const byHost = new Map<string, Map<number, Owner>>();
  // The last few owners looked up: a connection's events alternate between its two sockets.
  const recent: Owner[] = [];
  const ownerOf = (host: string, socket: number): Owner => {
    for (const owner of recent) if (owner.host === host && (owner.socket ?? -1) === socket) return owner;
    let sockets = byHost.get(host);
    if (sockets === undefined) byHost.set(host, (sockets = new Map()));
    let owner = sockets.get(socket);
    if (owner === undefined) {
      owner = socket < 0 ? { host } : { host, socket };
      sockets.set(socket, owner);
      slotOf.set(owner, distinct.length);
      distinct.push(owner);
    }
    if (recent.unshift(owner) > 4) recent.pop();
    return owner;
  };
  const { events } = trace;
  // Sized once (pushing two million grew it by half each time, a third of it left unused).
  const owners = new Array<Owner | undefined>(events.length);
  for (let index = 0; index < events.length; index++) {
    const event = events[index]!;
    const host = namedHost(event);
    if (host === undefined) {
      owners[index] = undefined;
      continue;
    }
    // socket() is called before the descriptor exists: it belongs to the descriptor it returns.
    let socket = namedSocket(event);
    if (event.kind === 'call' && (socket === undefined || socket < 0)) {
      const returned = events[partner[index] ?? -1];
      socket = returned?.kind === 'return' ? returned.socket : undefined;
    }
    // -1 is "no descriptor" (sleep(), a socket() that failed): such an event belongs to its host only.
    owners[index] = ownerOf(host, socket === undefined || socket < 0 ? -1 : socket);
  }
  return { distinct, slotOf, owners };
});

/**
 * The owner of every event (undefined for notes, drops, ICMP and packets of no socket). The
 * events of one socket share one Owner object, made once per trace: do not change it. (An object
 * per event was ~100 bytes a packet of a capture, issue 9; the list is now one pointer an event.)
 */
export const eventOwners = (trace: Trace): readonly (Owner | undefined)[] => ownerTable(trace).owners;

/** Each distinct owner once (first seen first), and each one's place in that list: to key per-socket arrays. */
export const distinctOwners = (trace: Trace): Pick<OwnerTable, 'distinct' | 'slotOf'> => ownerTable(trace);

/** Every descriptor each host used, sorted, for hosts in `trace.hosts` order then any others seen. */
export const hostDescriptors = perTrace((trace): ReadonlyMap<string, readonly number[]> => {
  const seen = new Map<string, Set<number>>(trace.hosts.map((host) => [host.name, new Set<number>()]));
  for (const owner of ownerTable(trace).distinct) {
    if (owner?.socket === undefined) continue;
    let set = seen.get(owner.host);
    if (set === undefined) seen.set(owner.host, (set = new Set()));
    set.add(owner.socket);
  }
  return new Map([...seen].map(([host, set]) => [host, [...set].sort((a, b) => a - b)]));
});
