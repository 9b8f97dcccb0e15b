// Synthetic captures from test-writer.ts: each container variant, link type and header case,
// and each malformed length, checked against what parseCapture decodes.
import { describe, expect, it } from 'vitest';
import { parseCapture, scanCapture, type DecodedPacket, type TcpHeader } from './index';
import {
  ACK,
  ascii,
  ethernet,
  icmpv4PortUnreachable,
  icmpv6PortUnreachable,
  ipv4,
  ipv6,
  loopbackHeader,
  options,
  PSH,
  SYN,
  sll,
  sll2,
  tcpOption,
  tcpSegment,
  udpDatagram,
  writePcap,
  writePcapng,
} from './test-writer';

const hello = ascii('hello');
const v4Tcp = ipv4(
  6,
  '10.0.0.2',
  '10.0.0.1',
  tcpSegment({ srcPort: 40000, dstPort: 8080, seq: 1, flags: PSH | ACK, ack: 2, payload: hello }),
);
const v6Tcp = ipv6(6, '2001:db8::2', '2001:db8::1', tcpSegment({ srcPort: 40000, dstPort: 8080, seq: 1, flags: SYN }));
const v4Udp = ipv4(17, '10.0.0.2', '10.0.0.1', udpDatagram(5353, 53, hello));

function only(bytes: Uint8Array): DecodedPacket {
  const result = parseCapture(bytes);
  expect(result.error).toBeUndefined();
  expect(result.packets).toHaveLength(1);
  return result.packets[0] as DecodedPacket;
}

function tcpOf(packet: DecodedPacket): TcpHeader {
  expect(packet.transport?.protocol).toBe('tcp');
  return packet.transport as TcpHeader;
}

