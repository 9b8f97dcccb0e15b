// Every problem and error the importer can write is in English and French: each message of the
// catalogue, every problem the decoder gives for the hostile fixtures and for mutated bytes, and
// the notes of loopback.pcap as the French UI shows them.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LocalizedText, NoteEvent } from '../types';
import { validateTrace } from '../validate';
import { captureToTrace, parseCapture, type CaptureResult } from './index';
import { fileErrors, packetProblems, type PacketPart } from './messages';

const fixtures = join(import.meta.dirname, 'fixtures');
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(fixtures, name)));

/** Arguments for each message: the type makes a new message without a sample a compile error. */
type Samples<T> = { [K in keyof T]: T[K] extends (...args: infer A) => LocalizedText ? A[] : never };

const allParts: PacketPart[] = [
  'ethernet',
  'vlan',
  'sll',
  'sll2',
  'ip',
  'loopback',
  'ipv4',
  'ipv6',
  'ipv6Extension',
  'tcp',
  'tcpOptions',
  'tcpOption',
  'udp',
  'icmp',
  'icmpv6',
];

const problemSamples: Samples<typeof packetProblems> = {
  cutShort: allParts.map((part) => [part]),
  ipv6HeaderCutShort: [[0], [1], [39]],
  linkTypeUnsupported: [[147]],
  tooManyVlanTags: [[4]],
  ipVersionForLinkType: [
    [6, 4],
    [4, 6],
  ],
  ipVersionUnknown: [[5]],
  loopbackFamilyNotIp: [[7]],
  notIp: [[0x9000], [0x0806]],
  ipv4Version: [[6]],
  ipv4HeaderLength: [[8]],
  ipv4TotalBelowHeader: [[10, 20]],
  ipv4TotalPastPacket: [[60000, 33]],
  ipv6Version: [[4]],
  ipv6PayloadPastPacket: [[1000, 0]],
  tooManyIpv6Extensions: [[16]],
  ipv6ExtensionPastPayload: [[]],
  tcpShorterThanHeader: [[1], [12]],
  tcpHeaderLength: [[0]],
  tcpHeaderPastSegment: [[60, 40]],
  tcpOptionLength: [[2, 0]],
  udpShorterThanHeader: [[4]],
  udpLengthBelowHeader: [[3]],
  udpLengthPastPayload: [[999, 13]],
  icmpShorterThanHeader: [
    ['ICMP', 4],
    ['ICMPv6', 0],
  ],
};

const errorSamples: Samples<typeof fileErrors> = {
  fileTooLarge: [[600, 512]],
  fileTooShort: [[0], [3]],
  notACapture: [[0x68656c6c]],
  internalError: [['x is undefined']],
  tooManyPackets: [[1], [2]],
  pcapHeaderCutShort: [[10, 24]],
  pcapRecordHeaderCutShort: [[24, 6, 16]],
  pcapRecordOverLimit: [[85, 0xffffffff, 262144]],
  pcapRecordPastEnd: [[652, 5625, 2332]],
  blockCutShort: [[28, 1]],
  byteOrderMagic: [[0, 0x12345678]],
  blockLengthInvalid: [[28, 13]],
  blockOverLimit: [[28, 0x7ffffffc, 327680]],
  blockPastEnd: [[28, 64, 40]],
  blockTrailer: [[28, 60, 64]],
  sectionHeaderTooShort: [[0, 12]],
  interfaceDescriptionTooShort: [[28, 12]],
  tooManyInterfaces: [[28, 4096]],
  packetBlockTooShort: [[48, 28]],
  interfaceNotDescribed: [[48, 3, 1]],
  packetBlockCapturedLength: [[48, 9999, 16]],
  simpleBlockNoInterface: [[28]],
  simpleBlockTooShort: [[28]],
  simpleBlockOverLimit: [[28, 300000, 262144]],
};

/** Both languages present, and the French really French (not the English left as it was). */
function expectBilingual(text: LocalizedText | undefined, english?: string): void {
  expect(text).toBeDefined();
  const { en, fr } = text as LocalizedText;
  if (english !== undefined) expect(en).toBe(english);
  expect(en.trim()).not.toBe('');
  expect(fr.trim()).not.toBe('');
  expect(fr).not.toBe(en);
}

function messagesOf<T extends Record<string, (...args: never[]) => LocalizedText>>(
  catalogue: T,
  samples: Samples<T>,
): [string, LocalizedText][] {
  return Object.entries(catalogue).flatMap(([name, build]) =>
    (samples[name as keyof T] as unknown as never[][]).map((args): [string, LocalizedText] => [name, build(...args)]),
  );
}

describe('the message catalogue', () => {
  const all = [...messagesOf(packetProblems, problemSamples), ...messagesOf(fileErrors, errorSamples)];

  it('has a sample for every message, each in English and in French', () => {
    for (const name of Object.keys(packetProblems)) expect(problemSamples).toHaveProperty(name);
    for (const name of Object.keys(fileErrors)) expect(errorSamples).toHaveProperty(name);
    for (const [name, text] of all) {
      expect(text.en, name).not.toBe('');
      expectBilingual(text);
    }
  });

  it('writes French as French: no English word of the messages, French spacing before : and ;', () => {
    const english = /\b(bytes?|header|length|packet|exceeds|runs past|cut short|offset|block|is not|than)\b/;
    for (const [name, { fr }] of all) {
      expect(fr, name).not.toMatch(english);
      expect(fr, name).not.toMatch(/\S[:;]/);
    }
  });

  it('gives the singular below 2 in French', () => {
    expect(packetProblems.ipv6HeaderCutShort(1).fr).toBe('en-tête IPv6 (1 octet sur 40) tronqué par la capture');
    expect(packetProblems.tcpShorterThanHeader(12).fr).toBe(
      'le segment TCP de 12 octets est plus court qu’un en-tête TCP',
    );
    expect(fileErrors.tooManyPackets(1).fr).toBe('arrêt après 1 paquet (la limite) ; la suite n’est pas lue');
  });
});

