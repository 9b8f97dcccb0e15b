// What a packet pane shows of one packet (like Wireshark's): its fields, relative and absolute
// numbers, the sockets that sent and received it (the lanes' own rule), and its fate at the cursor.
// Pure data; src/ui/panels/PacketDetails.tsx words and draws it.
import { isPacket, packetFates, packetIndex, relativeNumbers, type PacketEvent } from '../trace/query';
import type { Trace } from '../trace/types';
import type { LaneMap, LaneSpec } from './lanes';
import { previewPayload } from './payload';

export interface PacketEnd {
  host: string;
  /** The descriptor; undefined for the host's kernel (no socket). */
  fd?: number;
  address: string;
}

export interface PacketDetails {
  packet: PacketEvent;
  /** Where the packet is sent in trace.events. */
  eventIndex: number;
  sender: PacketEnd;
  receiver: PacketEnd;
  fate: 'delivered' | 'dropped' | 'in-flight';
  /** When it arrived or was lost (µs), for a packet no longer in flight. */
  fateAt?: number;
  dropReason?: string;
  /** Sequence and acknowledgment numbers relative to each side's ISN, when known. */
  relativeSeq?: number;
  relativeAck?: number;
  payloadPreview: string;
  /** The options as `name=value` text, in the trace's order. */
  options: string[];
  /** A segment's window in bytes, with the field and its scale when scaled: "65536 (64 × 2^10)". */
  windowText?: string;
}

/** RFC 7323 2.3: the bytes offered, then how the header said it (the 16-bit field times 2^shift). */
export function windowText(segment: { window: number; windowRaw?: number; windowShift?: number }): string {
  const { window, windowRaw, windowShift } = segment;
  return windowRaw === undefined || windowShift === undefined
    ? String(window)
    : `${window} (${windowRaw} × 2^${windowShift})`;
}

/** The packet the event at `index` is about: itself, or the packet a deliver or drop ends. */
export function packetOfEvent(trace: Trace, index: number): number | undefined {
  const event = trace.events[index];
  if (event === undefined) return undefined;
  if (isPacket(event)) return index;
  if (event.kind === 'deliver' || event.kind === 'drop') return packetIndex(trace).eventOf.get(event.id);
  return undefined;
}

/** The packet of the current step, else the last one sent before it (the pane always shows the latest). */
export function currentPacket(trace: Trace, shownEvents: number): number | undefined {
  for (let index = Math.min(shownEvents, trace.events.length) - 1; index >= 0; index--) {
    const packet = packetOfEvent(trace, index);
    if (packet !== undefined) return packet;
  }
  return undefined;
}

function endOf(lane: LaneSpec | undefined, host: string, address: string): PacketEnd {
  return { host: lane?.host ?? host, fd: lane?.fd, address };
}

const optionText = (value: unknown): string => (typeof value === 'object' ? JSON.stringify(value) : String(value));

export function packetDetails(
  trace: Trace,
  lanes: Pick<LaneMap, 'lanes' | 'eventLane' | 'headingLane'>,
  eventIndex: number,
  shownEvents: number,
): PacketDetails | undefined {
  const packet = trace.events[eventIndex];
  if (packet === undefined || !isPacket(packet)) return undefined;
  const end = packetFates(trace).get(packet.id)?.[0];
  // The receiver is the diagram's (where the arrow ends), even while the packet is still in flight.
  const receiverLane = end === undefined ? lanes.headingLane(packet.id, packet.to) : lanes.eventLane[end]!;
  const fateEvent = end === undefined || end >= shownEvents ? undefined : trace.events[end];
  const from = packet.kind === 'icmp' ? '' : packet.src;
  const to = packet.kind === 'icmp' ? '' : packet.dst;
  const relative = packet.kind === 'segment' ? relativeNumbers(trace).get(packet.id) : undefined;
  return {
    packet,
    eventIndex,
    sender: endOf(lanes.lanes[lanes.eventLane[eventIndex]!], packet.from, from),
    receiver: endOf(lanes.lanes[receiverLane], packet.to, to),
    fate: fateEvent === undefined ? 'in-flight' : fateEvent.kind === 'drop' ? 'dropped' : 'delivered',
    fateAt: fateEvent?.t,
    dropReason: fateEvent?.kind === 'drop' ? fateEvent.reason : undefined,
    relativeSeq: relative?.seq,
    relativeAck: relative?.ackAbsolute === true ? undefined : relative?.ack,
    payloadPreview: packet.kind === 'icmp' || packet.payload === '' ? '' : previewPayload(packet.payload),
    options:
      packet.kind === 'segment'
        ? Object.entries(packet.options).map(([name, value]) => `${name}=${optionText(value)}`)
        : [],
    windowText: packet.kind === 'segment' ? windowText(packet) : undefined,
  };
}
