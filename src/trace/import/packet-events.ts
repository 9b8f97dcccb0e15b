// The per-packet pass of captureToTrace: one segment, datagram or icmp event per packet and a
// deliver at the same instant (a capture sees each packet once), with the inferred state
// changes placed around their segment, and a note for each packet it cannot fully show.
import { encodeBase64 } from '../../encoding/base64';
import type {
  CapturePacketProblem,
  DatagramEvent,
  DeliverEvent,
  LocalizedText,
  SegmentEvent,
  TraceEvent,
} from '../types';
import { traceLimits } from '../validate';
import { captureMetaLimits } from '../validate-capture';
import { FlowTable, type EndpointTable } from './endpoint-tables';
import type { HostTable } from './host-names';
import { phaseOrder, type InferResult, type InferSegment, type TransitionPhase } from './infer';
import { problemNote, unquotedIcmpNote } from './notes';
import { UdpSockets } from './udp-sockets';
import { WindowScales } from './window-scale';
import {
  captureLimits,
  type DecodedPacket,
  type IcmpUnreachable,
  type IpHeader,
  type TcpHeader,
  type UdpHeader,
} from './types';

/** Packet problems that get a note (meta keeps captureMetaLimits.maxProblems). */
const maxProblemNotes = 20;
/** Trace times must be safe integers; a capture spanning more than this has a corrupt timestamp. */
const maxTraceMicroseconds = 2 ** 52;
/** Room for one packet's events (at most a few states, a segment, a deliver) and the closing notes. */
const eventsPerPacketReserve = 64;

/** What the pass counted, for the closing notes and the metadata. */
export interface PacketTally {
  /** The time of the last packet shown: the closing notes are placed there. */
  t: number;
  reordered: number;
  skipped: number;
  truncated: number;
  problems: CapturePacketProblem[];
  /** The number (from 1) of the first packet left out when the trace reached its event limit. */
  cutAtPacket: number | undefined;
}

export interface PacketContext {
  hosts: HostTable;
  endpoints: EndpointTable;
  /** The capture's TCP segments, in order, as given to the state inference. */
  segments: readonly InferSegment[];
  inferred: InferResult;
}

/** Appends every packet's events to `events`, until the trace's event limit. */
export function addPacketEvents(
  packets: readonly DecodedPacket[],
  context: PacketContext,
  events: TraceEvent[],
): PacketTally {
  const writer = new PacketEvents(context, events, packets);
  for (const packet of packets) {
    if (events.length >= traceLimits.maxEvents - eventsPerPacketReserve) {
      writer.tally.cutAtPacket = packet.index + 1;
      break;
    }
    writer.add(packet);
  }
  return writer.tally;
}

class PacketEvents {
  readonly tally: PacketTally = { t: 0, reordered: 0, skipped: 0, truncated: 0, problems: [], cutAtPacket: undefined };
  /** The next TCP segment (in InferSegment order) and the next inferred transition. */
  private segmentIndex = 0;
  private transitionIndex = 0;
  private readonly lastIdByFlow = new FlowTable();
  private readonly windowScales = new WindowScales();
  private readonly udpSockets: UdpSockets;
  private readonly first: DecodedPacket | undefined;

  constructor(
    private readonly context: PacketContext,
    private readonly events: TraceEvent[],
    packets: readonly DecodedPacket[],
  ) {
    this.first = packets[0];
    this.udpSockets = new UdpSockets(packets, context);
  }

  add(packet: DecodedPacket): void {
    this.advanceClock(packet);
    if (packet.truncated) this.tally.truncated++;
    if (packet.problemText !== undefined) this.addProblem(packet.index + 1, packet.problemText);
    const { ip, transport } = packet;
    if (ip === undefined || transport === undefined) this.tally.skipped++;
    else if (transport.protocol === 'tcp') this.addSegment(packet, transport);
    else if (transport.protocol === 'udp') this.addDatagram(packet, ip, transport);
    else this.addIcmp(packet, ip, transport);
  }

  /** Earlier than the packet before (or absurdly far, from a corrupt header): held back. */
  private advanceClock(packet: DecodedPacket): void {
    if (this.first === undefined) return;
    const here = microsecondsBetween(this.first, packet);
    if (!(here >= this.tally.t && here <= maxTraceMicroseconds)) this.tally.reordered++;
    else this.tally.t = here;
  }

  private addProblem(id: number, text: LocalizedText): void {
    const problems = this.tally.problems;
    if (problems.length < captureMetaLimits.maxProblems) problems.push({ packet: id, message: text.en, text });
    if (problems.length <= maxProblemNotes) this.events.push(problemNote(this.tally.t, id, text));
  }

