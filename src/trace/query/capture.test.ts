// The capture metadata accessors: what an imported trace lists, and what any other trace reads as.
import { describe, expect, it } from 'vitest';
import { importCapture } from '../import';
import { ACK, ascii, ipv4, PSH, SYN, tcpSegment, udpDatagram, writePcap } from '../import/test-writer';
import { sampleTrace } from '../test-fixtures';
import { captureConnectionCount, captureConnections, captureMeta, socketEndpoints } from './capture';

/** Two TCP connections (one handshake, one mid-connection) and a UDP datagram. */
function capture(): Uint8Array {
  const tcp = (src: string, srcPort: number, flags: number) =>
    ipv4(6, src, '10.0.0.1', tcpSegment({ srcPort, dstPort: 80, seq: 1, flags }));
  const data = [
    tcp('10.0.0.2', 40000, SYN),
    tcp('10.0.0.3', 40001, PSH | ACK),
    ipv4(17, '10.0.0.2', '10.0.0.1', udpDatagram(5353, 5353, ascii('x'))),
  ];
  return writePcap(
    data.map((bytes, i) => ({ seconds: 10, fraction: i, data: bytes })),
    { linkType: 101 },
  );
}

describe('capture queries', () => {
  it('read an imported trace’s meta.pcap', () => {
    const trace = importCapture(capture());
    expect(captureMeta(trace)).toMatchObject({ format: 'pcap', packets: 3, linkTypes: [101], startSeconds: 10 });
    expect(captureConnections(trace).map((c) => [c.id, c.client, c.start])).toEqual([
      [0, '10.0.0.2:40000', 'handshake'],
      [1, '10.0.0.3:40001', 'mid-connection'],
    ]);
    expect(captureConnectionCount(trace)).toBe(2);
  });

  it('read a trace without capture metadata as none', () => {
    const trace = sampleTrace();
    expect(captureMeta(trace)).toBeUndefined();
    expect(captureConnections(trace)).toEqual([]);
    expect(captureConnectionCount(trace)).toBe(0);
  });

  it('name each socket of a capture by the one address:port it sends from and receives at', () => {
    const trace = importCapture(capture());
    // The SYN never answered gives 10.0.0.1:80 no socket; the mid-connection's does (1002).
    const endpoints = [...socketEndpoints(trace)].sort(([a], [b]) => a.localeCompare(b));
    expect(endpoints.map(([key, endpoint]) => `${key} ${endpoint}`)).toEqual([
      '10.0.0.1|1002 10.0.0.1:80',
      '10.0.0.1|1004 10.0.0.1:5353',
      '10.0.0.2|1000 10.0.0.2:40000',
      '10.0.0.2|1003 10.0.0.2:5353',
      '10.0.0.3|1001 10.0.0.3:40001',
    ]);
  });

  it('give no endpoint to a socket seen at two', () => {
    const imported = importCapture(capture());
    // The same socket sending from a second port (a trace edited by hand): it is not one endpoint.
    const events = imported.events.map((e) =>
      e.kind === 'segment' && e.socket === 1000 ? { ...e, src: '10.0.0.2:40009' } : e,
    );
    const trace = { ...imported, events: [...imported.events, ...events.filter((e) => e.kind === 'segment')] };
    expect(socketEndpoints(trace).has('10.0.0.2|1000')).toBe(false);
    expect(socketEndpoints(trace).get('10.0.0.3|1001')).toBe('10.0.0.3:40001');
  });
});
