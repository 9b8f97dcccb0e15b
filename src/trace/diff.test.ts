import { describe, expect, it } from 'vitest';
import { diffTraces, significant } from './diff';
import type { SegmentEvent, Trace, TraceEvent } from './types';
import type { TcpFlag } from '../tcp';

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

describe('significant', () => {
  it('keeps SYN, FIN, RST and data segments, and leaves pure ACKs out', () => {
    const kept = significant(echo('sim', 5000, true)).map((p) => p.id);
    expect(kept).toEqual([1, 2, 4, 5, 6, 8]);
  });

  it('counts relative time from the first compared packet', () => {
    const shifted = echo('real', 10, false);
    for (const e of shifted.events) e.t += 1_000_000;
    expect(significant(shifted)[0]?.rel).toBe(0);
    expect(significant(shifted)[1]?.rel).toBe(10);
  });
});

describe('diffTraces', () => {
  it('matches a 4-segment and a 3-segment teardown: pure ACKs are not compared', () => {
    const result = diffTraces(echo('sim', 5000, true), echo('real', 10, false));
    expect(result.match).toBe(true);
    expect(result.differences).toEqual([]);
    expect(result.aligned).toBe(6);
  });

  it('reports a segment present in one trace only, without shifting the later pairs', () => {
    const real = echo('real', 10, false);
    real.events.splice(4, 0, seg(25, 20, 'client', ['PSH', 'ACK'], 6, 115, 501));
    const result = diffTraces(echo('sim', 10, false), real);
    expect(result.match).toBe(false);
    expect(result.differences).toHaveLength(1);
    expect(result.differences[0]).toMatchObject({ type: 'only-in-b', direction: 'client→server', b: { id: 20 } });
    expect(result.differences[0]?.explain.en).toMatch(/grouped into segments differently/);
    expect(result.differences[0]?.explain.fr).toMatch(/regroupés autrement/);
  });

  it('reports a different length with the MSS and Nagle as explanations', () => {
    const real = echo('real', 10, false);
    const request = real.events[3] as SegmentEvent;
    request.len = 20;
    const result = diffTraces(echo('sim', 10, false), real);
    expect(result.differences).toMatchObject([{ type: 'length', a: { len: 14 }, b: { len: 20 } }]);
    expect(result.differences[0]?.explain.en).toMatch(/MSS/);
  });

  it('reports different flags (RST with or without ACK)', () => {
    const a = trace('sim', [seg(0, 1, 'client', ['SYN'], 0, 1, 0), seg(10, 2, 'server', ['RST', 'ACK'], 0, 0, 2)]);
    const b = trace('real', [seg(0, 1, 'client', ['SYN'], 0, 1, 0), seg(10, 2, 'server', ['RST'], 0, 0, 2)]);
    const result = diffTraces(a, b);
    expect(result.match).toBe(false);
    expect(result.differences).toMatchObject([{ type: 'flags', direction: 'server→client' }]);
    expect(result.differences[0]?.explain.en).toMatch(/ACK flag/);
  });

  it('reports a RST seen in one trace only', () => {
    const a = echo('sim', 10, false);
    const b = echo('real', 10, false);
    b.events.push(seg(100, 30, 'server', ['RST'], 0, 516, 0));
    const result = diffTraces(a, b);
    expect(result.differences).toMatchObject([{ type: 'only-in-b', b: { flags: ['RST'] } }]);
    expect(result.differences[0]?.explain.en).toMatch(/aborted the connection/);
  });

  it('reports a delayed ACK seen in one trace only', () => {
    // a: the server acknowledges the request 40 ms later; b: at once.
    const a = trace('sim', [
      seg(0, 1, 'client', ['SYN'], 0, 100, 0),
      seg(10, 2, 'server', ['SYN', 'ACK'], 0, 500, 101),
      seg(20, 3, 'client', ['PSH', 'ACK'], 10, 101, 501),
      seg(40_020, 4, 'server', ['ACK'], 0, 501, 111),
    ]);
    const b = trace('real', [
      seg(0, 1, 'client', ['SYN'], 0, 100, 0),
      seg(10, 2, 'server', ['SYN', 'ACK'], 0, 500, 101),
      seg(20, 3, 'client', ['PSH', 'ACK'], 10, 101, 501),
      seg(30, 4, 'server', ['ACK'], 0, 501, 111),
    ]);
    const result = diffTraces(a, b);
    expect(result.match).toBe(true);
    expect(result.timing).toMatchObject([{ type: 'delayed-ack', direction: 'server→client', deltaMs: 40 }]);
    expect(result.timing[0]?.explain.en).toMatch(/delayed ACK/);
  });

  it('reports a gap larger than 5 ms between aligned packets, and not a smaller one', () => {
    const a = echo('sim', 5000, false);
    const b = echo('real', 10, false);
    expect(diffTraces(a, b).timing).toEqual([]); // 5 ms per step is not more than 5 ms
    const slow = echo('sim', 5000, false);
    for (const e of slow.events) if (e.kind === 'segment' && e.id >= 5) e.t += 40_000;
    const timing = diffTraces(slow, b).timing;
    expect(timing).toHaveLength(1);
    expect(timing[0]).toMatchObject({ type: 'gap', a: { id: 5 } });
    expect(timing[0]?.deltaMs).toBeCloseTo(45, 0);
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
    expect(result.calls).toMatchObject([{ host: 'server', call: 'bind', step: '0.1', a: 'ok', b: 'EADDRINUSE' }]);
  });
});
