// A Trace (simulated, real or imported) as a pcapng file Wireshark opens (draft-ietf-opsawg-pcapng):
// one Section Header Block, one Interface Description Block per host (LINKTYPE_RAW: each packet is
// an IPv4 packet, as captured at the host that sent it), a Name Resolution Block naming each host's
// address, and one Enhanced Packet Block per segment, datagram and ICMP error, at its send time in
// microseconds. Headers and checksums are real (packets.ts). Pure: bytes out; the importer
// (src/trace/import) reads the file back to the same segments.
import { flagBits } from '../../tcp';
import { decodeBase64OrUndefined } from '../../encoding/base64';
import type { DatagramEvent, IcmpEvent, SegmentEvent, Trace, TraceEvent } from '../types';
import {
  icmpUnreachableBytes,
  IPPROTO_ICMP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  ipv4Address,
  ipv4Endpoint,
  ipv4PacketBytes,
  tcpOptionBytes,
  tcpSegmentBytes,
  udpDatagramBytes,
  type TcpOptionValues,
} from './packets';

/** LINKTYPE_RAW: the packet starts with its IP header (tcpdump.org link-layer header types). */
export const LINKTYPE_RAW = 101;
const blockSection = 0x0a0d0d0a;
const blockInterface = 1;
const blockNameResolution = 4;
const blockEnhancedPacket = 6;
const byteOrderMagic = 0x1a2b3c4d;
const optionComment = 1;
const optionShbUserAppl = 4;
const optionIfName = 2;
const optionIfDescription = 3;
const optionIfTsresol = 9;
const maxIpv4Bytes = 0xffff;

export interface PcapngExport {
  bytes: Uint8Array;
  /** Enhanced Packet Blocks written. */
  packets: number;
  /** Packets of the Trace left out, and why (an IPv6 endpoint, a packet over 65,535 bytes...). */
  skipped: { id: number; why: string }[];
}

export interface PcapngExportOptions {
  /** Written in the section header's shb_userappl option. */
  application?: string;
}

type WirePacket = SegmentEvent | DatagramEvent | IcmpEvent;

export function traceToPcapng(trace: Trace, options: PcapngExportOptions = {}): PcapngExport {
  const writer = new BlockWriter();
  writer.section(options.application ?? 'Wirestep', sectionComment(trace));
  const interfaceOf = new Map<string, number>();
  trace.hosts.forEach((host, index) => {
    interfaceOf.set(host.name, index);
    writer.interface(host.name, `${host.name} ${host.addr}`);
  });
  writer.nameResolution(trace.hosts);
  const encoder = new PacketEncoder(trace);
  const skipped: { id: number; why: string }[] = [];
  let packets = 0;
  for (const event of trace.events) {
    if (!isWirePacket(event)) continue;
    const iface = interfaceOf.get(event.from);
    const encoded = iface === undefined ? { why: `no host named ${event.from}` } : encoder.encode(event);
    if ('why' in encoded || iface === undefined) {
      skipped.push({ id: event.id, why: 'why' in encoded ? encoded.why : '' });
      continue;
    }
    writer.packet(iface, event.t, encoded.bytes, encoded.originalLength, encoded.comments);
    packets++;
  }
  return { bytes: writer.finish(), packets, skipped };
}

function isWirePacket(event: TraceEvent): event is WirePacket {
  // A broadcast's later copies are the same frame on the wire: written once.
  if (event.kind === 'datagram') return event.copyOf === undefined;
  return event.kind === 'segment' || event.kind === 'icmp';
}

function sectionComment(trace: Trace): string {
  const scenario = typeof trace.meta.scenario === 'string' ? ` ${trace.meta.scenario}` : '';
  const seed = typeof trace.meta.seed === 'number' ? `, seed ${trace.meta.seed}` : '';
  const profile = typeof trace.meta.profile === 'string' ? `, profile ${trace.meta.profile}` : '';
  return `Wirestep trace (${trace.source})${scenario}${seed}${profile}: each packet on the interface of the host that sent it`;
}

interface Encoded {
  bytes: Uint8Array;
  originalLength: number;
  comments: string[];
}

class PacketEncoder {
  private readonly addrOf = new Map<string, Uint8Array>();
  private readonly identification = new Map<string, number>();
  /** The IP packet each id was sent as, for the ICMP errors that quote it. */
  private readonly sent = new Map<number, Uint8Array>();
  /** Per TCP direction, the stream bytes some segment of the Trace holds, by sequence number. */
  private readonly streams = new Map<string, Map<number, number>>();

  constructor(trace: Trace) {
    for (const host of trace.hosts) {
      const addr = ipv4Address(host.addr);
      if (addr !== undefined) this.addrOf.set(host.name, addr);
    }
    for (const event of trace.events) if (event.kind === 'segment' && event.payload !== '') this.remember(event);
  }

