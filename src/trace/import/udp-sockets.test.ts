// UDP in a capture: each address:port is a socket, so a datagram starts and ends on the socket of
// its port, and a reply comes back to the socket that asked; a port an ICMP names closed is none.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DatagramEvent, DeliverEvent } from '../types';
import { captureToTrace, importCapture, parseCapture } from './index';
import { ACK, ascii, icmpv4PortUnreachable, ipv4, SYN, tcpSegment, udpDatagram, writePcap } from './test-writer';

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', name)));

describe('UDP sockets of a capture', () => {
  it('dns_udp.pcap: the query leaves the client’s port and reaches the server’s, the answer comes back', () => {
    const trace = importCapture(fixture('dns_udp.pcap'));
    const datagrams = trace.events.filter((e): e is DatagramEvent => e.kind === 'datagram');
    const delivers = new Map(
      trace.events.filter((e): e is DeliverEvent => e.kind === 'deliver').map((e) => [e.id, e.socket]),
    );
    const socketOf = new Map<string, number>();
    for (const datagram of datagrams) {
      expect(datagram.socket).toBeGreaterThanOrEqual(1000);
      socketOf.set(datagram.src, datagram.socket!);
    }
    expect(socketOf.size).toBe(2);
    // Each datagram arrives at the socket that sends from its destination.
    for (const datagram of datagrams) expect(delivers.get(datagram.id)).toBe(socketOf.get(datagram.dst));
  });

  it('numbers UDP sockets after the TCP ones, and gives a port an ICMP names closed none', () => {
    const query = ipv4(17, '10.0.0.2', '10.0.0.1', udpDatagram(4000, 53, ascii('q')));
    const packets = [
      ipv4(6, '10.0.0.2', '10.0.0.1', tcpSegment({ srcPort: 5000, dstPort: 80, seq: 1, flags: SYN })),
      ipv4(6, '10.0.0.1', '10.0.0.2', tcpSegment({ srcPort: 80, dstPort: 5000, seq: 9, ack: 2, flags: SYN | ACK })),
      query,
      ipv4(1, '10.0.0.1', '10.0.0.2', icmpv4PortUnreachable(query)),
    ];
    const records = packets.map((data, i) => ({ seconds: 0, fraction: i, data }));
    const trace = captureToTrace(parseCapture(writePcap(records, { linkType: 101 })));
    const datagram = trace.events.find((e) => e.kind === 'datagram');
    const tcpSockets = trace.events.flatMap((e) => (e.kind === 'segment' && e.socket !== undefined ? [e.socket] : []));
    expect(new Set(tcpSockets)).toEqual(new Set([1000, 1001]));
    expect(datagram).toMatchObject({ src: '10.0.0.2:4000', socket: 1002 });
    const arrival = trace.events.find((e) => e.kind === 'deliver' && e.id === (datagram as DatagramEvent).id);
    expect(arrival).toEqual({ t: 2, kind: 'deliver', id: 3, host: '10.0.0.1' });
  });
});
