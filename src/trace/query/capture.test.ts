// The capture metadata accessors: what an imported trace lists, and what any other trace reads as.
import { describe, expect, it } from 'vitest';
import { importCapture } from '../import';
import { ACK, ascii, ipv4, PSH, SYN, tcpSegment, udpDatagram, writePcap } from '../import/test-writer';
import { sampleTrace } from '../test-fixtures';
import { captureConnectionCount, captureConnections, captureMeta } from './capture';

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
});
