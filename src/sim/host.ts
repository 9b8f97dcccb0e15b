// A host: one address, a descriptor table, the TCP and UDP port tables, and the demultiplexing
// of arriving packets to sockets (or the reply a closed port gets).
import type { SocketTransport } from '../trace/types';
import type { Errno } from '../tcp';
import type { SimContext } from './context';
import { type IcmpMessage, type Packet, type TcpSegment, type UdpDatagram } from './packet';
import { RST } from '../tcp';
import { finishHash, mixText, mixWord } from './rng';
import type { HostRandomness } from './streams';
import { resetFor, TcpSocket, type TcpHost } from './tcp/socket';
import { UdpSocket } from './udp';
import { DescriptorNumbers } from './descriptor-numbers';

export type Descriptor = TcpSocket | UdpSocket;

/** Linux's default ephemeral range (net.ipv4.ip_local_port_range). */
const EPHEMERAL_LOW = 32768;
const EPHEMERAL_HIGH = 60999;

export class Host implements TcpHost {
  crashed = false;
  private readonly descriptors = new Map<number, Descriptor>();
  private readonly descriptorNumbers = new DescriptorNumbers();
  private readonly connections = new ConnectionTable();
  private readonly listeners = new Map<number, TcpSocket>();
  /** Every TCP socket that holds a port: bound, listening, connected or in TIME-WAIT. */
  private readonly tcpPorts = new Map<number, Set<TcpSocket>>();
  private readonly udpPorts = new Map<number, UdpSocket>();
  readonly groups = new Map<string, number[]>();
  /** The transports of the sockets its programs opened: the Trace's `hosts[].sockets`. */
  readonly transports = new Set<SocketTransport>();
  private nextEphemeral: number;
  /** How many connections each 4-tuple has had, so that a reused 4-tuple gets a new ISS. */
  private readonly incarnations = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly addr: string,
    readonly ctx: SimContext,
    private readonly random: HostRandomness,
  ) {
    this.nextEphemeral = EPHEMERAL_LOW + Math.floor(random.ephemeralStart * (EPHEMERAL_HIGH - EPHEMERAL_LOW));
  }

  /**
   * RFC 9293 3.4.1 and RFC 6528: ISN = M + F(localip, localport, remoteip, remoteport, secretkey).
   * F is a keyed hash; M steps by 2^28 per earlier connection of the same 4-tuple (in place of a 4 µs
   * clock, which latency and jitter would move), so a new incarnation starts past the old one's bytes.
   * An ISS depends on the seed and the connection only, never on the links.
   */
  chooseIss(sock: TcpSocket): number {
    const tuple = `${sock.localPort} ${sock.remoteAddr}:${sock.remotePort}`;
    const incarnation = this.incarnations.get(tuple) ?? 0;
    this.incarnations.set(tuple, incarnation + 1);
    let h = mixText(this.random.issKey, this.addr);
    h = mixWord(h, sock.localPort);
    h = mixText(h, sock.remoteAddr);
    h = mixWord(h, sock.remotePort);
    return (finishHash(h) + incarnation * 0x10000000) >>> 0;
  }

  // ---- Descriptors ----------------------------------------------------------------------

  private lowestFreeDescriptor(): number {
    return this.descriptorNumbers.take();
  }

  /** Every removal from `descriptors` goes through here, so its number is free again. */
  private dropDescriptor(fd: number): void {
    if (this.descriptors.delete(fd)) this.descriptorNumbers.give(fd);
  }

  openDescriptor(sock: Descriptor): number {
    const fd = this.lowestFreeDescriptor();
    this.descriptors.set(fd, sock);
    sock.fd = fd;
    return fd;
  }

  /** A connection created by a listener gets its number now, so trace events can name it. */
  reserveDescriptor(sock: TcpSocket): number {
    const fd = this.lowestFreeDescriptor();
    this.descriptors.set(fd, sock);
    return fd;
  }

  descriptor(fd: number): Descriptor | undefined {
    return this.descriptors.get(fd);
  }

  releaseDescriptor(fd: number): void {
    this.dropDescriptor(fd);
  }

  openDescriptors(): number[] {
    return [...this.descriptors.entries()].filter(([, sock]) => sock.held).map(([fd]) => fd);
  }

  // ---- Ports ----------------------------------------------------------------------------

  /** bind(): the conflicts Linux's inet_csk_bind_conflict reports as EADDRINUSE. */
  bindTcp(sock: TcpSocket, port: number): Errno | null {
    if (port === 0) port = this.ephemeralPort((p) => !this.tcpPorts.has(p));
    const holders = this.tcpPorts.get(port);
    if (holders) {
      for (const other of holders) {
        if (other === sock) continue;
        // Linux inet_bind_conflict: sharing needs SO_REUSEADDR on both sockets and no listener;
        // a connection in TIME-WAIT keeps the flag it inherited from the listener that accepted it.
        if (other.state === 'LISTEN' || !sock.options.reuseAddr || !other.options.reuseAddr) return 'EADDRINUSE';
      }
    }
    this.holdTcpPort(sock, port);
    sock.boundExplicitly = true;
    return null;
  }

  private holdTcpPort(sock: TcpSocket, port: number): void {
    sock.localPort = port;
    let holders = this.tcpPorts.get(port);
    if (!holders) this.tcpPorts.set(port, (holders = new Set()));
    holders.add(sock);
  }

  /** connect() without bind(): an ephemeral port (RFC 6056; Linux picks from its range). */
  autobindTcp(sock: TcpSocket): void {
    if (sock.localPort !== 0) return;
    this.holdTcpPort(
      sock,
      this.ephemeralPort((p) => !this.tcpPorts.has(p)),
    );
  }

  bindUdp(sock: UdpSocket, port: number): Errno | null {
    if (port === 0) port = this.ephemeralPort((p) => !this.udpPorts.has(p));
    if (this.udpPorts.has(port)) return 'EADDRINUSE';
    sock.localPort = port;
    this.udpPorts.set(port, sock);
    return null;
  }

  releaseUdp(sock: UdpSocket): void {
    if (this.udpPorts.get(sock.localPort) === sock) this.udpPorts.delete(sock.localPort);
  }

  private ephemeralPort(free: (port: number) => boolean): number {
    for (let i = 0; i <= EPHEMERAL_HIGH - EPHEMERAL_LOW; i++) {
      const port = this.nextEphemeral;
      this.nextEphemeral = port >= EPHEMERAL_HIGH ? EPHEMERAL_LOW : port + 1;
      if (free(port)) return port;
    }
    throw new Error('no free ephemeral port');
  }

  listen(sock: TcpSocket): void {
    this.listeners.set(sock.localPort, sock);
  }

  hashConnection(sock: TcpSocket): void {
    if (sock.localAddr === '0.0.0.0') sock.localAddr = this.addr;
    this.holdTcpPort(sock, sock.localPort);
    this.connections.set(sock.remoteAddr, connectionKey(sock.localPort, sock.remotePort), sock);
  }

  unhash(sock: TcpSocket): void {
    const key = connectionKey(sock.localPort, sock.remotePort);
    if (this.connections.get(sock.remoteAddr, key) === sock) this.connections.delete(sock.remoteAddr, key);
    if (this.listeners.get(sock.localPort) === sock) this.listeners.delete(sock.localPort);
    // An explicitly bound port stays taken while the program still holds the descriptor.
    if (!(sock.held && sock.boundExplicitly)) this.tcpPorts.get(sock.localPort)?.delete(sock);
    if (this.tcpPorts.get(sock.localPort)?.size === 0) this.tcpPorts.delete(sock.localPort);
    if (!sock.held && this.descriptors.get(sock.fd) === sock) this.dropDescriptor(sock.fd);
  }

  // ---- Packets ------------------------------------------------------------------------------

  transmitSegment(seg: Omit<TcpSegment, 'id' | 'proto'>): void {
    const packet = seg as TcpSegment; // completed in place: one object per segment, not two
    packet.proto = 'tcp';
    packet.id = this.ctx.nextPacketId();
    this.ctx.transmit(packet);
  }

  /** Handles an arriving packet; `target` is what lookup() found for it just before. */
  receive(packet: Packet, target: Descriptor | undefined): void {
    if (packet.proto === 'tcp') this.receiveSegment(packet, target instanceof TcpSocket ? target : undefined);
    else if (packet.proto === 'udp') this.receiveDatagram(packet, target instanceof UdpSocket ? target : undefined);
    else this.receiveIcmp(packet);
  }

  /** The socket a packet arriving now will reach (named by the trace's `deliver` event). */
  lookup(packet: Packet): Descriptor | undefined {
    if (packet.proto === 'tcp') return this.tcpSocketFor(packet);
    if (packet.proto === 'udp') {
      const sock = this.udpPorts.get(packet.dstPort);
      return sock && sock.accepts(packet) ? sock : undefined;
    }
    return this.udpPorts.get(packet.about.srcPort);
  }

  private tcpSocketFor(seg: TcpSegment): TcpSocket | undefined {
    return (
      this.connections.get(seg.srcAddr, connectionKey(seg.dstPort, seg.srcPort)) ?? this.listeners.get(seg.dstPort)
    );
  }

  private receiveSegment(seg: TcpSegment, sock: TcpSocket | undefined): void {
    if (!sock) {
      // RFC 9293 3.10.7.1: CLOSED. A reset is answered with nothing, anything else with a reset.
      if (!(seg.flags & RST)) this.transmitSegment(resetFor(seg));
      return;
    }
    sock.noteActivity();
    sock.onSegment(seg);
  }

  private receiveDatagram(datagram: UdpDatagram, sock: UdpSocket | undefined): void {
    if (sock) {
      if (!sock.deliver(datagram)) {
        this.ctx.emit({
          kind: 'note',
          host: this.name,
          text: {
            en: 'receive buffer full: the datagram is discarded',
            fr: 'tampon de réception plein : le datagramme est jeté',
          },
        });
      }
      return;
    }
    if (datagram.broadcast) return; // RFC 1122 3.2.2: no ICMP error about a broadcast
    // RFC 1122 4.1.3.1: a datagram for a port nobody listens on gets ICMP port unreachable.
    const icmp: IcmpMessage = {
      proto: 'icmp',
      id: this.ctx.nextPacketId(),
      srcAddr: this.addr,
      dstAddr: datagram.srcAddr,
      type: 'port-unreachable',
      about: datagram,
    };
    this.ctx.transmit(icmp);
  }

  private receiveIcmp(icmp: IcmpMessage): void {
    this.udpPorts.get(icmp.about.srcPort)?.onIcmpError(icmp);
  }

  /** Every socket the host knows, for the end-of-run checks. */
  allTcpSockets(): TcpSocket[] {
    const all = new Set<TcpSocket>();
    for (const holders of this.tcpPorts.values()) for (const sock of holders) all.add(sock);
    for (const sock of this.connections.values()) all.add(sock);
    for (const sock of this.descriptors.values()) if (sock instanceof TcpSocket) all.add(sock);
    return [...all];
  }

  crash(): void {
    this.crashed = true;
    for (const sock of this.allTcpSockets()) {
      sock.held = false;
      if (sock.state !== 'CLOSED') sock.vanish();
      else this.unhash(sock);
    }
    for (const [fd, sock] of this.descriptors) {
      if (sock instanceof UdpSocket) this.releaseUdp(sock);
      this.dropDescriptor(fd);
    }
  }
}

/** Connections by remote address, then by both ports: looked up per segment without building a string. */
class ConnectionTable {
  private readonly byAddress = new Map<string, Map<number, TcpSocket>>();

  get(remoteAddr: string, ports: number): TcpSocket | undefined {
    return this.byAddress.get(remoteAddr)?.get(ports);
  }

  set(remoteAddr: string, ports: number, sock: TcpSocket): void {
    let byPorts = this.byAddress.get(remoteAddr);
    if (!byPorts) this.byAddress.set(remoteAddr, (byPorts = new Map()));
    byPorts.set(ports, sock);
  }

  delete(remoteAddr: string, ports: number): void {
    this.byAddress.get(remoteAddr)?.delete(ports);
  }

  *values(): IterableIterator<TcpSocket> {
    for (const byPorts of this.byAddress.values()) yield* byPorts.values();
  }
}

function connectionKey(localPort: number, remotePort: number): number {
  return localPort * 65536 + remotePort;
}
