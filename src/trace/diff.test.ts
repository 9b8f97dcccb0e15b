import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findScenario } from '../scenario/library';
import { simulate } from '../sim';
import { allowedDeltaMs, diffTraces, packetsOf, type TraceDiff } from './diff';
import type { SegmentEvent, StateEvent, Trace, TraceEvent } from './types';
import type { TcpFlag, TcpState } from '../tcp';

const ca = '10.0.0.2:40000';
const sa = '10.0.0.1:8080';

/** A segment builder: direction by `from`, seq/ack kept consistent by the caller. */
function seg(
  t: number,
  id: number,
  from: 'client' | 'server',
  flags: TcpFlag[],
  len = 0,
  seq = 0,
  ack = 0,
): SegmentEvent {
  const client = from === 'client';
  return {
    t,
    kind: 'segment',
    id,
    from,
    to: client ? 'server' : 'client',
    src: client ? ca : sa,
    dst: client ? sa : ca,
    flags,
    seq,
    ack,
    window: 65535,
    len,
    options: {},
    payload: '',
  };
}

function state(t: number, host: string, socket: number, from: TcpState, to: TcpState): StateEvent {
  return { t, kind: 'state', host, socket, from, to, reason: 'observed', cause: '' };
}

function trace(source: Trace['source'], events: TraceEvent[]): Trace {
  return {
    format: 'wirestep-trace',
    version: 2,
    source,
    meta: {},
    hosts: [
      { name: 'server', addr: '10.0.0.1' },
      { name: 'client', addr: '10.0.0.2' },
    ],
    events,
  };
}

/** Handshake, a 14-byte request and its echo, then a 3- or 4-segment teardown. */
function echo(source: Trace['source'], stepUs: number, fourWayTeardown: boolean): Trace {
  const e: TraceEvent[] = [
    seg(0, 1, 'client', ['SYN'], 0, 100, 0),
    seg(stepUs, 2, 'server', ['SYN', 'ACK'], 0, 500, 101),
    seg(2 * stepUs, 3, 'client', ['ACK'], 0, 101, 501),
    seg(2 * stepUs, 4, 'client', ['PSH', 'ACK'], 14, 101, 501),
    seg(3 * stepUs, 5, 'server', ['PSH', 'ACK'], 14, 501, 115),
    seg(3 * stepUs, 6, 'server', ['FIN', 'ACK'], 0, 515, 115),
  ];
  if (fourWayTeardown) e.push(seg(4 * stepUs, 7, 'client', ['ACK'], 0, 115, 516));
  e.push(seg(4 * stepUs, 8, 'client', ['FIN', 'ACK'], 0, 115, 516), seg(5 * stepUs, 9, 'server', ['ACK'], 0, 516, 116));
  return trace(source, e);
}

const fixtureDir = fileURLToPath(new URL('./fixtures/', import.meta.url));
/** A real run recorded with `npm run --silent cli -- capture <id>` (loopback, kernel 6.18, tracepoints). */
function recorded(id: string): Trace {
  return JSON.parse(readFileSync(`${fixtureDir}real-${id}.json`, 'utf8')) as Trace;
}

function simulated(id: string, profile: 'linux' | 'rfc' = 'linux'): Trace {
  const scenario = findScenario(id);
  if (scenario === undefined) throw new Error(`no lesson ${id}`);
  return simulate(scenario, { profile });
}

/** Every listed difference, of any kind. */
function all(result: TraceDiff) {
  return [...result.differences, ...result.timing, ...result.states];
}

