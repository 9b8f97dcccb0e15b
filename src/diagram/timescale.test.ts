import { describe, expect, it } from 'vitest';
import { buildTimeScale, chooseScale } from './timescale';

const options = { top: 100, rowPx: 20, pxPerUs: 0.01, maxLinearPx: 200, gapPx: 60 };

describe('buildTimeScale', () => {
  it('stacks the rows of one instant a row apart', () => {
    const scale = buildTimeScale([{ t: 0, rows: 3 }], options);
    expect([scale.rowY(0, 0), scale.rowY(0, 1), scale.rowY(0, 2)]).toEqual([100, 120, 140]);
    expect(scale.bottom).toBe(140);
  });

  it('keeps at least one row between instants however close they are', () => {
    const scale = buildTimeScale(
      [
        { t: 0, rows: 1 },
        { t: 1, rows: 1 },
      ],
      options,
    );
    expect(scale.groupY[1]! - scale.groupY[0]!).toBe(20);
  });

  it('is linear in time for short intervals, from the last row of the previous instant', () => {
    const scale = buildTimeScale(
      [
        { t: 0, rows: 2 },
        { t: 5000, rows: 1 },
        { t: 15000, rows: 1 },
      ],
      options,
    );
    expect(scale.groupY[1]).toBe(100 + 20 + 50);
    expect(scale.groupY[2]! - scale.groupY[1]!).toBe(100);
    expect(scale.gaps).toEqual([]);
  });

  it('compresses an idle gap to a fixed height and reports it', () => {
    const scale = buildTimeScale(
      [
        { t: 0, rows: 1 },
        { t: 10_000, rows: 1 },
        { t: 60_010_000, rows: 2 },
      ],
      options,
    );
    expect(scale.groupY[2]! - scale.groupY[1]!).toBe(60);
    expect(scale.gaps).toEqual([{ group: 2, t0: 10_000, t1: 60_010_000, y0: 200, y1: 260 }]);
    expect(scale.bottom).toBe(280);
  });

  it('maps any time monotonically, exactly at instants and in between', () => {
    const groups = [
      { t: 0, rows: 2 },
      { t: 5000, rows: 1 },
      { t: 90_000_000, rows: 1 },
    ];
    const scale = buildTimeScale(groups, options);
    groups.forEach((group, g) => expect(scale.yAt(group.t)).toBe(scale.groupY[g]));
    let previous = -Infinity;
    for (const t of [-5, 0, 1, 2500, 4999, 5000, 6000, 45_000_000, 89_999_999, 90_000_000, 95_000_000]) {
      const y = scale.yAt(t);
      expect(y).toBeGreaterThanOrEqual(previous);
      previous = y;
    }
    // Half-way through the gap is half-way down its drawn height.
    expect(scale.yAt(45_002_500)).toBeCloseTo((scale.groupY[1]! + scale.groupY[2]!) / 2, 5);
  });

  it('handles an empty trace', () => {
    const scale = buildTimeScale([], options);
    expect(scale.bottom).toBe(100);
    expect(scale.yAt(42)).toBe(100);
  });
});

describe('chooseScale', () => {
  it('draws the median latency at the requested height and gaps beyond a few latencies', () => {
    const { pxPerUs, maxLinearPx } = chooseScale([5000, 5000, 7000, 0], 40, 4);
    expect(pxPerUs * 5000).toBe(40);
    expect(maxLinearPx).toBe(160);
  });

  it('falls back to 5 ms without deliveries', () => {
    expect(chooseScale([], 40).pxPerUs * 5000).toBe(40);
  });
});
