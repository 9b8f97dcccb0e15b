// The layout's first pass: what it needs to know about the trace, read from the query layer
// (packets by id, every fate of a packet, call pairs, socket owners, relative numbers) and turned
// into lanes: the lifeline each event is drawn on.
import {
  callPartners,
  packetFates,
  packetIndex,
  relativeNumbers,
  type PacketEvent,
  type PacketIndex,
  type RelativeNumbering,
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
  relative: RelativeNumbering;
  /**
   * The lane each event is drawn on: its socket's, the sender's for a packet, and for a deliver or
   * a drop the socket that received the packet or that it was addressed to (lanes.ts).
   */
  eventLane: Int32Array;
  /** Where a packet still in flight at the end was heading: the socket it was addressed to. */
  headingLane(packet: PacketEvent): number;
  /** Calls not drawn (presentation mode: instant ones that succeed); 1 for hidden. */
  hidden: Uint8Array;
}

/**
 * `merge`: every host with several lanes (a server's listening and accepted sockets) gets one, so
 * a scene with more sockets than the screen has room for still fits across (issue 8: lanes of
 * one host merge rather than the page scrolling sideways). Each socket keeps its own state band.
 */
export function indexTrace(trace: Trace, presentation: boolean, merge = false): TraceIndex {
  const built = buildLanes(trace);
  const { lanes, laneOf, eventLane, headingLane } = merge ? mergeHostLanes(built) : built;
  const partner = callPartners(trace);
  return {
    events: trace.events,
    lanes,
    laneOf,
    partner,
    packets: packetIndex(trace),
    fates: packetFates(trace),
    relative: relativeNumbers(trace),
    eventLane,
    headingLane: (packet) => headingLane(packet.id, packet.to),
    hidden: hiddenCalls(trace.events, partner, presentation),
  };
}

/** A merged lane: the descriptors of the host's sockets it stands for, named together in its header. */
export type MergedLaneSpec = LaneSpec & { fds?: readonly number[] };

/** The lane map with one lane per host. */
export function mergeHostLanes(map: LaneMap): LaneMap {
  const lanes: MergedLaneSpec[] = [];
  const remap = new Int32Array(map.lanes.length);
  const byHost = new Map<string, number>();
  for (const spec of map.lanes) {
    let at = byHost.get(spec.host);
    if (at === undefined) {
      at = lanes.length;
      byHost.set(spec.host, at);
      lanes.push({
        index: at,
        host: spec.host,
        addr: spec.addr,
        hostIndex: spec.hostIndex,
        fd: spec.fd,
        shared: false,
        ...(spec.endpoint === undefined ? {} : { endpoint: spec.endpoint }),
      });
    } else {
      const lane = lanes[at]!;
      const fds = [
        ...(lane.fds ?? (lane.fd === undefined ? [] : [lane.fd])),
        ...(spec.fd === undefined ? [] : [spec.fd]),
      ];
      // A capture's merged sockets keep their name when they share one address:port (a server's).
      const { endpoint, ...rest } = lane;
      lanes[at] =
        endpoint !== undefined && endpoint === spec.endpoint
          ? { ...lane, fd: undefined, fds }
          : { ...rest, fd: undefined, fds };
    }
    remap[spec.index] = at;
  }
  return {
    lanes,
    laneOf: (host, socket) => remap[map.laneOf(host, socket)]!,
    eventLane: map.eventLane.map((lane) => remap[lane]!),
    headingLane: (packetId, to) => remap[map.headingLane(packetId, to)]!,
  };
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
