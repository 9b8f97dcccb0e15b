// The tcpdump project's own test captures, decoded and compared with tcpdump's decoding
// (`X.out`): packet counts, times, addresses, ports, flags, seq/ack (relative the way tcpdump
// prints them), windows, lengths and TCP options. Hostile captures must not crash or hang.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateTrace } from '../validate';
import { captureToTrace, parseCapture, type DecodedPacket } from './index';

const shared = join(import.meta.dirname, '../../../../shared/captures/tcpdump-tests');
const fixtures = join(import.meta.dirname, 'fixtures');
const haveShared = existsSync(shared);

function read(dir: string, name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(dir, name)));
}

interface OutLine {
  number: number;
  /** Seconds within the day (UTC) and the fraction digits as printed. */
  secondOfDay: number;
  fraction: string;
  rest: string;
}

function parseOut(text: string): OutLine[] {
  const lines: OutLine[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+(?:\d{4}-\d\d-\d\d )?(\d\d):(\d\d):(\d\d)\.(\d+) (.*)$/.exec(line);
    if (m === null) {
      // A continuation line (tcpdump -v wraps): belongs to the previous packet.
      const last = lines[lines.length - 1];
      if (last !== undefined && line.trim() !== '') last.rest += ` ${line.trim()}`;
      continue;
    }
    const [, number, h, min, s, fraction, rest] = m as unknown as string[];
    lines.push({
      number: Number(number),
      secondOfDay: Number(h) * 3600 + Number(min) * 60 + Number(s),
      fraction: fraction as string,
      rest: rest as string,
    });
  }
  return lines;
}

function expectSameTime(packet: DecodedPacket, line: OutLine): void {
  expect(packet.seconds % 86400).toBe(line.secondOfDay);
  const digits = line.fraction.length;
  expect(Math.floor(packet.nanoseconds / 10 ** (9 - digits))).toBe(Number(line.fraction));
}

const tcpdumpFlags: Record<string, string> = { F: 'FIN', S: 'SYN', R: 'RST', P: 'PSH', '.': 'ACK', U: 'URG' };

/** tcpdump's relative sequence numbers (print-tcp.c): bases set by a conversation's first packet or a SYN. */
class RelativeNumbers {
  private readonly bases = new Map<string, number>();
  /** [seq, ack] as tcpdump prints them, and whether they are absolute. */
  convert(src: string, dst: string, seq: number, ack: number, syn: boolean): [number, number, boolean] {
    const key = [src, dst].sort().join(' ');
    if (!this.bases.has(key) || syn) {
      this.bases.set(key, 0);
      this.bases.set(`${src}>`, seq);
      this.bases.set(`${dst}>`, (ack - 1) >>> 0);
      return [seq, ack, true];
    }
    const seqBase = this.bases.get(`${src}>`) ?? 0;
    const ackBase = this.bases.get(`${dst}>`) ?? 0;
    return [(seq - seqBase) >>> 0, (ack - ackBase) >>> 0, false];
  }
}

