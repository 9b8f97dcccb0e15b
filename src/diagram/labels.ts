// The layout's last pass: every item gets its x and its label a place, fixed labels first (time
// ticks, gaps, states, calls, notes), then arrow labels where they find room, then timer labels,
// which are optional and only drawn where there is room.
import type { TimerKind } from '../trace/types';
import { arrowGeometry, placeArrowLabel } from './arrow-labels';
import { ArrowLines } from './arrow-lines';
import type { LayoutContext } from './context';
import type { Items } from './items';
import { LabelBoard, place } from './label-board';
import type { BandItem, BarItem, GapItem, Lane, Metrics, NoteItem, TickItem, TimerItem } from './model';
import { formatDuration } from './notation';
import { firstEventOfGroup, type Vertical } from './vertical';

/** Up to this many arrows, each label is checked to be nearer its own arrow than any other. */
const maxCheckedArrows = 20_000;

export function placeLabels(
  context: LayoutContext,
  lanes: readonly Lane[],
  vertical: Vertical,
  items: Items,
  ticks: readonly TickItem[],
): { gaps: GapItem[]; overlaps: number } {
  const board = new LabelBoard(lanes, context.metrics);
  placeTicks(ticks, context.metrics);
  const gaps = gapItems(context, vertical, board);
  placeBands(board, items.bands);
  placeBars(board, items.bars);
  placeNotes(board, items.notes, vertical.eventY);
  // Every arrow's line first, so each label can keep nearer its own arrow than any other.
  for (const arrow of items.arrows)
    arrowGeometry(arrow, board.lane(arrow.fromLane), board.lane(arrow.toLane), context.metrics);
  // A limit: on a bulk capture (dense parallel arrows) the check would triple the layout's time.
  const lines = items.arrows.length <= maxCheckedArrows ? new ArrowLines(items.arrows) : undefined;
  for (const arrow of items.arrows) placeArrowLabel(board, arrow, lines, context.presentation);
  placeTimers(context, board, items.timers);
  return { gaps, overlaps: board.overlaps };
}

/** Ticks fill the time column, right-aligned; nothing else goes there. */
function placeTicks(ticks: readonly TickItem[], metrics: Metrics): void {
  for (const tick of ticks) {
    place(
      tick.label,
      { x: 4, y: tick.y - metrics.labelHeight / 2, width: metrics.timeColumnPx - 8, height: metrics.labelHeight },
      metrics.timeColumnPx - 9,
      'end',
    );
    tick.yMin = tick.label.y;
    tick.yMax = tick.label.y + tick.label.height;
  }
}

/** A compressed idle gap, marked with its duration across the middle of the diagram. */
function gapItems(context: LayoutContext, vertical: Vertical, board: LabelBoard): GapItem[] {
  const { metrics, lang } = context;
  return vertical.scale.gaps.map((gap): GapItem => {
    const label = context.label(
      context.t('diagram.gap', { duration: formatDuration(gap.t1 - gap.t0, lang) }),
      'sans',
      true,
    );
    const y0 = gap.y0 + metrics.rowPx * 0.6;
    const y1 = gap.y1 - metrics.rowPx * 0.6;
    const left = board.lane(0).x;
    const cx = board.laneCount > 1 ? (left + board.lane(board.laneCount - 1).x) / 2 : left + 80;
    place(
      label,
      { x: cx - label.width / 2, y: (y0 + y1) / 2 - label.height / 2, width: label.width, height: label.height },
      cx,
      'middle',
    );
    board.fix(label);
    const first = firstEventOfGroup(vertical.rows.group, gap.group);
    return { type: 'gap', first, y0, y1, t0: gap.t0, t1: gap.t1, label, yMin: y0, yMax: y1 };
  });
}

