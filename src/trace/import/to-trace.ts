// A decoded capture as a Trace (`source: 'pcap'`), built in passes: the TCP segments go through
// the state inference (infer.ts), then each packet becomes its events with the inferred states
// around it (packet-events.ts, naming hosts as it goes: host-names.ts), then the connections are
// listed, the notes for what the capture cannot show are added (notes.ts) and the metadata made.
import { TRACE_VERSION, type CaptureConnection, type CaptureMeta, type Trace, type TraceEvent } from '../types';
import { captureMetaLimits } from '../validate-capture';
import { EndpointTable } from './endpoint-tables';
import { HostTable } from './host-names';
import { inferTcpStates, type InferredConnection, type InferSegment } from './infer';
import { captureCutNote, limitNotes, timeWaitNotes } from './notes';
import { addPacketEvents, type PacketTally } from './packet-events';
import type { CaptureResult, DecodedPacket } from './types';

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

export function captureToTrace(result: CaptureResult, options: CaptureToTraceOptions = {}): Trace {
  const hosts = new HostTable({ ...result.names, ...options.names });
  const endpoints = new EndpointTable();
  const segments = tcpSegments(result.packets, endpoints);
  const inferred = inferTcpStates(segments);
  const events: TraceEvent[] = result.error === undefined ? [] : [captureCutNote(result.error)];
  const tally = addPacketEvents(result.packets, { hosts, endpoints, segments, inferred }, events);
  // Connections past the limit are only counted (and get no TIME-WAIT note).
  const listed = inferred.connections.slice(0, captureMetaLimits.maxConnections);
  const connections = listedConnections(listed, hosts);
  events.push(...timeWaitNotes(listed, hosts, tally.t));
  const limits = { cutAtPacket: tally.cutAtPacket, hostsOverflowed: hosts.overflowed, reordered: tally.reordered };
  events.push(...limitNotes(limits, tally.t));
  const pcap = captureMeta(result, tally, connections, inferred.connections.length);
  const meta = options.fileName === undefined ? { pcap } : { file: options.fileName, pcap };
  return { format: 'wirestep-trace', version: TRACE_VERSION, source: 'pcap', meta, hosts: hosts.list(), events };
}

/** The TCP segments, in capture order, as the state inference reads them. */
function tcpSegments(packets: readonly DecodedPacket[], endpoints: EndpointTable): InferSegment[] {
  const segments: InferSegment[] = [];
  for (const packet of packets) {
    const tcp = packet.transport;
    if (tcp?.protocol !== 'tcp' || packet.ip === undefined) continue;
    const src = endpoints.text(packet.ip.src, tcp.srcPort);
    const dst = endpoints.text(packet.ip.dst, tcp.dstPort);
    segments.push({ packet: packet.index, src, dst, flagBits: tcp.flagBits, seq: tcp.seq, ack: tcp.ack, len: tcp.len });
  }
  return segments;
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
  result: CaptureResult,
  tally: PacketTally,
  connections: CaptureConnection[],
  connectionCount: number,
): CaptureMeta {
  const first = result.packets[0];
  const meta: CaptureMeta = {
    format: result.format,
    packets: result.packets.length,
    linkTypes: result.linkTypes,
    connections,
    connectionCount,
    skippedPackets: tally.skipped,
    truncatedPackets: tally.truncated,
  };
  if (first !== undefined) meta.startSeconds = first.seconds + first.nanoseconds / 1e9;
  if (tally.problems.length > 0) meta.problems = tally.problems;
  if (result.error !== undefined) meta.error = result.error;
  return meta;
}
