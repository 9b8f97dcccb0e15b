// pcapng Name Resolution Blocks name a capture's hosts: the first name of each IPv4 and IPv6
// record, overridden by the user's names; malformed records end the block and never throw.
import { describe, expect, it } from 'vitest';
import { captureToTrace, parseCapture } from './index';
import { ACK, ascii, ipv4, ipv6, ipv6Bytes, SYN, tcpSegment, writePcapng, type PcapngBlock } from './test-writer';

/** One NRB record: type, length, value padded to 4 bytes. */
function record(type: number, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + value.length + ((4 - (value.length % 4)) % 4));
  const view = new DataView(out.buffer);
  view.setUint16(0, type, true);
  view.setUint16(2, value.length, true);
  out.set(value, 4);
  return out;
}

const named = (address: Uint8Array, ...names: string[]) =>
  Uint8Array.from([...address, ...names.flatMap((name) => [...ascii(name), 0])]);

function nameBlock(...records: Uint8Array[]): PcapngBlock {
  const body = new Uint8Array(records.reduce((n, r) => n + r.length, 0) + 4);
  let at = 0;
  for (const r of records) {
    body.set(r, at);
    at += r.length;
  }
  return { type: 'other', code: 4, body }; // the last 4 zero bytes: nrb_record_end
}

function capture(block: PcapngBlock): Uint8Array {
  const syn = ipv4(6, '10.0.0.1', '10.0.0.2', tcpSegment({ srcPort: 43210, dstPort: 80, seq: 1, flags: SYN }));
  const synAck = ipv4(
    6,
    '10.0.0.2',
    '10.0.0.1',
    tcpSegment({ srcPort: 80, dstPort: 43210, seq: 9, ack: 2, flags: SYN | ACK }),
  );
  const v6 = ipv6(6, '2001:db8::1', '2001:db8::2', tcpSegment({ srcPort: 5000, dstPort: 443, seq: 1, flags: SYN }));
  const packets = [syn, synAck, v6].map((data, i): PcapngBlock => ({
    type: 'packet',
    interfaceId: 0,
    units: BigInt(i),
    data,
  }));
  return writePcapng([{ interfaces: [{ linkType: 101 }], blocks: [block, ...packets] }]);
}

describe('pcapng name resolution', () => {
  const block = nameBlock(
    record(1, named(Uint8Array.of(10, 0, 0, 2), 'server.example', 'www.example')),
    record(2, named(ipv6Bytes('2001:db8::2'), 'v6.example')),
  );

  it('names the hosts the capture resolved, by their first name', () => {
    const result = parseCapture(capture(block));
    expect(result.error).toBeUndefined();
    expect(result.names).toEqual({ '10.0.0.2': 'server.example', '2001:db8::2': 'v6.example' });
    const trace = captureToTrace(result);
    expect(trace.hosts.map((h) => [h.name, h.addr])).toEqual([
      ['10.0.0.1', '10.0.0.1'],
      ['server.example', '10.0.0.2'],
      ['2001:db8::1', '2001:db8::1'],
      ['v6.example', '2001:db8::2'],
    ]);
  });

  it('lets the user’s names win', () => {
    const trace = captureToTrace(parseCapture(capture(block)), { names: { '10.0.0.2:80': 'web' } });
    expect(trace.hosts.map((h) => h.name)).toEqual(['10.0.0.1', 'web', '2001:db8::1', 'v6.example']);
  });

  it('ends the block at a record longer than the block, and skips names that are not host names', () => {
    const long = new Uint8Array(8);
    new DataView(long.buffer).setUint16(0, 1, true);
    new DataView(long.buffer).setUint16(2, 400, true);
    const result = parseCapture(
      capture(
        nameBlock(
          record(1, Uint8Array.from([10, 0, 0, 1, 0xc3, 0xa9, 0])),
          record(1, named(Uint8Array.of(10, 0, 0, 2), 'has space')),
          record(9, ascii('unknown record type')),
          long,
          record(1, named(Uint8Array.of(10, 0, 0, 3), 'never.read')),
        ),
      ),
    );
    expect(result.error).toBeUndefined();
    expect(result.names).toBeUndefined();
    expect(result.packets).toHaveLength(3);
  });
});
