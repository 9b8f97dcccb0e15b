// Options (RFC 7323, RFC 2018) and the announced window, alone and through whole lessons, as a
// Linux capture shows them (values quoted from captures of kernel 6.18 with its defaults).
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenario/library';
import type { Scenario } from '../../scenario/schema';
import type { SegmentEvent } from '../../trace/types';
import { simulate } from '../index';
import { tcpConfig } from '../profiles';
import { negotiate, optionBytes, sackBlocks, synOptions } from './options';
import { initialWindow, linuxWindow } from './window';

const segmentsOf = (scenario: Scenario, profile: 'linux' | 'rfc' = 'linux'): SegmentEvent[] =>
  simulate(scenario, { profile }).events.filter((e): e is SegmentEvent => e.kind === 'segment');

function lesson(id: string): Scenario {
  const scenario = findScenario(id);
  if (!scenario) throw new Error(`no lesson ${id}`);
  return scenario;
}

describe('SYN options', () => {
  it('linux offers MSS, SACK-permitted, timestamps and window scale 10; rfc MSS only', () => {
    expect(synOptions(tcpConfig('linux'), 1460)).toEqual({ mss: 1460, sackOk: true, tsval: 0, wscale: 10 });
    expect(synOptions(tcpConfig('rfc'), 1460)).toEqual({ mss: 1460 });
  });

  it('a SYN,ACK carries only what the SYN offered (RFC 7323 2.2, 3.2; RFC 2018 2)', () => {
    expect(synOptions(tcpConfig('linux'), 1460, { mss: 536 })).toEqual({ mss: 1460 });
    expect(synOptions(tcpConfig('linux'), 1460, { mss: 536, wscale: 7 })).toEqual({ mss: 1460, wscale: 10 });
    expect(negotiate({ wscale: 10, tsval: 0 }, { wscale: 7 })).toEqual({
      timestamps: false,
      sack: false,
      rcvWscale: 10,
    });
  });

  it('counts option bytes as Linux pads them: SYN 20, timestamps 12', () => {
    expect(optionBytes({ mss: 1460, sackOk: true, tsval: 1, tsecr: 0, wscale: 10 })).toBe(20);
    expect(optionBytes({ tsval: 1, tsecr: 2 })).toBe(12);
    expect(optionBytes({ tsval: 1, tsecr: 2, sack: [[1, 2]] })).toBe(24);
  });

  it('merges SACK blocks, newest first, at most three beside timestamps (RFC 2018 4)', () => {
    const pieces = [
      { seq: 2000, end: 3000 },
      { seq: 3000, end: 4000 },
      { seq: 6000, end: 7000 },
      { seq: 9000, end: 9500 },
      { seq: 11000, end: 12000 },
    ];
    expect(sackBlocks(pieces, 1000, 3)).toEqual([
      [11000, 12000],
      [9000, 9500],
      [6000, 7000],
    ]);
    expect(sackBlocks(pieces.slice(0, 2), 1000, 3)).toEqual([[2000, 4000]]);
    expect(sackBlocks(pieces, 9500, 4)).toEqual([[11000, 12000]]);
  });
});

describe('Linux receive window', () => {
  it('a SYN offers the space rounded down to the MSS: 64240 (client), 65160 (listener, timestamps), 65495 (loopback)', () => {
    expect(initialWindow(65_536, 1460)).toBe(64_240);
    expect(initialWindow(65_536, 1448)).toBe(65_160);
    expect(initialWindow(65_536, 65_495)).toBe(65_495);
  });

  const base = { space: 65_536, queued: 0, rcvSsthresh: 64_240, rcvMss: 1448, wscale: 10, promised: 0 };

  it('rounds up to the scale granule and caps by rcv_ssthresh', () => {
    expect(linuxWindow(base)).toBe(64_512); // 63 × 1024: "win 63" on the wire
    expect(linuxWindow({ ...base, rcvSsthresh: 65_160 })).toBe(65_536);
    expect(linuxWindow({ ...base, wscale: null })).toBe(63_712); // 44 × 1448 without scaling
  });

  it('does not shrink for a few unread bytes, nor below what it promised (RFC 7323 2.4)', () => {
    expect(linuxWindow({ ...base, queued: 14 })).toBe(64_512);
    expect(linuxWindow({ ...base, queued: 40_000, promised: 60_000 })).toBe(60_416);
  });

  it('closes to zero rather than offering less than a segment (receiver SWS avoidance)', () => {
    expect(linuxWindow({ ...base, queued: 65_000 })).toBe(0);
    expect(linuxWindow({ ...base, queued: 65_000, rcvMss: 100 })).toBe(0); // under 1/16 of the space
  });
});

