// Link, network and transport decoding of one captured packet into plain objects (types.ts).
// Every read is checked against `end` (the captured bytes) before it happens; lengths the
// packet claims are checked against what the capture and the original packet really hold. A
// packet decoded in part gets its problem in English and French (messages.ts).
import { flagNames } from '../../tcp';
import type { TcpFlag } from '../../tcp';
import type { LocalizedText } from '../types';
import { formatIpv6 } from './address';
import { TextCache } from './endpoint-tables';
import { packetProblems as problems, type PacketPart } from './messages';
import {
  captureLimits,
  type DecodedPacket,
  type IcmpUnreachable,
  type IpHeader,
  type QuotedDatagram,
  type TcpHeader,
  type TcpOptions,
  type UdpHeader,
} from './types';

/** Link-layer header types (https://www.tcpdump.org/linktypes.html). */
export const linkType = {
  null: 0,
  ethernet: 1,
  /** DLT_RAW as numbered on most systems (12) and on OpenBSD (14); libpcap maps both to RAW. */
  rawAlias12: 12,
  rawAlias14: 14,
  raw: 101,
  loop: 108,
  linuxSll: 113,
  ipv4: 228,
  ipv6: 229,
  linuxSll2: 276,
} as const;

const etherTypeIpv4 = 0x0800;
const etherTypeIpv6 = 0x86dd;
/**
 * 802.1Q, 802.1ad and the old QinQ value: a 4-byte tag before the real EtherType. Compared one
 * by one: a Set lookup per Ethernet frame was 3 % of an import (issue 9).
 */
const isVlanEtherType = (etherType: number): boolean =>
  etherType === 0x8100 || etherType === 0x88a8 || etherType === 0x9100;
const maxVlanTags = 4;

/** BSD address families in DLT_NULL / DLT_LOOP headers (tcpdump's print-null.c). */
const afInet = 2;
const afInet6 = new Set([24, 28, 30]); // NetBSD/OpenBSD, FreeBSD, Darwin

const ipProtocolTcp = 6;
const ipProtocolUdp = 17;
const ipProtocolIcmp = 1;
const ipProtocolIcmpv6 = 58;

/** IPv6 extension headers with the generic (next header, length in 8-octet units) layout. */
const ipv6GenericExtensions = new Set([0, 43, 60, 135, 139, 140]);
const ipv6Fragment = 44;
const ipv6AuthenticationHeader = 51;

/** Read per packet: copied from the imported object once (an imported binding is a getter under tsx, infer.ts). */
const { maxOriginalBytes } = captureLimits;
/** Flag names for each of the 64 combinations, shared by every segment that has them. */
const flagTable: readonly TcpFlag[][] = Array.from({ length: 64 }, (_, bits) => flagNames(bits));
/** The payload of every empty segment: one shared view instead of one allocation per ACK. */
const noBytes = new Uint8Array(0);

/** Decodes packets of one file; keeps a bounded cache of IPv4 address texts. */
export class PacketDecoder {
  /** A pure cache (endpoint-tables.ts TextCache): an address forgotten is written again. */
  private readonly ipv4Names = new TextCache();

  /** The headers handed out again and again when `reuse` is on. */
  private readonly sharedIp = new ReusedIpHeader(this.ipv4Names);
  private readonly sharedTcp: TcpHeader = {
    protocol: 'tcp',
    srcPort: 0,
    dstPort: 0,
    seq: 0,
    ack: 0,
    flags: [],
    flagBits: 0,
    window: 0,
    options: {},
    len: 0,
    payload: noBytes,
    payloadAt: 0,
    payloadEnd: 0,
  };
  private readonly sharedUdp: UdpHeader = {
    protocol: 'udp',
    srcPort: 0,
    dstPort: 0,
    len: 0,
    payload: noBytes,
    payloadAt: 0,
    payloadEnd: 0,
  };
  private readonly sharedOptions = emptyOptions();

