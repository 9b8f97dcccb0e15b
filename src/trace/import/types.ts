// The wire representation of a capture: plain objects decoded from pcap/pcapng bytes, apart
// from the Trace they become (CONVENTIONS.md, smoltcp). Nothing here refers to the file's bytes
// except `payload`, a view (no copy) of the captured payload.
import { TRACE_PAYLOAD_LIMIT, type TcpFlag } from '../../tcp';
import type { CaptureError, LocalizedText } from '../types';

/** TCP options the importer understands (RFC 9293 3.1, RFC 7323, RFC 2018). */
export interface TcpOptions {
  mss?: number;
  wscale?: number;
  sackOk?: boolean;
  /** SACK blocks as [left, right) pairs of absolute sequence numbers. */
  sack?: [number, number][];
  tsval?: number;
  tsecr?: number;
}

export interface TcpHeader {
  protocol: 'tcp';
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: TcpFlag[];
  /** The same flags as header bits (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20). */
  flagBits: number;
  window: number;
  options: TcpOptions;
  /** The segment's real payload length (from the IP length), even when the capture cut it. */
  len: number;
  /** The captured part of the payload (a view into the file's bytes; empty when `payloadAt` is set). */
  payload: Uint8Array;
  /**
   * scanCapture's `reuse` mode with payloads: where the captured payload starts in the file's bytes
   * (it ends at `payloadEnd`), given instead of a view. Absent otherwise.
   */
  payloadAt?: number;
  payloadEnd?: number;
}

export interface UdpHeader {
  protocol: 'udp';
  srcPort: number;
  dstPort: number;
  len: number;
  payload: Uint8Array;
  /** As TcpHeader's. */
  payloadAt?: number;
  payloadEnd?: number;
}

/** The datagram an ICMP error quotes (RFC 792, RFC 4443 3.1): enough to name the socket pair. */
export interface QuotedDatagram {
  protocol: number;
  src: string;
  dst: string;
  srcPort?: number;
  dstPort?: number;
}

export interface IcmpUnreachable {
  protocol: 'icmp';
  type: 'port-unreachable' | 'host-unreachable';
  quoted?: QuotedDatagram;
}

export type Transport = TcpHeader | UdpHeader | IcmpUnreachable;

export interface IpHeader {
  version: 4 | 6;
  /** Dotted IPv4, or RFC 5952 IPv6 text. */
  src: string;
  dst: string;
  /**
   * scanCapture's `reuse` mode: an IPv4 address as its 32-bit value (-1 for IPv6), so that a
   * visitor keys endpoints without reading the text back (the text is then made only when read).
   */
  srcValue?: number;
  dstValue?: number;
  /** The upper-layer protocol after IPv6 extension headers (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6). */
  protocol: number;
  /** True for an IPv4 fragment other than the first (its transport header is not in it). */
  laterFragment: boolean;
}

export interface DecodedPacket {
  /** Position of the record among the capture's packet records, from 0. */
  index: number;
  /** Byte offset of the record (pcap record header or pcapng block) in the file. */
  offset: number;
  /** Capture timestamp: whole seconds since the epoch and nanoseconds within the second. */
  seconds: number;
  nanoseconds: number;
  interfaceId: number;
  linkType: number;
  capturedLength: number;
  originalLength: number;
  /** True when the capture holds less than the packet (snap length, or a header cut short). */
  truncated: boolean;
  ip?: IpHeader;
  transport?: Transport;
  /** Why decoding stopped early, for a packet that is kept but not fully understood (English). */
  problem?: string;
  /** The same in English and French (messages.ts packetProblems); set with `problem`. */
  problemText?: LocalizedText;
}

/** Where reading stopped early and why (the Trace keeps it as `meta.pcap.error`). */
export type { CaptureError } from '../types';

/** A CaptureError as the parser makes it: always in both languages (messages.ts fileErrors). */
export interface ParseError extends CaptureError {
  text: LocalizedText;
}

export interface CaptureResult {
  format: 'pcap' | 'pcapng' | 'unknown';
  packets: DecodedPacket[];
  /** Link type of each interface (pcap has one; pcapng one per interface description block). */
  linkTypes: number[];
  /** Bytes of the file looked at (equal to its length unless parsing stopped early). */
  bytesRead: number;
  /** Host names by address from pcapng Name Resolution Blocks (name-resolution.ts), when it has any. */
  names?: Record<string, string>;
  error?: ParseError;
}

/** What scanCapture returns: a CaptureResult without the packets, which went to its visitor. */
export interface CaptureSummary extends Omit<CaptureResult, 'packets'> {
  packetCount: number;
}

export interface ParseOptions {
  /** At most this many packets are decoded; the rest is reported as an error. */
  maxPackets?: number;
  /** Files larger than this are refused. */
  maxBytes?: number;
  /** Called now and then with the fraction of the file read (0 to 1). */
  onProgress?: (fraction: number) => void;
}

/** Bounds on what one capture may make the importer do (CONVENTIONS.md: a limit on everything). */
export const captureLimits = {
  maxFileBytes: 512 * 1024 * 1024,
  /** A record's captured length; libpcap's own maximum snap length. */
  maxRecordBytes: 262_144,
  /** A pcapng block (a packet plus its options). */
  maxBlockBytes: 262_144 + 65_536,
  /** With a segment and a deliver per packet plus states, this keeps a trace under traceLimits.maxEvents. */
  maxPackets: 1_000_000,
  /** pcapng interfaces per section. */
  maxInterfaces: 4096,
  /** IPv6 extension headers followed before giving up. */
  maxExtensionHeaders: 16,
  /** The original length a segment may claim (BIG TCP sends up to 512 KiB; traces allow 16 MiB). */
  maxOriginalBytes: 1 << 24,
  /** Payload bytes copied into a trace event as base64. */
  maxPayloadBytes: TRACE_PAYLOAD_LIMIT,
  /** Addresses named by a pcapng file's Name Resolution Blocks that are kept, and a name's length (DNS's 253). */
  maxResolvedNames: 4096,
  maxResolvedNameChars: 253,
} as const;