describe('options and windows through a whole lesson', () => {
  const echo = segmentsOf(lesson('tcp-echo'));

  it('linux: the SYN and SYN,ACK carry the kernel options and windows', () => {
    const [syn, synAck] = echo;
    expect(syn?.flags).toEqual(['SYN']);
    expect(syn?.options).toMatchObject({ mss: 1460, sackOk: true, tsecr: 0, wscale: 10 });
    expect(syn?.window).toBe(64_240);
    expect(syn?.windowShift).toBeUndefined(); // RFC 7323 2.3: a SYN's window is never scaled
    expect(synAck?.options).toMatchObject({ mss: 1460, sackOk: true, wscale: 10, tsecr: syn?.options.tsval });
    expect(synAck?.window).toBe(65_160);
  });

  it('every later segment carries timestamps echoing the peer, and a scaled window', () => {
    const lastTsval = new Map<string, number>();
    for (const seg of echo) {
      const { tsval, tsecr } = seg.options as { tsval?: number; tsecr?: number };
      expect(tsval, `segment ${seg.id}`).toBeTypeOf('number');
      if (!seg.flags.includes('SYN')) {
        expect(tsecr, `segment ${seg.id} echoes the peer`).toBe(lastTsval.get(seg.to));
        expect(seg.windowShift).toBe(10);
        expect(seg.window).toBe((seg.windowRaw ?? 0) * 1024);
        expect([64_512, 65_536]).toContain(seg.window);
      }
      lastTsval.set(seg.from, tsval ?? 0);
    }
  });

  it('TSval runs on a millisecond clock', () => {
    const client = echo.filter((s) => s.from === 'client');
    const first = client[0];
    const last = client.at(-1);
    if (!first || !last) throw new Error('no client segments');
    const tsvalOf = (s: SegmentEvent): number => (s.options as { tsval: number }).tsval;
    expect((tsvalOf(last) - tsvalOf(first)) >>> 0).toBe(Math.floor(last.t / 1000) - Math.floor(first.t / 1000));
  });

  it('rfc: MSS only and the free buffer space as the window', () => {
    const rfc = segmentsOf(lesson('tcp-echo'), 'rfc');
    expect(rfc[0]?.options).toEqual({ mss: 1460 });
    expect(rfc.slice(1).every((s) => Object.keys(s.options).length === (s.flags.includes('SYN') ? 1 : 0))).toBe(true);
    expect(rfc[0]?.window).toBe(65_535);
  });

  it('with timestamps a full segment carries 1448 bytes (1460 less the 12-byte option)', () => {
    const bulk = segmentsOf(lesson('congestion-control')).filter((s) => s.from === 'client' && s.len > 0);
    const sizes = new Set(bulk.slice(0, -1).map((s) => s.len));
    expect([...sizes]).toEqual([1448]);
  });

  it('duplicate ACKs after a loss carry SACK blocks of what arrived beyond the hole', () => {
    const acks = segmentsOf(lesson('congestion-control')).filter((s) => s.from === 'server' && s.len === 0);
    const withSack = acks.filter((s) => Array.isArray((s.options as { sack?: unknown }).sack));
    expect(withSack.length).toBeGreaterThanOrEqual(3);
    const first = withSack[0];
    const [[left, right] = [0, 0]] = (first?.options as { sack: [number, number][] }).sack;
    expect((left - (first?.ack ?? 0)) >>> 0).toBe(1448); // the hole is one segment
    expect((right - left) >>> 0).toBeGreaterThan(0);
  });
});
