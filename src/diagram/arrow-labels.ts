// An arrow's ends across (from the bar of the sender to the band of the receiver; a dropped one
// stops half-way at its cross) and its label: the first free spot along the visible part.
import type { Box } from './boxes';
import type { LabelBoard } from './label-board';
import { place } from './label-board';
import { ArrowLines, lineBoxDistance } from './arrow-lines';
import type { ArrowItem, Lane, Metrics } from './model';

/** Spots along the arrow, as fractions of its length, best first. */
const stops = [0.5, 0.38, 0.62, 0.26, 0.74, 0.15, 0.85];
const dropStops = [0.55, 0.4, 0.7, 0.25, 0.85];
/**
 * Above the line first, then below it, then across it (the halo hides the line under the label),
 * then further away a label height at a time when arrows crowd. Away -1 is across the line.
 */
const offsets = [
  [false, 0],
  [true, 0],
  [false, -1],
  [false, 1],
  [true, 1],
  [false, 2],
  [true, 2],
] as const;

export function arrowGeometry(arrow: ArrowItem, from: Lane, to: Lane, metrics: Metrics): void {
  const direction = to.x >= from.x ? 1 : -1;
  const sameLane = from.index === to.index;
  arrow.x1 = from.x + (sameLane ? 0 : direction * (metrics.barPx / 2));
  arrow.x2 = sameLane ? from.x + 40 : to.x - direction * (metrics.bandPx / 2 + 1);
  if (arrow.fate === 'dropped') {
    arrow.crossX = (arrow.x1 + arrow.x2) / 2;
    arrow.crossY = arrow.y2;
    arrow.y2 = arrow.y1 + 2 * (arrow.crossY - arrow.y1);
  } else {
    arrow.crossX = arrow.x2;
    arrow.crossY = arrow.y2;
  }
  arrow.yMin = arrow.y1 - 4;
  arrow.yMax = Math.max(arrow.y2, arrow.y1) + 4;
}

/** Sets an arrow's ends and places its label (alone: no other arrow's line is checked). */
export function placeArrow(board: LabelBoard, arrow: ArrowItem): void {
  arrowGeometry(arrow, board.lane(arrow.fromLane), board.lane(arrow.toLane), board.metrics);
  placeArrowLabel(board, arrow);
}

/**
 * Presentation mode drops a label that more than this many other arrows' lines would run through:
 * over a flight of parallel segments (a bulk transfer) a label per arrow covers the lines and reads
 * as belonging to none; the arrows keep their titles, and the explanation names the current one.
 */
export const maxCrossingsInPresentation = 2;

/** What a lesson is about keeps its label even in a crowd: a loss, a retransmission, SYN, FIN or RST. */
const notable = (arrow: ArrowItem): boolean =>
  arrow.fate === 'dropped' || arrow.retransmission || /SYN|FIN|RST/.test(arrow.flags);

/**
 * Places the label of an arrow whose ends are set, nearer its own line than any other when it can.
 * `thin` (presentation mode) leaves it out where other lines cross it (see maxCrossingsInPresentation).
 */
export function placeArrowLabel(board: LabelBoard, arrow: ArrowItem, lines?: ArrowLines, thin = false): void {
  const label = arrow.label;
  if (label === undefined) return;
  const spot = labelSpot(board, arrow, label, lines);
  if (spot === undefined) return;
  if (thin && !notable(arrow) && lines !== undefined && lines.crossings(spot.box, arrow) > maxCrossingsInPresentation) {
    arrow.label = undefined;
    return;
  }
  if (spot.cost > 0) board.overlaps++;
  place(label, spot.box, spot.x, 'middle');
  board.add(label);
  arrow.yMin = Math.min(arrow.yMin, label.y);
  arrow.yMax = Math.max(arrow.yMax, label.y + label.height);
}

/** The least crowded box for the label along the arrow (the first free one), and the x of its anchor. */
export function labelSpot(
  board: LabelBoard,
  arrow: ArrowItem,
  label: { width: number; height: number },
  lines?: ArrowLines,
): { box: Box; x: number; cost: number } | undefined {
  const dropped = arrow.fate === 'dropped';
  const dx = (dropped ? arrow.crossX : arrow.x2) - arrow.x1;
  const dy = (dropped ? arrow.crossY : arrow.y2) - arrow.y1;
  const slope = dx === 0 ? 0 : Math.abs(dy / dx);
  const lift = Math.min(slope * (label.width / 2), board.metrics.rowPx * 3);
  // Best: free and nearer its own line than any other; then free; then the least crowded.
  let best: { box: Box; x: number; cost: number; rank: number } | undefined;
  for (const [below, away] of offsets) {
    for (const s of dropped ? dropStops : stops) {
      const px = arrow.x1 + dx * s;
      const py = arrow.y1 + dy * s;
      // Clear of the line only where the line runs under the label (a short arrow ends before it).
      const [top, bottom] = lineSpan(arrow.x1, arrow.y1, dx, dy, px - label.width / 2, px + label.width / 2, lift, py);
      const gap = 2 + away * (label.height + 2);
      const y = away < 0 ? py - label.height / 2 : below ? bottom + gap : top - gap - label.height;
      const box = { x: px - label.width / 2, y, width: label.width, height: label.height };
      const cost = board.collision(box);
      // (Checked only for a free spot: a crowded one ranks last anyway.)
      const astray = cost === 0 && lines !== undefined && lines.nearer(box, arrow, lineBoxDistance(arrow, box));
      const rank = (cost > 0 ? 2 : 0) + (astray ? 1 : 0);
      if (best === undefined || rank < best.rank || (rank === best.rank && cost < best.cost))
        best = { box, x: px, cost, rank };
      if (rank === 0) return best;
    }
  }
  return best;
}

/**
 * The highest and lowest y of the arrow's line between x = left and x = right (its part under a
 * label there); a vertical or degenerate line gives py -/+ lift.
 */
function lineSpan(
  x1: number,
  y1: number,
  dx: number,
  dy: number,
  left: number,
  right: number,
  lift: number,
  py: number,
): [number, number] {
  if (dx === 0) return [py - lift, py + lift];
  const from = Math.max(Math.min(x1, x1 + dx), left);
  const to = Math.min(Math.max(x1, x1 + dx), right);
  if (from > to) return [py, py];
  const ya = y1 + ((from - x1) / dx) * dy;
  const yb = y1 + ((to - x1) / dx) * dy;
  return [Math.min(ya, yb), Math.max(ya, yb)];
}
