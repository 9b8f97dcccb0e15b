// The first of captureToTrace's two passes over the packets (issue 15: the packets are decoded,
// used and dropped one at a time, never kept): every TCP segment goes through the state
// inference and the window-scale walk (infer.ts), every UDP port and ICMP port unreachable is
// noted for the UDP sockets (udp-sockets.ts). What it keeps is in proportion to the connections
// and ports, in typed columns; the second pass (packet-events.ts) reads it back by segment.
import { EndpointKeys, EndpointTable } from './endpoint-tables';
import { TcpInference } from './infer';
import type { DecodedPacket } from './types';
import { UdpSockets } from './udp-sockets';

export class CaptureScan {
  readonly endpoints = new EndpointTable();
  readonly keys = new EndpointKeys();
  readonly inference: TcpInference;
  readonly udpSockets = new UdpSockets(this.endpoints, this.keys);
  /** True when an ICMP error quotes ports: only then does the events pass track the last packet of each flow. */
  quotesPorts = false;

  /** `expectedPackets`: at most how many packets will come (0: unknown), to size the columns once. */
  constructor(expectedPackets = 0) {
    this.inference = new TcpInference(expectedPackets);
  }

  /**
   * One packet, in capture order. A method, handed to the reader bound: as a closure made per
   * import (an arrow function field) V8 optimized it anew in every import (`--trace-opt`).
   */
  visit(packet: DecodedPacket): void {
    const { ip, transport } = packet;
    if (ip === undefined || transport === undefined) return;
    if (transport.protocol === 'tcp') {
      const keys = this.keys;
      this.inference.add(
        packet.index,
        keys.source(ip, transport.srcPort),
        keys.destination(ip, transport.dstPort),
        transport.flagBits,
        transport.seq,
        transport.ack,
        transport.len,
        transport.options.wscale,
      );
      return;
    }
    this.udpSockets.scan(packet);
    if (
      transport.protocol === 'icmp' &&
      transport.quoted?.srcPort !== undefined &&
      transport.quoted.dstPort !== undefined
    )
      this.quotesPorts = true;
  }

  /** After the last packet. */
  finish(): void {
    this.inference.finish();
    // The UDP sockets are numbered after every socket the inference gave out.
    this.udpSockets.seal(this.inference.nextSocket);
  }
}