describe('pcap', () => {
  it.each([
    [true, false],
    [false, false],
    [true, true],
    [false, true],
  ])('little endian %s, nanosecond %s: header, timestamps and records', (littleEndian, nanosecond) => {
    const bytes = writePcap(
      [
        { seconds: 1_700_000_000, fraction: nanosecond ? 123_456_789 : 123_456, data: ethernet(0x0800, v4Tcp) },
        { seconds: 1_700_000_001, fraction: 5, data: ethernet(0x0800, v4Udp) },
      ],
      { linkType: 1, nanosecond, littleEndian },
    );
    const result = parseCapture(bytes);
    expect(result).toMatchObject({ format: 'pcap', linkTypes: [1], bytesRead: bytes.length });
    expect(result.error).toBeUndefined();
    expect(result.packets.map((p) => [p.seconds, p.nanoseconds])).toEqual([
      [1_700_000_000, nanosecond ? 123_456_789 : 123_456_000],
      [1_700_000_001, nanosecond ? 5 : 5000],
    ]);
    expect(result.packets[0]?.transport).toMatchObject({ protocol: 'tcp', srcPort: 40000, len: 5 });
    expect(result.packets[1]?.transport).toMatchObject({ protocol: 'udp', srcPort: 5353, len: 5 });
  });

  it('a record cut at the snap length is decoded as far as it goes and marked truncated', () => {
    const frame = ethernet(0x0800, v4Tcp);
    const packet = only(
      writePcap(
        [{ seconds: 1, fraction: 0, data: frame.subarray(0, frame.length - 2), originalLength: frame.length }],
        {
          linkType: 1,
        },
      ),
    );
    expect(packet.truncated).toBe(true);
    const tcp = tcpOf(packet);
    expect(tcp.len).toBe(5);
    expect([...tcp.payload]).toEqual([...hello.subarray(0, 3)]);
  });

  it('an absurd captured length stops parsing with the record offset in the message', () => {
    const bytes = writePcap(
      [
        { seconds: 1, fraction: 0, data: v4Tcp },
        { seconds: 2, fraction: 0, data: v4Tcp },
      ],
      { linkType: 101 },
    );
    const second = 24 + 16 + v4Tcp.length;
    new DataView(bytes.buffer).setUint32(second + 8, 0xffffffff, true);
    const result = parseCapture(bytes);
    expect(result.packets).toHaveLength(1);
    const message = `pcap record at offset ${second}: captured length 4294967295 exceeds the 262144-byte limit`;
    expect(result.error).toEqual({
      offset: second + 8,
      message,
      text: {
        en: message,
        fr: `enregistrement pcap à l’octet ${second} : la longueur capturée 4294967295 dépasse la limite de 262144 octets`,
      },
    });
  });

  it('a record running past the end of the file, and a cut record header', () => {
    const bytes = writePcap([{ seconds: 1, fraction: 0, data: v4Tcp }], { linkType: 101 });
    const short = parseCapture(bytes.subarray(0, bytes.length - 1));
    expect(short.packets).toHaveLength(0);
    expect(short.error?.message).toMatch(/runs past the end of the file/);
    const header = parseCapture(bytes.subarray(0, 30));
    expect(header.error).toEqual({
      offset: 24,
      message: 'pcap record at offset 24: header cut short (6 of 16 bytes)',
      text: {
        en: 'pcap record at offset 24: header cut short (6 of 16 bytes)',
        fr: 'enregistrement pcap à l’octet 24 : en-tête tronqué (6 octets sur 16)',
      },
    });
    expect(parseCapture(bytes.subarray(0, 10)).error?.message).toMatch(/file header cut short/);
  });

  it('refuses what is not a capture, and bounds packets and bytes', () => {
    expect(parseCapture(ascii('hello, world')).error).toEqual({
      offset: 0,
      message: 'not a pcap or pcapng file (magic number 0x68656c6c)',
      text: {
        en: 'not a pcap or pcapng file (magic number 0x68656c6c)',
        fr: 'ce n’est pas un fichier pcap ni pcapng (nombre magique 0x68656c6c)',
      },
    });
    expect(parseCapture(new Uint8Array(0)).error?.offset).toBe(0);
    const three = writePcap(
      [0, 1, 2].map((seconds) => ({ seconds, fraction: 0, data: v4Udp })),
      { linkType: 101 },
    );
    const limited = parseCapture(three, { maxPackets: 2 });
    expect(limited.packets).toHaveLength(2);
    expect(limited.error?.message).toBe('stopped after 2 packets (the limit); the rest is not read');
    const cut = parseCapture(three, { maxBytes: 24 + 2 * (16 + v4Udp.length) + 3 });
    expect(cut.packets).toHaveLength(2);
    expect(cut.error?.message).toMatch(/exceeds the \d+-byte limit; the rest is not read/);
  });

  it('reports progress up to 1', () => {
    const fractions: number[] = [];
    parseCapture(writePcap([{ seconds: 0, fraction: 0, data: v4Udp }], { linkType: 101 }), {
      onProgress: (f) => fractions.push(f),
    });
    expect(fractions.at(-1)).toBe(1);
  });
});

