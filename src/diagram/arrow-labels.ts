// An arrow's ends across (from the bar of the sender to the band of the receiver; a dropped one
// stops half-way at its cross) and its label: the first free spot along the visible part.
import type { Box } from './boxes';
import type { LabelBoard } from './label-board';
import { place } from './label-board';
import type { ArrowItem, Lane, Metrics } from './model';

/** Spots along the arrow, as fractions of its length, best first. */
const stops = [0.5, 0.38, 0.62, 0.26, 0.74, 0.15, 0.85];
const dropStops = [0.55, 0.4, 0.7, 0.25, 0.85];
/** Above the line first, then below it, then further away a label height at a time when arrows crowd. */
const offsets = [
  [false, 0],
  [true, 0],
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

export function placeArrow(board: LabelBoard, arrow: ArrowItem): void {
  arrowGeometry(arrow, board.lane(arrow.fromLane), board.lane(arrow.toLane), board.metrics);
  const label = arrow.label;
  if (label === undefined) return;
  const spot = labelSpot(board, arrow, label);
  if (spot === undefined) return;
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
): { box: Box; x: number; cost: number } | undefined {
  const dropped = arrow.fate === 'dropped';
  const dx = (dropped ? arrow.crossX : arrow.x2) - arrow.x1;
  const dy = (dropped ? arrow.crossY : arrow.y2) - arrow.y1;
  const slope = dx === 0 ? 0 : Math.abs(dy / dx);
  const lift = Math.min(slope * (label.width / 2), board.metrics.rowPx * 3);
  let best: { box: Box; x: number; cost: number } | undefined;
  for (const [below, away] of offsets) {
    for (const s of dropped ? dropStops : stops) {
      const px = arrow.x1 + dx * s;
      const py = arrow.y1 + dy * s;
      const shift = lift + 2 + away * (label.height + 2);
      const y = below ? py + shift : py - shift - label.height;
      const box = { x: px - label.width / 2, y, width: label.width, height: label.height };
      const cost = board.collision(box);
      if (best === undefined || cost < best.cost) best = { box, x: px, cost };
      if (cost === 0) return best;
    }
  }
  return best;
}
