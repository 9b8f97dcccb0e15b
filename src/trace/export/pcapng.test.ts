import { describe, expect, it } from 'vitest';
import { decodeBase64 } from '../../encoding/base64';
import { builtinScenarios } from '../../scenario/library';
import { simulate } from '../../sim';
import { importCapture } from '../import';
import realEcho from '../fixtures/real-tcp-echo.json';
import realNagle from '../fixtures/real-nagle.json';
import type { Trace, TraceEvent } from '../types';
import { parseTrace } from '../validate';
import { internetChecksum, tcpOptionBytes } from './packets';
import { traceToPcapng } from './pcapng';

const knownOptions = ['mss', 'sackOk', 'tsval', 'tsecr', 'wscale', 'sack'];

/**
 * What a capture can say about each packet, times from the first packet (the importer's t = 0).
 * The window is compared as the 16-bit field sent and, unless `fieldOnly`, as the bytes it offers
 * (the recorded real runs predate windowShift: their `window` is the field as captured).
 */
function wireView(trace: Trace, fieldOnly = false) {
  const packets = trace.events.filter(
    (e): e is Extract<TraceEvent, { kind: 'segment' | 'datagram' | 'icmp' }> =>
      e.kind === 'segment' || (e.kind === 'datagram' && e.copyOf === undefined) || e.kind === 'icmp',
  );
  const t0 = packets[0]?.t ?? 0;
  const ordinal = new Map(packets.map((p, i) => [p.id, i]));
  return packets.map((p) => {
    const t = p.t - t0;
    if (p.kind === 'icmp') return { t, kind: p.kind, type: p.type, about: ordinal.get(p.about) };
    const payload = decodeBase64(p.payload);
    const head = Array.from(payload.subarray(0, Math.min(payload.length, 256)));
    if (p.kind === 'datagram') return { t, kind: p.kind, src: p.src, dst: p.dst, len: p.len, head };
    const options = Object.fromEntries(knownOptions.filter((k) => k in p.options).map((k) => [k, p.options[k]]));
    const { seq, ack, flags, len, src, dst } = p;
    const field = p.windowShift === undefined ? p.window : p.windowRaw;
    const window = fieldOnly ? undefined : p.window;
    return { t, kind: p.kind, src, dst, flags, seq, ack, window, field, len, options, head };
  });
}

function roundTrip(trace: Trace) {
  const exported = traceToPcapng(trace);
  const back = importCapture(exported.bytes);
  return { exported, back };
}

describe('traceToPcapng', () => {
  it.each(builtinScenarios.map((s) => s.id))('%s: the importer reads back the same packets', (id) => {
    const scenario = builtinScenarios.find((s) => s.id === id)!;
    const trace = simulate(scenario, { seed: 1 });
    const { exported, back } = roundTrip(trace);
    expect(exported.skipped).toEqual([]);
    expect(back.meta.pcap?.problems ?? []).toEqual([]);
    expect(back.meta.pcap?.skippedPackets).toBe(0);
    expect(wireView(back)).toEqual(wireView(trace));
    // The Name Resolution Block names each host as the lesson does.
    const names = new Set(back.hosts.map((h) => h.name));
    for (const e of trace.events) if (e.kind === 'segment') expect(names).toContain(e.from);
  });

  it.each([
    ['tcp-echo', realEcho],
    ['nagle', realNagle],
  ])('a recorded real run (%s, loopback) reads back the same packets', (_id, json) => {
    const checked = parseTrace(JSON.stringify(json));
    if (!checked.ok) throw new Error(checked.problems[0]?.message);
    const { exported, back } = roundTrip(checked.trace);
    expect(exported.skipped).toEqual([]);
    expect(wireView(back, true)).toEqual(wireView(checked.trace, true));
  });

  it('pads a payload the Trace holds only the start of, and says so in the packet comment', () => {
    const trace = simulate(
      builtinScenarios.find((s) => s.id === 'tcp-echo')!,
      { seed: 1 },
    );
    const data = trace.events.find((e) => e.kind === 'segment' && e.len > 0)!;
    if (data.kind !== 'segment') throw new Error('no data segment');
    const cut = { ...data, len: 1000 }; // the Trace keeps the first 14 bytes of a 1000-byte segment
    const { exported, back } = roundTrip({ ...trace, events: [cut] });
    const text = new TextDecoder('latin1').decode(exported.bytes);
    expect(text).toContain('the Trace holds the first 14 of 1000 bytes; the rest is zeros');
    const read = back.events.find((e) => e.kind === 'segment');
    expect(read).toMatchObject({ len: 1000, seq: data.seq });
  });

  it('writes the SHB magic, one interface per host and one Enhanced Packet Block per packet', () => {
    const trace = simulate(
      builtinScenarios.find((s) => s.id === 'udp-echo')!,
      { seed: 1 },
    );
    const { exported } = roundTrip(trace);
    const view = new DataView(exported.bytes.buffer);
    expect(view.getUint32(0, true)).toBe(0x0a0d0d0a);
    expect(view.getUint32(8, true)).toBe(0x1a2b3c4d);
    const types: number[] = [];
    for (let at = 0; at < exported.bytes.length; at += view.getUint32(at + 4, true))
      types.push(view.getUint32(at, true));
    expect(types.filter((t) => t === 1)).toHaveLength(trace.hosts.length);
    expect(types.filter((t) => t === 6)).toHaveLength(exported.packets);
    expect(exported.packets).toBe(trace.events.filter((e) => e.kind === 'datagram' || e.kind === 'icmp').length);
  });
});

describe('packets', () => {
  it('computes the RFC 1071 example checksum', () => {
    // RFC 1071 1.4: the words 0001 f203 f4f5 f6f7 sum to 0xddf2 (one's complement), checksum 0x220d.
    expect(internetChecksum(Uint8Array.of(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7))).toBe(0x220d);
  });

  it('lays out a Linux SYN (MSS, SACK-permitted, timestamps, NOP, window scale) in 20 bytes', () => {
    const { bytes } = tcpOptionBytes({ mss: 1460, sackOk: true, tsval: 1, tsecr: 0, wscale: 7 });
    expect(bytes).toEqual([2, 4, 5, 180, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7]);
  });

  it('keeps at most 3 SACK blocks beside timestamps (40 option bytes)', () => {
    const sack: [number, number][] = [
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
    ];
    const { bytes, droppedSackBlocks } = tcpOptionBytes({ tsval: 1, tsecr: 2, sack });
    expect(bytes.length).toBeLessThanOrEqual(40);
    expect(droppedSackBlocks).toBe(1);
    expect(tcpOptionBytes({ sack }).droppedSackBlocks).toBe(0);
  });
});
