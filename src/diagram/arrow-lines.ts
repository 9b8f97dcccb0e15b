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

/** Whether the segments a–b and c–d cross (each one's ends on either side of the other). */
function segmentsCross(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): boolean {
  return (
    side(ax, ay, bx, by, cx, cy) !== side(ax, ay, bx, by, dx, dy) &&
    side(cx, cy, dx, dy, ax, ay) !== side(cx, cy, dx, dy, bx, by)
  );
}

/** The distance from an arrow's drawn line to a box: 0 when the line enters it. */
export function lineBoxDistance(arrow: ArrowItem, box: Box): number {
  const end = endOf(arrow);
  return distanceToBox(arrow.x1, arrow.y1, end.x, end.y, box);
}

/** How far the point (x, y) is outside the box (0 inside or on its edge). */
const outside = (box: Box, x: number, y: number) =>
  Math.hypot(Math.max(box.x - x, 0, x - box.x - box.width), Math.max(box.y - y, 0, y - box.y - box.height));

/** Whether the line from a to b crosses one of the box's four edges. */
function crossesEdge(ax: number, ay: number, bx: number, by: number, box: Box): boolean {
  const right = box.x + box.width;
  const bottom = box.y + box.height;
  return (
    segmentsCross(ax, ay, bx, by, box.x, box.y, right, box.y) ||
    segmentsCross(ax, ay, bx, by, right, box.y, right, bottom) ||
    segmentsCross(ax, ay, bx, by, right, bottom, box.x, bottom) ||
    segmentsCross(ax, ay, bx, by, box.x, bottom, box.x, box.y)
  );
}

/** The nearest of the box's corners to the line from a to b. */
function cornerDistance(ax: number, ay: number, bx: number, by: number, box: Box): number {
  const right = box.x + box.width;
  const bottom = box.y + box.height;
  return Math.min(
    pointSegmentDistance(box.x, box.y, ax, ay, bx, by),
    pointSegmentDistance(right, box.y, ax, ay, bx, by),
    pointSegmentDistance(right, bottom, ax, ay, bx, by),
    pointSegmentDistance(box.x, bottom, ax, ay, bx, by),
  );
}

/** The distance from the line a → b to the box: 0 when the line enters it (an end inside, or an edge crossed). */
function distanceToBox(ax: number, ay: number, bx: number, by: number, box: Box): number {
  const fromA = outside(box, ax, ay);
  const fromB = outside(box, bx, by);
  if (fromA === 0 || fromB === 0 || crossesEdge(ax, ay, bx, by, box)) return 0;
  return Math.min(fromA, fromB, cornerDistance(ax, ay, bx, by, box));
}

/**
 * `distanceToBox(...) < distance`, answered as soon as one of its terms is (the labels' hot loop:
 * most other lines are far, and one near term settles it).
 */
function within(line: Line, box: Box, distance: number): boolean {
  if (!(distance > 0) || oneSideBeyond(line, box, distance)) return false;
  const { ax, ay, bx, by } = line;
  if (outside(box, ax, ay) < distance || outside(box, bx, by) < distance) return true;
  return crossesEdge(ax, ay, bx, by, box) || cornerDistance(ax, ay, bx, by, box) < distance;
}

/**
 * Whether the whole box lies on one side of the line's extension, every corner farther from it
 * than `distance` (and a margin far above the rounding of these sums): the line cannot enter the
 * box, and each term of distanceToBox (ends to box, corners to line) is at least that far, so
 * `within` is false without computing them. Most lines near a label are such parallel neighbours.
 */
function oneSideBeyond(line: Line, box: Box, distance: number): boolean {
  const { ax, ay, dx, dy } = line;
  if (!(line.length > 0)) return false;
  const reach = (distance + 1e-6) * line.length;
  const right = box.x + box.width - ax;
  const left = box.x - ax;
  const top = box.y - ay;
  const bottom = box.y + box.height - ay;
  // Each corner's cross product with the line's direction: its signed distance times the length.
  const a = dx * top - dy * left;
  const b = dx * top - dy * right;
  const c = dx * bottom - dy * right;
  const d = dx * bottom - dy * left;
  return (a > reach && b > reach && c > reach && d > reach) || (a < -reach && b < -reach && c < -reach && d < -reach);
}

/** An arrow's drawn line, its ends and bounding box read once (the arrows are placed before any label). */
interface Line {
  readonly arrow: ArrowItem;
  readonly ax: number;
  readonly ay: number;
  readonly bx: number;
  readonly by: number;
  readonly dx: number;
  readonly dy: number;
  readonly length: number;
  readonly minX: number;
  readonly maxX: number;
  readonly minY: number;
  readonly maxY: number;
}

function lineOf(arrow: ArrowItem): Line {
  const end = endOf(arrow);
  return {
    arrow,
    ax: arrow.x1,
    ay: arrow.y1,
    bx: end.x,
    by: end.y,
    dx: end.x - arrow.x1,
    dy: end.y - arrow.y1,
    length: Math.hypot(end.x - arrow.x1, end.y - arrow.y1),
    minX: Math.min(arrow.x1, end.x),
    maxX: Math.max(arrow.x1, end.x),
    minY: Math.min(arrow.y1, end.y),
    maxY: Math.max(arrow.y1, end.y),
  };
}

/** A cheap first test: the line's bounding box comes within `distance` of the box. */
const near = (line: Line, box: Box, distance: number): boolean =>
  line.minX < box.x + box.width + distance &&
  line.maxX > box.x - distance &&
  line.minY < box.y + box.height + distance &&
  line.maxY > box.y - distance;

export class ArrowLines {
  private readonly cells = new Map<number, Line[]>();

  constructor(
    arrows: readonly ArrowItem[],
    private readonly cellPx = 64,
  ) {
    for (const arrow of arrows) {
      const line = lineOf(arrow);
      const last = Math.floor(line.maxY / cellPx);
      for (let cell = Math.floor(line.minY / cellPx); cell <= last; cell++) {
        let list = this.cells.get(cell);
        if (list === undefined) this.cells.set(cell, (list = []));
        list.push(line);
      }
    }
  }

  /** How many other arrows' lines run through the box (a label over a mesh of parallel arrows). */
  crossings(box: Box, own: ArrowItem): number {
    const seen = new Set<ArrowItem>();
    const last = Math.floor((box.y + box.height) / this.cellPx);
    for (let cell = Math.floor(box.y / this.cellPx); cell <= last; cell++) {
      for (const other of this.cells.get(cell) ?? [])
        if (
          other.arrow !== own &&
          !seen.has(other.arrow) &&
          near(other, box, 0) &&
          distanceToBox(other.ax, other.ay, other.bx, other.by, box) === 0
        )
          seen.add(other.arrow);
    }
    return seen.size;
  }

  /** Whether another arrow's line comes nearer the box than `distance` (its own arrow's). */
  nearer(box: Box, own: ArrowItem, distance: number): boolean {
    // Nothing is nearer than a line that enters the box.
    if (!(distance > 0)) return false;
    const last = Math.floor((box.y + box.height + distance) / this.cellPx);
    for (let cell = Math.floor((box.y - distance) / this.cellPx); cell <= last; cell++) {
      for (const other of this.cells.get(cell) ?? [])
        if (other.arrow !== own && near(other, box, distance) && within(other, box, distance)) return true;
    }
    return false;
  }
}
