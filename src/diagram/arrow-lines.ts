// Every arrow's drawn line, bucketed by bands of y, so a label can check that no other arrow's
// line comes nearer to it than its own arrow's (a label must read as belonging to its arrow).
import type { Box } from './boxes';
import type { ArrowItem } from './model';

/** The drawn part of an arrow: up to its cross when dropped. */
const endOf = (arrow: ArrowItem) =>
  arrow.fate === 'dropped' ? { x: arrow.crossX, y: arrow.crossY } : { x: arrow.x2, y: arrow.y2 };

function pointSegmentDistance(px: number, py: number, x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const length = dx * dx + dy * dy;
  const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / length));
  return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
}

const side = (px: number, py: number, qx: number, qy: number, rx: number, ry: number) =>
  Math.sign((qx - px) * (ry - py) - (qy - py) * (rx - px));

type Point = readonly [number, number];

function segmentsCross(a: Point, b: Point, c: Point, d: Point): boolean {
  return (
    side(a[0], a[1], b[0], b[1], c[0], c[1]) !== side(a[0], a[1], b[0], b[1], d[0], d[1]) &&
    side(c[0], c[1], d[0], d[1], a[0], a[1]) !== side(c[0], c[1], d[0], d[1], b[0], b[1])
  );
}

/** The distance from an arrow's drawn line to a box: 0 when the line enters it. */
export function lineBoxDistance(arrow: ArrowItem, box: Box): number {
  const end = endOf(arrow);
  const a: Point = [arrow.x1, arrow.y1];
  const b: Point = [end.x, end.y];
  const outside = ([x, y]: Point) =>
    Math.hypot(Math.max(box.x - x, 0, x - box.x - box.width), Math.max(box.y - y, 0, y - box.y - box.height));
  if (outside(a) === 0 || outside(b) === 0) return 0;
  const corners: Point[] = [
    [box.x, box.y],
    [box.x + box.width, box.y],
    [box.x + box.width, box.y + box.height],
    [box.x, box.y + box.height],
  ];
  for (let i = 0; i < 4; i++) if (segmentsCross(a, b, corners[i]!, corners[(i + 1) % 4]!)) return 0;
  let best = Math.min(outside(a), outside(b));
  for (const [x, y] of corners) best = Math.min(best, pointSegmentDistance(x, y, a[0], a[1], b[0], b[1]));
  return best;
}

/** A cheap first test: the arrow's bounding box comes within `distance` of the box. */
function near(arrow: ArrowItem, box: Box, distance: number): boolean {
  const end = endOf(arrow);
  return (
    Math.min(arrow.x1, end.x) < box.x + box.width + distance &&
    Math.max(arrow.x1, end.x) > box.x - distance &&
    Math.min(arrow.y1, end.y) < box.y + box.height + distance &&
    Math.max(arrow.y1, end.y) > box.y - distance
  );
}

export class ArrowLines {
  private readonly cells = new Map<number, ArrowItem[]>();

  constructor(
    arrows: readonly ArrowItem[],
    private readonly cellPx = 64,
  ) {
    for (const arrow of arrows) {
      const end = endOf(arrow);
      const last = Math.floor(Math.max(arrow.y1, end.y) / cellPx);
      for (let cell = Math.floor(Math.min(arrow.y1, end.y) / cellPx); cell <= last; cell++) {
        let list = this.cells.get(cell);
        if (list === undefined) this.cells.set(cell, (list = []));
        list.push(arrow);
      }
    }
  }

  /** How many other arrows' lines run through the box (a label over a mesh of parallel arrows). */
  crossings(box: Box, own: ArrowItem): number {
    const seen = new Set<ArrowItem>();
    const last = Math.floor((box.y + box.height) / this.cellPx);
    for (let cell = Math.floor(box.y / this.cellPx); cell <= last; cell++) {
      for (const other of this.cells.get(cell) ?? [])
        if (other !== own && !seen.has(other) && near(other, box, 0) && lineBoxDistance(other, box) === 0)
          seen.add(other);
    }
    return seen.size;
  }

  /** Whether another arrow's line comes nearer the box than `distance` (its own arrow's). */
  nearer(box: Box, own: ArrowItem, distance: number): boolean {
    const last = Math.floor((box.y + box.height + distance) / this.cellPx);
    for (let cell = Math.floor((box.y - distance) / this.cellPx); cell <= last; cell++) {
      for (const other of this.cells.get(cell) ?? [])
        if (other !== own && near(other, box, distance) && lineBoxDistance(other, box) < distance) return true;
    }
    return false;
  }
}