  /**
   * The Trace keeps only the first bytes of each payload. A retransmission that starts elsewhere
   * (Linux re-packetizes, tcp_retransmit_skb) holds bytes another copy lacks; filling both from
   * what any copy holds keeps Wireshark's reassembly from seeing two different contents.
   */
  private remember(event: SegmentEvent): void {
    const held = decodeBase64OrUndefined(event.payload);
    if (held === undefined) return;
    const key = `${event.src}>${event.dst}`;
    let stream = this.streams.get(key);
    if (stream === undefined) this.streams.set(key, (stream = new Map()));
    const start = event.seq + (event.flags.includes('SYN') ? 1 : 0);
    for (let i = 0; i < Math.min(held.length, event.len); i++) stream.set((start + i) >>> 0, held[i] as number);
  }

  encode(event: WirePacket): Encoded | { why: string } {
    if (event.kind === 'icmp') return this.icmp(event);
    const src = ipv4Endpoint(event.src);
    const dst = ipv4Endpoint(event.dst);
    if (src === undefined || dst === undefined) return { why: `not an IPv4 endpoint: ${event.src} > ${event.dst}` };
    const comments = [endpointComment(event)];
    const payload = this.payload(event, comments);
    const transport =
      event.kind === 'segment'
        ? tcpSegmentBytes(tcpSpec(event, src.port, dst.port, comments), payload, src.addr, dst.addr)
        : udpDatagramBytes(src.port, dst.port, payload, src.addr, dst.addr);
    if (transport.length + 20 > maxIpv4Bytes) return { why: `${transport.length + 20} bytes: over IPv4's 65,535` };
    const protocol = event.kind === 'segment' ? IPPROTO_TCP : IPPROTO_UDP;
    const packet = ipv4PacketBytes(protocol, src.addr, dst.addr, this.nextId(event.from), transport);
    this.sent.set(event.id, packet);
    return { bytes: packet, originalLength: packet.length, comments };
  }

  private icmp(event: IcmpEvent): Encoded | { why: string } {
    const src = this.addrOf.get(event.from);
    const dst = this.addrOf.get(event.to);
    const quoted = this.sent.get(event.about);
    if (src === undefined || dst === undefined) return { why: 'no IPv4 address for its hosts' };
    if (quoted === undefined) return { why: `packet ${event.about} it is about was not written` };
    // RFC 792: the IP header and the first 64 bits of the datagram's data.
    const code = event.type === 'port-unreachable' ? 3 : 1;
    const icmp = icmpUnreachableBytes(code, quoted.subarray(0, Math.min(quoted.length, 28)));
    const packet = ipv4PacketBytes(IPPROTO_ICMP, src, dst, this.nextId(event.from), icmp);
    return { bytes: packet, originalLength: packet.length, comments: [`${event.from} > ${event.to}: ${event.type}`] };
  }

  /** The payload bytes; one the Trace holds only the start of is padded with zeros to `len`. */
  private payload(event: SegmentEvent | DatagramEvent, comments: string[]): Uint8Array {
    const held = decodeBase64OrUndefined(event.payload) ?? new Uint8Array(0);
    if (held.length >= event.len) return held.subarray(0, event.len);
    const out = new Uint8Array(event.len);
    out.set(held);
    let filled = held.length;
    const stream = event.kind === 'segment' ? this.streams.get(`${event.src}>${event.dst}`) : undefined;
    if (stream !== undefined && event.kind === 'segment') {
      const start = event.seq + (event.flags.includes('SYN') ? 1 : 0);
      for (let i = held.length; i < event.len; i++) {
        const byte = stream.get((start + i) >>> 0);
        if (byte !== undefined) {
          out[i] = byte;
          filled++;
        }
      }
    }
    const others = filled > held.length ? ` (${filled - held.length} more from other segments of the stream)` : '';
    comments.push(
      `payload: the Trace holds the first ${held.length} of ${event.len} bytes${others}; the rest is zeros`,
    );
    return out;
  }

  private nextId(host: string): number {
    const id = (this.identification.get(host) ?? 0) + 1;
    this.identification.set(host, id);
    return id;
  }
}

function endpointComment(event: SegmentEvent | DatagramEvent): string {
  const fd = event.socket === undefined ? '' : ` fd ${event.socket}`;
  const notes: string[] = [];
  if (event.kind === 'segment' && event.retransmission === true) notes.push('retransmission');
  if (event.kind === 'segment' && event.probe !== undefined) notes.push(`${event.probe} probe`);
  if (event.kind === 'datagram' && event.broadcast === true) notes.push('broadcast');
  const extra = notes.length > 0 ? ` (${notes.join(', ')})` : '';
  return `${event.from}${fd} > ${event.to}${extra}`;
}

function tcpSpec(event: SegmentEvent, srcPort: number, dstPort: number, comments: string[]) {
  const options = tcpOptions(event.options);
  const { droppedSackBlocks } = tcpOptionBytes(options);
  if (droppedSackBlocks > 0) comments.push(`${droppedSackBlocks} SACK block(s) left out: over 40 option bytes`);
  // RFC 7323 2.3: a scaled window is sent as its 16-bit field; the Trace keeps it in windowRaw.
  let window = event.windowShift !== undefined && event.windowRaw !== undefined ? event.windowRaw : event.window;
  if (window > 0xffff) {
    comments.push(`window ${window} does not fit the 16-bit field: sent as 65535`);
    window = 0xffff;
  }
  return { srcPort, dstPort, seq: event.seq, ack: event.ack, flagBits: flagBits(event.flags), window, options };
}

