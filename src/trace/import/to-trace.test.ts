// captureToTrace: events, hosts, times, notes and meta from decoded captures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBase64 } from '../../encoding/base64';
import type { SegmentEvent, Trace, TraceEvent } from '../types';
import { validateTrace } from '../validate';
import { captureToTrace, importCapture, otherHosts, parseCapture } from './index';
import {
  ACK,
  ascii,
  icmpv4PortUnreachable,
  ipv4,
  PSH,
  SYN,
  tcpSegment,
  udpDatagram,
  writePcap,
  type PcapRecord,
} from './test-writer';

const fixtures = join(import.meta.dirname, 'fixtures');

function expectValid(trace: Trace): void {
  const checked = validateTrace(JSON.parse(JSON.stringify(trace)));
  expect(checked.ok ? [] : checked.problems).toEqual([]);
}

function kinds(events: TraceEvent[]): string[] {
  return events.map((e) => (e.kind === 'state' ? `state ${e.host} ${e.from}>${e.to}` : e.kind));
}

describe('captureToTrace', () => {
  it('print-flags.pcap with names by addr:port: hosts, sockets, states and meta', () => {
    const bytes = new Uint8Array(readFileSync(join(fixtures, 'print-flags.pcap')));
    const trace = importCapture(bytes, {
      fileName: 'print-flags.pcap',
      names: { '127.0.0.1:80': 'server', '127.0.0.1:55920': 'client' },
    });
    expectValid(trace);
    expect(trace).toMatchObject({ format: 'wirestep-trace', version: 2, source: 'pcap' });
    expect(trace.hosts).toEqual([
      { name: 'client', addr: '127.0.0.1' },
      { name: 'server', addr: '127.0.0.1' },
    ]);
    expect(kinds(trace.events).slice(0, 8)).toEqual([
      'segment',
      'state client CLOSED>SYN-SENT',
      'deliver',
      'state server LISTEN>SYN-RECEIVED',
      'segment',
      'deliver',
      'state client SYN-SENT>ESTABLISHED',
      'segment',
    ]);
    const syn = trace.events[0] as SegmentEvent;
    expect(syn).toMatchObject({
      t: 0,
      id: 1,
      from: 'client',
      to: 'server',
      src: '127.0.0.1:55920',
      dst: '127.0.0.1:80',
      flags: ['SYN'],
      seq: 928549246,
      options: { mss: 16396, sackOk: true, wscale: 2 },
      socket: 1000,
    });
    expect(trace.events[2]).toEqual({ t: 0, kind: 'deliver', id: 1, host: 'server', socket: 1001 });
    expect(trace.events.filter((e) => e.kind === 'state').every((e) => e.kind === 'state' && e.inferred)).toBe(true);
    expect(trace.events.at(-1)).toMatchObject({ kind: 'note', host: 'client' });
    expect(trace.meta.file).toBe('print-flags.pcap');
    expect(trace.meta.pcap).toMatchObject({
      packets: 10,
      format: 'pcap',
      connections: [
        { client: '127.0.0.1:55920', clientHost: 'client', serverHost: 'server', clientState: 'TIME-WAIT' },
      ],
    });
    // Payloads are cut to 256 bytes; len stays the real length.
    const big = trace.events.find((e) => e.kind === 'segment' && e.len === 5559) as SegmentEvent;
    expect(decodeBase64(big.payload)).toHaveLength(256);
    expect(ascii('HTTP/1.1 200 OK').every((b, i) => decodeBase64(big.payload)[i] === b)).toBe(true);
  });

  it('names by address; unnamed hosts are named by their address', () => {
    const bytes = new Uint8Array(readFileSync(join(fixtures, 'dns_tcp.pcap')));
    const trace = importCapture(bytes, { names: { '209.87.249.18': 'resolver', '192.168.1.11': '  ' } });
    expect(trace.hosts.map((h) => h.name)).toEqual(['192.168.1.11', 'resolver']);
    expectValid(trace);
  });

  it('times in whole microseconds from the first packet; earlier timestamps are held back with a note', () => {
    const udp = ipv4(17, '1.1.1.1', '2.2.2.2', udpDatagram(1, 2, ascii('x')));
    const records: PcapRecord[] = [
      { seconds: 100, fraction: 999_999_600, data: udp },
      { seconds: 101, fraction: 1_400, data: udp },
      { seconds: 100, fraction: 0, data: udp },
    ];
    const trace = captureToTrace(parseCapture(writePcap(records, { linkType: 101, nanosecond: true })));
    expect(trace.events.filter((e) => e.kind === 'datagram').map((e) => e.t)).toEqual([0, 2, 2]);
    expect(trace.events.at(-1)).toMatchObject({
      kind: 'note',
      text: { en: expect.stringMatching(/^1 packets had a timestamp earlier/) },
    });
    expectValid(trace);
  });

  it('a cut file gets a note at the start naming the byte offset, in English and French', () => {
    const data = ipv4(
      6,
      '1.1.1.1',
      '2.2.2.2',
      tcpSegment({ srcPort: 1, dstPort: 2, seq: 0, flags: PSH | ACK, payload: ascii('hi') }),
    );
    const bytes = writePcap([{ seconds: 0, fraction: 0, data }], { linkType: 101 });
    const trace = captureToTrace(parseCapture(bytes.subarray(0, bytes.length - 1)), { fileName: 'cut.pcap' });
    expect(trace.events[0]).toMatchObject({
      t: 0,
      kind: 'note',
      text: {
        en: expect.stringMatching(/^The capture is cut at byte 32: pcap record at offset 24: captured length/),
        fr: expect.stringMatching(/^La capture s’arrête à l’octet 32/),
      },
    });
    expect(trace.meta.pcap?.error).toMatchObject({ offset: 32 });
    expectValid(trace);
  });

  it('UDP datagrams, and an ICMP port unreachable about the datagram it quotes', () => {
    const query = ipv4(17, '10.0.0.2', '10.0.0.1', udpDatagram(4000, 9999, ascii('ping')));
    const records: PcapRecord[] = [
      { seconds: 0, fraction: 0, data: query },
      { seconds: 0, fraction: 10, data: ipv4(1, '10.0.0.1', '10.0.0.2', icmpv4PortUnreachable(query)) },
      {
        seconds: 0,
        fraction: 20,
        data: ipv4(
          1,
          '10.0.0.1',
          '10.0.0.2',
          icmpv4PortUnreachable(ipv4(17, '10.0.0.2', '10.0.0.9', udpDatagram(1, 2, ascii('?')))),
        ),
      },
    ];
    const trace = captureToTrace(parseCapture(writePcap(records, { linkType: 101 })), {
      names: { '10.0.0.1': 'server' },
    });
    expect(trace.events).toEqual([
      {
        t: 0,
        kind: 'datagram',
        id: 1,
        from: '10.0.0.2',
        to: 'server',
        src: '10.0.0.2:4000',
        dst: '10.0.0.1:9999',
        len: 4,
        payload: 'cGluZw==',
        // The sender's port is a socket; the closed port (the ICMP says so) is not.
        socket: 1000,
      },
      { t: 0, kind: 'deliver', id: 1, host: 'server' },
      { t: 10, kind: 'icmp', id: 2, from: 'server', to: '10.0.0.2', type: 'port-unreachable', about: 1 },
      { t: 10, kind: 'deliver', id: 2, host: '10.0.0.2' },
      {
        t: 20,
        kind: 'note',
        text: expect.objectContaining({
          en: 'Packet 3: ICMP port-unreachable about a packet that is not in the capture.',
        }),
      },
    ]);
    expectValid(trace);
  });

  it('truncated segments carry truncated: true and a payload no longer than what was captured', () => {
    const data = ipv4(
      6,
      '1.1.1.1',
      '2.2.2.2',
      tcpSegment({ srcPort: 1, dstPort: 2, seq: 0, flags: PSH | ACK, payload: ascii('hello') }),
    );
    const trace = captureToTrace(
      parseCapture(
        writePcap([{ seconds: 0, fraction: 0, data: data.subarray(0, data.length - 3), originalLength: data.length }], {
          linkType: 101,
        }),
      ),
    );
    // A capture starting mid-connection: both sides start ESTABLISHED, then the segment.
    expect(kinds(trace.events)).toEqual([
      'state 1.1.1.1 ESTABLISHED>ESTABLISHED',
      'state 2.2.2.2 ESTABLISHED>ESTABLISHED',
      'segment',
      'deliver',
    ]);
    expect(trace.events[2]).toMatchObject({ kind: 'segment', len: 5, payload: 'aGU=', truncated: true });
    expectValid(trace);
  });

  it('more addresses than a trace may hold: the rest share one host, and the trace stays valid', () => {
    const records: PcapRecord[] = [];
    for (let i = 0; i < 1100; i++)
      records.push({
        seconds: i,
        fraction: 0,
        data: ipv4(
          6,
          `10.${i >> 8}.${i & 255}.1`,
          '192.0.2.1',
          tcpSegment({ srcPort: 1000, dstPort: 80, seq: i, flags: SYN }),
        ),
      });
    const trace = captureToTrace(parseCapture(writePcap(records, { linkType: 101 })));
    expect(trace.hosts).toHaveLength(1024);
    expect(trace.hosts.some((h) => h.name === otherHosts)).toBe(true);
    expectValid(trace);
  });
});
