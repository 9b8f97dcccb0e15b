import { describe, expect, it } from 'vitest';
import type { TimeSequence } from '../../trace/query';
import { drawGraph, frameFor, niceTicks, tAt, xOf, type TsgColors } from './tsg-draw';

const colors: TsgColors = {
  text: '#000',
  muted: '#111',
  grid: '#222',
  data: '#333',
  retransmission: '#444',
  ack: '#555',
  window: '#666',
  newData: '#999',
  brush: '#777',
  cursor: '#888',
};

/** A 2D context that only counts the path operations drawn on it. */
function countingContext(): { ctx: CanvasRenderingContext2D; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const ctx = new Proxy(
    {},
    {
      get: (_, name: string) =>
        name === 'measureText'
          ? () => ({ width: 10 })
          : (..._args: unknown[]) => calls.set(name, (calls.get(name) ?? 0) + 1),
      set: () => true,
    },
  ) as CanvasRenderingContext2D;
  return { ctx, calls };
}

function bulk(segments: number, retransmitEvery: number): TimeSequence {
  const t = new Float64Array(segments);
  const relSeq = new Float64Array(segments);
  const retransmission = new Uint8Array(segments);
  for (let i = 0; i < segments; i++) {
    t[i] = i * 10;
    relSeq[i] = 1 + i * 1448;
    retransmission[i] = i % retransmitEvery === 0 ? 1 : 0;
  }
  return {
    src: 'a:1',
    dst: 'b:2',
    t,
    relSeq,
    len: new Uint32Array(segments).fill(1448),
    retransmission,
    eventIndex: Uint32Array.from(t, (_, i) => i * 2),
    ackT: t.slice(),
    ack: relSeq.slice(),
    windowEdge: relSeq.map((seq) => seq + 65535),
    tMin: 0,
    tMax: (segments - 1) * 10,
    seqMax: segments * 1448 + 65535,
  };
}

describe('drawGraph', () => {
  it('costs what the width costs, not what the trace costs: a million segments in 800 px', () => {
    const lineTos = (segments: number, retransmitEvery: number) => {
      const series = bulk(segments, retransmitEvery);
      const frame = frameFor(series, 800, 400);
      const { ctx, calls } = countingContext();
      drawGraph(ctx, frame, series, colors, { time: 'Time (ms)', seq: 'Seq' });
      return { frame, calls };
    };
    const { frame, calls } = lineTos(1_000_000, 1000);
    const columns = frame.right - frame.left + 1;
    // Per column: a data tick, a retransmission tick and diamond, two step lines of four vertices.
    expect(calls.get('lineTo') ?? 0).toBeLessThan(16 * columns);
    expect(calls.get('moveTo') ?? 0).toBeLessThan(4 * columns);
    // A retransmission every thousand segments, 1.45 per column: at most one diamond per column.
    expect(calls.get('closePath')).toBeLessThanOrEqual(columns);
    expect(calls.get('closePath')).toBeGreaterThan(0.95 * columns);
    // Ten times fewer segments (still more than columns, as many retransmissions): the same work.
    expect(lineTos(100_000, 100).calls.get('lineTo')).toBe(calls.get('lineTo'));
  });

  it('maps time to x and back within the plot', () => {
    const frame = frameFor(bulk(100, 10), 800, 400);
    expect(xOf(frame, frame.tMin)).toBe(frame.left);
    expect(xOf(frame, frame.tMax)).toBe(frame.right);
    expect(tAt(frame, xOf(frame, 420))).toBeCloseTo(420);
    expect(tAt(frame, 0)).toBe(frame.tMin); // a drag past the axis stops at the first time
  });
});

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten', () => {
    expect(niceTicks(0, 800_000, 5)).toEqual([0, 200_000, 400_000, 600_000, 800_000]);
    expect(niceTicks(12, 187, 4)).toEqual([50, 100, 150]);
    expect(niceTicks(3, 3, 4)).toEqual([3]);
  });
});
