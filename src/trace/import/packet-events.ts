// The per-packet pass of captureToTrace, its second over the packets: one segment, datagram or
// icmp event per packet and a deliver at the same instant (a capture sees each packet once),
// with the inferred state changes placed around their segment, and a note for each packet it
// cannot fully show. Events go to a sink as they are made (an array, or JSON being written).
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
import { FlowTable } from './endpoint-tables';
import type { HostTable } from './host-names';
import * as infer from './infer';
import { problemNote, unquotedIcmpNote } from './notes';
import { PayloadTexts } from './payload-texts';
import type { CaptureScan } from './scan';
import { type DecodedPacket, type IcmpUnreachable, type IpHeader, type TcpHeader, type UdpHeader } from './types';

// Imported bindings read per segment are copied into module constants: under tsx (the CLI and
// `npm run bench` run through it, as CommonJS) every imported binding is read through a getter,
// and those getters were 11% of a 1,000,000-packet import's profile (issue 9).
const { causeOf, RECEIVE, SEND, START } = infer;
const { maxEvents, maxPacketBytes } = traceLimits;

/** Packet problems that get a note (meta keeps captureMetaLimits.maxProblems). */
const maxProblemNotes = 20;
/** Trace times must be safe integers; a capture spanning more than this has a corrupt timestamp. */
const maxTraceMicroseconds = 2 ** 52;
/** Room for one packet's events (at most a few states, a segment, a deliver) and the closing notes. */
const eventsPerPacketReserve = 64;

/** Where the events go, and how many went. */
export interface EventSink {
  push(event: TraceEvent): void;
  readonly count: number;
}

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

/** A packet's capture time. */
export type PacketTime = Pick<DecodedPacket, 'seconds' | 'nanoseconds'>;

export interface PacketContext {
  hosts: HostTable;
  /** The first pass's findings (scan.ts). */
  scan: CaptureScan;
  /** The file's bytes, when the packets give their payloads' places in it (decode.ts's reuse mode). */
  file?: Uint8Array;
}

/**
 * The events pass over the packets, in capture order (`add` each, until `full`), each packet's
 * events pushed to the sink as it goes.
 */
export class PacketEvents {
  readonly tally: PacketTally = { t: 0, reordered: 0, skipped: 0, truncated: 0, problems: [], cutAtPacket: undefined };
  /** The next TCP segment (in the inference's order) and the next inferred transition. */
  private segmentIndex = 0;
  private transitionIndex = 0;
  /** The packet of the next transition (-1: none left). */
  private nextTransitionPacket: number;
  private readonly lastIdByFlow = new FlowTable();
  private readonly payloads = new PayloadTexts();
  private firstSeconds: number | undefined;
  private firstNanoseconds = 0;
  /** The first packet's time (copied: the packet object may be filled anew for the next, ScanOptions.reuse). */
  first: PacketTime | undefined;
  /** Whether the trace reached its event limit (`full`). */
  private cut = false;

  constructor(
    private readonly context: PacketContext,
    private readonly events: EventSink,
  ) {
    context.scan.udpSockets.restart();
    const { order } = context.scan.inference;
    this.nextTransitionPacket = order.length > 0 ? context.scan.inference.transitionPacket(order[0] as number) : -1;
  }

  /**
   * One packet of the pass, in capture order: its events, until the trace is full. A method, handed
   * to the reader bound: as a closure made per import V8 optimized it anew in every import.
   */
  visit(packet: DecodedPacket): void {
    this.first ??= { seconds: packet.seconds, nanoseconds: packet.nanoseconds };
    if (!this.cut) this.cut = this.full(packet);
    if (!this.cut) this.add(packet);
  }

  /** True once the trace is at its event limit: `packet` and those after it are left out. */
  full(packet: DecodedPacket): boolean {
    if (this.events.count < maxEvents - eventsPerPacketReserve) return false;
    this.tally.cutAtPacket = packet.index + 1;
    return true;
  }

  add(packet: DecodedPacket): void {
    this.advanceClock(packet);
    if (packet.truncated) this.tally.truncated++;
    if (packet.problemText !== undefined) this.addProblem(packet.index + 1, packet.problemText);
    const { ip, transport } = packet;
    if (ip === undefined || transport === undefined) this.tally.skipped++;
    else if (transport.protocol === 'tcp') this.addSegment(packet, ip, transport);
    else if (transport.protocol === 'udp') this.addDatagram(packet, ip, transport);
    else this.addIcmp(packet, ip, transport);
  }

  /** Earlier than the packet before (or absurdly far, from a corrupt header): held back. */
  private advanceClock(packet: DecodedPacket): void {
    if (this.firstSeconds === undefined) {
      this.firstSeconds = packet.seconds;
      this.firstNanoseconds = packet.nanoseconds;
    }
    const here =
      (packet.seconds - this.firstSeconds) * 1e6 + Math.round((packet.nanoseconds - this.firstNanoseconds) / 1000);
    if (!(here >= this.tally.t && here <= maxTraceMicroseconds)) this.tally.reordered++;
    else this.tally.t = here;
  }

  private addProblem(id: number, text: LocalizedText): void {
    const problems = this.tally.problems;
    if (problems.length < captureMetaLimits.maxProblems) problems.push({ packet: id, message: text.en, text });
    if (problems.length <= maxProblemNotes) this.events.push(problemNote(this.tally.t, id, text));
  }

