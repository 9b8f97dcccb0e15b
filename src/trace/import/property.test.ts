// Property tests: real captures cut, flipped and given absurd lengths must never make the
// importer throw or spin; what it returns is a consistent prefix, and always a valid Trace.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateTrace } from '../validate';
import { captureToTrace, parseCapture, type CaptureResult, type DecodedPacket } from './index';
import { ethernet, ipv4, ipv6, PSH, ACK, sll2, tcpSegment, udpDatagram, writePcapng, ascii } from './test-writer';

const fixtures = join(import.meta.dirname, 'fixtures');
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(fixtures, name)));

const synthetic = writePcapng([
  {
    interfaces: [
      { linkType: 1, tsresol: 9 },
      { linkType: 276, tsresol: 0x80 | 10 },
    ],
    blocks: [
      {
        type: 'packet',
        interfaceId: 0,
        units: 5n,
        data: ethernet(0x0800, ipv4(17, '1.2.3.4', '5.6.7.8', udpDatagram(1, 2, ascii('abc')))),
      },
      { type: 'other', code: 5, body: new Uint8Array(12) },
      {
        type: 'packet',
        interfaceId: 1,
        units: 1024n,
        data: sll2(
          0x86dd,
          ipv6(
            6,
            '::1',
            '::2',
            tcpSegment({ srcPort: 3, dstPort: 4, seq: 9, flags: PSH | ACK, payload: ascii('xyz') }),
          ),
        ),
      },
      { type: 'simple', data: ethernet(0x0800, ipv4(17, '1.2.3.4', '5.6.7.8', udpDatagram(1, 2, ascii('d')))) },
    ],
  },
]);

const captures: [string, Uint8Array][] = [
  ['dns_tcp.pcap', read('dns_tcp.pcap')],
  ['print-flags.pcap', read('print-flags.pcap')],
  ['tcp-handshake-nano.pcap', read('tcp-handshake-nano.pcap')],
  ['time_2106_overflow.pcapng', read('time_2106_overflow.pcapng')],
  ['icmpv6-length-zero.pcapng', read('icmpv6-length-zero.pcapng')],
  ['synthetic.pcapng', synthetic],
];

/** What must not change for a packet that was read before the damage. */
function identity(packet: DecodedPacket): unknown {
  return [packet.index, packet.offset, packet.seconds, packet.nanoseconds, packet.capturedLength, packet.linkType];
}

/** Invariants of any result: bounded, ordered, offsets inside the file, a valid trace. */
function checkResult(bytes: Uint8Array, result: CaptureResult): void {
  expect(result.packets.length).toBeLessThanOrEqual(Math.ceil(bytes.length / 16));
  let previousOffset = -1;
  result.packets.forEach((packet, i) => {
    expect(packet.index).toBe(i);
    expect(packet.offset).toBeGreaterThan(previousOffset);
    expect(packet.offset + packet.capturedLength).toBeLessThanOrEqual(bytes.length);
    previousOffset = packet.offset;
  });
  if (result.error !== undefined) {
    expect(result.error.offset).toBeGreaterThanOrEqual(0);
    expect(result.error.offset).toBeLessThanOrEqual(bytes.length);
    expect(result.error.message.length).toBeGreaterThan(0);
  }
  const trace = captureToTrace(result, { fileName: 'mutated' });
  const checked = validateTrace(JSON.parse(JSON.stringify(trace)));
  expect(checked.ok ? [] : checked.problems).toEqual([]);
}

/** Offsets where a record or block starts (the fixtures are little endian). */
function recordBoundaries(bytes: Uint8Array, reference: CaptureResult): Set<number> {
  const out = new Set(reference.packets.map((p) => p.offset));
  if (reference.format === 'pcapng') {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let at = 0; at + 8 <= bytes.length; at += view.getUint32(at + 4, true)) out.add(at);
  } else out.add(24);
  return out;
}

function parseTimed(bytes: Uint8Array): CaptureResult {
  const started = performance.now();
  let result: CaptureResult | undefined;
  expect(() => (result = parseCapture(bytes))).not.toThrow();
  expect(performance.now() - started).toBeLessThan(1000);
  return result as CaptureResult;
}

describe.each(captures)('%s, mutated', (_name, original) => {
  const reference = parseCapture(original);

  it('is read without error as it is', () => {
    expect(reference.error).toBeUndefined();
    expect(reference.packets.length).toBeGreaterThan(0);
  });

  it('cut at any offset: a prefix of the packets, and an error unless cut between records', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: original.length }), (length) => {
        const bytes = original.slice(0, length);
        const result = parseTimed(bytes);
        checkResult(bytes, result);
        expect(result.packets.map(identity)).toEqual(reference.packets.slice(0, result.packets.length).map(identity));
        const boundary = length === original.length || recordBoundaries(original, reference).has(length);
        if (!boundary && length > 0) expect(result.error).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });

  it('random bytes flipped: never throws, stays within bounds, gives a valid trace', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: original.length - 1 }), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        (flips) => {
          const bytes = Uint8Array.from(original);
          for (const [at, mask] of flips) bytes[at] = (bytes[at] as number) ^ mask;
          checkResult(bytes, parseTimed(bytes));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('absurd lengths written where record lengths are: the packets before are unchanged', () => {
    const pcapng = reference.format === 'pcapng';
    // pcap: captured and original length; pcapng: block length and the packet block's two.
    const positions = pcapng ? [4, 20, 24] : [8, 12];
    fc.assert(
      fc.property(
        fc.nat({ max: reference.packets.length - 1 }),
        fc.constantFrom(...positions),
        fc.oneof(fc.constantFrom(0, 1, 0xffffffff, 0x7fffffff, 0x40001, 65536), fc.nat()),
        fc.boolean(),
        (which, position, value, littleEndian) => {
          const record = reference.packets[which] as DecodedPacket;
          const at = record.offset + position;
          const bytes = Uint8Array.from(original);
          if (at + 4 > bytes.length) return;
          new DataView(bytes.buffer).setUint32(at, value >>> 0, littleEndian);
          const result = parseTimed(bytes);
          checkResult(bytes, result);
          const before = reference.packets.slice(0, which).map(identity);
          expect(result.packets.slice(0, which).map(identity)).toEqual(before);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('arbitrary bytes behind a valid file header', () => {
  it('never throw and never spin', () => {
    const headers = [captures[0]?.[1].slice(0, 24), synthetic.slice(0, 28 + 20)] as Uint8Array[];
    fc.assert(
      fc.property(fc.constantFrom(...headers), fc.uint8Array({ maxLength: 2048 }), (header, tail) => {
        const bytes = new Uint8Array(header.length + tail.length);
        bytes.set(header);
        bytes.set(tail, header.length);
        checkResult(bytes, parseTimed(bytes));
      }),
      { numRuns: 500 },
    );
  });
});
