// A tiny pcap/pcapng and packet writer for the importer's tests: builds captures byte by byte
// so each container, link type and header variant can be checked without a capture tool.
// Checksums are left at zero (the importer does not check them).

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0));
}

function ipv4Bytes(addr: string): Uint8Array {
  return Uint8Array.from(addr.split('.').map(Number));
}

/** Full IPv6 address bytes from text (with at most one "::"). */
export function ipv6Bytes(addr: string): Uint8Array {
  const [head = '', tail] = addr.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...new Array<string>(zeros).fill('0'), ...tailGroups].map((g) => parseInt(g, 16));
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 255;
  });
  return out;
}

export interface TcpSpec {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack?: number;
  flags: number;
  window?: number;
  /** Raw option bytes (padded to 4 by the writer with EOL). */
  options?: Uint8Array;
  payload?: Uint8Array;
}

export function tcpSegment(spec: TcpSpec): Uint8Array {
  const rawOptions = spec.options ?? new Uint8Array(0);
  const options = concat(rawOptions, new Uint8Array((4 - (rawOptions.length % 4)) % 4));
  const header = new Uint8Array(20);
  const view = new DataView(header.buffer);
  view.setUint16(0, spec.srcPort);
  view.setUint16(2, spec.dstPort);
  view.setUint32(4, spec.seq >>> 0);
  view.setUint32(8, (spec.ack ?? 0) >>> 0);
  header[12] = ((20 + options.length) / 4) << 4;
  header[13] = spec.flags;
  view.setUint16(14, spec.window ?? 65535);
  return concat(header, options, spec.payload ?? new Uint8Array(0));
}

export const tcpOption = {
  mss: (value: number) => Uint8Array.of(2, 4, value >> 8, value & 255),
  wscale: (value: number) => Uint8Array.of(3, 3, value),
  sackOk: () => Uint8Array.of(4, 2),
  nop: () => Uint8Array.of(1),
  timestamps: (tsval: number, tsecr: number) => {
    const out = new Uint8Array(10);
    out[0] = 8;
    out[1] = 10;
    new DataView(out.buffer).setUint32(2, tsval);
    new DataView(out.buffer).setUint32(6, tsecr);
    return out;
  },
  sack: (blocks: [number, number][]) => {
    const out = new Uint8Array(2 + 8 * blocks.length);
    out[0] = 5;
    out[1] = out.length;
    const view = new DataView(out.buffer);
    blocks.forEach(([left, right], i) => {
      view.setUint32(2 + 8 * i, left);
      view.setUint32(6 + 8 * i, right);
    });
    return out;
  },
};

export function options(...parts: Uint8Array[]): Uint8Array {
  return concat(...parts);
}

export function udpDatagram(srcPort: number, dstPort: number, payload: Uint8Array): Uint8Array {
  const header = new Uint8Array(8);
  const view = new DataView(header.buffer);
  view.setUint16(0, srcPort);
  view.setUint16(2, dstPort);
  view.setUint16(4, 8 + payload.length);
  return concat(header, payload);
}

export interface Ipv4Options {
  fragmentOffset?: number;
  moreFragments?: boolean;
  /** Overrides the total length field (0 means TSO's "see the capture"). */
  totalLength?: number;
}

export function ipv4(protocol: number, src: string, dst: string, payload: Uint8Array, opts: Ipv4Options = {}) {
  const header = new Uint8Array(20);
  const view = new DataView(header.buffer);
  header[0] = 0x45;
  view.setUint16(2, opts.totalLength ?? 20 + payload.length);
  view.setUint16(6, ((opts.moreFragments ? 1 : 0) << 13) | ((opts.fragmentOffset ?? 0) / 8));
  header[8] = 64;
  header[9] = protocol;
  header.set(ipv4Bytes(src), 12);
  header.set(ipv4Bytes(dst), 16);
  return concat(header, payload);
}

/** IPv6 with optional extension headers given as [type, bytes (multiple of 8, first byte overwritten)]. */
export function ipv6(
  protocol: number,
  src: string,
  dst: string,
  payload: Uint8Array,
  extensions: [number, Uint8Array][] = [],
  payloadLength?: number,
): Uint8Array {
  const header = new Uint8Array(40);
  const view = new DataView(header.buffer);
  header[0] = 0x60;
  const chained: Uint8Array[] = [];
  let first = protocol;
  for (let i = extensions.length - 1; i >= 0; i--) {
    const [type, bytes] = extensions[i] as [number, Uint8Array];
    const copy = Uint8Array.from(bytes);
    copy[0] = first;
    chained.unshift(copy);
    first = type;
  }
  const body = concat(...chained, payload);
  view.setUint16(4, payloadLength ?? body.length);
  header[6] = first;
  header[7] = 64;
  header.set(ipv6Bytes(src), 8);
  header.set(ipv6Bytes(dst), 24);
  return concat(header, body);
}

export function icmpv4PortUnreachable(quotedIpPacket: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(3, 3, 0, 0, 0, 0, 0, 0), quotedIpPacket.subarray(0, 28));
}

export function icmpv6PortUnreachable(quotedIpPacket: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(1, 4, 0, 0, 0, 0, 0, 0), quotedIpPacket.subarray(0, 48));
}

export function ethernet(etherType: number, payload: Uint8Array, vlans: number[] = []): Uint8Array {
  const header = new Uint8Array(12 + 4 * vlans.length + 2);
  const view = new DataView(header.buffer);
  header.set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  vlans.forEach((vlan, i) => {
    view.setUint16(12 + 4 * i, 0x8100);
    view.setUint16(14 + 4 * i, vlan);
  });
  view.setUint16(12 + 4 * vlans.length, etherType);
  return concat(header, payload);
}