  private addSegment(packet: DecodedPacket, tcp: TcpHeader): void {
    const { hosts, segments, inferred } = this.context;
    const { t } = this.tally;
    const id = packet.index + 1;
    const { src, dst } = segments[this.segmentIndex] as InferSegment;
    const fromSocket = inferred.fromSockets[this.segmentIndex] ?? -1;
    const toSocket = inferred.toSockets[this.segmentIndex] ?? -1;
    this.segmentIndex++;
    const from = hosts.forEndpoint(src);
    const to = hosts.forEndpoint(dst);
    this.addTransitions(packet.index, 'start');
    const scaled = this.windowScales.window(src, dst, tcp.flagBits, tcp.window, tcp.options.wscale);
    const segment: SegmentEvent = {
      t,
      kind: 'segment',
      id,
      from,
      to,
      src,
      dst,
      flags: tcp.flags,
      seq: tcp.seq,
      ack: tcp.ack,
      window: scaled.window,
      len: Math.min(tcp.len, traceLimits.maxPacketBytes),
      options: tcp.options as Record<string, unknown>,
      payload: payloadText(tcp.payload),
    };
    if (scaled.raw !== undefined && scaled.shift !== undefined) {
      segment.windowRaw = scaled.raw;
      segment.windowShift = scaled.shift;
    }
    if (fromSocket >= 0) segment.socket = fromSocket;
    if (packet.truncated) (segment as SegmentEvent & { truncated?: boolean }).truncated = true;
    this.events.push(segment);
    this.addTransitions(packet.index, 'send');
    this.events.push(deliver(t, id, to, toSocket >= 0 ? toSocket : undefined));
    this.addTransitions(packet.index, 'receive');
    this.lastIdByFlow.set(src, dst, id);
  }

  /** The inferred state changes of this packet up to `phase` (infer.ts orders them). */
  private addTransitions(packetIndex: number, phase: TransitionPhase): void {
    const transitions = this.context.inferred.transitions;
    for (;;) {
      const transition = transitions[this.transitionIndex];
      if (transition === undefined || transition.packet !== packetIndex) return;
      if (phaseOrder[transition.phase] > phaseOrder[phase]) return;
      this.events.push({
        t: this.tally.t,
        kind: 'state',
        host: this.context.hosts.forEndpoint(transition.endpoint),
        socket: transition.socket,
        from: transition.from,
        to: transition.to,
        reason: transition.reason,
        cause: transition.cause,
        causeText: transition.causeText,
        inferred: true,
      });
      this.transitionIndex++;
    }
  }

  private addDatagram(packet: DecodedPacket, ip: IpHeader, udp: UdpHeader): void {
    const { hosts, endpoints } = this.context;
    const { t } = this.tally;
    const id = packet.index + 1;
    const src = endpoints.text(ip.src, udp.srcPort);
    const dst = endpoints.text(ip.dst, udp.dstPort);
    const to = hosts.forEndpoint(dst);
    const datagram: DatagramEvent = {
      t,
      kind: 'datagram',
      id,
      from: hosts.forEndpoint(src),
      to,
      src,
      dst,
      len: Math.min(udp.len, traceLimits.maxPacketBytes),
      payload: payloadText(udp.payload),
    };
    datagram.socket = this.udpSockets.of(src);
    if (packet.truncated) (datagram as DatagramEvent & { truncated?: boolean }).truncated = true;
    this.events.push(datagram, deliver(t, id, to, this.udpSockets.receiver(dst)));
    this.lastIdByFlow.set(src, dst, id);
  }

  /** An ICMP error is shown only about a packet of the capture (the one its quote names). */
  private addIcmp(packet: DecodedPacket, ip: IpHeader, icmp: IcmpUnreachable): void {
    const { hosts, endpoints } = this.context;
    const { t } = this.tally;
    const id = packet.index + 1;
    const quoted = icmp.quoted;
    const about =
      quoted?.srcPort !== undefined && quoted.dstPort !== undefined
        ? this.lastIdByFlow.get(endpoints.text(quoted.src, quoted.srcPort), endpoints.text(quoted.dst, quoted.dstPort))
        : undefined;
    if (about === undefined) {
      this.tally.skipped++;
      this.events.push(unquotedIcmpNote(t, id, icmp.type));
      return;
    }
    const to = hosts.forAddress(ip.dst);
    this.events.push(
      { t, kind: 'icmp', id, from: hosts.forAddress(ip.src), to, type: icmp.type, about },
      deliver(t, id, to, undefined),
    );
  }
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