/** Every problem and error of a parse is bilingual, its English the `message` tests and the CLI read. */
function expectResultBilingual(result: CaptureResult): void {
  for (const packet of result.packets) {
    if (packet.problem === undefined) expect(packet.problemText).toBeUndefined();
    else expectBilingual(packet.problemText, packet.problem);
  }
  if (result.error !== undefined) expectBilingual(result.error.text, result.error.message);
  const trace = captureToTrace(result);
  for (const problem of trace.meta.pcap?.problems ?? []) expectBilingual(problem.text, problem.message);
  if (trace.meta.pcap?.error !== undefined) expectBilingual(trace.meta.pcap.error.text, trace.meta.pcap.error.message);
  for (const event of trace.events) if (event.kind === 'note') expect(event.text.fr).not.toBe(event.text.en);
  const checked = validateTrace(JSON.parse(JSON.stringify(trace)));
  expect(checked.ok ? [] : checked.problems).toEqual([]);
}

const hostile = [
  'LINKTYPE_IPV4_invalid.pcap',
  'LINKTYPE_IPV6_invalid.pcap',
  'ipv6_invalid_length.pcap',
  'loopback.pcap',
  'tcp_header_heapoverflow.pcap',
  'udp-length-heapoverflow.pcap',
  'icmpv6-length-zero.pcapng',
  'time_2106_overflow.pcapng',
];
const mutated = [...hostile, 'dns_tcp.pcap', 'dns_udp.pcap', 'print-flags.pcap', 'tcp-handshake-nano.pcap'];

describe('what the decoder and the parser produce', () => {
  /** Problems and errors seen, their numbers blanked, to count the kinds the runs reached. */
  const kinds = new Set<string>();
  const note = (result: CaptureResult): void => {
    for (const packet of result.packets)
      if (packet.problem !== undefined) kinds.add(packet.problem.replace(/\d+/g, 'N'));
    if (result.error !== undefined) kinds.add(result.error.message.replace(/\d+/g, 'N'));
  };

  it.each(hostile)('%s: every problem in English and French', (name) => {
    const result = parseCapture(read(name));
    note(result);
    expectResultBilingual(result);
  });

  it.each(mutated)('%s cut, flipped and given absurd lengths: every problem and error in both languages', (name) => {
    const original = read(name);
    const reference = parseCapture(original);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: original.length }),
        fc.array(fc.tuple(fc.nat({ max: original.length - 1 }), fc.integer({ min: 1, max: 255 })), { maxLength: 6 }),
        fc.option(
          fc.tuple(fc.nat({ max: Math.max(reference.packets.length - 1, 0) }), fc.constantFrom(4, 8, 12, 20, 24)),
        ),
        (length, flips, absurd) => {
          const bytes = original.slice(0, length);
          for (const [at, mask] of flips) if (at < bytes.length) bytes[at] = (bytes[at] as number) ^ mask;
          const record = absurd === null ? undefined : reference.packets[absurd[0]];
          if (absurd !== null && record !== undefined && record.offset + absurd[1] + 4 <= bytes.length)
            new DataView(bytes.buffer).setUint32(record.offset + absurd[1], 0xfffffff0, true);
          const result = parseCapture(bytes);
          note(result);
          expectResultBilingual(result);
        },
      ),
      { numRuns: 200, seed: 20_261_201 },
    );
  });

  it('reached many kinds of problem and error', () => {
    expect(kinds.size).toBeGreaterThanOrEqual(15);
  });
});

describe('loopback.pcap in French', () => {
  const trace = captureToTrace(parseCapture(read('loopback.pcap')), { fileName: 'loopback.pcap' });
  const notes = trace.events.filter((event): event is NoteEvent => event.kind === 'note');
  const problems = trace.meta.pcap?.problems ?? [];

  it('keeps the English message in meta and gains the French text', () => {
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toEqual({
      packet: 1,
      message: 'not IP (EtherType 0x9000)',
      text: { en: 'not IP (EtherType 0x9000)', fr: 'protocole autre qu’IP (EtherType 0x9000)' },
    });
  });

  it('has notes whose French holds no English problem text', () => {
    expect(notes.length).toBeGreaterThan(0);
    const englishTexts = new Set(problems.map((problem) => problem.message));
    for (const { text } of notes) {
      for (const english of englishTexts) expect(text.fr).not.toContain(english);
      expect(text.fr).not.toMatch(/not IP|cut short|exceeds|bytes/);
    }
    expect(notes.find((n) => n.text.fr.startsWith('Paquet 6 '))?.text).toEqual({
      en: 'Packet 6: not IP (EtherType 0x9000).',
      fr: 'Paquet 6 : protocole autre qu’IP (EtherType 0x9000).',
    });
  });
});