describe('packetsOf', () => {
  it('keeps every segment, pure ACKs included, with relative numbers', () => {
    const packets = packetsOf(echo('sim', 5000, true));
    expect(packets.map((p) => p.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(packets.map((p) => [p.seq, p.ack])).toEqual([
      [0, undefined],
      [0, 1],
      [1, 1],
      [1, 1],
      [1, 15],
      [15, 15],
      [15, 16],
      [15, 16],
      [16, 16],
    ]);
  });

  it('counts relative time from the first packet', () => {
    const shifted = echo('real', 10, false);
    for (const e of shifted.events) e.t += 1_000_000;
    expect(packetsOf(shifted)[0]?.rel).toBe(0);
    expect(packetsOf(shifted)[1]?.rel).toBe(10);
  });

  it('scales the window by the sender’s announced shift once both SYNs carried window scale (RFC 7323 2.3)', () => {
    const real = recorded('tcp-echo');
    const packets = packetsOf(real);
    const syn = packets[0];
    const ack = packets[2];
    expect(syn).toMatchObject({ flags: ['SYN'], window: 65495, scaledWindow: 65495, windowShift: 0 });
    expect(syn?.options).toEqual({ mss: 65495, sackPermitted: true, timestamps: true, windowScale: 10 });
    expect(ack).toMatchObject({ flags: ['ACK'], window: 64, scaledWindow: 65536, windowShift: 10 });
    expect(ack?.timestampsNegotiated).toBe(true);
  });
});

describe('diffTraces: every segment', () => {
  it('a trace matches itself', () => {
    const real = recorded('tcp-echo');
    const result = diffTraces(real, real);
    expect(result.match).toBe(true);
    expect(all(result)).toEqual([]);
    expect(result.aligned).toBe(10);
  });

  it('a 4-segment against a 3-segment teardown: Linux carries the ACK of the FIN on its own FIN', () => {
    // Before pure ACKs were compared this was a match; the missing ACK is a difference now.
    const result = diffTraces(echo('sim', 10, true), echo('real', 10, false));
    expect(result.match).toBe(false);
    expect(result.differences).toHaveLength(1);
    expect(result.differences[0]).toMatchObject({
      type: 'only-in-a',
      group: 'segment',
      code: 'ack-on-fin',
      direction: 'client→server',
      a: { id: 7, event: 6, ack: 16 },
    });
    expect(result.differences[0]?.name.en).toBe('Linux delays the ACK of a FIN and carries it on its own FIN');
    expect(result.differences[0]?.name.fr).toBe('Linux retarde l’ACK d’un FIN et le porte sur son propre FIN');
    expect(result.differences[0]?.rule.en).toMatch(/tcp_fin/);
  });

  it('names a pure ACK whose acknowledgment rides on data in the other trace', () => {
    const withAck = echo('sim', 10, false);
    const withoutAck = echo('real', 10, false);
    withoutAck.events.splice(2, 1); // the handshake's ACK: the request carries it
    const result = diffTraces(withAck, withoutAck);
    expect(result.differences).toMatchObject([{ type: 'only-in-a', code: 'ack-on-data', a: { id: 3 } }]);
    expect(result.differences[0]?.name.en).toBe('the ACK rides on data in the other trace');
  });

  it('names a pure ACK the other side does not send at all', () => {
    const extra = echo('real', 10, false);
    extra.events.push(seg(60, 40, 'server', ['ACK'], 0, 516, 116)); // a duplicate of the last ACK
    const result = diffTraces(echo('sim', 10, false), extra);
    expect(result.differences).toMatchObject([{ type: 'only-in-b', code: 'pure-ack', b: { id: 40, event: 8 } }]);
    expect(result.differences[0]?.name).toEqual({
      en: 'a pure ACK the other side does not send',
      fr: 'un ACK seul que l’autre côté n’envoie pas',
    });
  });

  it('reports a segment present in one trace only, without shifting the later pairs', () => {
    const real = echo('real', 10, false);
    real.events.splice(4, 0, seg(25, 20, 'client', ['PSH', 'ACK'], 6, 115, 501));
    const result = diffTraces(echo('sim', 10, false), real);
    expect(result.match).toBe(false);
    const extra = result.differences.filter((d) => d.type === 'only-in-b');
    expect(extra).toMatchObject([{ direction: 'client→server', code: 'grouping', b: { id: 20 } }]);
    expect(extra[0]?.explain.en).toMatch(/grouped into segments differently/);
    expect(extra[0]?.explain.fr).toMatch(/regroupés autrement/);
    // The later client segments are still paired (their seq is 6 bytes on: a numbers difference).
    expect(result.differences.filter((d) => d.type === 'only-in-a')).toEqual([]);
  });

  it('reports a different length with the MSS and Nagle as explanations', () => {
    const real = echo('real', 10, false);
    (real.events[3] as SegmentEvent).len = 20;
    const result = diffTraces(echo('sim', 10, false), real);
    expect(result.differences[0]).toMatchObject({ type: 'length', a: { len: 14 }, b: { len: 20 } });
    expect(result.differences[0]?.explain.en).toMatch(/MSS/);
  });

  it('reports different flags (RST with or without ACK), and PSH as its own rule', () => {
    const a = trace('sim', [seg(0, 1, 'client', ['SYN'], 0, 1, 0), seg(10, 2, 'server', ['RST', 'ACK'], 0, 0, 2)]);
    const b = trace('real', [seg(0, 1, 'client', ['SYN'], 0, 1, 0), seg(10, 2, 'server', ['RST'], 0, 0, 2)]);
    const result = diffTraces(a, b);
    expect(result.match).toBe(false);
    expect(result.differences).toMatchObject([{ type: 'flags', code: 'rst-ack', direction: 'server→client' }]);
    expect(result.differences[0]?.explain.en).toMatch(/ACK flag/);
    const pushed = echo('real', 10, false);
    (pushed.events[3] as SegmentEvent).flags = ['ACK'];
    expect(diffTraces(echo('sim', 10, false), pushed).differences).toMatchObject([{ type: 'flags', code: 'psh' }]);
  });

  it('reports a RST seen in one trace only', () => {
    const b = echo('real', 10, false);
    b.events.push(seg(100, 30, 'server', ['RST'], 0, 516, 0));
    const result = diffTraces(echo('sim', 10, false), b);
    expect(result.differences).toMatchObject([{ type: 'only-in-b', code: 'abort', b: { flags: ['RST'] } }]);
    expect(result.differences[0]?.explain.en).toMatch(/aborted the connection/);
  });

  it('reports a different relative ack on aligned segments', () => {
    const b = echo('real', 10, false);
    (b.events[4] as SegmentEvent).ack = 110; // the echo acknowledges 9 of the 14 bytes
    const result = diffTraces(echo('sim', 10, false), b);
    expect(result.differences).toMatchObject([{ type: 'ack', group: 'numbers', a: { ack: 15 }, b: { ack: 10 } }]);
  });

  it('compares datagrams by direction and length', () => {
    const datagram = (id: number, from: string, to: string, len: number): TraceEvent => ({
      t: id * 10,
      kind: 'datagram',
      id,
      from,
      to,
      src: `${from}:1`,
      dst: `${to}:2`,
      len,
      payload: '',
    });
    const a = trace('sim', [datagram(1, 'client', 'server', 3), datagram(2, 'server', 'client', 3)]);
    const b = trace('real', [datagram(1, 'client', 'server', 3), datagram(2, 'server', 'client', 4)]);
    expect(diffTraces(a, a).match).toBe(true);
    expect(diffTraces(a, b).differences).toMatchObject([{ type: 'length', direction: 'server→client' }]);
  });
});

describe('diffTraces: windows and options', () => {
  /** `echo` with window scale 7 in both SYNs, 512 << 7 in every window, but `rawWindow` in the handshake's ACK. */
  function scaled(rawWindow: number): Trace {
    const t = echo('real', 10, false);
    const segments = t.events as SegmentEvent[];
    for (const s of segments) {
      if (s.flags.includes('SYN')) s.options = { mss: 1460, wscale: 7 };
      else s.window = 512; // 65536 bytes
    }
    const ack = segments[2];
    if (ack) ack.window = rawWindow;
    return t;
  }

  it('compares a scaled real window in bytes, equal within one unit of the scale', () => {
    const unscaled = echo('sim', 10, false);
    for (const s of unscaled.events.slice(0, 2) as SegmentEvent[]) s.options = { mss: 1460 };
    // 512 << 7 = 65536: within 128 bytes of 65535.
    expect(diffTraces(unscaled, scaled(512)).differences.filter((d) => d.group === 'window')).toEqual([]);
    const windows = diffTraces(unscaled, scaled(256)).differences.filter((d) => d.group === 'window');
    expect(windows).toMatchObject([
      { code: 'window', a: { scaledWindow: 65535 }, b: { window: 256, scaledWindow: 32768, windowShift: 7 } },
    ]);
    expect(windows[0]?.name.en).toBe('window 65535 vs 32768 (256 << 7) bytes');
  });

  it('takes a window its producer scaled as it is (windowRaw, windowShift)', () => {
    const stated = scaled(256);
    for (const s of stated.events as SegmentEvent[]) {
      if (s.flags.includes('SYN')) continue;
      Object.assign(s, { windowRaw: s.window, windowShift: 7, window: s.window * 128 });
    }
    const [, , ack] = packetsOf(stated);
    expect(ack).toMatchObject({ window: 256, scaledWindow: 32768, windowShift: 7 });
    expect(diffTraces(scaled(256), stated).differences).toEqual([]);
  });

  it('names what the real SYN carries that the simulated one does not, once per SYN', () => {
    const sim = echo('sim', 10, false);
    for (const s of sim.events.slice(0, 2) as SegmentEvent[]) s.options = { mss: 1460 };
    const real = echo('real', 10, false);
    for (const s of real.events as SegmentEvent[]) {
      s.options = s.flags.includes('SYN')
        ? { mss: 65495, sackOk: true, tsval: s.t, tsecr: 0, wscale: 0 }
        : { tsval: s.t, tsecr: 1 };
    }
    const options = diffTraces(sim, real).differences.filter((d) => d.group === 'options');
    // Only the two SYNs: later segments' timestamps follow from their handshake (RFC 7323 3.2).
    expect(options.map((d) => d.a?.id)).toEqual([1, 2]);
    expect(options[0]?.name.en).toBe(
      'options differ: the real SYN carries SACK-permitted, timestamps, window scale 0; MSS 1460 vs 65495',
    );
    expect(options[1]?.name.fr).toContain('le SYN,ACK real porte SACK permis, horodatages');
  });
});

describe('diffTraces: timing', () => {
  it('states its tolerance: a real wait one 4 ms tick shorter or two longer, the wheel’s rounding for long timers', () => {
    const simReal = { a: 'sim', b: 'real' };
    expect(allowedDeltaMs(simReal, 40, 4)).toEqual({ minMs: -8, maxMs: 4 });
    expect(allowedDeltaMs(simReal, 1000, 4)).toEqual({ minMs: -40, maxMs: 4 });
    expect(allowedDeltaMs(simReal, 3000, 4)).toEqual({ minMs: -264, maxMs: 4 });
    expect(allowedDeltaMs({ a: 'real', b: 'real' }, 40, 4)).toEqual({ minMs: -12, maxMs: 12 });
    expect(allowedDeltaMs({ a: 'sim', b: 'sim' }, 40, 4)).toEqual({ minMs: -0, maxMs: 0 });
    expect(diffTraces(echo('sim', 10, false), echo('real', 10, false)).tolerance).toMatchObject({
      gapMs: 5,
      tickMs: 4,
    });
  });

  it('leaves intervals under 5 ms in both traces alone, and reports the 5 ms link against loopback', () => {
    expect(diffTraces(echo('sim', 3000, false), echo('real', 10, false)).timing).toEqual([]);
    const result = diffTraces(echo('sim', 5000, false), echo('real', 10, false));
    expect(result.match).toBe(false);
    expect(result.timing.length).toBeGreaterThan(0);
    expect(result.timing[0]).toMatchObject({ type: 'gap', code: 'latency', aGapMs: 5, bGapMs: 0 });
  });

  it('a simulated 40 ms delayed ACK agrees with a real one of 36 to 48 ms, not 49 ms nor 35 ms', () => {
    const delayed = (source: Trace['source'], delayUs: number): Trace =>
      trace(source, [
        seg(0, 1, 'client', ['SYN'], 0, 100, 0),
        seg(10, 2, 'server', ['SYN', 'ACK'], 0, 500, 101),
        seg(20, 3, 'client', ['PSH', 'ACK'], 10, 101, 501),
        seg(20 + delayUs, 4, 'server', ['ACK'], 0, 501, 111),
      ]);
    for (const real of [36_000, 40_700, 46_900, 48_000]) {
      expect(diffTraces(delayed('sim', 40_000), delayed('real', real)).match).toBe(true);
    }
    expect(diffTraces(delayed('sim', 40_000), delayed('real', 35_000)).match).toBe(false);
    const result = diffTraces(delayed('sim', 40_000), delayed('real', 49_000));
    expect(result.timing).toMatchObject([
      { type: 'delayed-ack', code: 'delayed-ack', direction: 'server→client', deltaMs: -9, allowedMs: [-8, 4] },
    ]);
    expect(result.timing[0]?.b.event).toBe(3);
    expect(result.timing[0]?.rule.en).toMatch(/delayed-ACK timeout/);
  });
});

describe('diffTraces: states per socket', () => {
  it('reports a state change one socket makes in one trace only, and one after the other trace ended as unobserved', () => {
    const a = trace('sim', [
      state(0, 'client', 3, 'CLOSED', 'SYN-SENT'),
      seg(1, 1, 'client', ['SYN'], 0, 100, 0),
      state(2, 'client', 3, 'SYN-SENT', 'ESTABLISHED'),
      state(60_000_000, 'client', 3, 'TIME-WAIT', 'CLOSED'),
    ]);
    const b = trace('real', [
      state(0, 'client', 5, 'CLOSED', 'SYN-SENT'),
      seg(1, 1, 'client', ['SYN'], 0, 100, 0),
      { t: 100, kind: 'note', text: { en: 'end', fr: 'fin' } },
    ]);
    const result = diffTraces(a, b);
    expect(result.states).toMatchObject([
      { type: 'only-in-a', host: 'client', aSocket: 3, bSocket: 5, to: 'ESTABLISHED', aEvent: 2, code: 'state' },
      { type: 'only-in-a', to: 'CLOSED', unobserved: true, code: 'state-unobserved' },
    ]);
    expect(result.match).toBe(false);
    // Without the ESTABLISHED change, only the unobserved one is left: that is not a disagreement.
    a.events.splice(2, 1);
    expect(diffTraces(a, b).match).toBe(true);
  });

  it('lists calls whose outcome differs, without changing match', () => {
    const withBind = (errno: 'EADDRINUSE' | undefined): Trace =>
      trace(errno === undefined ? 'sim' : 'real', [
        { t: 0, kind: 'call', host: 'server', socket: 3, call: 'bind', args: {}, step: '0.1' },
        errno === undefined
          ? { t: 1, kind: 'return', host: 'server', socket: 3, call: 'bind', result: 0, step: '0.1' }
          : { t: 1, kind: 'return', host: 'server', socket: 3, call: 'bind', errno, step: '0.1' },
      ]);
    const result = diffTraces(withBind(undefined), withBind('EADDRINUSE'));
    expect(result.match).toBe(true);
    expect(result.calls).toMatchObject([
      { host: 'server', call: 'bind', step: '0.1', a: 'ok', b: 'EADDRINUSE', aEvent: 1, bEvent: 1 },
    ]);
  });
});

describe('diffTraces: recorded real runs against the simulation', () => {
  /** Every packet of each trace is either paired or listed as missing from the other: nothing is dropped. */
  function accountsForEverySegment(sim: Trace, real: Trace, result: TraceDiff): void {
    const onlyA = result.differences.filter((d) => d.type === 'only-in-a').length;
    const onlyB = result.differences.filter((d) => d.type === 'only-in-b').length;
    expect(result.aligned + onlyA).toBe(packetsOf(sim).length);
    expect(result.aligned + onlyB).toBe(packetsOf(real).length);
    expect(result.match).toBe(all(result).filter((d) => !('unobserved' in d && d.unobserved === true)).length === 0);
  }

  it('tcp-echo: every segment accounted for; loopback’s MSS and the lesson’s 5 ms link are differences', () => {
    const sim = simulated('tcp-echo');
    const real = recorded('tcp-echo');
    const result = diffTraces(sim, real);
    accountsForEverySegment(sim, real, result);
    expect(result.b.packets).toBe(10);
    expect(result.match).toBe(false);
    // The lesson's 1500-byte link against loopback's 65536-byte MTU.
    const synOptions = result.differences.find((d) => d.group === 'options' && d.b?.flags.join() === 'SYN');
    expect(synOptions?.name.en).toContain('MSS 1460 vs 65495');
    expect(synOptions?.b?.event).toBe(12);
    // The lesson's 5 ms link against loopback's microseconds, which the real run says it could not reproduce.
    expect(result.timing.some((d) => d.code === 'latency')).toBe(true);
    expect(result.notes[0]?.en).toMatch(/link conditions .* are not reproduced/);
  });

  it('nagle: the simulation without Linux’s quick ACKs misses the real pure ACKs, and each is named', () => {
    // The rfc profile delays every ACK 200 ms, as the linux profile did before its delayed-ACK
    // engine (41 simulated segments against 47 real ones): the real pure ACKs have no partner.
    const sim = simulated('nagle', 'rfc');
    const real = recorded('nagle');
    const result = diffTraces(sim, real);
    accountsForEverySegment(sim, real, result);
    expect(result.match).toBe(false);
    const missing = result.differences.filter((d) => d.type === 'only-in-b' && d.b?.len === 0);
    expect(missing.length).toBeGreaterThanOrEqual(6);
    for (const d of missing) {
      expect(['ack-on-data', 'ack-on-fin', 'ack-merged', 'pure-ack', 'window-update']).toContain(d.code);
      expect(d.b?.flags).toEqual(['ACK']);
      expect(real.events[d.b?.event ?? -1]).toMatchObject({ kind: 'segment', flags: ['ACK'], len: 0 });
    }
  });

  it('nagle: a real pure ACK taken out is reported as missing, with its event', () => {
    const real = recorded('nagle');
    const pureAcks = real.events.flatMap((e, i) =>
      e.kind === 'segment' && e.len === 0 && e.flags.join() === 'ACK' ? [i] : [],
    );
    const removed = pureAcks[3] ?? -1;
    const fewer: Trace = { ...real, source: 'sim', events: real.events.filter((_, i) => i !== removed) };
    const result = diffTraces(fewer, real);
    expect(result.match).toBe(false);
    expect(result.differences.filter((d) => d.group === 'segment')).toMatchObject([
      { type: 'only-in-b', b: { event: removed, flags: ['ACK'], len: 0 } },
    ]);
  });

  it('nagle with the linux profile: every segment accounted for', () => {
    const sim = simulated('nagle');
    const real = recorded('nagle');
    const result = diffTraces(sim, real);
    accountsForEverySegment(sim, real, result);
    expect(result.b.packets).toBe(47);
  });
});
