// Rectangles and a grid of them by y, so checking a label against its neighbours stays cheap on
// traces of thousands of segments.

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function overlaps(a: Box, b: Box, padding = 0): boolean {
  return (
    a.x < b.x + b.width + padding &&
    b.x < a.x + a.width + padding &&
    a.y < b.y + b.height + padding &&
    b.y < a.y + a.height + padding
  );
}

function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Boxes bucketed by horizontal bands of `cellPx`; a box sits in every band it touches. */
export class BoxGrid {
  private readonly cells = new Map<number, Box[]>();
  constructor(private readonly cellPx = 64) {}

  add(box: Box): void {
    const first = Math.floor(box.y / this.cellPx);
    const last = Math.floor((box.y + box.height) / this.cellPx);
    for (let cell = first; cell <= last; cell++) {
      let list = this.cells.get(cell);
      if (list === undefined) this.cells.set(cell, (list = []));
      list.push(box);
    }
  }

  /** The total area of `box` covered by boxes already added (0 when it is free). */
  collision(box: Box, padding = 0): number {
    const first = Math.floor((box.y - padding) / this.cellPx);
    const last = Math.floor((box.y + box.height + padding) / this.cellPx);
    let area = 0;
    for (let cell = first; cell <= last; cell++) {
      for (const other of this.cells.get(cell) ?? []) {
        if (overlaps(box, other, padding)) area += Math.max(1, overlapArea(box, other));
      }
    }
    return area;
  }
}

/** A YIndex as plain data (typed arrays), sent with a layout from the worker that made it. */
export interface SentYIndex {
  bucketPx: number;
  /** Bucket b's items are items[starts[b] .. starts[b + 1]). */
  starts: Int32Array;
  items: Int32Array;
}

/**
 * Item indices bucketed by y, to draw only what intersects the scroll viewport: a query costs
 * O(items in view), whatever the length of the trace. Built once, as two typed arrays (counted,
 * then filled): a big capture's index is made in its worker and moved to the page as it is.
 */
export class YIndex {
  private constructor(private readonly data: SentYIndex) {}

  static of(ranges: readonly { yMin: number; yMax: number }[], bucketPx = 256): YIndex {
    const first = (range: { yMin: number }) => Math.max(0, Math.floor(range.yMin / bucketPx));
    const last = (range: { yMin: number; yMax: number }) => Math.max(first(range), Math.floor(range.yMax / bucketPx));
    let buckets = 0;
    for (const range of ranges) buckets = Math.max(buckets, last(range) + 1);
    const starts = new Int32Array(buckets + 1);
    for (const range of ranges) for (let b = first(range), end = last(range); b <= end; b++) starts[b + 1]!++;
    for (let b = 0; b < buckets; b++) starts[b + 1]! += starts[b]!;
    const items = new Int32Array(starts[buckets]!);
    const filled = starts.slice(0, buckets);
    ranges.forEach((range, item) => {
      for (let b = first(range), end = last(range); b <= end; b++) items[filled[b]!++] = item;
    });
    return new YIndex({ bucketPx, starts, items });
  }

  static fromSent(sent: SentYIndex): YIndex {
    return new YIndex(sent);
  }

  toSent(): SentYIndex {
    return this.data;
  }

  /** Indices of the items with a y-range meeting [top, bottom], ascending, each once. */
  query(top: number, bottom: number): number[] {
    const { bucketPx, starts, items } = this.data;
    const first = Math.max(0, Math.floor(top / bucketPx));
    const last = Math.min(starts.length - 2, Math.floor(bottom / bucketPx));
    const seen = new Set<number>();
    for (let b = first; b <= last; b++) for (let at = starts[b]!; at < starts[b + 1]!; at++) seen.add(items[at]!);
    return [...seen].sort((a, b) => a - b);
  }
}