  /**
   * `payloads: false` leaves every payload empty (its length is still `len`): a pass that never
   * reads them (captureToTrace's first) makes no view per packet. `reuse: true` fills the same
   * IP and TCP/UDP header objects for every packet (a visitor that keeps nothing of them: scanCapture
   * over the bytes, issue 9 and 15: no allocation per packet), with IPv4 addresses as values
   * (`srcValue`) and the payload as its place in the file (`payloadAt`, `payloadEnd`; `payload`
   * stays empty); the TCP options are still a new object per segment (the events pass hands them
   * on in its events), except when payloads are off.
   */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly view: DataView,
    private readonly payloads = true,
    private readonly reuse = false,
  ) {}

  /** Fills `packet.ip`, `packet.transport` and `packet.problem(Text)` from bytes [start, start+capturedLength). */
  decode(packet: DecodedPacket, start: number): void {
    const end = start + packet.capturedLength;
    const original = Math.min(Math.max(packet.originalLength, packet.capturedLength), maxOriginalBytes);
    switch (packet.linkType) {
      case linkType.ethernet:
        return this.ethernet(packet, start, end, original);
      case linkType.linuxSll:
        return this.cooked(packet, start, end, original, 16, 14, 'sll');
      case linkType.linuxSll2:
        return this.cooked(packet, start, end, original, 20, 0, 'sll2');
      case linkType.raw:
      case linkType.rawAlias12:
      case linkType.rawAlias14:
        return this.rawIp(packet, start, end, original, 0);
      case linkType.ipv4:
        return this.rawIp(packet, start, end, original, 4);
      case linkType.ipv6:
        return this.rawIp(packet, start, end, original, 6);
      case linkType.null:
      case linkType.loop:
        return this.loopback(packet, start, end, original);
      default:
        setProblem(packet, problems.linkTypeUnsupported(packet.linkType));
    }
  }

  private ethernet(packet: DecodedPacket, start: number, end: number, original: number): void {
    let at = start + 14;
    if (at > end) return cut(packet, 'ethernet');
    let etherType = this.view.getUint16(at - 2);
    for (let tags = 0; isVlanEtherType(etherType); tags++) {
      if (tags === maxVlanTags) {
        setProblem(packet, problems.tooManyVlanTags(maxVlanTags));
        return;
      }
      if (at + 4 > end) return cut(packet, 'vlan');
      etherType = this.view.getUint16(at + 2);
      at += 4;
    }
    this.network(packet, etherType, at, end, original - (at - start));
  }

  private cooked(
    packet: DecodedPacket,
    start: number,
    end: number,
    original: number,
    headerLength: number,
    protocolAt: number,
    what: PacketPart,
  ): void {
    if (start + headerLength > end) return cut(packet, what);
    const protocol = this.view.getUint16(start + protocolAt);
    this.network(packet, protocol, start + headerLength, end, original - headerLength);
  }

  private rawIp(packet: DecodedPacket, start: number, end: number, original: number, expected: 0 | 4 | 6): void {
    if (start >= end) return cut(packet, 'ip');
    const version = (this.bytes[start] as number) >> 4;
    if (expected !== 0 && version !== expected) {
      setProblem(packet, problems.ipVersionForLinkType(version, expected));
      return;
    }
    if (version === 4) return this.ipv4(packet, start, end, original);
    if (version === 6) return this.ipv6(packet, start, end, original);
    setProblem(packet, problems.ipVersionUnknown(version));
  }

  private loopback(packet: DecodedPacket, start: number, end: number, original: number): void {
    if (start + 4 > end) return cut(packet, 'loopback');
    // The family is in the capturing host's byte order (NULL) or network order (LOOP): a value
    // with its low 16 bits zero was written in the other order (libpcap does the same).
    let family = this.view.getUint32(start);
    if ((family & 0xffff) === 0) family = this.view.getUint32(start, true);
    if (family === afInet) return this.ipv4(packet, start + 4, end, original - 4);
    if (afInet6.has(family)) return this.ipv6(packet, start + 4, end, original - 4);
    setProblem(packet, problems.loopbackFamilyNotIp(family));
  }

  private network(packet: DecodedPacket, etherType: number, at: number, end: number, original: number): void {
    if (etherType === etherTypeIpv4) return this.ipv4(packet, at, end, original);
    if (etherType === etherTypeIpv6) return this.ipv6(packet, at, end, original);
    setProblem(packet, problems.notIp(etherType));
  }

  private ipv4(packet: DecodedPacket, at: number, end: number, original: number): void {
    if (at >= end) return cut(packet, 'ipv4');
    const bytes = this.bytes;
    const view = this.view;
    const first = bytes[at] as number;
    if (first >> 4 !== 4) {
      setProblem(packet, problems.ipv4Version(first >> 4));
      return;
    }
    const headerLength = (first & 15) * 4;
    if (headerLength < 20) {
      setProblem(packet, problems.ipv4HeaderLength(headerLength));
      return;
    }
    if (at + headerLength > end) return cut(packet, 'ipv4');
    const totalLength = view.getUint16(at + 2);
    // A zero total length is TCP segmentation offload: the capture holds the real length.
    let length = totalLength === 0 ? original : totalLength;
    if (length < headerLength) {
      setProblem(packet, problems.ipv4TotalBelowHeader(totalLength, headerLength));
      return;
    }
    if (length > original) {
      setProblem(packet, problems.ipv4TotalPastPacket(length, original));
      length = Math.max(original, headerLength);
    }
    const fragmentOffset = view.getUint16(at + 6) & 0x1fff;
    const protocol = bytes[at + 9] as number;
    const laterFragment = fragmentOffset !== 0;
    const src = view.getUint32(at + 12);
    const dst = view.getUint32(at + 16);
    if (this.reuse) packet.ip = this.sharedIp.fill(4, src, dst, '', '', protocol, laterFragment);
    else {
      const names = this.ipv4Names;
      packet.ip = { version: 4, src: ipv4Text(names, src), dst: ipv4Text(names, dst), protocol, laterFragment };
    }
    // Only the first fragment carries the transport header.
    if (laterFragment) return;
    const payloadEnd = at + length;
    this.transport(packet, protocol, 4, at + headerLength, Math.min(end, payloadEnd), length - headerLength);
  }

  private ipv6(packet: DecodedPacket, at: number, end: number, original: number): void {
    if (at >= end) return cut(packet, 'ipv6');
    const bytes = this.bytes;
    const view = this.view;
    const version = (bytes[at] as number) >> 4;
    if (version !== 6) {
      setProblem(packet, problems.ipv6Version(version));
      return;
    }
    if (at + 40 > end) return cutWith(packet, problems.ipv6HeaderCutShort(end - at));
    const payloadLength = view.getUint16(at + 4);
    let next = bytes[at + 6] as number;
    const available = Math.max(original - 40, 0);
    // A zero payload length on TCP is Linux's BIG TCP (tcpdump presumes the same): the real
    // length is the packet's.
    let length = payloadLength === 0 && next === ipProtocolTcp ? available : payloadLength;
    if (length > available) {
      setProblem(packet, problems.ipv6PayloadPastPacket(length, available));
      length = available;
    }
    const payloadEnd = at + 40 + length;
    const capturedEnd = Math.min(end, payloadEnd);
    let p = at + 40;
    let laterFragment = false;
    let stopped = false;
    for (let count = 0; ; count++) {
      let headerLength: number;
      if (ipv6GenericExtensions.has(next) || next === ipv6AuthenticationHeader || next === ipv6Fragment) {
        if (count === captureLimits.maxExtensionHeaders) {
          setProblem(packet, problems.tooManyIpv6Extensions(captureLimits.maxExtensionHeaders));
          stopped = true;
          break;
        }
        if (p + 8 > capturedEnd) {
          if (p + 8 > payloadEnd) setProblem(packet, problems.ipv6ExtensionPastPayload());
          else cut(packet, 'ipv6Extension');
          stopped = true;
          break;
        }
        if (next === ipv6Fragment) {
          headerLength = 8;
          laterFragment = (view.getUint16(p + 2) & 0xfff8) !== 0;
        } else if (next === ipv6AuthenticationHeader) {
          headerLength = ((bytes[p + 1] as number) + 2) * 4;
        } else {
          headerLength = ((bytes[p + 1] as number) + 1) * 8;
        }
        next = bytes[p] as number;
        p += headerLength;
        continue;
      }
      break;
    }
    const src = formatIpv6(bytes, at + 8);
    const dst = formatIpv6(bytes, at + 24);
    packet.ip = this.reuse
      ? this.sharedIp.fill(6, -1, -1, src, dst, next, laterFragment)
      : { version: 6, src, dst, protocol: next, laterFragment };
    if (stopped || laterFragment) return;
    if (p > payloadEnd) {
      setProblem(packet, problems.ipv6ExtensionPastPayload());
      return;
    }
    this.transport(packet, next, 6, p, capturedEnd, payloadEnd - p);
  }

  /**
   * Decodes the transport header at `at`: `end` is where the captured bytes stop and `length`
   * the real transport length (header and payload) the IP header gives.
   */
  private transport(
    packet: DecodedPacket,
    protocol: number,
    ipVersion: 4 | 6,
    at: number,
    end: number,
    length: number,
  ): void {
    if (protocol === ipProtocolTcp) return this.tcp(packet, at, end, length);
    if (protocol === ipProtocolUdp) return this.udp(packet, at, end, length);
    if (protocol === ipProtocolIcmp && ipVersion === 4) return this.icmp(packet, at, end, length, 4);
    if (protocol === ipProtocolIcmpv6 && ipVersion === 6) return this.icmp(packet, at, end, length, 6);
  }

  private tcp(packet: DecodedPacket, at: number, end: number, length: number): void {
    if (length < 20) {
      setProblem(packet, problems.tcpShorterThanHeader(length));
      return;
    }
    if (at + 20 > end) return cut(packet, 'tcp');
    const bytes = this.bytes;
    const view = this.view;
    const headerLength = ((bytes[at + 12] as number) >> 4) * 4;
    if (headerLength < 20) {
      setProblem(packet, problems.tcpHeaderLength(headerLength));
      return;
    }
    if (headerLength > length) {
      setProblem(packet, problems.tcpHeaderPastSegment(headerLength, length));
      return;
    }
    const bits = (bytes[at + 13] as number) & 0x3f;
    const optionsEnd = at + headerLength;
    const options = this.options(packet, at, optionsEnd, end);
    if (optionsEnd > end) cut(packet, 'tcpOptions');
    const payloadStart = Math.min(optionsEnd, end);
    const srcPort = view.getUint16(at);
    const dstPort = view.getUint16(at + 2);
    const seq = view.getUint32(at + 4);
    const ack = view.getUint32(at + 8);
    const flags = flagTable[bits] as TcpFlag[];
    const window = view.getUint16(at + 14);
    const len = length - headerLength;
    if (this.reuse) {
      const tcp = this.sharedTcp;
      tcp.srcPort = srcPort;
      tcp.dstPort = dstPort;
      tcp.seq = seq;
      tcp.ack = ack;
      tcp.flags = flags;
      tcp.flagBits = bits;
      tcp.window = window;
      tcp.options = options;
      tcp.len = len;
      // Where the payload is rather than a view of it (a view per segment was 5 % of an import).
      tcp.payloadAt = payloadStart;
      tcp.payloadEnd = this.payloads ? end : payloadStart;
      packet.transport = tcp;
    } else {
      const protocol = 'tcp';
      const payload = payloadStart < end && this.payloads ? this.bytes.subarray(payloadStart, end) : noBytes;
      packet.transport = { protocol, srcPort, dstPort, seq, ack, flags, flagBits: bits, window, options, len, payload };
    }
    if (end - payloadStart < length - headerLength) packet.truncated = true;
  }

  /** The options of the TCP header at `at`, which end at `optionsEnd` (the captured bytes at `end`). */
  private options(packet: DecodedPacket, at: number, optionsEnd: number, end: number): TcpOptions {
    const shared = this.reuse && !this.payloads;
    const bytes = this.bytes;
    // Linux puts NOP, NOP, Timestamps (RFC 7323 Appendix A's layout) on every segment after the
    // SYNs when timestamps are on: read as one literal, the object the loop below would make
    // (same keys, same order) without adding its keys one by one (issue 9: a tenth of the time).
    if (
      optionsEnd === at + 32 &&
      optionsEnd <= end &&
      bytes[at + 20] === 1 &&
      bytes[at + 21] === 1 &&
      bytes[at + 22] === 8 &&
      bytes[at + 23] === 10
    ) {
      const tsval = this.view.getUint32(at + 24);
      const tsecr = this.view.getUint32(at + 28);
      if (!shared) return { tsval, tsecr };
      const options = clearOptions(this.sharedOptions);
      options.tsval = tsval;
      options.tsecr = tsecr;
      return options;
    }
    const options = shared ? clearOptions(this.sharedOptions) : {};
    if (optionsEnd > at + 20) this.tcpOptions(packet, options, at + 20, Math.min(optionsEnd, end));
    return options;
  }

  private tcpOptions(packet: DecodedPacket, options: TcpOptions, at: number, end: number): void {
    const bytes = this.bytes;
    const view = this.view;
    let p = at;
    while (p < end) {
      const kind = bytes[p] as number;
      if (kind === 0) return; // End of Option List
      if (kind === 1) {
        p++; // No-Operation
        continue;
      }
      if (p + 2 > end) return cut(packet, 'tcpOption');
      const size = bytes[p + 1] as number;
      if (size < 2) {
        setProblem(packet, problems.tcpOptionLength(kind, size));
        return;
      }
      if (p + size > end) return cut(packet, 'tcpOption');
      if (kind === 2 && size === 4) options.mss = view.getUint16(p + 2);
      else if (kind === 3 && size === 3) options.wscale = bytes[p + 2] as number;
      else if (kind === 4 && size === 2) options.sackOk = true;
      else if (kind === 5 && size >= 10 && (size - 2) % 8 === 0) {
        const blocks: [number, number][] = [];
        for (let b = p + 2; b < p + size; b += 8) blocks.push([view.getUint32(b), view.getUint32(b + 4)]);
        options.sack = blocks;
      } else if (kind === 8 && size === 10) {
        options.tsval = view.getUint32(p + 2);
        options.tsecr = view.getUint32(p + 6);
      }
      p += size;
    }
  }

  private udp(packet: DecodedPacket, at: number, end: number, length: number): void {
    if (length < 8) {
      setProblem(packet, problems.udpShorterThanHeader(length));
      return;
    }
    if (at + 8 > end) return cut(packet, 'udp');
    const view = this.view;
    const udpLength = view.getUint16(at + 4);
    let total = udpLength;
    if (udpLength < 8) {
      // Zero is IPv6 jumbogram's "see the IP length" (RFC 2675); anything else is invalid.
      if (udpLength !== 0) setProblem(packet, problems.udpLengthBelowHeader(udpLength));
      total = length;
    } else if (udpLength > length) {
      setProblem(packet, problems.udpLengthPastPayload(udpLength, length));
      total = length;
    }
    const payloadEnd = Math.min(end, at + total);
    const srcPort = view.getUint16(at);
    const dstPort = view.getUint16(at + 2);
    const len = total - 8;
    if (this.reuse) {
      const udp = this.sharedUdp;
      udp.srcPort = srcPort;
      udp.dstPort = dstPort;
      udp.len = len;
      udp.payloadAt = at + 8;
      udp.payloadEnd = this.payloads ? Math.max(payloadEnd, at + 8) : at + 8;
      packet.transport = udp;
    } else {
      const payload = at + 8 < payloadEnd && this.payloads ? this.bytes.subarray(at + 8, payloadEnd) : noBytes;
      packet.transport = { protocol: 'udp', srcPort, dstPort, len, payload };
    }
    if (payloadEnd - (at + 8) < total - 8) packet.truncated = true;
  }

  private icmp(packet: DecodedPacket, at: number, end: number, length: number, version: 4 | 6): void {
    const name = version === 4 ? 'ICMP' : 'ICMPv6';
    if (length < 8) {
      setProblem(packet, problems.icmpShorterThanHeader(name, length));
      return;
    }
    if (at + 2 > end) return cut(packet, version === 4 ? 'icmp' : 'icmpv6');
    const type = this.bytes[at] as number;
    const code = this.bytes[at + 1] as number;
    let kind: IcmpUnreachable['type'] | undefined;
    // RFC 792: type 3 code 3 port, codes 0/1 net/host; RFC 4443 3.1: type 1 code 4 port, 0/3 route/address.
    if (version === 4 && type === 3)
      kind = code === 3 ? 'port-unreachable' : code <= 1 ? 'host-unreachable' : undefined;
    if (version === 6 && type === 1)
      kind = code === 4 ? 'port-unreachable' : code === 0 || code === 3 ? 'host-unreachable' : undefined;
    if (kind === undefined) return;
    const message: IcmpUnreachable = { protocol: 'icmp', type: kind };
    const quoted = this.quoted(at + 8, end, version);
    if (quoted !== undefined) message.quoted = quoted;
    packet.transport = message;
  }

  /** The IP header and first 8 bytes an ICMP error quotes: addresses and, for TCP/UDP, ports. */
  private quoted(at: number, end: number, version: 4 | 6): QuotedDatagram | undefined {
    const bytes = this.bytes;
    const view = this.view;
    let protocol: number;
    let src: string;
    let dst: string;
    let ports: number;
    if (version === 4) {
      if (at + 20 > end || (bytes[at] as number) >> 4 !== 4) return undefined;
      const headerLength = ((bytes[at] as number) & 15) * 4;
      if (headerLength < 20) return undefined;
      protocol = bytes[at + 9] as number;
      src = ipv4Text(this.ipv4Names, view.getUint32(at + 12));
      dst = ipv4Text(this.ipv4Names, view.getUint32(at + 16));
      ports = at + headerLength;
    } else {
      if (at + 40 > end || (bytes[at] as number) >> 4 !== 6) return undefined;
      protocol = bytes[at + 6] as number;
      src = formatIpv6(bytes, at + 8);
      dst = formatIpv6(bytes, at + 24);
      ports = at + 40;
    }
    const quoted: QuotedDatagram = { protocol, src, dst };
    if ((protocol === ipProtocolTcp || protocol === ipProtocolUdp) && ports + 4 <= end) {
      quoted.srcPort = view.getUint16(ports);
      quoted.dstPort = view.getUint16(ports + 2);
    }
    return quoted;
  }
}

