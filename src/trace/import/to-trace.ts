// A decoded capture as a Trace (`source: 'pcap'`): one segment, datagram or icmp event per
// packet, a `deliver` at the same instant (a capture sees each packet once), the inferred TCP
// states (infer.ts) and notes for what the capture cannot show.
import { encodeBase64 } from '../../encoding/base64';
import {
  TRACE_VERSION,
  type DatagramEvent,
  type DeliverEvent,
  type LocalizedText,
  type NoteEvent,
  type SegmentEvent,
  type StateEvent,
  type Trace,
  type TraceEvent,
  type TraceHost,
} from '../types';
import { traceLimits } from '../validate';
import { endpointText } from './address';
import { inferTcpStates, type InferredConnection, type InferSegment } from './infer';
import { captureLimits, type CaptureResult, type DecodedPacket } from './types';

export interface CaptureToTraceOptions {
  /** Shown in `meta.file`. */
  fileName?: string;
  /** Host names by "addr:port" (checked first) or by "addr"; unnamed hosts are named by address. */
  names?: Record<string, string>;
}

/** Notes about individual malformed packets; the rest are only counted in meta. */
const maxProblemNotes = 20;
const maxProblemsInMeta = 100;
/** TIME-WAIT notes (one per endpoint) before the rest are only counted; connections listed in meta. */
const maxTimeWaitNotes = 100;
const maxConnectionsInMeta = 10_000;
/** The host name given to every address past traceLimits.maxHosts - 1 distinct ones. */
export const otherHosts = 'other hosts';
const maxCachedEndpoints = 65_536;
/** Trace times must be safe integers; a capture spanning more than this has a corrupt timestamp. */
const maxTraceMicroseconds = 2 ** 52;

export interface ConnectionMeta {
  id: number;
  client: string;
  server: string;
  clientHost: string;
  serverHost: string;
  clientSocket?: number;
  serverSocket?: number;
  start: InferredConnection['start'];
  clientState?: string;
  serverState?: string;
  segments: number;
}

