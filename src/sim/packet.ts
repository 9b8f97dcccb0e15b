// Wire representation: plain packet objects, separate from any byte encoding (smoltcp's habit).
import type { TcpFlag } from '../trace/types';

/** TCP header bits with their real values (RFC 9293 3.1). */
export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;
export const URG = 0x20;

const flagOrder: readonly [number, TcpFlag][] = [
  [SYN, 'SYN'],
  [FIN, 'FIN'],
  [RST, 'RST'],
  [PSH, 'PSH'],
  [ACK, 'ACK'],
  [URG, 'URG'],
];

const flagNameCache = new Map<number, readonly TcpFlag[]>();

/** The flag names of a header, shared per combination (trace events never mutate them). */
export function flagNames(bits: number): TcpFlag[] {
  let names = flagNameCache.get(bits);
  if (names === undefined) {
    const out: TcpFlag[] = [];
    for (const [bit, name] of flagOrder) if (bits & bit) out.push(name);
    names = Object.freeze(out);
    flagNameCache.set(bits, names);
  }
  return names as TcpFlag[];
}

export function flagBits(names: readonly TcpFlag[]): number {
  let bits = 0;
  for (const [bit, name] of flagOrder) if (names.includes(name)) bits |= bit;
  return bits;
}

export interface TcpSegment {
  proto: 'tcp';
  id: number;
  srcAddr: string;
  srcPort: number;
  dstAddr: string;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  mss?: number;
  data: Uint8Array;
  retransmission?: boolean;
  probe?: 'keepalive' | 'zero-window';
  /** The sending descriptor, for the trace (none for a reset sent by a closed port). */
  socket?: number;
}

export interface UdpDatagram {
  proto: 'udp';
  id: number;
  srcAddr: string;
  srcPort: number;
  dstAddr: string;
  dstPort: number;
  data: Uint8Array;
  broadcast?: boolean;
  socket?: number;
}

export interface IcmpMessage {
  proto: 'icmp';
  id: number;
  srcAddr: string;
  dstAddr: string;
  type: 'port-unreachable' | 'host-unreachable';
  /** The datagram this message answers (RFC 792: it quotes the offending header). */
  about: UdpDatagram;
}

export type Packet = TcpSegment | UdpDatagram | IcmpMessage;

/** Bytes on the wire, for bandwidth: IPv4 header 20 + TCP 20 (+4 for the MSS option) or UDP 8. */
export function wireSize(packet: Packet): number {
  switch (packet.proto) {
    case 'tcp':
      return 40 + (packet.mss !== undefined ? 4 : 0) + packet.data.length;
    case 'udp':
      return 28 + packet.data.length;
    case 'icmp':
      return 56;
  }
}
