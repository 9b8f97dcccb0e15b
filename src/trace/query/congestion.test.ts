import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenario/library';
import { simulate } from '../../sim';
import type { SegmentEvent, TcbEvent, Trace, TraceEvent } from '../types';
import { congestionAt, congestionSender, congestionSeries, fastRetransmits, phaseSpans } from '.';

const lesson = (id: string): Trace => simulate(findScenario(id)!, { seed: 1 });

function tcb(t: number, fields: Partial<TcbEvent>): TcbEvent {
  return {
    t,
    kind: 'tcb',
    host: 'a',
    socket: 3,
    state: 'ESTABLISHED',
    iss: 0,
    irs: 0,
    sndUna: 0,
    sndNxt: 0,
    sndWnd: 65535,
    rcvNxt: 0,
    rcvWnd: 65535,
    sendQueued: 0,
    recvQueued: 0,
    rtoMs: 200,
    ...fields,
  };
}

function data(t: number, seq: number, len: number, retransmission?: boolean): SegmentEvent {
  return {
    t,
    kind: 'segment',
    id: t,
    from: 'a',
    to: 'b',
    src: '10.0.0.1:5000',
    dst: '10.0.0.2:80',
    flags: ['ACK'],
    seq,
    ack: 1,
    window: 65535,
    len,
    options: {},
    payload: '',
    socket: 3,
    ...(retransmission === true ? { retransmission } : {}),
  };
}

const traceOf = (events: TraceEvent[]): Trace => ({
  format: 'wirestep-trace',
  version: 2,
  source: 'sim',
  meta: {},
  hosts: [
    { name: 'a', addr: '10.0.0.1' },
    { name: 'b', addr: '10.0.0.2' },
  ],
  events,
});

describe('congestionSeries', () => {
  it('reads every TCB snapshot of a socket, with bytes in flight modulo 2^32 and its retransmissions', () => {
    // SND.UNA just below 2^32, SND.NXT wrapped past 0: 2000 bytes in flight, not -4294965296.
    const una = 0xffff_fc18; // 2^32 - 1000
    const trace = traceOf([
      tcb(0, { sndUna: una, sndNxt: una, cwnd: 10, ccPhase: 'slow-start' }),
      data(1, una, 1000),
      data(2, (una + 1000) >>> 0, 1000),
      tcb(2, { sndUna: una, sndNxt: 1000, cwnd: 10, ccPhase: 'slow-start' }),
      data(5, una, 1000, true),
      tcb(5, { sndUna: una, sndNxt: 1000, cwnd: 10, ssthresh: 7, ccPhase: 'fast-recovery' }),
    ]);
    const [series] = congestionSeries(trace);
    expect(series).toMatchObject({ host: 'a', socket: 3, dataSegments: 3, segmentBytes: 1000 });
    expect(series?.points.map((p) => p.bytesInFlight)).toEqual([0, 2000, 2000]);
    expect(series?.points.map((p) => [p.eventIndex, p.t, p.cwnd, p.ssthresh, p.ccPhase])).toEqual([
      [0, 0, 10, undefined, 'slow-start'],
      [3, 2, 10, undefined, 'slow-start'],
      [5, 5, 10, 7, 'fast-recovery'],
    ]);
    expect(series?.retransmissions).toEqual([{ eventIndex: 4, t: 5, seq: una, len: 1000 }]);
  });

  it('is computed once per Trace', () => {
    const trace = traceOf([tcb(0, { cwnd: 10 })]);
    expect(congestionSeries(trace)).toBe(congestionSeries(trace));
  });

  it('congestionAt: the snapshot the cursor shows, none before the first', () => {
    const trace = traceOf([tcb(0, { cwnd: 10 }), data(1, 0, 100), tcb(1, { cwnd: 11 }), data(2, 100, 100)]);
    const [series] = congestionSeries(trace);
    if (series === undefined) throw new Error('no series');
    expect(congestionAt(series, 0)).toBeUndefined();
    expect(congestionAt(series, 1)?.cwnd).toBe(10);
    expect(congestionAt(series, 3)?.cwnd).toBe(11);
    expect(congestionAt(series, 4)?.cwnd).toBe(11);
  });

  it('phaseSpans: consecutive runs of a phase, each ending where the next begins', () => {
    const trace = traceOf([
      tcb(0, { ccPhase: 'slow-start' }),
      tcb(10, { ccPhase: 'slow-start' }),
      tcb(20, { ccPhase: 'fast-recovery' }),
      tcb(40, { ccPhase: 'congestion-avoidance' }),
      tcb(90, { ccPhase: 'congestion-avoidance' }),
    ]);
    const [series] = congestionSeries(trace);
    expect(series === undefined ? [] : phaseSpans(series)).toEqual([
      { phase: 'slow-start', from: 0, to: 20 },
      { phase: 'fast-recovery', from: 20, to: 40 },
      { phase: 'congestion-avoidance', from: 40, to: 90 },
    ]);
  });
});

describe('congestion-control lesson', () => {
  const trace = lesson('congestion-control');
  const sender = congestionSender(trace);

  it('plots the client, the bulk sender: cwnd 10 at the start, in slow start with no ssthresh', () => {
    expect(sender).toMatchObject({ host: 'client', socket: 3 });
    const first = sender?.points[0];
    expect(first).toMatchObject({ cwnd: 10, ccPhase: 'slow-start', ssthresh: undefined });
    expect(sender?.dataSegments).toBeGreaterThan(200); // 300,000 bytes, one retransmitted
  });

  it('goes slow start, fast recovery, congestion avoidance, with the one retransmission in fast recovery', () => {
    if (sender === undefined) throw new Error('no sender');
    expect(phaseSpans(sender).map((span) => span.phase)).toEqual([
      'slow-start',
      'fast-recovery',
      'congestion-avoidance',
    ]);
    expect(sender.retransmissions).toHaveLength(1);
    const retransmission = sender.retransmissions[0]!;
    const after = congestionAt(sender, retransmission.eventIndex + 2);
    expect(after?.ccPhase).toBe('fast-recovery');
    // CUBIC (RFC 9438 4.6): ssthresh = 0.7 x cwnd at the loss; RFC 5681 3.2: cwnd = ssthresh + 3.
    const before = congestionAt(sender, retransmission.eventIndex);
    expect(after?.ssthresh).toBe(Math.floor(0.7 * (before?.cwnd ?? 0)));
    expect(after?.cwnd).toBe((after?.ssthresh ?? 0) + 3);
  });

  it('never counts more bytes in flight than the data sent, and none once all is acknowledged', () => {
    const points = sender?.points ?? [];
    expect(Math.max(...points.map((p) => p.bytesInFlight))).toBeLessThan(300_000);
    expect(points.at(-1)?.bytesInFlight).toBe(0);
  });

  it('fastRetransmits: the lesson’s one retransmission, none of tcp-retransmission’s timer-driven ones', () => {
    expect([...fastRetransmits(trace)]).toEqual(sender?.retransmissions.map((r) => r.eventIndex));
    expect(fastRetransmits(lesson('tcp-retransmission')).size).toBe(0);
  });

  it('has no sender to plot in a request-and-answer lesson (tcp-echo never leaves its first window)', () => {
    expect(congestionSender(lesson('tcp-echo'))).toBeUndefined();
    expect(congestionSender(lesson('udp-echo'))).toBeUndefined();
  });
});