export function captureToTrace(result: CaptureResult, options: CaptureToTraceOptions = {}): Trace {
  const hosts = new HostTable(options.names ?? {});
  const packets = result.packets;
  const first = packets[0];

  // TCP segments, in capture order, for the state inference.
  const segments: InferSegment[] = [];
  const endpoints = new EndpointTable();
  for (const packet of packets) {
    const tcp = packet.transport;
    if (tcp?.protocol !== 'tcp' || packet.ip === undefined) continue;
    const src = endpoints.text(packet.ip.src, tcp.srcPort);
    const dst = endpoints.text(packet.ip.dst, tcp.dstPort);
    segments.push({ packet: packet.index, src, dst, flagBits: tcp.flagBits, seq: tcp.seq, ack: tcp.ack, len: tcp.len });
  }
  const inferred = inferTcpStates(segments);
  const transitions = inferred.transitions;

  const events: TraceEvent[] = [];
  if (result.error !== undefined) {
    const { offset, message } = result.error;
    events.push(
      note(0, {
        en: `The capture is cut at byte ${offset}: ${message}. The packets before it are shown.`,
        fr: `La capture s’arrête à l’octet ${offset} : ${message}. Les paquets d’avant sont affichés.`,
      }),
    );
  }

  let t = 0;
  let reordered = 0;
  let skipped = 0;
  let truncated = 0;
  let segmentIndex = 0;
  let transitionIndex = 0;
  const problems: { packet: number; message: string }[] = [];
  /** The last packet id sent from one endpoint to another, for ICMP errors that quote it. */
  const lastIdByFlow = new FlowTable();

  const pushTransitions = (packetIndex: number, upToPhase: 'start' | 'send' | 'receive'): void => {
    const limit = upToPhase === 'start' ? 0 : upToPhase === 'send' ? 1 : 2;
    for (;;) {
      const transition = transitions[transitionIndex];
      if (transition === undefined || transition.packet !== packetIndex) return;
      const phase = transition.phase === 'start' ? 0 : transition.phase === 'send' ? 1 : 2;
      if (phase > limit) return;
      const state: StateEvent = {
        t,
        kind: 'state',
        host: hosts.forEndpoint(transition.endpoint),
        socket: transition.socket,
        from: transition.from,
        to: transition.to,
        reason: transition.reason,
        cause: transition.cause,
        causeText: transition.causeText,
        inferred: true,
      };
      events.push(state);
      transitionIndex++;
    }
  };

  let cutAtPacket: number | undefined;
  for (const packet of packets) {
    // Room for this packet's events (at most a few states, a segment, a deliver) and the closing notes.
    if (events.length >= traceLimits.maxEvents - 64) {
      cutAtPacket = packet.index + 1;
      break;
    }
    if (first !== undefined) {
      const here = microsecondsBetween(first, packet);
      // Earlier than the packet before (or absurdly far, from a corrupt header): held back.
      if (!(here >= t && here <= maxTraceMicroseconds)) reordered++;
      else t = here;
    }
    if (packet.truncated) truncated++;
    if (packet.problem !== undefined) {
      if (problems.length < maxProblemsInMeta) problems.push({ packet: packet.index + 1, message: packet.problem });
      if (problems.length <= maxProblemNotes)
        events.push(
          note(t, {
            en: `Packet ${packet.index + 1}: ${packet.problem}.`,
            fr: `Paquet ${packet.index + 1} : ${packet.problem}.`,
          }),
        );
    }
    const ip = packet.ip;
    const transport = packet.transport;
    if (ip === undefined || transport === undefined) {
      skipped++;
      continue;
    }
    const id = packet.index + 1;
    if (transport.protocol === 'tcp') {
      const { src, dst } = segments[segmentIndex] as InferSegment;
      const fromSocket = inferred.fromSockets[segmentIndex] ?? -1;
      const toSocket = inferred.toSockets[segmentIndex] ?? -1;
      segmentIndex++;
      const from = hosts.forEndpoint(src);
      const to = hosts.forEndpoint(dst);
      pushTransitions(packet.index, 'start');
      const segment: SegmentEvent = {
        t,
        kind: 'segment',
        id,
        from,
        to,
        src,
        dst,
        flags: transport.flags,
        seq: transport.seq,
        ack: transport.ack,
        window: transport.window,
        len: Math.min(transport.len, traceLimits.maxPacketBytes),
        options: transport.options as Record<string, unknown>,
        payload: payloadText(transport.payload),
      };
      if (fromSocket >= 0) segment.socket = fromSocket;
      if (packet.truncated) (segment as SegmentEvent & { truncated?: boolean }).truncated = true;
      events.push(segment);
      pushTransitions(packet.index, 'send');
      events.push(deliver(t, id, to, toSocket >= 0 ? toSocket : undefined));
      pushTransitions(packet.index, 'receive');
      lastIdByFlow.set(src, dst, id);
    } else if (transport.protocol === 'udp') {
      const src = endpoints.text(ip.src, transport.srcPort);
      const dst = endpoints.text(ip.dst, transport.dstPort);
      const to = hosts.forEndpoint(dst);
      const datagram: DatagramEvent = {
        t,
        kind: 'datagram',
        id,
        from: hosts.forEndpoint(src),
        to,
        src,
        dst,
        len: Math.min(transport.len, traceLimits.maxPacketBytes),
        payload: payloadText(transport.payload),
      };
      if (packet.truncated) (datagram as DatagramEvent & { truncated?: boolean }).truncated = true;
      events.push(datagram);
      events.push(deliver(t, id, to, undefined));
      lastIdByFlow.set(src, dst, id);
    } else {
      const quoted = transport.quoted;
      const about =
        quoted?.srcPort !== undefined && quoted.dstPort !== undefined
          ? lastIdByFlow.get(endpoints.text(quoted.src, quoted.srcPort), endpoints.text(quoted.dst, quoted.dstPort))
          : undefined;
      if (about === undefined) {
        skipped++;
        events.push(
          note(t, {
            en: `Packet ${id}: ICMP ${transport.type} about a packet that is not in the capture.`,
            fr: `Paquet ${id} : ICMP ${transport.type} au sujet d’un paquet absent de la capture.`,
          }),
        );
        continue;
      }
      const to = hosts.forAddress(ip.dst);
      events.push({ t, kind: 'icmp', id, from: hosts.forAddress(ip.src), to, type: transport.type, about });
      events.push(deliver(t, id, to, undefined));
    }
  }

  let timeWaitNotes = 0;
  let timeWaitUnnoted = 0;
  const connections: ConnectionMeta[] = inferred.connections.slice(0, maxConnectionsInMeta).map((connection) => {
    const out: ConnectionMeta = {
      id: connection.id,
      client: connection.client,
      server: connection.server,
      clientHost: hosts.forEndpoint(connection.client),
      serverHost: hosts.forEndpoint(connection.server),
      start: connection.start,
      segments: connection.segments,
    };
    if (connection.clientSocket !== undefined) out.clientSocket = connection.clientSocket;
    if (connection.serverSocket !== undefined) out.serverSocket = connection.serverSocket;
    if (connection.clientState !== undefined) out.clientState = connection.clientState;
    if (connection.serverState !== undefined) out.serverState = connection.serverState;
    for (const endpoint of connection.timeWait) {
      if (timeWaitNotes++ >= maxTimeWaitNotes) {
        timeWaitUnnoted++;
        continue;
      }
      const host = hosts.forEndpoint(endpoint);
      events.push({
        ...note(t, {
          en: `${endpoint} is in TIME-WAIT when the capture ends; it would reach CLOSED 2*MSL later, which the capture does not show.`,
          fr: `${endpoint} est en TIME-WAIT à la fin de la capture ; il passerait à CLOSED 2*MSL plus tard, ce que la capture ne montre pas.`,
        }),
        host,
      });
    }
    return out;
  });
  if (timeWaitUnnoted > 0)
    events.push(
      note(t, {
        en: `${timeWaitUnnoted} more endpoints are in TIME-WAIT when the capture ends.`,
        fr: `${timeWaitUnnoted} autres extrémités sont en TIME-WAIT à la fin de la capture.`,
      }),
    );
  if (cutAtPacket !== undefined)
    events.push(
      note(t, {
        en: `The trace is cut at packet ${cutAtPacket}: a trace holds at most ${traceLimits.maxEvents} events.`,
        fr: `La trace s’arrête au paquet ${cutAtPacket} : une trace contient au plus ${traceLimits.maxEvents} événements.`,
      }),
    );
  if (hosts.overflowed)
    events.push(
      note(t, {
        en: `More than ${traceLimits.maxHosts - 1} addresses: the others are drawn as one host, "${otherHosts}".`,
        fr: `Plus de ${traceLimits.maxHosts - 1} adresses : les autres sont dessinées comme un seul hôte, « ${otherHosts} ».`,
      }),
    );
  if (reordered > 0)
    events.push(
      note(t, {
        en: `${reordered} packets had a timestamp earlier than the packet before them, or unusable; they are shown at the previous time.`,
        fr: `${reordered} paquets avaient un horodatage antérieur au paquet précédent, ou inutilisable ; ils sont affichés à l’instant précédent.`,
      }),
    );

  const meta: Trace['meta'] = {
    format: result.format,
    packets: packets.length,
    linkTypes: result.linkTypes,
    connections,
    connectionCount: inferred.connections.length,
    skippedPackets: skipped,
    truncatedPackets: truncated,
  };
  if (options.fileName !== undefined) meta.file = options.fileName;
  if (first !== undefined) meta.startSeconds = first.seconds + first.nanoseconds / 1e9;
  if (problems.length > 0) meta.problems = problems;
  if (result.error !== undefined) meta.error = result.error;
  return { format: 'wirestep-trace', version: TRACE_VERSION, source: 'pcap', meta, hosts: hosts.list(), events };
}