function placeBands(board: LabelBoard, bands: readonly BandItem[]): void {
  for (const band of bands) {
    const lane = board.lane(band.lane);
    // A merged lane's other sockets: side by side, away from the side its labels are on.
    band.x = lane.x + band.slot * Math.round(board.metrics.bandPx * 0.6) * (lane.side === 'left' ? 1 : -1);
    board.beside(lane, band.label, band.y0);
    board.fix(band.label);
    band.yMin = Math.min(band.y0, band.label.y);
    band.yMax = Math.max(band.y1, band.label.y + band.label.height);
  }
}

/** A call's name beside its start, its errno (if any) beside its end. */
function placeBars(board: LabelBoard, bars: readonly BarItem[]): void {
  for (const bar of bars) {
    const lane = board.lane(bar.lane);
    bar.x = lane.x;
    if (bar.label) {
      board.beside(lane, bar.label, bar.y0);
      board.fix(bar.label);
    }
    if (bar.errnoLabel) {
      board.beside(lane, bar.errnoLabel, bar.y1);
      board.fix(bar.errnoLabel);
    }
    bar.yMin = bar.y0 - board.metrics.labelHeight / 2;
    bar.yMax = bar.y1 + board.metrics.labelHeight / 2;
  }
}

/** Notes across the lanes, centred between the outer lifelines, starting clear of the time column. */
function placeNotes(board: LabelBoard, notes: readonly NoteItem[], eventY: Float64Array): void {
  const { metrics } = board;
  const first = board.lane(0).x;
  const last = board.lane(board.laneCount - 1).x;
  for (const note of notes) {
    const label = note.label;
    const centre = board.laneCount > 1 ? (first + last) / 2 : first + 20 + label.width / 2;
    const x = Math.max(metrics.timeColumnPx + 4, Math.round(centre - label.width / 2));
    const y = eventY[note.eventIndex]! - metrics.labelHeight / 2;
    place(label, { x, y, width: label.width, height: label.height }, x + label.width / 2, 'middle');
    // The first line's middle, as for a one-line label; the others follow below it.
    label.ty = y + metrics.labelHeight / 2;
    board.fix(note.label);
    note.yMin = note.label.y;
    note.yMax = note.label.y + note.label.height;
  }
}

/** Bracket columns, counted outwards from the band, so concurrent timers stay apart. */
const timerSlot: Record<TimerKind, number> = {
  retransmit: 0,
  'time-wait': 0,
  'delayed-ack': 1,
  'fin-wait-2': 1,
  keepalive: 2,
  persist: 2,
  timeout: 3,
};

/** Brackets inside the lifeline's label side; a label only on a long bracket, at the first free row. */
export function placeTimers(context: LayoutContext, board: LabelBoard, timers: readonly TimerItem[]): void {
  const { metrics, presentation, t } = context;
  for (const timer of timers) {
    const lane = board.lane(timer.lane);
    const inward = lane.side === 'left' ? 1 : -1;
    timer.x = lane.x + inward * (metrics.bandPx / 2 + 5 + timerSlot[timer.timer] * 7);
    timer.tick = inward === 1 ? -1 : 1;
    timer.yMin = timer.y0 - 2;
    timer.yMax = timer.y1 + 2;
    const long = timer.y1 - timer.y0 >= metrics.rowPx * (presentation ? 3 : 1.5);
    if (!long || (presentation && timer.timer !== 'time-wait')) continue;
    const text =
      timer.timer === 'time-wait' && timer.dueAt !== undefined
        ? t('diagram.timerShort.time-wait', { duration: formatDuration(timer.dueAt - timer.setAt, context.lang) })
        : t(`diagram.timerShort.${timer.timer}`);
    const label = context.label(text, 'sans');
    const bx = inward === 1 ? timer.x + 4 : timer.x - 4 - label.width;
    for (let y = timer.y0 + metrics.rowPx * 0.5; y + label.height <= timer.y1; y += metrics.rowPx) {
      const box = { x: bx, y, width: label.width, height: label.height };
      if (board.collision(box) > 0) continue;
      place(label, box, inward === 1 ? bx + 5 : bx + label.width - 5, inward === 1 ? 'start' : 'end');
      board.add(label);
      timer.label = label;
      break;
    }
  }
}