/** The dotted text of an IPv4 address, through a cache of them. */
function ipv4Text(names: TextCache, value: number): string {
  let name = names.get(value);
  if (name === undefined) {
    name = `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
    names.set(value, name);
  }
  return name;
}

/**
 * The IP header filled anew for every packet in `reuse` mode. An IPv4 address is kept as its
 * value, and its text made only when read: the importer's passes key endpoints by the value
 * (issue 9: two text lookups per packet and pass, and the endpoint keys reading the text back
 * into a number, were a tenth of an import).
 */
class ReusedIpHeader implements IpHeader {
  version: 4 | 6 = 4;
  protocol = 0;
  laterFragment = false;
  srcValue = -1;
  dstValue = -1;
  /** The texts, '' for an IPv4 address not read yet. */
  private srcText = '';
  private dstText = '';

  constructor(private readonly names: TextCache) {}

  get src(): string {
    if (this.srcText === '') this.srcText = ipv4Text(this.names, this.srcValue);
    return this.srcText;
  }

  get dst(): string {
    if (this.dstText === '') this.dstText = ipv4Text(this.names, this.dstValue);
    return this.dstText;
  }

  /** IPv4: the values and '' for the texts; IPv6: -1 and the texts. */
  fill(
    version: 4 | 6,
    srcValue: number,
    dstValue: number,
    srcText: string,
    dstText: string,
    protocol: number,
    laterFragment: boolean,
  ): this {
    this.version = version;
    this.srcValue = srcValue;
    this.dstValue = dstValue;
    this.srcText = srcText;
    this.dstText = dstText;
    this.protocol = protocol;
    this.laterFragment = laterFragment;
    return this;
  }
}

/** Every option the decoder reads, absent: one shape for the reused options object. */
function emptyOptions(): TcpOptions {
  return { mss: undefined, wscale: undefined, sackOk: undefined, sack: undefined, tsval: undefined, tsecr: undefined };
}

function clearOptions(options: TcpOptions): TcpOptions {
  options.mss = undefined;
  options.wscale = undefined;
  options.sackOk = undefined;
  options.sack = undefined;
  options.tsval = undefined;
  options.tsecr = undefined;
  return options;
}

/** Sets the packet's problem: its English text, and both languages. */
function setProblem(packet: DecodedPacket, text: LocalizedText): void {
  packet.problem = text.en;
  packet.problemText = text;
}

/** The capture holds less of the packet than `part` needs; the first problem found is kept. */
function cut(packet: DecodedPacket, part: PacketPart): void {
  packet.truncated = true;
  if (packet.problem === undefined) setProblem(packet, problems.cutShort(part));
}

function cutWith(packet: DecodedPacket, text: LocalizedText): void {
  packet.truncated = true;
  if (packet.problem === undefined) setProblem(packet, text);
}