/** Whole microseconds from `first` to `packet` (nanosecond timestamps rounded). */
function microsecondsBetween(first: DecodedPacket, packet: DecodedPacket): number {
  const seconds = packet.seconds - first.seconds;
  return seconds * 1e6 + Math.round((packet.nanoseconds - first.nanoseconds) / 1000);
}

function payloadText(payload: Uint8Array): string {
  if (payload.length === 0) return '';
  return encodeBase64(
    payload.length > captureLimits.maxPayloadBytes ? payload.subarray(0, captureLimits.maxPayloadBytes) : payload,
  );
}

function deliver(t: number, id: number, host: string, socket: number | undefined): DeliverEvent {
  return socket === undefined ? { t, kind: 'deliver', id, host } : { t, kind: 'deliver', id, host, socket };
}

function note(t: number, text: LocalizedText): NoteEvent {
  return { t, kind: 'note', text };
}

/** The last packet id per (source, destination) endpoint pair; no key string built per packet. */
class FlowTable {
  private readonly bySource = new Map<string, Map<string, number>>();

  set(src: string, dst: string, id: number): void {
    let inner = this.bySource.get(src);
    if (inner === undefined) {
      if (this.bySource.size >= maxCachedEndpoints) this.bySource.clear();
      this.bySource.set(src, (inner = new Map()));
    }
    if (inner.size >= maxCachedEndpoints) inner.clear();
    inner.set(dst, id);
  }