describe('pcapng', () => {
  it('two interfaces with different link types and resolutions, simple packet and unknown blocks', () => {
    const bytes = writePcapng([
      {
        interfaces: [
          { linkType: 1, tsresol: 9 },
          { linkType: 113, tsresol: 0x80 | 20 },
        ],
        blocks: [
          { type: 'packet', interfaceId: 0, units: 1_700_000_000_123_456_789n, data: ethernet(0x0800, v4Tcp) },
          { type: 'other', code: 0x0bad, body: new Uint8Array(7) },
          // 2^-20 s units: 3.5 s.
          { type: 'packet', interfaceId: 1, units: 3n * 2n ** 20n + 2n ** 19n, data: sll(0x86dd, v6Tcp) },
          { type: 'simple', data: ethernet(0x0800, v4Udp) },
        ],
      },
    ]);
    const result = parseCapture(bytes);
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ format: 'pcapng', linkTypes: [1, 113] });
    expect(result.packets.map((p) => [p.interfaceId, p.linkType, p.seconds, p.nanoseconds])).toEqual([
      [0, 1, 1_700_000_000, 123_456_789],
      [1, 113, 3, 500_000_000],
      [0, 1, 3, 500_000_000],
    ]);
    expect(result.packets.map((p) => p.transport?.protocol)).toEqual(['tcp', 'tcp', 'udp']);
    expect(result.packets[1]?.ip?.src).toBe('2001:db8::2');
  });

  it('several sections, one big endian: interfaces are per section', () => {
    const bytes = writePcapng([
      { interfaces: [{ linkType: 101 }], blocks: [{ type: 'packet', interfaceId: 0, units: 1_000_000n, data: v4Udp }] },
      {
        littleEndian: false,
        interfaces: [{ linkType: 1 }],
        blocks: [{ type: 'packet', interfaceId: 0, units: 2_500_000n, data: ethernet(0x86dd, v6Tcp) }],
      },
    ]);
    const result = parseCapture(bytes);
    expect(result.error).toBeUndefined();
    expect(result.linkTypes).toEqual([101, 1]);
    expect(result.packets.map((p) => [p.linkType, p.seconds, p.nanoseconds, p.transport?.protocol])).toEqual([
      [101, 1, 0, 'udp'],
      [1, 2, 500_000_000, 'tcp'],
    ]);
  });

  it('malformed blocks: bad length, mismatched trailer, unknown interface, captured length too big', () => {
    const good = writePcapng([
      { interfaces: [{ linkType: 101 }], blocks: [{ type: 'packet', interfaceId: 0, units: 0n, data: v4Udp }] },
    ]);
    const epb = 28 + 20; // section header block, interface description block
    const withLength = (at: number, value: number): Uint8Array => {
      const copy = Uint8Array.from(good);
      new DataView(copy.buffer).setUint32(at, value, true);
      return copy;
    };
    expect(parseCapture(withLength(epb + 4, 13)).error?.message).toMatch(/not a multiple of 4/);
    expect(parseCapture(withLength(epb + 4, 0x7ffffffc)).error?.message).toMatch(/exceeds the \d+-byte limit/);
    expect(parseCapture(withLength(epb + 4, 64)).error?.message).toMatch(/trailing length|runs past/);
    expect(parseCapture(withLength(epb + 8, 3)).error).toEqual({
      offset: epb + 8,
      message: `pcapng packet block at offset ${epb}: interface 3 was not described (1 known)`,
      text: {
        en: `pcapng packet block at offset ${epb}: interface 3 was not described (1 known)`,
        fr: `bloc de paquet pcapng à l’octet ${epb} : l’interface 3 n’a pas été décrite (interfaces décrites : 1)`,
      },
    });
    expect(parseCapture(withLength(epb + 20, 9999)).error?.offset).toBe(epb + 20);
    expect(parseCapture(withLength(8, 0x12345678)).error?.message).toMatch(/bad byte-order magic/);
    for (const bad of [withLength(epb + 4, 13), withLength(epb + 8, 3)]) expect(parseCapture(bad).packets).toEqual([]);
  });
});

