// A capture as a Trace (`source: 'pcap'`), in two passes over its packets, each packet decoded,
// used and dropped (issue 15: memory in proportion to the file): the first (scan.ts) walks the
// TCP segments through the state inference and notes the UDP ports; the second
// (packet-events.ts) makes each packet's events with the inferred states around them, naming
// hosts as it goes (host-names.ts), into a sink. Then the connections are listed, the notes for
// what the capture cannot show are added (notes.ts) and the metadata made. The packets come from
// a parsed CaptureResult (captureToTrace), or straight from the file's bytes (importCapture,
// streamCaptureTrace: the CLI writes the JSON as the events are made).
import { TRACE_VERSION, type CaptureConnection, type CaptureMeta, type Trace, type TraceEvent } from '../types';
import { traceLimits } from '../validate';
import { captureMetaLimits } from '../validate-capture';
import { HostTable } from './host-names';
import { keepShapes } from './kept-shapes';
import type { InferredConnection } from './infer';
import { captureCutNote, limitNotes, timeWaitNotes } from './notes';
import { PacketEvents, type EventSink, type PacketTally, type PacketTime } from './packet-events';
import { scanCapture } from './parse';
import { CaptureScan } from './scan';
import { captureLimits, type CaptureResult, type CaptureSummary, type DecodedPacket, type ParseOptions } from './types';

export { otherHosts } from './host-names';

export interface CaptureToTraceOptions {
  /** Shown in `meta.file`. */
  fileName?: string;
  /**
   * Host names by "addr:port" (checked first) or by "addr"; then the names the capture itself
   * resolved (pcapng Name Resolution Blocks); unnamed hosts are named by address.
   */
  names?: Record<string, string>;
}

/** A Trace's fields before its events, in the order JSON.stringify writes them. */
export type TraceHead = Omit<Trace, 'events'>;

/** What streamCaptureTrace writes to: the head (known before the first event), then each event. */
export interface TraceStream {
  head(head: TraceHead): void;
  event(event: TraceEvent): void;
}

/** Hands every packet of the capture to `visit`, in order, and says what the file held besides. */
type PacketSource = ((visit: (packet: DecodedPacket) => void) => CaptureSummary) & {
  /** At most how many packets it gives. */
  readonly bound: number;
  /** The file, when its packets give their payloads' places in it rather than views (decode.ts's reuse mode). */
  readonly file?: Uint8Array;
};

/** The smallest record holding a TCP segment: a pcap record header, then a raw IPv4 and a TCP header. */
const smallestTcpRecord = 16 + 20 + 20;

export function captureToTrace(result: CaptureResult, options: CaptureToTraceOptions = {}): Trace {
  const summary: CaptureSummary = { ...result, packetCount: result.packets.length };
  const source = (visit: (packet: DecodedPacket) => void): CaptureSummary => {
    for (const packet of result.packets) visit(packet);
    return summary;
  };
  return collect(Object.assign(source, { bound: result.packets.length }), options);
}

/** parseCapture then captureToTrace without keeping the decoded packets: the file is decoded twice instead. */
export function importCapture(bytes: Uint8Array, options: ParseOptions & CaptureToTraceOptions = {}): Trace {
  return collect(bytesSource(bytes, options), options);
}

/**
 * The Trace of a capture, given to `out` as it is made: the head once the events are counted (a
 * pass that makes and drops them), then every event. The same Trace as importCapture; what is
 * kept meanwhile is in proportion to the connections, not to the packets or the events.
 */
export function streamCaptureTrace(
  bytes: Uint8Array,
  options: ParseOptions & CaptureToTraceOptions,
  out: TraceStream,
): CaptureSummary {
  const source = bytesSource(bytes, options);
  const scanned = firstPass(source);
  const counted = { count: 0, push: (): void => void counted.count++ };
  out.head(eventsPass(source, scanned, options, counted).head);
  const written = {
    count: 0,
    push: (event: TraceEvent): void => {
      written.count++;
      out.event(event);
    },
  };
  for (const event of eventsPass(source, scanned, options, written).closing) out.event(event);
  return scanned.summary;
}

/** The file's packets, decoded anew for each pass; progress is reported by the first. */
function bytesSource(bytes: Uint8Array, options: ParseOptions): PacketSource {
  let passes = 0;
  const source = (visit: (packet: DecodedPacket) => void): CaptureSummary => {
    const { onProgress: _progress, ...later } = options;
    // The first pass (scan.ts) reads no payload.
    const first = passes++ === 0;
    // Each packet is used and dropped before the next: one packet object for them all.
    return scanCapture(bytes, first ? options : later, visit, { payloads: !first, reuse: true });
  };
  const maxPackets = Math.min(options.maxPackets ?? captureLimits.maxPackets, captureLimits.maxPackets);
  const bound = Math.min(Math.ceil(bytes.length / smallestTcpRecord), maxPackets);
  return Object.assign(source, { bound, file: bytes });
}

