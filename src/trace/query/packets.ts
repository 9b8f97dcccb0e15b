// Packets by id: the segment, datagram or ICMP message a deliver, drop or ICMP error is about.
// Held as columns of event indexes by packet id (columns.ts), not as Maps: a capture of a million
// packets kept three million-entry Maps here (~200 bytes a packet, issue 9).
import type { DatagramEvent, IcmpEvent, SegmentEvent, Trace, TraceEvent } from '../types';
import { DerivedMap, IdColumn, NONE } from './columns';
import { pauseAfter, perTrace, perTraceInSteps, type Steps } from './memo';

export type PacketEvent = SegmentEvent | DatagramEvent | IcmpEvent;

export const isPacket = (event: TraceEvent): event is PacketEvent =>
  event.kind === 'segment' || event.kind === 'datagram' || event.kind === 'icmp';

export interface PacketIndex {
  /** The packet with this id (the first emission: a retransmission has its own id). */
  byId: ReadonlyMap<number, PacketEvent>;
  /** Where each packet id is sent in trace.events. */
  eventOf: IdColumn;
  /** Where each packet id arrives (deliver) or is lost (drop) in trace.events, first fate only. */
  fateOf: IdColumn;
  /** Deliver and drop events in all: more than `fateOf.size` when some packet has several. */
  fateEvents: number;
}

/** The packet events, read through the column of where each id is sent. */
class PacketsById extends DerivedMap<PacketEvent> {
  constructor(
    private readonly events: readonly TraceEvent[],
    private readonly sent: IdColumn,
  ) {
    super();
  }

  get(id: number): PacketEvent | undefined {
    const index = this.sent.at(id);
    return index === NONE ? undefined : (this.events[index] as PacketEvent);
  }

  has(id: number): boolean {
    return this.sent.has(id);
  }

  get size(): number {
    return this.sent.size;
  }

  keys(): MapIterator<number> {
    return this.sent.keys();
  }
}

export const packetIndex = perTraceInSteps(function* (trace: Trace): Steps<PacketIndex> {
  const { events } = trace;
  // Every producer's ids are at most its packet count, itself at most the event count.
  const eventOf = new IdColumn(events.length + 1);
  const fateOf = new IdColumn(events.length + 1);
  let fateEvents = 0;
  for (let index = 0; index < events.length; index++) {
    if (pauseAfter(index)) yield;
    const event = events[index]!;
    if (isPacket(event)) eventOf.setFirst(event.id, index);
    else if (event.kind === 'deliver' || event.kind === 'drop') {
      fateOf.setFirst(event.id, index);
      fateEvents++;
    }
  }
  eventOf.trim();
  fateOf.trim();
  return { byId: new PacketsById(events, eventOf), eventOf, fateOf, fateEvents };
});

/** Every fate of each id: the first from packetIndex's column, the later ones (duplicates) kept aside. */
class Fates extends DerivedMap<readonly number[]> {
  constructor(
    private readonly first: IdColumn,
    private readonly later: ReadonlyMap<number, readonly number[]>,
  ) {
    super();
  }

  get(id: number): readonly number[] | undefined {
    const first = this.first.at(id);
    if (first === NONE) return undefined;
    const later = this.later.get(id);
    return later === undefined ? [first] : [first, ...later];
  }

  has(id: number): boolean {
    return this.first.has(id);
  }

  get size(): number {
    return this.first.size;
  }

  keys(): MapIterator<number> {
    return this.first.keys();
  }
}

/**
 * Every deliver and drop of each packet id, in trace order: a duplicated packet arrives more than
 * once, so `fateOf` (the first) is not the whole story. Each read makes a new array.
 */
export const packetFates = perTrace((trace): ReadonlyMap<number, readonly number[]> => {
  const { fateOf, fateEvents } = packetIndex(trace);
  const later = new Map<number, number[]>();
  const { events } = trace;
  // No packet with a second fate (every capture): nothing to look for.
  if (fateEvents > fateOf.size)
    for (let index = 0; index < events.length; index++) {
      const event = events[index]!;
      if ((event.kind !== 'deliver' && event.kind !== 'drop') || fateOf.at(event.id) === index) continue;
      const list = later.get(event.id);
      if (list === undefined) later.set(event.id, [index]);
      else list.push(index);
    }
  return new Fates(fateOf, later);
});
