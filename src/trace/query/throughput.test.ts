import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenario/library';
import { simulate } from '../../sim';
import { importCapture } from '../import';
import type { SegmentEvent, Trace, TraceEvent } from '../types';
import { bytesBetween, defaultWindowUs, meanRate, rateAt, throughputSeries, timeSequence } from '.';

function segment(t: number, fields: Partial<SegmentEvent>): SegmentEvent {
  return {
    t,
    kind: 'segment',
    id: t * 2 + (fields.src === undefined ? 0 : 1),
    from: 'a',
    to: 'b',
    src: '10.0.0.1:5000',
    dst: '10.0.0.2:80',
    flags: ['ACK'],
    seq: 0,
    ack: 0,
    window: 65535,
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

/**
 * A bulk transfer: SYN at 0, then `count` segments of 1000 bytes, one every millisecond from 1 ms
 * (8 Mbit/s), each acknowledged 500 µs later; the FIN follows the last and is acknowledged too.
 */
function bulk(count: number, retransmit?: number): Trace {
  const events: TraceEvent[] = [
    segment(0, { flags: ['SYN'], seq: 0 }),
    segment(1, { ...back, flags: ['SYN', 'ACK'], seq: 0, ack: 1 }),
  ];
  for (let i = 0; i < count; i++) {
    const t = 1000 * (i + 1);
    events.push(segment(t, { seq: 1 + 1000 * i, ack: 1, len: 1000 }));
    events.push(segment(t + 500, { ...back, seq: 1, ack: 1 + 1000 * (i + 1) }));
    if (i === retransmit) events.push(segment(t + 600, { seq: 1 + 1000 * i, ack: 1, len: 1000, retransmission: true }));
  }
  const end = 1000 * (count + 1);
  events.push(segment(end, { flags: ['FIN', 'ACK'], seq: 1 + 1000 * count, ack: 1 }));
  events.push(segment(end + 500, { ...back, seq: 1, ack: 2 + 1000 * count }));
  return traceOf(events);
}

describe('throughputSeries', () => {
  it('a 100 kB bulk transfer at one 1000-byte segment a millisecond is 8 Mbit/s, over a 10 ms window', () => {
    const series = throughputSeries(bulk(100), 10_000)!;
    expect(series.src).toBe('10.0.0.1:5000');
    // Hand-checked: the first segment alone in a 10 ms window is 1000 × 8 / 0.01 s = 0.8 Mbit/s;
    // from the tenth on, ten segments are in it: 8 Mbit/s, the transfer's rate.
    expect(rateAt(series.sent, 1000)).toBe(800_000);
    expect(rateAt(series.sent, 9_999)).toBe(7_200_000);
    expect(rateAt(series.sent, 10_000)).toBe(8_000_000);
    expect(rateAt(series.sent, 60_500)).toBe(8_000_000);
    expect(series.peakBitsPerSecond).toBe(8_000_000);
    // The last segment (100 ms) leaves the window at 110 ms: the line falls back to zero there.
    expect(rateAt(series.sent, 109_999)).toBe(800_000);
    expect(rateAt(series.sent, 110_000)).toBe(0);
    // The receiver acknowledges the same bytes 500 µs later: the same rate, shifted; the FIN's
    // sequence number is not data.
    expect(rateAt(series.acked, 60_500)).toBe(8_000_000);
    expect(bytesBetween(series.events.acked, 0, Infinity)).toBe(100_000);
    // The mean over the transfer, 100,000 bytes in [1 ms, 101 ms): 8 Mbit/s.
    expect(meanRate(series.events.sent, 1000, 101_000)).toBe(8_000_000);
    expect(meanRate(series.events.newData, 1000, 201_000)).toBe(4_000_000); // twice as long, half the rate
    // A step line: at most one point where each segment enters and one where it leaves.
    expect(series.sent.t.length).toBeLessThanOrEqual(2 * 100);
    expect(throughputSeries(bulk(100), 10_000)).not.toBe(series); // another Trace
  });

  it('counts a retransmission in what was sent, not in the new data nor in what was acknowledged', () => {
    const trace = bulk(20, 5);
    const series = throughputSeries(trace, 5_000)!;
    expect(bytesBetween(series.events.sent, 0, Infinity)).toBe(21_000);
    expect(bytesBetween(series.events.newData, 0, Infinity)).toBe(20_000);
    expect(bytesBetween(series.events.acked, 0, Infinity)).toBe(20_000);
    // At 7 ms the window (2 ms, 7 ms] holds the segments of 3..7 ms and the copy sent at 6.6 ms.
    expect(rateAt(series.sent, 7_000)).toBe((6000 * 8) / 0.005);
    expect(rateAt(series.newData, 7_000)).toBe((5000 * 8) / 0.005);
    expect(throughputSeries(trace, 5_000)).toBe(series); // memoized per Trace and window
    expect(throughputSeries(trace, 10_000)).not.toBe(series);
  });

  it('is undefined without data, and refuses a window that is not positive', () => {
    const trace = traceOf([segment(0, { flags: ['SYN'] })]);
    expect(throughputSeries(trace, 1000)).toBeUndefined();
    expect(() => throughputSeries(trace, 0)).toThrow(RangeError);
  });

  it('reads the congestion-control lesson on an 8 Mbit/s link: the receiver gets the link less the headers', () => {
    const lesson = findScenario('congestion-control')!;
    const trace = simulate({ ...lesson, link: { ...lesson.link, bandwidthKbps: 8000 } }, { seed: 1 });
    const tsg = timeSequence(trace)!;
    const series = throughputSeries(trace, 20_000)!;
    // Every 1448-byte segment is 1500 bytes on the wire (IPv4 20 + TCP 20 + timestamps 12), so
    // one arrives every 1500 µs at 8 Mbit/s: 1448 × 8 / 1500 µs = 7.7227 Mbit/s of payload.
    expect(tsg.len[tsg.len.length >> 1]).toBe(1448);
    const linkPayloadRate = (1448 * 8e6) / 1500;
    // After the recovery (200–320 ms), the receiver acknowledges at the link's payload rate.
    expect(meanRate(series.events.acked, 200_000, 320_000) / linkPayloadRate).toBeCloseTo(1, 1);
    // The sender's line is burstier: the trace records a segment when the host sends it, before
    // the link's transmitter queue, so a flight leaves faster than the link carries it.
    expect(rateAt(series.sent, 100_000)).toBeGreaterThan(1.5 * linkPayloadRate);
    // The retransmission fills the hole: one ACK covers every segment that waited behind it, and
    // the receiver's goodput spikes (Wireshark's goodput line does the same).
    expect(rateAt(series.acked, 180_000)).toBeGreaterThan(3 * linkPayloadRate);
    expect(bytesBetween(series.events.acked, 0, Infinity)).toBe(300_000);
  });

  it("agrees with tshark's io,stat on a real kernel bulk transfer (1 MB, 20 Mbit/s token bucket, 48 retransmissions)", () => {
    const bytes = new Uint8Array(readFileSync(join(__dirname, 'fixtures/bulk-1mb-tbf.pcap')));
    const series = throughputSeries(importCapture(bytes), 100_000)!;
    // tshark 4 -q -z io,stat,0.1 on the same file (fixtures/README.md has the command):
    //   SUM(tcp.len) from the sender; the same without tcp.analysis.retransmission; and the
    //   differences of MAX(tcp.ack) from the receiver (1, 234577, 469153, 709521, 946993, 1000002,
    //   the last less the FIN's one).
    const tshark = {
      sent: [234576, 236024, 240368, 238920, 50112],
      newData: [165072, 236024, 240368, 238920, 50112],
      acked: [234576, 234576, 240368, 237472, 53008],
    };
    for (const kind of ['sent', 'newData', 'acked'] as const) {
      const bins = tshark[kind].map((_, k) => bytesBetween(series.events[kind], k * 100_000, (k + 1) * 100_000));
      expect(bins, kind).toEqual(tshark[kind]);
    }
    // The moving 100 ms window at 0.3 s holds the 0.2–0.3 s row: 240,368 × 8 / 0.1 s = 19.23 Mbit/s,
    // the token bucket's 20 Mbit/s less the 66 bytes of headers per 1448 (19.13 Mbit/s) and its burst.
    expect(rateAt(series.sent, 299_999)).toBeCloseTo((240_368 * 8) / 0.1, -4);
  });
});

describe('defaultWindowUs', () => {
  it('is a twenty-fifth of the connection, rounded up, between 1 ms and 1 s', () => {
    expect(defaultWindowUs(421_025)).toBe(20_000);
    expect(defaultWindowUs(190_000)).toBe(10_000);
    expect(defaultWindowUs(100_000)).toBe(5_000);
    expect(defaultWindowUs(10)).toBe(1_000);
    expect(defaultWindowUs(3_600e6)).toBe(1_000_000);
  });
});