/**
 * The events in an array. A class, not an object literal: a literal with a getter gets a hidden
 * class of its own each time it is made, so the per-packet `push` and `count` of PacketEvents
 * saw a new one at every import and went megamorphic (issue 9).
 */
class ArraySink implements EventSink {
  readonly events: TraceEvent[];
  private n = 0;

  /**
   * `capacity`: at most how many events will come (the first pass knows), made room for at once.
   * Grown one push at a time, the array was copied again at every step of its growth (about
   * three times its final size in all, each copy a fresh large object whose pages the kernel
   * zeroes), and that was 5 % of an import (issue 9). The room left over is cut off at the end.
   */
  constructor(capacity: number) {
    this.events = new Array<TraceEvent>(capacity);
  }

  push(event: TraceEvent): void {
    this.events[this.n++] = event;
  }

  get count(): number {
    return this.n;
  }

  /** The events, the room left over cut off. */
  done(): TraceEvent[] {
    this.events.length = this.n;
    return this.events;
  }
}

// A writer of no packet, with its tables, first pass and sink (kept-shapes.ts).
keepShapes(
  new PacketEvents({ hosts: new HostTable({}), scan: new CaptureScan(0), file: new Uint8Array(0) }, new ArraySink(0)),
);

/** Events a packet makes besides its inferred states: its segment, datagram or ICMP message and a deliver. */
const eventsPerPacket = 2;
/** Notes besides: one for the cut, at most 20 for packets' problems (packet-events.ts), a few closing ones. */
const notesReserve = 32;

function collect(source: PacketSource, options: CaptureToTraceOptions): Trace {
  const scanned = firstPass(source);
  const bound = eventsPerPacket * scanned.summary.packetCount + scanned.scan.inference.transitionCount + notesReserve;
  const sink = new ArraySink(Math.min(bound, traceLimits.maxEvents));
  const { head, closing } = eventsPass(source, scanned, options, sink);
  for (const event of closing) sink.push(event);
  return { ...head, events: sink.done() };
}

interface Scanned {
  scan: CaptureScan;
  summary: CaptureSummary;
}

function firstPass(source: PacketSource): Scanned {
  const scan = new CaptureScan(source.bound);
  const summary = source(scan.visit.bind(scan));
  scan.finish();
  return { scan, summary };
}

/** The events pass: every packet's events to `sink`; then the head and the closing notes. */
function eventsPass(
  source: PacketSource,
  { scan, summary }: Scanned,
  options: CaptureToTraceOptions,
  sink: EventSink,
): { head: TraceHead; closing: TraceEvent[] } {
  const hosts = new HostTable({ ...summary.names, ...options.names });
  if (summary.error !== undefined) sink.push(captureCutNote(summary.error));
  const writer = new PacketEvents({ hosts, scan, file: source.file }, sink);
  source(writer.visit.bind(writer));
  const { tally, first } = writer;
  const { inference } = scan;
  // Connections past the limit are only counted (and get no TIME-WAIT note).
  const listed = Array.from(
    { length: Math.min(inference.connectionCount, captureMetaLimits.maxConnections) },
    (_, id) => inference.connection(id, (key) => scan.keys.text(key)),
  );
  const connections = listedConnections(listed, hosts);
  const closing: TraceEvent[] = timeWaitNotes(listed, hosts, tally.t);
  const limits = { cutAtPacket: tally.cutAtPacket, hostsOverflowed: hosts.overflowed, reordered: tally.reordered };
  closing.push(...limitNotes(limits, tally.t));
  const pcap = captureMeta(summary, first, tally, connections, inference.connectionCount);
  const meta = options.fileName === undefined ? { pcap } : { file: options.fileName, pcap };
  const head: TraceHead = {
    format: 'wirestep-trace',
    version: TRACE_VERSION,
    source: 'pcap',
    meta,
    hosts: hosts.list(),
  };
  return { head, closing };
}

/** The inferred connections with their endpoints' host names. */
function listedConnections(connections: readonly InferredConnection[], hosts: HostTable): CaptureConnection[] {
  return connections.map((connection) => {
    const out: CaptureConnection = {
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
    return out;
  });
}

/** What the file held and what the passes counted (`meta.pcap`). */
function captureMeta(
  summary: CaptureSummary,
  first: PacketTime | undefined,
  tally: PacketTally,
  connections: CaptureConnection[],
  connectionCount: number,
): CaptureMeta {
  const meta: CaptureMeta = {
    format: summary.format,
    packets: summary.packetCount,
    linkTypes: summary.linkTypes,
    connections,
    connectionCount,
    skippedPackets: tally.skipped,
    truncatedPackets: tally.truncated,
  };
  if (first !== undefined) meta.startSeconds = first.seconds + first.nanoseconds / 1e9;
  if (tally.problems.length > 0) meta.problems = tally.problems;
  if (summary.error !== undefined) meta.error = summary.error;
  return meta;
}
