// The layout's first pass: what it needs to know about the trace, read from the query layer
// (packets by id, every fate of a packet, call pairs, socket owners, relative numbers) and turned
// into lanes: the lifeline each event is drawn on.
import {
  callPartners,
  eventOwners,
  packetFates,
  packetIndex,
  relativeNumbers,
  type PacketEvent,
  type PacketIndex,
  type RelativeNumbers,
} from '../trace/query';
import type { Trace, TraceEvent } from '../trace/types';
import { buildLanes, type LaneMap, type LaneSpec } from './lanes';

export interface TraceIndex {
  events: readonly TraceEvent[];
  lanes: readonly LaneSpec[];
  laneOf: LaneMap['laneOf'];
  /** For each call the index of its return, for each return its call, else -1. */
  partner: Int32Array;
  packets: PacketIndex;
  /** Every deliver and drop of each packet id (a duplicated packet arrives more than once). */
  fates: ReadonlyMap<number, readonly number[]>;
  relative: ReadonlyMap<number, RelativeNumbers>;
  /**
   * The lane each event is drawn on: its socket's, the sender's for a packet, the receiving
   * socket's for a deliver, and for a drop the lane its flow last reached.
   */
  eventLane: Int32Array;
  /** Where a packet still in flight at the end was heading: the lane that last received its flow. */
  headingLane(packet: PacketEvent): number;
  /** Calls not drawn (presentation mode: instant ones that succeed); 1 for hidden. */
  hidden: Uint8Array;
}

const flowKey = (packet: PacketEvent) =>
  packet.kind === 'icmp' ? `${packet.from}>${packet.to}` : `${packet.src}>${packet.dst}`;

export function indexTrace(trace: Trace, presentation: boolean): TraceIndex {
  const { lanes, laneOf } = buildLanes(trace);
  const partner = callPartners(trace);
  const packets = packetIndex(trace);
  const { eventLane, flowLane } = eventLanes(trace, laneOf, packets);
  return {
    events: trace.events,
    lanes,
    laneOf,
    partner,
    packets,
    fates: packetFates(trace),
    relative: relativeNumbers(trace),
    eventLane,
    headingLane: (packet) => flowLane.get(flowKey(packet)) ?? laneOf(packet.to),
    hidden: hiddenCalls(trace.events, partner, presentation),
  };
}

/** The lane of every event, and of each flow the lane that received it last. */
function eventLanes(
  trace: Trace,
  laneOf: LaneMap['laneOf'],
  packets: PacketIndex,
): { eventLane: Int32Array; flowLane: Map<string, number> } {
  const owners = eventOwners(trace);
  const eventLane = new Int32Array(trace.events.length);
  // The lane that last received each flow: where a lost segment was heading.
  const flowLane = new Map<string, number>();
  trace.events.forEach((event, index) => {
    const owner = owners[index];
    if (event.kind === 'deliver') {
      const sent = packets.byId.get(event.id);
      const lane = owner !== undefined ? laneOf(owner.host, owner.socket) : laneOf(sent?.to ?? '', event.socket);
      eventLane[index] = lane;
      if (sent !== undefined) flowLane.set(flowKey(sent), lane);
    } else if (event.kind === 'drop') {
      const sent = packets.byId.get(event.id);
      eventLane[index] = sent === undefined ? 0 : (flowLane.get(flowKey(sent)) ?? laneOf(sent.to));
    } else if (event.kind === 'icmp') eventLane[index] = laneOf(event.from);
    else if (event.kind === 'note') eventLane[index] = laneOf(event.host ?? '');
    else eventLane[index] = owner === undefined ? 0 : laneOf(owner.host, owner.socket);
  });
  return { eventLane, flowLane };
}

/** Presentation mode leaves out calls that return at once without an error (bind, listen…). */
export function hiddenCalls(events: readonly TraceEvent[], partner: Int32Array, presentation: boolean): Uint8Array {
  const hidden = new Uint8Array(events.length);
  if (!presentation) return hidden;
  events.forEach((event, index) => {
    if (event.kind !== 'call') return;
    const ret = events[partner[index]!];
    if (ret !== undefined && ret.kind === 'return' && ret.t === event.t && ret.errno === undefined) hidden[index] = 1;
  });
  return hidden;
}

/** A broadcast copy sent at the same instant as the previous one: drawn from the same point. */
export function joinsBroadcast(events: readonly TraceEvent[], index: number): boolean {
  const event = events[index];
  const previous = events[index - 1];
  return (
    event?.kind === 'datagram' &&
    event.broadcast === true &&
    previous?.kind === 'datagram' &&
    previous.broadcast === true &&
    previous.src === event.src &&
    previous.t === event.t
  );
}
