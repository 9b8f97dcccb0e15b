// Which socket each event belongs to: the one rule the lanes, the host badges and the panels share.
import type { Trace, TraceEvent } from '../types';
import { pauseAfter, perTrace, perTraceInSteps, type Steps } from './memo';

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
export const callPartners = perTraceInSteps(function* (trace: Trace): Steps<Int32Array> {
  const partner = new Int32Array(trace.events.length).fill(-1);
  const open = new Map<string, number[]>();
  const { events } = trace;
  for (let index = 0; index < events.length; index++) {
    if (pauseAfter(index)) yield;
    const event = events[index]!;
    if (event.kind !== 'call' && event.kind !== 'return') continue;
    // socket() runs before its descriptor exists: its call and return pair per host.
    const key = event.call === 'socket' ? `${event.host}|socket` : `${event.host}|${event.socket}|${event.call}`;
    if (event.kind === 'call') {
      let queue = open.get(key);
      if (queue === undefined) open.set(key, (queue = []));
      queue.push(index);
      continue;
    }
    const call = open.get(key)?.shift();
    if (call !== undefined) {
      partner[call] = index;
      partner[index] = call;
    }
  }
  return partner;
});

/**
 * The owner of every event, as a column of small numbers into the table of the trace's distinct
 * owners (few: one per socket and host). An Owner object per event was ~100 bytes a packet of a
 * capture, and a list of shared ones still 8 bytes an event in Node (issue 9); this is 2.
 */
export class EventOwners implements Iterable<Owner | undefined> {
  constructor(
    /** Each distinct owner once, in the order first seen; `at` returns these: do not change them. */
    readonly distinct: readonly Owner[],
    /** 0: no owner; else 1 + the owner's place in `distinct`. */
    private readonly slots: Uint16Array | Uint32Array,
  ) {}

  get length(): number {
    return this.slots.length;
  }

  /** The owner of the event at `index` (undefined for notes, drops, ICMP and packets of no socket). */
  at(index: number): Owner | undefined {
    const slot = this.slots[index] ?? 0;
    return slot === 0 ? undefined : this.distinct[slot - 1];
  }

  /** The owner's place in `distinct`, or -1: a number to key per-socket arrays with. */
  slotAt(index: number): number {
    return (this.slots[index] ?? 0) - 1;
  }

  *[Symbol.iterator](): Iterator<Owner | undefined> {
    for (let index = 0; index < this.slots.length; index++) yield this.at(index);
  }
}

export const eventOwners = perTraceInSteps(function* (trace: Trace): Steps<EventOwners> {
  const partner = yield* callPartners.steps(trace);
  const distinct: Owner[] = [];
  // host -> descriptor (-1: the host itself) -> 1 + its place in `distinct`.
  const byHost = new Map<string, Map<number, number>>();
  // The last few owners looked up: a connection's events alternate between its two sockets.
  const recent: { host: string; socket: number; slot: number }[] = [];
  const slotOf = (host: string, socket: number): number => {
    for (const last of recent) if (last.socket === socket && last.host === host) return last.slot;
    let sockets = byHost.get(host);
    if (sockets === undefined) byHost.set(host, (sockets = new Map()));
    let slot = sockets.get(socket);
    if (slot === undefined) {
      distinct.push(socket < 0 ? { host } : { host, socket });
      sockets.set(socket, (slot = distinct.length));
    }
    if (recent.unshift({ host, socket, slot }) > 4) recent.pop();
    return slot;
  };
  const { events } = trace;
  let slots: Uint16Array | Uint32Array = new Uint16Array(events.length);
  for (let index = 0; index < events.length; index++) {
    if (pauseAfter(index)) yield;
    const event = events[index]!;
    const host = namedHost(event);
    if (host === undefined) continue;
    // socket() is called before the descriptor exists: it belongs to the descriptor it returns.
    let socket = namedSocket(event);
    if (event.kind === 'call' && (socket === undefined || socket < 0)) {
      const returned = events[partner[index] ?? -1];
      socket = returned?.kind === 'return' ? returned.socket : undefined;
    }
    // -1 is "no descriptor" (sleep(), a socket() that failed): such an event belongs to its host only.
    const slot = slotOf(host, socket === undefined || socket < 0 ? -1 : socket);
    if (slot > 0xffff && slots instanceof Uint16Array) slots = Uint32Array.from(slots); // 65,535 sockets and more
    slots[index] = slot;
  }
  return new EventOwners(distinct, slots);
});

/** Every descriptor each host used, sorted, for hosts in `trace.hosts` order then any others seen. */
export const hostDescriptors = perTrace((trace): ReadonlyMap<string, readonly number[]> => {
  const seen = new Map<string, Set<number>>(trace.hosts.map((host) => [host.name, new Set<number>()]));
  for (const owner of eventOwners(trace).distinct) {
    if (owner?.socket === undefined) continue;
    let set = seen.get(owner.host);
    if (set === undefined) seen.set(owner.host, (set = new Set()));
    set.add(owner.socket);
  }
  return new Map([...seen].map(([host, set]) => [host, [...set].sort((a, b) => a - b)]));
});