describe('link types', () => {
  const linkTypes: [string, number, Uint8Array, 'tcp' | 'udp'][] = [
    ['Ethernet', 1, ethernet(0x0800, v4Tcp), 'tcp'],
    ['Ethernet with two VLAN tags', 1, ethernet(0x86dd, v6Tcp, [0x0064, 0x00c8]), 'tcp'],
    ['Linux cooked SLL', 113, sll(0x0800, v4Udp), 'udp'],
    ['Linux cooked SLL2', 276, sll2(0x86dd, v6Tcp), 'tcp'],
    ['raw IP (101), IPv4', 101, v4Tcp, 'tcp'],
    ['raw IP (101), IPv6', 101, v6Tcp, 'tcp'],
    ['raw IP alias 12', 12, v4Udp, 'udp'],
    ['raw IP alias 14', 14, v6Tcp, 'tcp'],
    ['LINKTYPE_IPV4', 228, v4Tcp, 'tcp'],
    ['LINKTYPE_IPV6', 229, v6Tcp, 'tcp'],
    ['NULL, AF_INET host order (little endian)', 0, loopbackHeader(2, true, v4Tcp), 'tcp'],
    ['NULL, AF_INET big endian', 0, loopbackHeader(2, false, v4Udp), 'udp'],
    ['NULL, AF_INET6 24 (BSD)', 0, loopbackHeader(24, true, v6Tcp), 'tcp'],
    ['NULL, AF_INET6 28 (FreeBSD)', 0, loopbackHeader(28, false, v6Tcp), 'tcp'],
    ['LOOP, AF_INET6 30 (Darwin)', 108, loopbackHeader(30, false, v6Tcp), 'tcp'],
    ['LOOP, AF_INET little endian', 108, loopbackHeader(2, true, v4Tcp), 'tcp'],
  ];
  it.each(linkTypes)('%s', (_name, linkType, frame, protocol) => {
    const packet = only(writePcap([{ seconds: 0, fraction: 0, data: frame }], { linkType }));
    expect(packet.linkType).toBe(linkType);
    expect(packet.transport?.protocol).toBe(protocol);
    expect(packet.problem).toBeUndefined();
  });

  it('an unsupported link type, a non-IP EtherType and a wrong IP version are problems, not errors', () => {
    expect(only(writePcap([{ seconds: 0, fraction: 0, data: v4Tcp }], { linkType: 147 })).problem).toBe(
      'link type 147 is not supported',
    );
    expect(only(writePcap([{ seconds: 0, fraction: 0, data: ethernet(0x0806, v4Tcp) }], { linkType: 1 })).problem).toBe(
      'not IP (EtherType 0x0806)',
    );
    expect(only(writePcap([{ seconds: 0, fraction: 0, data: v6Tcp }], { linkType: 228 })).problem).toMatch(/version 6/);
    expect(
      only(writePcap([{ seconds: 0, fraction: 0, data: loopbackHeader(7, true, v4Tcp) }], { linkType: 0 })).problem,
    ).toBe('loopback address family 7 is not IP');
  });
});