/** Compares every decoded packet with its line of tcpdump output. */
function compareWithOut(packets: DecodedPacket[], out: OutLine[]): void {
  expect(packets.length).toBe(out.length);
  const relative = new RelativeNumbers();
  packets.forEach((packet, i) => {
    const line = out[i] as OutLine;
    expect(line.number).toBe(i + 1);
    expectSameTime(packet, line);
    const ip = packet.ip;
    const transport = packet.transport;
    const addressed = /^IP6? (?:\(.*?\) )?(?:\[.*?\] )?(\S+)\.(\d+) > (\S+)\.(\d+):/.exec(line.rest);
    if (addressed !== null && ip !== undefined && transport !== undefined && transport.protocol !== 'icmp') {
      expect([ip.src, String(transport.srcPort), ip.dst, String(transport.dstPort)]).toEqual(addressed.slice(1, 5));
    }
    if (transport?.protocol === 'tcp' && ip !== undefined) {
      const flags = /Flags \[([^\]]*)\]/.exec(line.rest);
      if (flags === null) {
        // `-q` style output ("tcp 0"): only the length is printed.
        expect(line.rest).toMatch(new RegExp(`: tcp ${transport.len}$`));
        return;
      }
      const expected = [...(flags[1] as string)].map((c) => tcpdumpFlags[c]).filter((f) => f !== undefined);
      expect([...transport.flags].sort()).toEqual(expected.sort());
      const src = `${ip.src}.${transport.srcPort}`;
      const dst = `${ip.dst}.${transport.dstPort}`;
      const [seq, ack] = relative.convert(src, dst, transport.seq, transport.ack, transport.flags.includes('SYN'));
      const seqText = /, seq (\d+)(?::(\d+))?/.exec(line.rest);
      if (seqText !== null) {
        expect(Number(seqText[1])).toBe(seq);
        if (seqText[2] !== undefined) expect(Number(seqText[2])).toBe((seq + transport.len) >>> 0);
      }
      const ackText = /, ack (\d+)/.exec(line.rest);
      if (ackText !== null) expect(Number(ackText[1])).toBe(ack);
      else expect(transport.flags).not.toContain('ACK');
      const win = /, win (\d+)/.exec(line.rest);
      expect(Number(win?.[1])).toBe(transport.window);
      const length = /, length (\d+)/.exec(line.rest);
      expect(Number(length?.[1])).toBe(transport.len);
      const options = /options \[([^\]]*)\]/.exec(line.rest)?.[1] ?? '';
      const o = transport.options;
      if (o.mss !== undefined) expect(options).toContain(`mss ${o.mss}`);
      if (o.wscale !== undefined) expect(options).toContain(`wscale ${o.wscale}`);
      if (o.sackOk === true) expect(options).toContain('sackOK');
      if (o.tsval !== undefined) expect(options).toContain(`TS val ${o.tsval} ecr ${o.tsecr}`);
      expect(options.includes('mss')).toBe(o.mss !== undefined);
      expect(options.includes('TS val')).toBe(o.tsval !== undefined);
    }
    if (transport?.protocol === 'udp') {
      const length = /(?:\((\d+)\)|length (\d+))$/.exec(line.rest);
      expect(Number(length?.[1] ?? length?.[2])).toBe(transport.len);
    }
  });
}

function expectValidTrace(name: string, bytes: Uint8Array): void {
  const trace = captureToTrace(parseCapture(bytes), { fileName: name });
  const checked = validateTrace(JSON.parse(JSON.stringify(trace)));
  expect(checked.ok ? [] : checked.problems).toEqual([]);
}

describe('print-flags.pcap (tcpdump output recorded into fixtures/)', () => {
  it('matches tcpdump packet by packet, and gives a valid trace', () => {
    const bytes = read(fixtures, 'print-flags.pcap');
    const result = parseCapture(bytes);
    expect(result.error).toBeUndefined();
    expect(result.linkTypes).toEqual([1]);
    compareWithOut(result.packets, parseOut(readFileSync(join(fixtures, 'print-flags.out'), 'utf8')));
    expectValidTrace('print-flags.pcap', bytes);
  });
});