  private addSegment(packet: DecodedPacket, ip: IpHeader, tcp: TcpHeader): void {
    const { hosts, scan } = this.context;
    const { inference, endpoints } = scan;
    const { t } = this.tally;
    const id = packet.index + 1;
    const src = endpoints.source(ip, tcp.srcPort);
    const dst = endpoints.destination(ip, tcp.dstPort);
    const i = this.segmentIndex++;
    const side = inference.segmentSide[i] as number;
    const fromSocket = inference.sideSocket(side);
    const toSocket = inference.sideSocket(side ^ 1);
    const shift = inference.segmentShift[i] as number;
    const from = hosts.forEndpoint(src);
    const to = hosts.forEndpoint(dst);
    this.addTransitions(packet.index, START);
    // Every key in one object literal, in the order its JSON has always had them (windowRaw and
    // windowShift when the window is scaled, then socket): V8 keeps a literal's keys inside the
    // object, and a key added afterwards costs a separate property array (about 48 bytes more per
    // segment in Node, for a capture held in the page: issue 9's bytes per packet).
    const kind = 'segment';
    const { flags, seq, ack } = tcp;
    const len = Math.min(tcp.len, maxPacketBytes);
    const options = tcp.options as Record<string, unknown>;
    const payload = this.payloadText(tcp);
    const windowRaw = tcp.window;
    const window = shift === 0 ? windowRaw : windowRaw * 2 ** shift;
    const windowShift = shift;
    const socket = fromSocket;
    let segment: SegmentEvent;
    if (shift === 0 && socket < 0)
      segment = { t, kind, id, from, to, src, dst, flags, seq, ack, window, len, options, payload };
    else if (shift === 0)
      segment = { t, kind, id, from, to, src, dst, flags, seq, ack, window, len, options, payload, socket };
    else if (socket < 0)
      segment = {
        t,
        kind,
        id,
        from,
        to,
        src,
        dst,
        flags,
        seq,
        ack,
        window,
        len,
        options,
        payload,
        windowRaw,
        windowShift,
      };
    else
      segment = {
        t,
        kind,
        id,
        from,
        to,
        src,
        dst,
        flags,
        seq,
        ack,
        window,
        len,
        options,
        payload,
        windowRaw,
        windowShift,
        socket,
      };
    if (packet.truncated) (segment as SegmentEvent & { truncated?: boolean }).truncated = true;
    this.events.push(segment);
    this.addTransitions(packet.index, SEND);
    this.events.push(deliver(t, id, to, toSocket >= 0 ? toSocket : undefined));
    this.addTransitions(packet.index, RECEIVE);
    if (scan.quotesPorts) this.lastIdByFlow.set(src, dst, id);
  }

  private payloadText(header: TcpHeader | UdpHeader): string {
    const { file } = this.context;
    const at = header.payloadAt;
    return file !== undefined && at !== undefined
      ? this.payloads.textAt(file, at, header.payloadEnd as number)
      : this.payloads.text(header.payload);
  }

  /** The inferred state changes of this packet up to `phase` (infer.ts orders them). */
  private addTransitions(packetIndex: number, phase: number): void {
    // Most segments change no state: one comparison with the next transition's packet.
    if (this.nextTransitionPacket !== packetIndex) return;
    const inference = this.context.scan.inference;
    const order = inference.order;
    for (; this.transitionIndex < order.length; this.transitionIndex++) {
      const row = order[this.transitionIndex] as number;
      const at = inference.transitionPacket(row);
      if (at !== packetIndex || inference.transitionPhase(row) > phase) {
        this.nextTransitionPacket = at;
        return;
      }
      const side = inference.transitionSide(row);
      const { reason, text } = causeOf(inference.transitionCause(row));
      this.events.push({
        t: this.tally.t,
        kind: 'state',
        host: this.context.hosts.forEndpoint(this.context.scan.keys.text(inference.sideEndpoint(side))),
        socket: inference.sideSocket(side),
        from: inference.transitionFrom(row),
        to: inference.transitionTo(row),
        reason,
        cause: text.en,
        causeText: text,
        inferred: true,
      });
    }
    this.nextTransitionPacket = -1;
  }

  private addDatagram(packet: DecodedPacket, ip: IpHeader, udp: UdpHeader): void {
    const { hosts, scan } = this.context;
    const { endpoints, udpSockets } = scan;
    const { t } = this.tally;
    const id = packet.index + 1;
    const src = endpoints.source(ip, udp.srcPort);
    const dst = endpoints.destination(ip, udp.dstPort);
    const to = hosts.forEndpoint(dst);
    const datagram: DatagramEvent = {
      t,
      kind: 'datagram',
      id,
      from: hosts.forEndpoint(src),
      to,
      src,
      dst,
      len: Math.min(udp.len, maxPacketBytes),
      payload: this.payloadText(udp),
    };
    datagram.socket = udpSockets.of(src);
    if (packet.truncated) (datagram as DatagramEvent & { truncated?: boolean }).truncated = true;
    this.events.push(datagram);
    this.events.push(deliver(t, id, to, udpSockets.receiver(dst)));
    if (scan.quotesPorts) this.lastIdByFlow.set(src, dst, id);
  }

  /** An ICMP error is shown only about a packet of the capture (the one its quote names). */
  private addIcmp(packet: DecodedPacket, ip: IpHeader, icmp: IcmpUnreachable): void {
    const { hosts, scan } = this.context;
    const endpoints = scan.endpoints;
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
    this.events.push({ t, kind: 'icmp', id, from: hosts.forAddress(ip.src), to, type: icmp.type, about });
    this.events.push(deliver(t, id, to, undefined));
  }
}

function deliver(t: number, id: number, host: string, socket: number | undefined): DeliverEvent {
  return socket === undefined ? { t, kind: 'deliver', id, host } : { t, kind: 'deliver', id, host, socket };
}
