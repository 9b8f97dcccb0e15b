// Time -> y: piecewise linear, so microsecond exchanges and a 60 s TIME-WAIT fit on one page.
// Every distinct instant is a group of one or more rows (rows never overlap); between two groups
// the distance grows with the elapsed time, and an idle gap longer than `maxLinearPx` worth of
// time is compressed to a fixed `gapPx` and reported so the drawing can mark the break.

/** One distinct instant and the number of rows it needs (at least one). */
export interface TimeGroup {
  t: number;
  rows: number;
}

export interface TimeScaleOptions {
  /** y of the first row. */
  top: number;
  /** Height of one row: the minimum vertical distance between two labelled events. */
  rowPx: number;
  /** Pixels per microsecond for short intervals. */
  pxPerUs: number;
  /** An interval drawn longer than this (at pxPerUs) is an idle gap. */
  maxLinearPx: number;
  /** Height of a compressed gap, from the last row before it to the first row after it. */
  gapPx: number;
}

export interface TimeGap {
  /** Index of the group after the gap. */
  group: number;
  t0: number;
  t1: number;
  /** y of the last row before and of the first row after the gap. */
  y0: number;
  y1: number;
}

export interface TimeScale {
  /** y of the first row of each group. */
  readonly groupY: readonly number[];
  readonly gaps: readonly TimeGap[];
  /** y of the last row of the last group. */
  readonly bottom: number;
  /** y of time t (monotone; exact for a group's time, interpolated in between). */
  yAt(t: number): number;
  /** y of a row of a group. */
  rowY(group: number, row: number): number;
}

export function buildTimeScale(groups: readonly TimeGroup[], options: TimeScaleOptions): TimeScale {
  const { top, rowPx, pxPerUs, maxLinearPx, gapPx } = options;
  const groupY: number[] = [];
  const gaps: TimeGap[] = [];
  let y = top;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    if (g > 0) {
      const previous = groups[g - 1]!;
      const last = groupY[g - 1]! + (Math.max(1, previous.rows) - 1) * rowPx;
      const linear = (group.t - previous.t) * pxPerUs;
      if (linear > maxLinearPx) {
        y = last + gapPx;
        gaps.push({ group: g, t0: previous.t, t1: group.t, y0: last, y1: y });
      } else {
        y = last + Math.max(rowPx, linear);
      }
    }
    groupY.push(y);
  }
  const lastGroup = groups[groups.length - 1];
  const bottom = lastGroup === undefined ? top : groupY[groupY.length - 1]! + (Math.max(1, lastGroup.rows) - 1) * rowPx;

  function yAt(t: number): number {
    if (groups.length === 0) return top;
    if (t <= groups[0]!.t) return groupY[0]!;
    // Last group whose time is <= t.
    let lo = 0;
    let hi = groups.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (groups[mid]!.t <= t) lo = mid;
      else hi = mid - 1;
    }
    const group = groups[lo]!;
    const start = groupY[lo]!;
    if (t === group.t) return start;
    const end = start + (Math.max(1, group.rows) - 1) * rowPx;
    const next = groups[lo + 1];
    if (next === undefined) return end + Math.min((t - group.t) * pxPerUs, maxLinearPx);
    return end + ((t - group.t) / (next.t - group.t)) * (groupY[lo + 1]! - end);
  }

  return {
    groupY,
    gaps,
    bottom,
    yAt,
    rowY: (group, row) => (groupY[group] ?? top) + row * rowPx,
  };
}

/**
 * Pixels per microsecond so that the median one-way latency is drawn `latencyPx` tall; an
 * interval longer than `gapFactor` latencies becomes a compressed gap.
 */
/**
 * Proportional time (issue 8): the longest wait under a second (a Nagle or delayed-ACK stall, an
 * RTO) is drawn `stallRows` rows tall and every shorter interval to the same scale, so stalls are
 * seen as the gaps they are; only longer waits (TIME-WAIT's 60 s) are still cut and marked.
 */
export function chooseProportionalScale(
  groups: readonly TimeGroup[],
  rowPx: number,
  stallRows = 8,
): { pxPerUs: number; maxLinearPx: number } | null {
  let longest = 0;
  for (let g = 1; g < groups.length; g++) {
    const interval = groups[g]!.t - groups[g - 1]!.t;
    if (interval <= 1_000_000 && interval > longest) longest = interval;
  }
  if (longest === 0) return null;
  const stallPx = stallRows * rowPx;
  return { pxPerUs: stallPx / longest, maxLinearPx: stallPx + 1 };
}

export function chooseScale(
  latenciesUs: readonly number[],
  latencyPx: number,
  gapFactor = 4,
): { pxPerUs: number; maxLinearPx: number } {
  const positive = latenciesUs.filter((value) => value > 0).sort((a, b) => a - b);
  const median = positive.length === 0 ? 5000 : positive[Math.floor(positive.length / 2)]!;
  return { pxPerUs: latencyPx / median, maxLinearPx: latencyPx * gapFactor };
}
