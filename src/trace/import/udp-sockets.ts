// The UDP sockets of a capture. A capture has no descriptors: each UDP address:port seen is given
// one, numbered after the TCP sockets the inference gave out, so a datagram starts and ends on the
// socket of its port (one bound UDP socket sends and receives on its port). A port that an ICMP
// port unreachable names as closed (RFC 1122 4.1.3.1) and that never sent gets none: the
// datagram reached only its host's kernel.
import type { EndpointTable } from './endpoint-tables';
import { maxCachedEndpoints } from './endpoint-tables';
import { firstInferredSocket, type InferResult } from './infer';
import type { DecodedPacket } from './types';

export class UdpSockets {
  private readonly byEndpoint = new Map<string, number>();
  /** Ports quoted by a port unreachable and never seen sending. */
  private readonly closed = new Set<string>();
  private next: number;

  constructor(packets: readonly DecodedPacket[], context: { inferred: InferResult; endpoints: EndpointTable }) {
    let last = firstInferredSocket - 1;
    for (const socket of context.inferred.fromSockets) last = Math.max(last, socket);
    for (const socket of context.inferred.toSockets) last = Math.max(last, socket);
    this.next = last + 1;
    const senders = new Set<string>();
    for (const { ip, transport } of packets) {
      if (ip === undefined || transport === undefined) continue;
      if (transport.protocol === 'udp') senders.add(context.endpoints.text(ip.src, transport.srcPort));
      const quoted = transport.protocol === 'icmp' ? transport.quoted : undefined;
      if (transport.protocol !== 'icmp' || transport.type !== 'port-unreachable') continue;
      // Protocol 17: the quoted datagram was UDP.
      if (quoted?.protocol !== 17 || quoted.dstPort === undefined) continue;
      if (this.closed.size < maxCachedEndpoints) this.closed.add(context.endpoints.text(quoted.dst, quoted.dstPort));
    }
    for (const sender of senders) this.closed.delete(sender);
  }

  /** The socket that sent from `endpoint`. */
  of(endpoint: string): number {
    let socket = this.byEndpoint.get(endpoint);
    if (socket === undefined) {
      socket = this.next++;
      // Bounded like every table here; an endpoint seen again past the limit gets a new number.
      if (this.byEndpoint.size >= maxCachedEndpoints) this.byEndpoint.clear();
      this.byEndpoint.set(endpoint, socket);
    }
    return socket;
  }

  /** The socket a datagram to `endpoint` reached; undefined for a closed port. */
  receiver(endpoint: string): number | undefined {
    return this.closed.has(endpoint) ? undefined : this.of(endpoint);
  }
}