/** The options the Trace spells (mss, sackOk, tsval, tsecr, wscale, sack); others are ignored. */
function tcpOptions(raw: Record<string, unknown>): TcpOptionValues {
  const out: TcpOptionValues = {};
  const int = (v: unknown, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
  if (int(raw.mss, 0xffff)) out.mss = raw.mss as number;
  if (int(raw.wscale, 255)) out.wscale = raw.wscale as number;
  if (raw.sackOk === true) out.sackOk = true;
  if (int(raw.tsval, 0xffffffff)) {
    out.tsval = raw.tsval as number;
    out.tsecr = int(raw.tsecr, 0xffffffff) ? (raw.tsecr as number) : 0;
  }
  if (Array.isArray(raw.sack)) {
    const blocks = raw.sack.filter(
      (b): b is [number, number] =>
        Array.isArray(b) && b.length === 2 && int(b[0], 0xffffffff) && int(b[1], 0xffffffff),
    );
    if (blocks.length > 0) out.sack = blocks;
  }
  return out;
}

/** Little-endian pcapng blocks, each padded to 32 bits with its total length at both ends. */
class BlockWriter {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;
  private readonly text = { encode: utf8 };

  section(application: string, comment: string): void {
    const body = new Body();
    body.u32(byteOrderMagic);
    body.u16(1);
    body.u16(0);
    body.u32(0xffffffff); // section length: not given
    body.u32(0xffffffff);
    body.option(optionComment, this.text.encode(comment));
    body.option(optionShbUserAppl, this.text.encode(application));
    body.endOptions();
    this.block(blockSection, body);
  }

  interface(name: string, description: string): void {
    const body = new Body();
    body.u16(LINKTYPE_RAW);
    body.u16(0);
    body.u32(0); // snap length: no limit
    body.option(optionIfName, this.text.encode(name));
    body.option(optionIfDescription, this.text.encode(description));
    body.option(optionIfTsresol, Uint8Array.of(6)); // 10^-6 s: the Trace's microseconds
    body.endOptions();
    this.block(blockInterface, body);
  }

  /** nrb_record_ipv4 per host address, when two hosts do not share it (a loopback real run). */
  nameResolution(hosts: readonly { name: string; addr: string }[]): void {
    const count = new Map<string, number>();
    for (const host of hosts) count.set(host.addr, (count.get(host.addr) ?? 0) + 1);
    const body = new Body();
    let records = 0;
    for (const host of hosts) {
      const addr = ipv4Address(host.addr);
      if (addr === undefined || count.get(host.addr) !== 1) continue;
      const name = this.text.encode(host.name);
      const value = new Uint8Array(4 + name.length + 1);
      value.set(addr);
      value.set(name, 4);
      body.option(1, value);
      records++;
    }
    if (records === 0) return;
    body.endOptions(); // nrb_record_end has the same shape as opt_endofopt
    this.block(blockNameResolution, body);
  }

  packet(iface: number, microseconds: number, data: Uint8Array, originalLength: number, comments: string[]): void {
    const body = new Body();
    body.u32(iface);
    body.u32(Math.floor(microseconds / 2 ** 32));
    body.u32(microseconds >>> 0);
    body.u32(data.length);
    body.u32(originalLength);
    body.bytes(data);
    body.pad();
    for (const comment of comments) body.option(optionComment, this.text.encode(comment));
    if (comments.length > 0) body.endOptions();
    this.block(blockEnhancedPacket, body);
  }

  private block(type: number, body: Body): void {
    const content = body.finish();
    const total = content.length + 12;
    const out = new Uint8Array(total);
    const view = new DataView(out.buffer);
    view.setUint32(0, type, true);
    view.setUint32(4, total, true);
    out.set(content, 8);
    view.setUint32(total - 4, total, true);
    this.chunks.push(out);
    this.size += total;
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}

/** UTF-8 bytes of text (the core has no TextEncoder: tsconfig.core.json's lib is ES2022 only). */
function utf8(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/** A block body being built: little-endian numbers, options padded to 32 bits. */
class Body {
  private readonly parts: number[] = [];
  private length = 0;

  u16(value: number): void {
    this.parts.push(value & 255, (value >>> 8) & 255);
    this.length += 2;
  }

  u32(value: number): void {
    const v = value >>> 0;
    this.parts.push(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255);
    this.length += 4;
  }

  bytes(data: Uint8Array): void {
    for (const byte of data) this.parts.push(byte);
    this.length += data.length;
  }

  pad(): void {
    while (this.length % 4 !== 0) {
      this.parts.push(0);
      this.length++;
    }
  }

  option(code: number, value: Uint8Array): void {
    this.u16(code);
    this.u16(value.length);
    this.bytes(value);
    this.pad();
  }

  endOptions(): void {
    this.u16(0);
    this.u16(0);
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}
