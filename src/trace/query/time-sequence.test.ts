import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenario/library';
import { simulate } from '../../sim';
import { importCapture } from '../import';
import type { SegmentEvent, Trace, TraceEvent } from '../types';
import { firstSegmentIn, timeSequence } from '.';

function segment(t: number, fields: Partial<SegmentEvent>): SegmentEvent {
  return {
    t,
    kind: 'segment',
    id: t,
    from: 'a',
    to: 'b',
    src: '10.0.0.1:5000',
    dst: '10.0.0.2:80',
    flags: ['ACK'],
    seq: 0,
    ack: 0,
    window: 1000,
    len: 0,
    options: {},
    payload: '',
    ...fields,
  };
}
const back = { from: 'b', to: 'a', src: '10.0.0.2:80', dst: '10.0.0.1:5000' } as const;

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

describe('timeSequence', () => {
  it('plots the direction with most payload, relative to its ISN across the 2^32 wrap, with the ACK and window lines', () => {
    const isn = 0xffff_fc17; // the SYN takes 2^32 - 1001, so relative 1 is 2^32 - 1000
    const trace = traceOf([
      segment(0, { flags: ['SYN'], seq: isn }),
      segment(1, { ...back, flags: ['SYN', 'ACK'], seq: 500, ack: (isn + 1) >>> 0, window: 4000 }),
      segment(2, { seq: (isn + 1) >>> 0, ack: 501, len: 1000 }),
      segment(3, { seq: (isn + 1001) >>> 0, ack: 501, len: 1000 }), // seq wrapped to 0x3e8 - 1000 = 0
      segment(4, { ...back, seq: 501, ack: (isn + 2001) >>> 0, window: 3000, len: 10 }),
      segment(5, { seq: (isn + 1001) >>> 0, ack: 511, len: 1000, retransmission: true }),
      segment(6, { ...back, seq: 511, ack: (isn + 2001) >>> 0, window: 5000 }),
    ]);
    const series = timeSequence(trace)!;
    expect(series.src).toBe('10.0.0.1:5000');
    expect([...series.t]).toEqual([2, 3, 5]);
    expect([...series.relSeq]).toEqual([1, 1001, 1001]);
    expect([...series.len]).toEqual([1000, 1000, 1000]);
    expect([...series.retransmission]).toEqual([0, 0, 1]);
    expect([...series.eventIndex]).toEqual([2, 3, 5]);
    expect([...series.ackT]).toEqual([1, 4, 6]);
    expect([...series.ack]).toEqual([1, 2001, 2001]);
    expect([...series.windowEdge]).toEqual([4001, 5001, 7001]);
    expect(series).toMatchObject({ tMin: 1, tMax: 6, seqMax: 7001 });
    expect(timeSequence(trace)).toBe(series); // memoized per Trace
  });

  it('keeps climbing past 4 GiB: a relative seq that wraps is unwrapped', () => {
    const trace = traceOf([
      segment(0, { flags: ['SYN'], seq: 0 }),
      segment(1, { seq: 0xffff_f000, len: 0x1000 }),
      segment(2, { seq: 0, len: 0x1000 }),
    ]);
    expect([...timeSequence(trace)!.relSeq]).toEqual([0xffff_f000, 2 ** 32]);
  });

  it('is undefined when no segment carries data', () => {
    expect(timeSequence(traceOf([segment(0, { flags: ['SYN'] })]))).toBeUndefined();
  });

  it('finds the first data segment of a time range', () => {
    const trace = traceOf([segment(0, { flags: ['SYN'] }), ...[10, 20, 30].map((t) => segment(t, { seq: t, len: 1 }))]);
    const series = timeSequence(trace)!;
    expect(firstSegmentIn(series, 11, 30)).toBe(1);
    expect(firstSegmentIn(series, 0, 10)).toBe(0);
    expect(firstSegmentIn(series, 31, 40)).toBeUndefined();
    expect(firstSegmentIn(series, 21, 29)).toBeUndefined();
  });

  it('reads the congestion-control lesson: the 300 kB sender, its retransmissions, an ACK line below the data', () => {
    const series = timeSequence(simulate(findScenario('congestion-control')!, { seed: 1 }))!;
    const payload = series.len.reduce((sum, len, i) => sum + (series.retransmission[i] === 1 ? 0 : len), 0);
    expect(payload).toBeGreaterThanOrEqual(300_000);
    expect(series.retransmission.some((flag) => flag === 1)).toBe(true);
    const lastAck = series.ack[series.ack.length - 1]!;
    expect(lastAck).toBeGreaterThanOrEqual(payload);
    expect(lastAck).toBeLessThanOrEqual(payload + 2); // SYN and FIN count one each
  });

  it('reads a capture: DNS over TCP, the server answers with more bytes than the query', () => {
    const bytes = new Uint8Array(readFileSync(join(__dirname, '../import/fixtures/dns_tcp.pcap')));
    const series = timeSequence(importCapture(bytes))!;
    expect(series.t.length).toBeGreaterThan(0);
    expect(series.relSeq[0]).toBe(1);
    expect(series.ack.length).toBeGreaterThan(0);
    for (let i = 1; i < series.t.length; i++) expect(series.t[i]).toBeGreaterThanOrEqual(series.t[i - 1]!);
  });
});
