import { describe, expect, it } from 'vitest';
import { movingRate, type ByteEvents, type Throughput, type TimeSequence } from '../../trace/query';
import { drawThroughput, rateUnit, rateY, throughputFrameFor } from './throughput-draw';
import { frameFor, xOf, type TsgColors } from './tsg-draw';

const colors: TsgColors = {
  text: '#000',
  muted: '#111',
  grid: '#222',
  data: '#333',
  retransmission: '#444',
  ack: '#555',
  window: '#666',
  newData: '#777',
  brush: '#888',
  cursor: '#999',
};

/** A 2D context that counts the calls made on it and keeps the texts drawn. */
function countingContext(): { ctx: CanvasRenderingContext2D; calls: Map<string, number>; texts: string[] } {
  const calls = new Map<string, number>();
  const texts: string[] = [];
  const ctx = new Proxy(
    {},
    {
      get: (_, name: string) =>
        name === 'measureText'
          ? () => ({ width: 10 })
          : (...args: unknown[]) => {
              if (name === 'fillText') texts.push(String(args[0]));
              calls.set(name, (calls.get(name) ?? 0) + 1);
            },
      set: () => true,
    },
  ) as CanvasRenderingContext2D;
  return { ctx, calls, texts };
}

const eventsOf = (t: Float64Array, bytes: Float64Array): ByteEvents => {
  let sum = 0;
  return { t, bytes, total: bytes.map((b) => (sum += b)) };
};

/** `segments` segments of 1448 bytes every 10 µs (1.16 Gbit/s), over a 1 ms window. */
function bulk(segments: number): { series: TimeSequence; throughput: Throughput } {
  const t = Float64Array.from({ length: segments }, (_, i) => i * 10);
  const bytes = new Float64Array(segments).fill(1448);
  const events = { sent: eventsOf(t, bytes), newData: eventsOf(t, bytes), acked: eventsOf(t, bytes) };
  const sent = movingRate(events.sent, 1000);
  const series = { t, tMin: 0, tMax: (segments - 1) * 10, seqMax: segments * 1448 } as TimeSequence;
  const throughput: Throughput = {
    src: 'a:1',
    dst: 'b:2',
    windowUs: 1000,
    sent,
    newData: sent,
    acked: sent,
    events,
    peakBitsPerSecond: sent.bitsPerSecond.reduce((a, b) => Math.max(a, b), 0),
  };
  return { series, throughput };
}

const labels = { time: 'Time (ms)', rate: 'Throughput (Gbit/s)', format: (value: number) => `${value}` };

describe('drawThroughput', () => {
  it('costs what the width costs, not what the trace costs: a million segments in 800 px', () => {
    const lineTos = (segments: number) => {
      const { series, throughput } = bulk(segments);
      const frame = throughputFrameFor(series, throughput, 800, 300);
      const { ctx, calls } = countingContext();
      drawThroughput(ctx, frame, throughput, colors, labels);
      return { frame, calls };
    };
    const { frame, calls } = lineTos(1_000_000);
    const columns = frame.right - frame.left + 1;
    // Three step lines of at most four vertices a column, and the axes' few lines.
    expect(calls.get('lineTo') ?? 0).toBeLessThan(3 * 4 * columns + 200);
    expect(calls.get('stroke') ?? 0).toBeLessThan(60);
  });

  it('puts a time at the same x as the time-sequence graph, so one brush serves both', () => {
    const { series, throughput } = bulk(1000);
    const tsg = frameFor(series, 1000, 400);
    const tput = throughputFrameFor(series, throughput, 1000, 250);
    for (const t of [0, 1234, series.tMax]) expect(xOf(tput, t)).toBe(xOf(tsg, t));
    expect(rateY(tput, 0)).toBe(tput.bottom);
    expect(rateY(tput, throughput.peakBitsPerSecond)).toBeGreaterThan(tput.top); // headroom over the peak
  });

  it('labels the rate axis in the unit the peak calls for, ticks in that unit', () => {
    const { series, throughput } = bulk(1000);
    // 1 ms window, 100 segments of 1448 bytes in it: 1.1584 Gbit/s.
    expect(throughput.peakBitsPerSecond).toBeCloseTo(1.1584e9, -3);
    const frame = throughputFrameFor(series, throughput, 800, 300);
    expect(frame.unit).toBe('Gbit/s');
    const { ctx, texts } = countingContext();
    drawThroughput(ctx, frame, throughput, colors, labels);
    expect(texts).toContain('Throughput (Gbit/s)');
    expect(texts).toContain('1'); // the 1 Gbit/s tick, written in the unit
  });
});

describe('rateUnit', () => {
  it('chooses bit/s, kbit/s, Mbit/s or Gbit/s by magnitude', () => {
    expect(rateUnit(999)).toEqual({ unit: 'bit/s', divisor: 1 });
    expect(rateUnit(56_000)).toEqual({ unit: 'kbit/s', divisor: 1e3 });
    expect(rateUnit(7.72e6)).toEqual({ unit: 'Mbit/s', divisor: 1e6 });
    expect(rateUnit(1e10)).toEqual({ unit: 'Gbit/s', divisor: 1e9 });
  });
});