describe.skipIf(!haveShared)('tcpdump test captures compared with their .out', () => {
  const compared: [file: string, packets: number, linkType: number][] = [
    ['dns_tcp.pcap', 11, 1],
    ['dns_udp.pcap', 2, 1],
    ['tcp-handshake-nano.pcap', 3, 113],
    ['loopback.pcap', 6, 1],
    ['LINKTYPE_IPV4.pcap', 1, 228],
    ['LINKTYPE_IPV6.pcap', 1, 229],
    ['LINKTYPE_RAW_ipv4.pcap', 1, 101],
    ['LINKTYPE_RAW_ipv6.pcap', 1, 101],
    ['bigtcp-ipv6.pcap', 1, 1],
    ['tcp_rst_data.pcap', 1, 1],
    ['time_2038_overflow.pcap', 1, 1],
    ['time_2106_overflow.pcapng', 1, 1],
  ];
  it.each(compared)('%s: %i packets like tcpdump', (file, count, linkType) => {
    const bytes = read(shared, file);
    const result = parseCapture(bytes);
    expect(result.error).toBeUndefined();
    expect(result.linkTypes).toEqual([linkType]);
    expect(result.packets).toHaveLength(count);
    const out = parseOut(readFileSync(join(shared, file.replace(/\.pcap(ng)?$/, '.out')), 'utf8'));
    if (file === 'loopback.pcap') {
      // Ethernet configuration-testing protocol: not IP, so nothing to draw, but counted.
      expect(result.packets.every((p) => p.transport === undefined && p.problem?.includes('0x9000'))).toBe(true);
      expect(out).toHaveLength(count);
      result.packets.forEach((packet, i) => expectSameTime(packet, out[i] as OutLine));
    } else {
      compareWithOut(result.packets, out);
    }
    expectValidTrace(file, bytes);
  });

  it('tcp-handshake-nano.pcap keeps nanoseconds and rounds trace times to microseconds', () => {
    const result = parseCapture(read(shared, 'tcp-handshake-nano.pcap'));
    expect(result.packets.map((p) => p.nanoseconds)).toEqual([924505488, 52027262, 52115157]);
    const trace = captureToTrace(result);
    const times = trace.events.filter((e) => e.kind === 'segment').map((e) => e.t);
    // 10.052027262 - 9.924505488 = 0.127521774 s; 10.052115157 - 9.924505488 = 0.127609669 s.
    expect(times).toEqual([0, 127522, 127610]);
  });

  it('bigtcp-ipv6.pcap: payload length 0 is BIG TCP, the length comes from the packet', () => {
    const [packet] = parseCapture(read(shared, 'bigtcp-ipv6.pcap')).packets;
    expect(packet?.transport).toMatchObject({ protocol: 'tcp', len: 79968, options: { tsval: 3564116459 } });
    const trace = captureToTrace(parseCapture(read(shared, 'bigtcp-ipv6.pcap')));
    const segment = trace.events.find((e) => e.kind === 'segment');
    expect(segment).toMatchObject({ src: '[2604:1380:4091:ce00::b]:43267', len: 79968 });
    // Base64 of at most 256 bytes.
    expect(segment?.kind === 'segment' && segment.payload.length).toBe(344);
  });

  it('time_2038 and time_2106: timestamps past 32-bit signed and unsigned seconds', () => {
    expect(parseCapture(read(shared, 'time_2038_overflow.pcap')).packets[0]?.seconds).toBe(2 ** 31);
    expect(parseCapture(read(shared, 'time_2106_overflow.pcapng')).packets[0]?.seconds).toBe(2 ** 32);
  });
});

describe.skipIf(!haveShared)('hostile tcpdump captures', () => {
  const hostile: [file: string, expectation: (packet: DecodedPacket) => void][] = [
    ['heapoverflow-tcp_print.pcap', (p) => expect(p.truncated).toBe(true)],
    ['tcp_header_heapoverflow.pcap', (p) => expect([p.truncated, p.transport]).toEqual([true, undefined])],
    ['udp-length-heapoverflow.pcap', (p) => expect([p.truncated, p.transport]).toEqual([true, undefined])],
    ['ipv6_invalid_length.pcap', (p) => expect(p.problem).toMatch(/IPv6 header \(39 of 40 bytes\)/)],
    ['LINKTYPE_IPV4_invalid.pcap', (p) => expect(p.problem).toMatch(/version 6/)],
    ['LINKTYPE_IPV6_invalid.pcap', (p) => expect(p.problem).toMatch(/version 4/)],
    [
      'tcp_rst_data-trunc.pcap',
      (p) => {
        expect(p.truncated).toBe(true);
        expect(p.transport).toMatchObject({ protocol: 'tcp', flags: ['RST', 'ACK'], len: 58 });
        expect(p.transport?.protocol === 'tcp' && p.transport.payload.length).toBe(57);
      },
    ],
    ['icmpv6-length-zero.pcapng', (p) => expect(p.problem).toMatch(/ICMPv6 message of 0 bytes/)],
  ];
  it.each(hostile)('%s: no throw, the packet marked, a valid trace', (file, expectation) => {
    const bytes = read(shared, file);
    const result = parseCapture(bytes);
    expect(result.packets).toHaveLength(1);
    expectation(result.packets[0] as DecodedPacket);
    expectValidTrace(file, bytes);
  });

  it('empty.pcapng: a section and an interface, no packets, no error', () => {
    const result = parseCapture(read(shared, 'empty.pcapng'));
    expect(result).toMatchObject({ format: 'pcapng', packets: [], linkTypes: [1] });
    expect(result.error).toBeUndefined();
    expectValidTrace('empty.pcapng', read(shared, 'empty.pcapng'));
  });

  it('every capture in the folder parses without throwing and gives a valid trace', () => {
    const files = readdirSync(shared).filter((f) => /\.pcap(ng)?$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(22);
    for (const file of files) expectValidTrace(file, read(shared, file));
  });
});
