// Finds the segment, datagram or ICMP message a deliver or drop event is about, in O(1).
import type { Trace } from '../../trace/types';
import type { PacketEvent } from '../explain';

const cache = new WeakMap<Trace, Map<number, PacketEvent>>();

export function packetsOf(trace: Trace): Map<number, PacketEvent> {
  let packets = cache.get(trace);
  if (packets === undefined) {
    packets = new Map();
    for (const event of trace.events) {
      // The first emission wins: a retransmission has its own id.
      if ((event.kind === 'segment' || event.kind === 'datagram' || event.kind === 'icmp') && !packets.has(event.id)) {
        packets.set(event.id, event);
      }
    }
    cache.set(trace, packets);
  }
  return packets;
}
