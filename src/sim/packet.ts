// Wire representation: plain packet objects, separate from any byte encoding (smoltcp's habit).
import { optionBytes, type SegmentOptions } from './tcp/options';

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
  /** Options besides MSS: SACK-permitted, window scale, timestamps, SACK blocks (RFC 7323, 2018). */
  options?: SegmentOptions;
  /** The shift applied to `window` (bytes) to fill the 16-bit field, when window scaling is on. */
  windowShift?: number;
  data: Uint8Array;
  retransmission?: boolean;
  probe?: 'keepalive' | 'zero-window';
  /** The sending descriptor, for the trace (none for a reset sent by a closed port). */
  socket?: number;
  /** A segment no socket sent: made by this 1-based fault rule (an `inject` rule, src/sim/inject.ts). */
  crafted?: number;
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
  /** A later copy of a broadcast names the first copy's id. */
  copyOf?: number;
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

/** Bytes on the wire, for bandwidth: IPv4 header 20 + TCP 20 and its options, or UDP 8. */
export function wireSize(packet: Packet): number {
  switch (packet.proto) {
    case 'tcp':
      // The MSS option is 4 bytes (RFC 9293 3.2); the others as optionBytes lays them out.
      return (
        40 +
        (packet.mss === undefined ? 0 : 4) +
        (packet.options === undefined ? 0 : optionBytes(packet.options)) +
        packet.data.length
      );
    case 'udp':
      return 28 + packet.data.length;
    case 'icmp':
      return 56;
  }
}
