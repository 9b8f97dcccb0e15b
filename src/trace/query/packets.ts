// Packets by id: the segment, datagram or ICMP message a deliver, drop or ICMP error is about.
import type { DatagramEvent, IcmpEvent, SegmentEvent, TraceEvent } from '../types';
import { perTrace } from './memo';

export type PacketEvent = SegmentEvent | DatagramEvent | IcmpEvent;

export const isPacket = (event: TraceEvent): event is PacketEvent =>
  event.kind === 'segment' || event.kind === 'datagram' || event.kind === 'icmp';

export interface PacketIndex {
  /** The packet with this id (the first emission: a retransmission has its own id). */
  byId: ReadonlyMap<number, PacketEvent>;
  /** Where each packet id is sent in trace.events. */
  eventOf: ReadonlyMap<number, number>;
  /** Where each packet id arrives (deliver) or is lost (drop) in trace.events, first fate only. */
  fateOf: ReadonlyMap<number, number>;
}

export const packetIndex = perTrace((trace): PacketIndex => {
  const byId = new Map<number, PacketEvent>();
  const eventOf = new Map<number, number>();
  const fateOf = new Map<number, number>();
  trace.events.forEach((event, index) => {
    if (isPacket(event)) {
      if (!byId.has(event.id)) {
        byId.set(event.id, event);
        eventOf.set(event.id, index);
      }
    } else if ((event.kind === 'deliver' || event.kind === 'drop') && !fateOf.has(event.id)) {
      fateOf.set(event.id, index);
    }
  });
  return { byId, eventOf, fateOf };
});

/**
 * Every deliver and drop of each packet id, in trace order: a duplicated packet arrives more than
 * once, so `fateOf` (the first) is not the whole story.
 */
export const packetFates = perTrace((trace): ReadonlyMap<number, readonly number[]> => {
  const fates = new Map<number, number[]>();
  trace.events.forEach((event, index) => {
    if (event.kind !== 'deliver' && event.kind !== 'drop') return;
    const list = fates.get(event.id);
    if (list === undefined) fates.set(event.id, [index]);
    else list.push(index);
  });
  return fates;
});
