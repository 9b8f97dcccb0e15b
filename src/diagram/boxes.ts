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

/**
 * Item indices bucketed by y, to draw only what intersects the scroll viewport: a query costs
 * O(items in view), whatever the length of the trace.
 */
export class YIndex {
  private readonly buckets: number[][] = [];
  constructor(private readonly bucketPx = 256) {}

  add(item: number, yMin: number, yMax: number): void {
    const first = Math.max(0, Math.floor(yMin / this.bucketPx));
    const last = Math.max(first, Math.floor(yMax / this.bucketPx));
    for (let bucket = first; bucket <= last; bucket++) (this.buckets[bucket] ??= []).push(item);
  }

  /** Indices of the items added with a y-range meeting [top, bottom], ascending, each once. */
  query(top: number, bottom: number): number[] {
    const first = Math.max(0, Math.floor(top / this.bucketPx));
    const last = Math.min(this.buckets.length - 1, Math.floor(bottom / this.bucketPx));
    const seen = new Set<number>();
    for (let bucket = first; bucket <= last; bucket++) for (const item of this.buckets[bucket] ?? []) seen.add(item);
    return [...seen].sort((a, b) => a - b);
  }
}
