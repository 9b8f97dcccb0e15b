// A UDP socket (RFC 768): datagram boundaries kept, no retransmission, a bounded receive queue.
import type { Errno } from '../tcp';
import type { IcmpMessage, UdpDatagram } from './packet';

export interface ReceivedDatagram {
  data: Uint8Array;
  from: string;
}

export class UdpSocket {
  fd = -1;
  held = true;
  localPort = 0;
  /** Set by connect(): default destination and the only source accepted. */
  peer: { addr: string; port: number } | null = null;
  broadcastAllowed = false;
  rcvBufBytes: number;
  pendingError: Errno | null = null;
  private queue: ReceivedDatagram[] = [];
  private queuedBytes = 0;

  constructor(rcvBufBytes: number) {
    this.rcvBufBytes = rcvBufBytes;
  }

  /** Linux udp4_lib_lookup: a connected socket only takes datagrams from its peer. */
  accepts(datagram: UdpDatagram): boolean {
    return this.peer === null || (this.peer.addr === datagram.srcAddr && this.peer.port === datagram.srcPort);
  }

  /** Returns false when the receive buffer is full and the datagram is dropped. */
  deliver(datagram: UdpDatagram): boolean {
    if (this.queuedBytes + datagram.data.length > this.rcvBufBytes) return false;
    this.queue.push({ data: datagram.data, from: `${datagram.srcAddr}:${datagram.srcPort}` });
    this.queuedBytes += datagram.data.length;
    return true;
  }

  get readable(): boolean {
    return this.queue.length > 0 || this.pendingError !== null;
  }

  take(): ReceivedDatagram | undefined {
    const datagram = this.queue.shift();
    if (datagram) this.queuedBytes -= datagram.data.length;
    return datagram;
  }

  /** Linux reports ICMP errors only on connected UDP sockets (without IP_RECVERR). */
  onIcmpError(icmp: IcmpMessage): void {
    if (this.peer === null) return;
    if (icmp.type === 'port-unreachable') this.pendingError = 'ECONNREFUSED';
    else this.pendingError = 'EHOSTUNREACH';
  }
}