describe('IP and transport', () => {
  const decode = (ipPacket: Uint8Array, originalLength?: number): DecodedPacket => {
    const record = {
      seconds: 0,
      fraction: 0,
      data: ipPacket,
      ...(originalLength === undefined ? {} : { originalLength }),
    };
    return only(writePcap([record], { linkType: 101 }));
  };

  it('TCP options: MSS, window scale, SACK-permitted, timestamps, SACK blocks', () => {
    const syn = decode(
      ipv4(
        6,
        '1.2.3.4',
        '5.6.7.8',
        tcpSegment({
          srcPort: 1,
          dstPort: 2,
          seq: 0xfffffff0,
          flags: SYN,
          options: options(
            tcpOption.mss(1460),
            tcpOption.sackOk(),
            tcpOption.timestamps(7, 0),
            tcpOption.nop(),
            tcpOption.wscale(7),
          ),
        }),
      ),
    );
    expect(tcpOf(syn)).toMatchObject({
      seq: 0xfffffff0,
      flags: ['SYN'],
      options: { mss: 1460, sackOk: true, tsval: 7, tsecr: 0, wscale: 7 },
    });
    const sack = decode(
      ipv4(
        6,
        '1.2.3.4',
        '5.6.7.8',
        tcpSegment({
          srcPort: 1,
          dstPort: 2,
          seq: 5,
          ack: 9,
          flags: ACK,
          options: options(
            tcpOption.nop(),
            tcpOption.nop(),
            tcpOption.sack([
              [100, 200],
              [300, 400],
            ]),
          ),
        }),
      ),
    );
    expect(tcpOf(sack).options).toEqual({
      sack: [
        [100, 200],
        [300, 400],
      ],
    });
  });

  it('a zero-length TCP option ends option parsing with a problem instead of looping', () => {
    const packet = decode(
      ipv4(
        6,
        '1.2.3.4',
        '5.6.7.8',
        tcpSegment({ srcPort: 1, dstPort: 2, seq: 0, flags: ACK, options: Uint8Array.of(2, 0, 0, 0) }),
      ),
    );
    expect(packet.problem).toBe('TCP option 2 with length 0 < 2');
    expect(tcpOf(packet).options).toEqual({});
  });

  it('IPv4 fragments: the first is decoded, later ones only to the IP header', () => {
    const segment = tcpSegment({ srcPort: 1, dstPort: 2, seq: 0, flags: ACK, payload: new Uint8Array(100) });
    const first = decode(ipv4(6, '1.2.3.4', '5.6.7.8', segment.subarray(0, 64), { moreFragments: true }));
    expect(first.ip?.laterFragment).toBe(false);
    expect(tcpOf(first).len).toBe(44);
    const later = decode(ipv4(6, '1.2.3.4', '5.6.7.8', segment.subarray(64), { fragmentOffset: 64 }));
    expect(later.ip).toMatchObject({ laterFragment: true, protocol: 6 });
    expect(later.transport).toBeUndefined();
  });

  it('IPv4 total length 0 is TSO (the capture gives the length); a length past the packet is a problem', () => {
    const tso = decode(
      ipv4(6, '1.2.3.4', '5.6.7.8', tcpSegment({ srcPort: 1, dstPort: 2, seq: 0, flags: ACK, payload: hello }), {
        totalLength: 0,
      }),
    );
    expect(tcpOf(tso).len).toBe(5);
    const lying = decode(ipv4(17, '1.2.3.4', '5.6.7.8', udpDatagram(1, 2, hello), { totalLength: 60_000 }));
    expect(lying.problem).toBe(`IPv4 total length 60000 exceeds the ${20 + 8 + 5} bytes of the packet`);
    expect(lying.transport).toMatchObject({ protocol: 'udp', len: 5 });
  });

  it('IPv6 extension headers are skipped; a fragment header with an offset stops at IP', () => {
    const udp = udpDatagram(1, 2, hello);
    const hopByHop = new Uint8Array(8);
    const destination = new Uint8Array(16);
    destination[1] = 1; // 2 units of 8 bytes
    const withExtensions = decode(
      ipv6(17, '::1', 'fe80::1', udp, [
        [0, hopByHop],
        [60, destination],
      ]),
    );
    expect(withExtensions.ip).toMatchObject({ src: '::1', dst: 'fe80::1', protocol: 17 });
    expect(withExtensions.transport).toMatchObject({ protocol: 'udp', len: 5 });
    const fragment = new Uint8Array(8);
    new DataView(fragment.buffer).setUint16(2, 8 << 3);
    const later = decode(ipv6(17, '::1', '::2', udp, [[44, fragment]]));
    expect(later.ip?.laterFragment).toBe(true);
    expect(later.transport).toBeUndefined();
  });

  it('IPv6: an extension header longer than the payload is a problem, not a read past the end', () => {
    const huge = new Uint8Array(8);
    huge[1] = 255;
    const packet = decode(ipv6(17, '::1', '::2', udpDatagram(1, 2, hello), [[60, huge]]));
    expect(packet.problem).toBe('IPv6 extension header runs past the payload');
    expect(packet.transport).toBeUndefined();
  });

  it('UDP length larger than the IP payload is a problem; the datagram is kept with the IP length', () => {
    const datagram = udpDatagram(1, 2, hello);
    new DataView(datagram.buffer).setUint16(4, 999);
    const packet = decode(ipv4(17, '1.2.3.4', '5.6.7.8', datagram));
    expect(packet.problem).toBe('UDP length 999 exceeds the 13-byte IP payload');
    expect(packet.transport).toMatchObject({ protocol: 'udp', len: 5 });
  });

  it('ICMP and ICMPv6 port unreachable quote the original ports', () => {
    const v4 = decode(
      ipv4(
        1,
        '5.6.7.8',
        '1.2.3.4',
        icmpv4PortUnreachable(ipv4(17, '1.2.3.4', '5.6.7.8', udpDatagram(4000, 53, hello))),
      ),
    );
    expect(v4.transport).toEqual({
      protocol: 'icmp',
      type: 'port-unreachable',
      quoted: { protocol: 17, src: '1.2.3.4', dst: '5.6.7.8', srcPort: 4000, dstPort: 53 },
    });
    const v6 = decode(
      ipv6(58, '::2', '::1', icmpv6PortUnreachable(ipv6(17, '::1', '::2', udpDatagram(4000, 53, hello)))),
    );
    expect(v6.transport).toMatchObject({
      type: 'port-unreachable',
      quoted: { src: '::1', srcPort: 4000, dstPort: 53 },
    });
  });

  it('IPv6 text follows RFC 5952', () => {
    const text = (addr: string) => decode(ipv6(17, addr, '::', udpDatagram(1, 2, hello))).ip?.src;
    expect(text('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(text('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(text('0:0:0:0:0:0:0:0')).toBe('::');
    expect(text('fe80:0:0:0:0:0:0:0')).toBe('fe80::');
  });
});

describe('scanCapture reuse mode', () => {
  it('gives each payload as its place in the file and IPv4 addresses also as values, the same as parseCapture', () => {
    const v4Truncated = ipv4(
      6,
      '192.168.200.7',
      '10.0.0.1',
      tcpSegment({ srcPort: 1, dstPort: 2, seq: 9, flags: ACK, payload: hello }),
    );
    const bytes = writePcap(
      [
        { seconds: 1, fraction: 0, data: ethernet(0x0800, v4Tcp) },
        { seconds: 2, fraction: 0, data: ethernet(0x86dd, v6Tcp) },
        { seconds: 3, fraction: 0, data: ethernet(0x0800, v4Udp) },
        // Cut two bytes into its payload by the snap length.
        {
          seconds: 4,
          fraction: 0,
          data: ethernet(0x0800, v4Truncated).subarray(0, 14 + 20 + 20 + 2),
          originalLength: 14 + 20 + 20 + 5,
        },
      ],
      { linkType: 1 },
    );
    const parsed = parseCapture(bytes).packets;
    const seen: unknown[] = [];
    scanCapture(
      bytes,
      {},
      ({ ip, transport }) => {
        const place = transport !== undefined && 'payloadAt' in transport ? transport : undefined;
        seen.push({
          src: ip?.src,
          dst: ip?.dst,
          srcValue: ip?.srcValue,
          dstValue: ip?.dstValue,
          payload: place && Array.from(bytes.subarray(place.payloadAt, place.payloadEnd)),
          empty: place?.payload.length,
        });
      },
      { payloads: true, reuse: true },
    );
    const value = (addr: string): number => addr.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
    expect(seen).toEqual(
      parsed.map(({ ip, transport }) => ({
        src: ip?.src,
        dst: ip?.dst,
        srcValue: ip?.version === 4 ? value(ip.src) : -1,
        dstValue: ip?.version === 4 ? value(ip.dst) : -1,
        payload: transport && 'payload' in transport ? Array.from(transport.payload) : undefined,
        empty: 0,
      })),
    );
    expect(seen.map((packet) => (packet as { payload: number[] }).payload.length)).toEqual([5, 0, 5, 2]);
    expect((seen[3] as { srcValue: number }).srcValue).toBe(0xc0a8c807);
  });
});