export function sll(protocol: number, payload: Uint8Array): Uint8Array {
  const header = new Uint8Array(16);
  const view = new DataView(header.buffer);
  view.setUint16(2, 772); // ARPHRD_LOOPBACK
  view.setUint16(4, 6);
  view.setUint16(14, protocol);
  return concat(header, payload);
}

export function sll2(protocol: number, payload: Uint8Array): Uint8Array {
  const header = new Uint8Array(20);
  const view = new DataView(header.buffer);
  view.setUint16(0, protocol);
  view.setUint32(4, 1);
  view.setUint16(8, 772);
  header[11] = 6;
  return concat(header, payload);
}

/** DLT_NULL / DLT_LOOP header: the address family as 4 bytes in the given order. */
export function loopbackHeader(family: number, littleEndian: boolean, payload: Uint8Array): Uint8Array {
  const header = new Uint8Array(4);
  new DataView(header.buffer).setUint32(0, family, littleEndian);
  return concat(header, payload);
}

export interface PcapRecord {
  seconds: number;
  /** Microseconds, or nanoseconds in a nanosecond file. */
  fraction: number;
  data: Uint8Array;
  /** Defaults to data.length; larger means the capture was cut at the snap length. */
  originalLength?: number;
}

export function writePcap(
  records: PcapRecord[],
  {
    linkType,
    nanosecond = false,
    littleEndian = true,
  }: { linkType: number; nanosecond?: boolean; littleEndian?: boolean },
): Uint8Array {
  const header = new Uint8Array(24);
  const view = new DataView(header.buffer);
  view.setUint32(0, nanosecond ? 0xa1b23c4d : 0xa1b2c3d4, littleEndian);
  view.setUint16(4, 2, littleEndian);
  view.setUint16(6, 4, littleEndian);
  view.setUint32(16, 262144, littleEndian);
  view.setUint32(20, linkType, littleEndian);
  const parts: Uint8Array[] = [header];
  for (const record of records) {
    const recordHeader = new Uint8Array(16);
    const rv = new DataView(recordHeader.buffer);
    rv.setUint32(0, record.seconds, littleEndian);
    rv.setUint32(4, record.fraction, littleEndian);
    rv.setUint32(8, record.data.length, littleEndian);
    rv.setUint32(12, record.originalLength ?? record.data.length, littleEndian);
    parts.push(recordHeader, record.data);
  }
  return concat(...parts);
}

export interface PcapngInterface {
  linkType: number;
  snapLength?: number;
  /** The if_tsresol byte (6 = microseconds, 9 = nanoseconds, 0x80 | n = 2^-n). */
  tsresol?: number;
}

export type PcapngBlock =
  | { type: 'packet'; interfaceId: number; units: bigint; data: Uint8Array; originalLength?: number }
  | { type: 'simple'; data: Uint8Array; originalLength?: number }
  | { type: 'other'; code: number; body: Uint8Array };

export interface PcapngSection {
  littleEndian?: boolean;
  interfaces: PcapngInterface[];
  blocks: PcapngBlock[];
}

function block(code: number, body: Uint8Array, littleEndian: boolean): Uint8Array {
  const padded = concat(body, new Uint8Array((4 - (body.length % 4)) % 4));
  const out = new Uint8Array(12 + padded.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, code, littleEndian);
  view.setUint32(4, out.length, littleEndian);
  out.set(padded, 8);
  view.setUint32(out.length - 4, out.length, littleEndian);
  return out;
}

export function writePcapng(sections: PcapngSection[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const section of sections) {
    const le = section.littleEndian ?? true;
    const shb = new Uint8Array(16);
    const sv = new DataView(shb.buffer);
    sv.setUint32(0, 0x1a2b3c4d, le);
    sv.setUint16(4, 1, le);
    sv.setBigInt64(8, -1n, le);
    parts.push(block(0x0a0d0d0a, shb, le));
    for (const described of section.interfaces) {
      const hasResolution = described.tsresol !== undefined;
      const idb = new Uint8Array(8 + (hasResolution ? 12 : 0));
      const iv = new DataView(idb.buffer);
      iv.setUint16(0, described.linkType, le);
      iv.setUint32(4, described.snapLength ?? 262144, le);
      if (hasResolution) {
        iv.setUint16(8, 9, le);
        iv.setUint16(10, 1, le);
        idb[12] = described.tsresol ?? 6;
        // then opt_endofopt (4 zero bytes) at 16
      }
      parts.push(block(1, idb, le));
    }
    for (const item of section.blocks) {
      if (item.type === 'packet') {
        const body = new Uint8Array(20 + item.data.length);
        const bv = new DataView(body.buffer);
        bv.setUint32(0, item.interfaceId, le);
        bv.setUint32(4, Number(item.units >> 32n), le);
        bv.setUint32(8, Number(item.units & 0xffffffffn), le);
        bv.setUint32(12, item.data.length, le);
        bv.setUint32(16, item.originalLength ?? item.data.length, le);
        body.set(item.data, 20);
        parts.push(block(6, body, le));
      } else if (item.type === 'simple') {
        const body = new Uint8Array(4 + item.data.length);
        new DataView(body.buffer).setUint32(0, item.originalLength ?? item.data.length, le);
        body.set(item.data, 4);
        parts.push(block(3, body, le));
      } else {
        parts.push(block(item.code, item.body, le));
      }
    }
  }
  return concat(...parts);
}
