// Which socket each packet reached or was addressed to: the deliver's descriptor when it names
// one; else (lost, still in flight, or taken by the kernel alone) the connection's socket at the
// receiving host, found from the 4-tuple of earlier packets of the same connection, while that
// socket is still open; else the host itself, without a descriptor (a closed port).
import { packetIndex, type PacketEvent } from '../trace/query';
import type { Trace, TraceEvent } from '../trace/types';

export interface Endpoint {
  host: string;
  /** Undefined: the host's kernel, no socket. */
  socket?: number;
}

export interface Receivers {
  /** For each deliver and drop event (by index in trace.events), where the packet arrived or was heading. */
  fate: ReadonlyMap<number, Endpoint>;
  /** For each packet id, the socket it was addressed to when sent (where a packet in flight at the end heads). */
  addressed: ReadonlyMap<number, Endpoint>;
  /** For each packet event (by index), the socket that sent it (the host alone for a closed port's RST or an ICMP error). */
  sender: ReadonlyMap<number, Endpoint>;
}

const socketKey = (host: string, socket: number) => `${host}|${socket}`;
/** A connection as seen by one host: its local and remote address:port. */
const connectionKey = (host: string, local: string, remote: string) => `${host}|${local}|${remote}`;

const isListenerProbe = (packet: PacketEvent) =>
  packet.kind === 'segment' && packet.flags.includes('SYN') && !packet.flags.includes('ACK');

/** What a socket is reached at, per host: per connection, and per local address (a listener or UDP socket). */
class SocketDirectory {
  readonly connections = new Map<string, Endpoint>();
  readonly locals = new Map<string, Endpoint>();
  /** Sockets whose connection is gone (CLOSED, or a UDP socket closed); reopened by a later socket() or accept(). */
  readonly gone = new Set<string>();
  private readonly tcp = new Set<string>();

  alive(endpoint: Endpoint | undefined): endpoint is Endpoint {
    return endpoint?.socket !== undefined && !this.gone.has(socketKey(endpoint.host, endpoint.socket));
  }

  /** Follows the sockets' lives: a TCP socket ends in CLOSED, a UDP one when close() returns. */
  observe(event: TraceEvent): void {
    if (event.kind === 'state') {
      this.tcp.add(socketKey(event.host, event.socket));
      if (event.to === 'CLOSED') this.gone.add(socketKey(event.host, event.socket));
      else this.gone.delete(socketKey(event.host, event.socket));
    } else if (event.kind === 'return' && event.errno === undefined) {
      if (event.call === 'socket' && typeof event.result === 'number')
        this.gone.delete(socketKey(event.host, event.result));
      if (event.call === 'accept' && typeof event.result === 'object' && event.result !== null && 'fd' in event.result)
        this.gone.delete(socketKey(event.host, event.result.fd));
      if (event.call === 'close' && !this.tcp.has(socketKey(event.host, event.socket)))
        this.gone.add(socketKey(event.host, event.socket));
    }
  }

  /** A packet sent by a socket tells where the other way of its connection arrives. */
  sent(packet: PacketEvent, socket: number | undefined): void {
    if (packet.kind === 'icmp' || socket === undefined || socket < 0) return;
    this.connections.set(connectionKey(packet.from, packet.src, packet.dst), { host: packet.from, socket });
  }

  received(packet: PacketEvent, endpoint: Endpoint): void {
    if (packet.kind === 'icmp' || endpoint.socket === undefined) return;
    this.connections.set(connectionKey(endpoint.host, packet.dst, packet.src), endpoint);
    if (packet.kind === 'datagram' || isListenerProbe(packet))
      this.locals.set(`${endpoint.host}|${packet.dst}`, endpoint);
  }

  /** The open socket a packet is addressed to now: its connection's, else the one at its address. */
  addressed(
    packet: PacketEvent,
    senders: ReadonlyMap<number, Endpoint>,
    sentBy: ReadonlyMap<number, number>,
  ): Endpoint | undefined {
    if (packet.kind === 'icmp') {
      // An ICMP error is about a packet: it goes back to the socket that sent that one.
      const about = sentBy.get(packet.about);
      const sender = about === undefined ? undefined : senders.get(about);
      return sender?.host === packet.to && this.alive(sender) ? sender : undefined;
    }
    const connection = this.connections.get(connectionKey(packet.to, packet.dst, packet.src));
    // A new connection's SYN goes to the listener, even on a 4-tuple used before.
    if (!isListenerProbe(packet) && this.alive(connection)) return connection;
    const local = this.locals.get(`${packet.to}|${packet.dst}`);
    return this.alive(local) ? local : undefined;
  }
}

/** Sockets that receive a packet to an address at some point: a lost first SYN still heads to its listener. */
function firstLocals(trace: Trace, directory: SocketDirectory): void {
  const packets = packetIndex(trace).byId;
  for (const event of trace.events) {
    if (event.kind !== 'deliver' || event.host === undefined || event.socket === undefined || event.socket < 0)
      continue;
    const packet = packets.get(event.id);
    if (packet === undefined || packet.kind === 'icmp') continue;
    const key = `${event.host}|${packet.dst}`;
    if ((packet.kind === 'datagram' || isListenerProbe(packet)) && !directory.locals.has(key))
      directory.locals.set(key, { host: event.host, socket: event.socket });
  }
}

export function packetReceivers(trace: Trace): Receivers {
  const packets = packetIndex(trace);
  const directory = new SocketDirectory();
  firstLocals(trace, directory);
  const fate = new Map<number, Endpoint>();
  const addressed = new Map<number, Endpoint>();
  const sender = new Map<number, Endpoint>();
  trace.events.forEach((event, index) => {
    directory.observe(event);
    if (event.kind === 'segment' || event.kind === 'datagram' || event.kind === 'icmp') {
      const socket = event.kind === 'icmp' || event.socket === undefined || event.socket < 0 ? undefined : event.socket;
      sender.set(index, { host: event.from, socket });
      if (!addressed.has(event.id))
        addressed.set(event.id, directory.addressed(event, sender, packets.eventOf) ?? { host: event.to });
      directory.sent(event, socket);
      return;
    }
    if (event.kind !== 'deliver' && event.kind !== 'drop') return;
    const packet = packets.byId.get(event.id);
    if (packet === undefined) return;
    const host = event.kind === 'deliver' ? (event.host ?? packet.to) : packet.to;
    if (event.kind === 'deliver' && event.socket !== undefined && event.socket >= 0) {
      const endpoint = { host, socket: event.socket };
      fate.set(index, endpoint);
      directory.received(packet, endpoint);
      return;
    }
    // Lost, or taken by the kernel: the socket it was addressed to, if that one is still open.
    const target = addressed.get(event.id);
    fate.set(index, target?.host === host && directory.alive(target) ? target : { host });
  });
  return { fate, addressed, sender };
}
