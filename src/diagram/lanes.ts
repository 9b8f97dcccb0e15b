// Lifelines: one per host, and one per socket where a host has several (the listening socket
// and each accepted one), so every segment starts and ends on the descriptor that handled it,
// plus one without a descriptor for a host whose kernel alone sent or received a packet (a
// closed port's RST) while it also has sockets. Every view (the diagram, the exports) reads each
// event's lane from here, so they all send a packet to the same socket.
import { eventOwners, hostDescriptors, packetFates, packetIndex, perTrace } from '../trace/query';
import type { Trace } from '../trace/types';
import { packetReceivers, type Endpoint } from './receivers';

export interface LaneSpec {
  index: number;
  host: string;
  addr: string;
  hostIndex: number;
  /** The descriptor of this lane; undefined for the host itself (no socket at all, or its kernel). */
  fd?: number;
  /** True when the host has several lanes (its header names each descriptor separately). */
  shared: boolean;
  /**
   * In a capture, the one address:port the lane's packets leave from and arrive at, which names
   * the lane: a capture's descriptors are made up (from 1000), its endpoints are what it saw.
   */
  endpoint?: string;
}

export interface LaneMap {
  lanes: LaneSpec[];
  /** The lane of (host, descriptor); a missing or unknown descriptor gives the host's first lane. */
  laneOf(host: string, socket?: number): number;
  /**
   * The lane every event is drawn on: its socket's; the sender's for a packet; for a deliver or a
   * drop the socket that received the packet or that it was addressed to (see receivers.ts).
   */
  eventLane: Int32Array;
  /**
   * Where a packet still in flight at the end (no deliver, no drop) was heading, by packet id: the
   * socket it was addressed to, else the first lane of host `to`.
   */
  headingLane(packetId: number, to: string): number;
}

/**
 * A LaneMap as plain data: a big trace's lanes are worked out in the import worker that built the
 * trace and sent with it (seconds of work on the page at 100,000 packets, issue 9).
 */
export interface SentLanes {
  lanes: LaneSpec[];
  /** `host|fd` → lane. */
  byKey: [string, number][];
  /** Host → the lane of its events of no socket. */
  first: [string, number][];
  eventLane: Int32Array;
  /** [packet id, lane] of each packet still in flight at the end. */
  heading: [number, number][];
}

/** Hosts with sockets whose kernel alone sent or received a packet: they get a lane without descriptor. */
function kernelHosts(descriptors: ReadonlyMap<string, readonly number[]>, endpoints: Iterable<Endpoint>): Set<string> {
  const hosts = new Set<string>();
  for (const endpoint of endpoints)
    if (endpoint.socket === undefined && (descriptors.get(endpoint.host)?.length ?? 0) > 0) hosts.add(endpoint.host);
  return hosts;
}

function pendingEndpoints(trace: Trace, addressed: ReadonlyMap<number, Endpoint>): Endpoint[] {
  const fates = packetFates(trace);
  return [...addressed].flatMap(([id, endpoint]) => (fates.has(id) ? [] : [endpoint]));
}

const derived = perTrace(laneMap);
const received = new WeakMap<Trace, LaneMap>();
const sentOf = new WeakMap<LaneMap, SentLanes>();

/**
 * Built once per Trace (the layout runs again on every width, language, filter or time-scale
 * change, and the packet pane and the text export read the same lanes), or received with it.
 */
export const buildLanes = (trace: Trace): LaneMap => received.get(trace) ?? derived(trace);

/** The trace's lanes as data, to send to another thread. */
export function lanesToSend(trace: Trace): SentLanes {
  return sentOf.get(buildLanes(trace))!;
}

/** Lanes sent with the trace (lanesToSend): buildLanes returns them rather than working them out again. */
export function receiveLanes(trace: Trace, sent: SentLanes): void {
  received.set(trace, lanesFrom(sent));
}

function laneOfIn(byKey: ReadonlyMap<string, number>, first: ReadonlyMap<string, number>) {
  return (host: string, socket?: number): number => {
    if (socket !== undefined && socket >= 0) {
      const lane = byKey.get(`${host}|${socket}`);
      if (lane !== undefined) return lane;
    }
    return first.get(host) ?? 0;
  };
}

