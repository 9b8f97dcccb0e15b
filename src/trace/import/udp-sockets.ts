// The UDP sockets of a capture. A capture has no descriptors: each UDP address:port seen is given
// one, numbered after the TCP sockets the inference gave out, so a datagram starts and ends on the
// socket of its port (one bound UDP socket sends and receives on its port). A port that an ICMP
// port unreachable names as closed (RFC 1122 4.1.3.1) and that never sent gets none: the
// datagram reached only its host's kernel. `scan` sees every packet first (capture.ts's first
// pass), `seal` ends that, then `of` and `receiver` answer for each datagram.
import type { EndpointKeys, EndpointTable } from './endpoint-tables';
import { maxCachedEndpoints } from './endpoint-tables';
import type { DecodedPacket } from './types';

export class UdpSockets {
  private readonly byEndpoint = new Map<string, number>();
  /** Ports quoted by a port unreachable and never seen sending, with their EndpointKeys key. */
  private readonly closed = new Map<string, number>();
  /** Every UDP sender, by EndpointKeys key. */
  private readonly senders = new Set<number>();
  private first = 0;
  private next = 0;

  constructor(
    private readonly endpoints: EndpointTable,
    private readonly keys: EndpointKeys,
  ) {}

  scan({ ip, transport }: DecodedPacket): void {
    if (ip === undefined || transport === undefined) return;
    if (transport.protocol === 'udp') this.senders.add(this.keys.source(ip, transport.srcPort));
    if (transport.protocol !== 'icmp' || transport.type !== 'port-unreachable') return;
    const quoted = transport.quoted;
    // Protocol 17: the quoted datagram was UDP.
    if (quoted?.protocol !== 17 || quoted.dstPort === undefined) return;
    if (this.closed.size < maxCachedEndpoints)
      this.closed.set(this.endpoints.text(quoted.dst, quoted.dstPort), this.keys.key(quoted.dst, quoted.dstPort));
  }

  /** After the last scan: sockets are numbered from `next` (the first after the TCP sockets). */
  seal(next: number): void {
    this.first = next;
    this.next = next;
    for (const [endpoint, key] of [...this.closed]) if (this.senders.has(key)) this.closed.delete(endpoint);
    this.senders.clear();
  }

  /** Numbers the sockets again from the first (each events pass gives the same numbers). */
  restart(): void {
    this.byEndpoint.clear();
    this.next = this.first;
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