  get(src: string, dst: string): number | undefined {
    return this.bySource.get(src)?.get(dst);
  }
}

/** "addr:port" texts, one string per endpoint however many packets name it. */
class EndpointTable {
  private readonly byAddress = new Map<string, Map<number, string>>();
  private size = 0;

  text(addr: string, port: number): string {
    let ports = this.byAddress.get(addr);
    if (ports === undefined) {
      if (this.size >= maxCachedEndpoints) {
        this.byAddress.clear();
        this.size = 0;
      }
      this.byAddress.set(addr, (ports = new Map()));
    }
    let text = ports.get(port);
    if (text === undefined) {
      text = endpointText(addr, port);
      ports.set(port, text);
      this.size++;
    }
    return text;
  }
}

/** Host names: the user's (by endpoint, then by address), else the address itself. */
class HostTable {
  private readonly byEndpoint = new Map<string, string>();
  private readonly hosts = new Map<string, TraceHost>();

  constructor(private readonly names: Record<string, string>) {}

  forEndpoint(endpoint: string): string {
    let name = this.byEndpoint.get(endpoint);
    if (name === undefined) {
      const addr = endpoint.startsWith('[')
        ? endpoint.slice(1, endpoint.indexOf(']'))
        : endpoint.slice(0, endpoint.lastIndexOf(':'));
      const own = this.named(endpoint);
      if (own !== undefined && this.add(own, addr)) name = own;
      else name = this.forAddress(addr);
      if (this.byEndpoint.size >= maxCachedEndpoints) this.byEndpoint.clear();
      this.byEndpoint.set(endpoint, name);
    }
    return name;
  }

  forAddress(addr: string): string {
    const name = this.named(addr) ?? addr;
    return this.add(name, addr) ? name : otherHosts;
  }

  list(): TraceHost[] {
    return [...this.hosts.values()];
  }

  /** The number of hosts a trace may hold is bounded: past it, hosts share one catch-all name. */
  get overflowed(): boolean {
    return this.hosts.has(otherHosts);
  }

  /** True when `name` is (now) a host; false when the table is full. */
  private add(name: string, addr: string): boolean {
    if (this.hosts.has(name)) return true;
    if (this.hosts.size >= traceLimits.maxHosts - 1) {
      if (!this.hosts.has(otherHosts)) this.hosts.set(otherHosts, { name: otherHosts, addr: '0.0.0.0' });
      return false;
    }
    this.hosts.set(name, { name, addr });
    return true;
  }

  private named(key: string): string | undefined {
    if (!Object.hasOwn(this.names, key)) return undefined;
    const name = this.names[key];
    if (typeof name !== 'string') return undefined;
    const trimmed = name.trim();
    return trimmed.length > 0 && trimmed.length <= traceLimits.maxNameChars ? trimmed : undefined;
  }
}
