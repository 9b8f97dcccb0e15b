// Real IPv4, TCP, UDP and ICMP headers for a Trace's packets, with correct checksums, so the
// pcapng export (pcapng.ts) opens in Wireshark without a malformed packet or a checksum error.
// Pure: bytes out, no DOM, no Node.

/** The TCP options the Trace records (names as the importer and the simulator spell them). */
export interface TcpOptionValues {
  mss?: number;
  wscale?: number;
  sackOk?: boolean;
  tsval?: number;
  tsecr?: number;
  sack?: [number, number][];
}

export interface TcpHeaderSpec {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flagBits: number;
  /** The 16-bit window field as sent. */
  window: number;
  options: TcpOptionValues;
}

const NOP = 1;
/** RFC 9293 3.1: data offset is 4 bits of 32-bit words, so options take at most 40 bytes. */
const maxOptionBytes = 40;

/**
 * The option bytes in the order and alignment Linux sends them (tcp_options_write): MSS first;
 * on a SYN SACK-permitted shares a word with timestamps; otherwise each option is padded to a
 * 32-bit boundary with leading NOPs (RFC 7323 appendix A's layout). SACK blocks beyond what fits
 * in 40 bytes are left out (RFC 2018 3: at most 3 with timestamps); `dropped` says how many.
 */
export function tcpOptionBytes(options: TcpOptionValues): { bytes: number[]; droppedSackBlocks: number } {
  const out: number[] = [];
  const hasTs = options.tsval !== undefined;
  if (options.mss !== undefined) out.push(2, 4, (options.mss >> 8) & 255, options.mss & 255);
  if (options.sackOk === true && hasTs) out.push(4, 2, 8, 10, ...u32(options.tsval ?? 0), ...u32(options.tsecr ?? 0));
  else {
    if (options.sackOk === true) out.push(NOP, NOP, 4, 2);
    if (hasTs) out.push(NOP, NOP, 8, 10, ...u32(options.tsval ?? 0), ...u32(options.tsecr ?? 0));
  }
  if (options.wscale !== undefined) out.push(NOP, 3, 3, options.wscale & 255);
  let droppedSackBlocks = 0;
  const blocks = options.sack ?? [];
  if (blocks.length > 0) {
    const room = Math.floor((maxOptionBytes - out.length - 4) / 8);
    const kept = blocks.slice(0, Math.max(0, room));
    droppedSackBlocks = blocks.length - kept.length;
    if (kept.length > 0) {
      out.push(NOP, NOP, 5, 2 + 8 * kept.length);
      for (const [left, right] of kept) out.push(...u32(left), ...u32(right));
    }
  }
  return { bytes: out, droppedSackBlocks };
}

function u32(value: number): number[] {
  const v = value >>> 0;
  return [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
}

export function ipv4Address(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : 256));
  if (bytes.some((b) => b > 255)) return undefined;
  return Uint8Array.from(bytes);
}

/** "addr:port" as IPv4 bytes and a port; undefined for IPv6 ("[..]:port") or malformed text. */
export function ipv4Endpoint(text: string): { addr: Uint8Array; port: number } | undefined {
  const colon = text.lastIndexOf(':');
  if (colon < 0) return undefined;
  const addr = ipv4Address(text.slice(0, colon));
  const port = Number(text.slice(colon + 1));
  if (addr === undefined || !Number.isInteger(port) || port < 0 || port > 65535) return undefined;
  return { addr, port };
}

/** The Internet checksum (RFC 1071): one's complement of the one's complement sum of 16-bit words. */
export function internetChecksum(bytes: Uint8Array, initial = 0): number {
  let sum = initial;
  for (let i = 0; i + 1 < bytes.length; i += 2) sum += ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
  if (bytes.length % 2 === 1) sum += (bytes[bytes.length - 1] as number) << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** The sum of the IPv4 pseudo-header (RFC 9293 3.1, RFC 768), not yet folded. */
function pseudoHeaderSum(src: Uint8Array, dst: Uint8Array, protocol: number, length: number): number {
  let sum = 0;
  for (const a of [src, dst])
    sum += (((a[0] as number) << 8) | (a[1] as number)) + (((a[2] as number) << 8) | (a[3] as number));
  return sum + protocol + length;
}

export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

export function tcpSegmentBytes(
  spec: TcpHeaderSpec,
  payload: Uint8Array,
  src: Uint8Array,
  dst: Uint8Array,
): Uint8Array {
  const { bytes: options } = tcpOptionBytes(spec.options);
  const headerLength = 20 + options.length;
  const out = new Uint8Array(headerLength + payload.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, spec.srcPort);
  view.setUint16(2, spec.dstPort);
  view.setUint32(4, spec.seq >>> 0);
  view.setUint32(8, spec.ack >>> 0);
  out[12] = (headerLength / 4) << 4;
  out[13] = spec.flagBits & 0xff;
  view.setUint16(14, Math.min(0xffff, Math.max(0, spec.window)));
  out.set(options, 20);
  out.set(payload, headerLength);
  view.setUint16(16, internetChecksum(out, pseudoHeaderSum(src, dst, IPPROTO_TCP, out.length)));
  return out;
}

export function udpDatagramBytes(
  srcPort: number,
  dstPort: number,
  payload: Uint8Array,
  src: Uint8Array,
  dst: Uint8Array,
): Uint8Array {
  const out = new Uint8Array(8 + payload.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, srcPort);
  view.setUint16(2, dstPort);
  view.setUint16(4, out.length);
  out.set(payload, 8);
  // RFC 768: a computed checksum of zero is sent as all ones (zero means "none").
  const checksum = internetChecksum(out, pseudoHeaderSum(src, dst, IPPROTO_UDP, out.length));
  view.setUint16(6, checksum === 0 ? 0xffff : checksum);
  return out;
}

/** ICMP destination unreachable (RFC 792, type 3) quoting the offending IP packet. */
export function icmpUnreachableBytes(code: number, quoted: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + quoted.length);
  out[0] = 3;
  out[1] = code;
  out.set(quoted, 8);
  new DataView(out.buffer).setUint16(2, internetChecksum(out));
  return out;
}

/**
 * An IPv4 header (RFC 791) around `transport`: IHL 5, DF set and TTL 64 as Linux sends (a
 * per-host identification counter, as ip_select_ident gives a connected socket).
 */
export function ipv4PacketBytes(
  protocol: number,
  src: Uint8Array,
  dst: Uint8Array,
  identification: number,
  transport: Uint8Array,
): Uint8Array {
  const out = new Uint8Array(20 + transport.length);
  const view = new DataView(out.buffer);
  out[0] = 0x45;
  view.setUint16(2, out.length);
  view.setUint16(4, identification & 0xffff);
  // RFC 1812 4.3.2.7 / Linux icmp_send: ICMP errors go without DF; TCP and UDP with it (PMTU discovery).
  view.setUint16(6, protocol === IPPROTO_ICMP ? 0 : 0x4000);
  out[8] = 64;
  out[9] = protocol;
  out.set(src, 12);
  out.set(dst, 16);
  view.setUint16(10, internetChecksum(out.subarray(0, 20)));
  out.set(transport, 20);
  return out;
}