function lanesFrom(sent: SentLanes): LaneMap {
  const laneOf = laneOfIn(new Map(sent.byKey), new Map(sent.first));
  const heading = new Map(sent.heading);
  const map: LaneMap = {
    lanes: sent.lanes,
    laneOf,
    eventLane: sent.eventLane,
    headingLane: (packetId, to) => heading.get(packetId) ?? laneOf(to),
  };
  sentOf.set(map, sent);
  return map;
}

function laneMap(trace: Trace): LaneMap {
  const descriptors = hostDescriptors(trace);
  const receivers = packetReceivers(trace);
  const kernels = kernelHosts(descriptors, [
    ...receivers.fate.values(),
    ...receivers.sender.values(),
    ...pendingEndpoints(trace, receivers.addressed),
  ]);
  const lanes: LaneSpec[] = [];
  const first = new Map<string, number>();
  const kernel = new Map<string, number>();
  const byKey = new Map<string, number>();
  const hosts = [...trace.hosts];
  // A host seen in events but missing from `hosts` still gets a lane.
  for (const name of descriptors.keys()) if (!hosts.some((h) => h.name === name)) hosts.push({ name, addr: '' });
  hosts.forEach((host, hostIndex) => {
    const fds = descriptors.get(host.name) ?? [];
    const shared = fds.length + (kernels.has(host.name) ? 1 : 0) > 1;
    if (kernels.has(host.name) || fds.length === 0) {
      kernel.set(host.name, lanes.length);
      lanes.push({ index: lanes.length, host: host.name, addr: host.addr, hostIndex, shared });
    }
    // Events of no socket (a sleep, a note) go to the first descriptor's lane.
    first.set(host.name, fds.length === 0 ? lanes.length - 1 : lanes.length);
    for (const fd of fds) {
      byKey.set(`${host.name}|${fd}`, lanes.length);
      lanes.push({ index: lanes.length, host: host.name, addr: host.addr, hostIndex, fd, shared });
    }
  });

  const laneOf = laneOfIn(byKey, first);
  const laneAt = (endpoint: Endpoint): number =>
    endpoint.socket === undefined
      ? (kernel.get(endpoint.host) ?? laneOf(endpoint.host))
      : laneOf(endpoint.host, endpoint.socket);

  const owners = eventOwners(trace);
  const eventLane = new Int32Array(trace.events.length);
  trace.events.forEach((event, index) => {
    const at = receivers.fate.get(index) ?? receivers.sender.get(index);
    if (at !== undefined) eventLane[index] = laneAt(at);
    else if (event.kind === 'note') eventLane[index] = laneOf(event.host ?? '');
    else {
      const owner = owners.at(index);
      eventLane[index] = owner === undefined ? 0 : laneOf(owner.host, owner.socket);
    }
  });
  const fates = packetFates(trace);
  const heading: [number, number][] = [];
  for (const [id, endpoint] of receivers.addressed) if (!fates.has(id)) heading.push([id, laneAt(endpoint)]);
  if (trace.source === 'pcap') nameByEndpoint(trace, lanes, eventLane);
  return lanesFrom({ lanes, byKey: [...byKey], first: [...first], eventLane, heading });
}

/** Gives each capture lane whose packets use one address:port that endpoint (see LaneSpec.endpoint). */
function nameByEndpoint(trace: Trace, lanes: LaneSpec[], eventLane: Int32Array): void {
  const seen: (string | null | undefined)[] = new Array(lanes.length);
  const add = (lane: number, endpoint: string) => {
    const now = seen[lane];
    seen[lane] = now === undefined || now === endpoint ? endpoint : null;
  };
  const { byId } = packetIndex(trace);
  trace.events.forEach((event, index) => {
    if (event.kind === 'segment' || event.kind === 'datagram') add(eventLane[index]!, event.src);
    else if (event.kind === 'deliver' || event.kind === 'drop') {
      const packet = byId.get(event.id);
      if (packet !== undefined && packet.kind !== 'icmp') add(eventLane[index]!, packet.dst);
    }
  });
  seen.forEach((endpoint, lane) => {
    if (typeof endpoint === 'string') lanes[lane]!.endpoint = endpoint;
  });
}
