// The window-scale pass: scaled windows once both SYNs carried the option (RFC 7323 2.2), never on
// a SYN (2.3), raw when either SYN lacked it or the handshake was not captured, and again from a
// new SYN on the same 4-tuple.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SegmentEvent } from '../types';
import { validateTrace } from '../validate';
import { captureToTrace, importCapture, parseCapture } from './index';
import { ACK, ipv4, options, SYN, tcpOption, tcpSegment, writePcap, type TcpSpec } from './test-writer';
import { WindowScales } from './window-scale';

const client = 0;
const server = 1;

/** A capture of TCP segments between 10.0.0.1 (first in each pair: the sender) and 10.0.0.2. */
function capture(segments: [boolean, TcpSpec][]): SegmentEvent[] {
  const records = segments.map(([fromClient, spec], i) => {
    const [src, dst] = fromClient ? ['10.0.0.1', '10.0.0.2'] : ['10.0.0.2', '10.0.0.1'];
    return { seconds: 0, fraction: i * 1000, data: ipv4(6, src, dst, tcpSegment(spec)) };
  });
  const trace = captureToTrace(parseCapture(writePcap(records, { linkType: 101 })));
  const checked = validateTrace(JSON.parse(JSON.stringify(trace)));
  expect(checked.ok ? [] : checked.problems).toEqual([]);
  return trace.events.filter((e): e is SegmentEvent => e.kind === 'segment');
}

const fromClient = (spec: Omit<TcpSpec, 'srcPort' | 'dstPort'>): [boolean, TcpSpec] => [
  true,
  { srcPort: 43210, dstPort: 80, ...spec },
];
const fromServer = (spec: Omit<TcpSpec, 'srcPort' | 'dstPort'>): [boolean, TcpSpec] => [
  false,
  { srcPort: 80, dstPort: 43210, ...spec },
];

describe('window scaling in a capture (RFC 7323)', () => {
  it('scales each direction by its own SYN’s shift once both SYNs carried the option, never the SYNs', () => {
    const segments = capture([
      fromClient({ seq: 100, flags: SYN, window: 64240, options: options(tcpOption.wscale(7)) }),
      fromServer({ seq: 900, ack: 101, flags: SYN | ACK, window: 65160, options: options(tcpOption.wscale(10)) }),
      fromClient({ seq: 101, ack: 901, flags: ACK, window: 502 }),
      fromServer({ seq: 901, ack: 101, flags: ACK, window: 64 }),
    ]);
    expect(segments.map((s) => [s.window, s.windowRaw, s.windowShift])).toEqual([
      [64240, undefined, undefined],
      [65160, undefined, undefined],
      [502 * 128, 502, 7],
      [65536, 64, 10],
    ]);
  });

  it('keeps the raw field when only one SYN carried the option', () => {
    const segments = capture([
      fromClient({ seq: 100, flags: SYN, window: 64240, options: options(tcpOption.wscale(7)) }),
      fromServer({ seq: 900, ack: 101, flags: SYN | ACK, window: 64240, options: options(tcpOption.mss(1460)) }),
      fromClient({ seq: 101, ack: 901, flags: ACK, window: 502 }),
      fromServer({ seq: 901, ack: 101, flags: ACK, window: 64240 }),
    ]);
    expect(segments.map((s) => s.window)).toEqual([64240, 64240, 502, 64240]);
    expect(segments.some((s) => s.windowRaw !== undefined)).toBe(false);
  });

  it('uses 14 for a shift above 14, and forgets the shift when a new SYN reuses the 4-tuple', () => {
    // Side 0 is the client, side 1 the server (infer.ts numbers a connection's sides so).
    const table = new WindowScales();
    table.reset(client);
    table.reset(server);
    expect(table.shift(client, server, SYN, 15)).toBe(0);
    expect(table.shift(server, client, SYN | ACK, 3)).toBe(0);
    expect(table.shift(client, server, ACK, undefined)).toBe(14);
    expect(table.shift(server, client, ACK, undefined)).toBe(3);
    // A retransmitted SYN,ACK changes nothing.
    table.shift(server, client, SYN | ACK, 3);
    expect(table.shift(server, client, ACK, undefined)).toBe(3);
    // Port reuse: a new SYN without the option; the old shift is gone.
    table.shift(client, server, SYN, undefined);
    table.shift(server, client, SYN | ACK, 3);
    expect(table.shift(client, server, ACK, undefined)).toBe(0);
    expect(table.shift(server, client, ACK, undefined)).toBe(0);
  });

  it('cannot scale a connection whose handshake was not captured', () => {
    const table = new WindowScales();
    table.reset(client);
    table.reset(server);
    expect(table.shift(client, server, ACK, undefined)).toBe(0);
  });

  it('tcp-handshake-nano.pcap: the client’s ACK offers 213 × 2^7 bytes, as Wireshark says', () => {
    const bytes = new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures/tcp-handshake-nano.pcap')));
    const segments = importCapture(bytes).events.filter((e): e is SegmentEvent => e.kind === 'segment');
    expect(segments.map((s) => [s.flags.join(), s.window, s.windowRaw, s.windowShift])).toEqual([
      ['SYN', 27200, undefined, undefined],
      ['SYN,ACK', 8192, undefined, undefined],
      ['ACK', 27264, 213, 7],
    ]);
  });
});
