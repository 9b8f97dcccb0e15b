import { describe, expect, it } from 'vitest';
import { arrowGeometry, labelSpot, placeArrow } from './arrow-labels';
import { overlaps } from './boxes';
import { textLabeler } from './context';
import { LabelBoard } from './label-board';
import { placeTimers } from './labels';
import { estimateText } from './measure';
import { diagramMetrics } from './metrics';
import type { ArrowItem, Lane, TimerItem } from './model';
import { firstPasses, traceOf } from './test-traces';

const metrics = { ...diagramMetrics(false), timeColumnPx: 70 };
const label = textLabeler(estimateText, metrics);
const lane = (index: number, x: number, side: Lane['side']): Lane => ({
  index,
  host: `h${index}`,
  addr: '',
  hostIndex: index,
  shared: false,
  x,
  side,
  testId: `lifeline-h${index}`,
});
const lanes = [lane(0, 100, 'left'), lane(1, 500, 'right')];

function arrow(fields: Partial<ArrowItem>): ArrowItem {
  return {
    type: 'arrow',
    fromLane: 0,
    toLane: 1,
    fate: 'delivered',
    y1: 200,
    y2: 240,
    x1: 0,
    x2: 0,
    crossX: 0,
    crossY: 0,
    yMin: 0,
    yMax: 0,
    ...fields,
  } as ArrowItem;
}

describe('textLabeler', () => {
  it('measures the text with some padding, at the label height', () => {
    expect(label('SYN', 'mono')).toMatchObject({ width: Math.ceil(estimateText('SYN', 16, 'mono')) + 10, height: 23 });
    expect(label('LISTEN', 'sans', true).bold).toBe(true);
  });
});

describe('LabelBoard', () => {
  it('puts labels beside a lifeline on its side, and counts fixed labels that touch', () => {
    const board = new LabelBoard(lanes, metrics);
    const left = label('ESTABLISHED', 'sans', true);
    board.beside(board.lane(0), left, 300);
    expect(left.x + left.width).toBe(100 - (metrics.bandPx / 2 + 6));
    expect(left).toMatchObject({ anchor: 'end', ty: 300 });
    const right = label('ESTABLISHED', 'sans', true);
    board.beside(board.lane(1), right, 300);
    expect(right).toMatchObject({ x: 500 + metrics.bandPx / 2 + 6, anchor: 'start' });
    board.fix(left);
    board.fix(right);
    expect(board.overlaps).toBe(0);
    board.fix({ ...left });
    expect(board.overlaps).toBe(1);
    expect(board.lane(7)).toBe(lanes[0]);
  });
});

describe('arrow labels', () => {
  it('ends a dropped arrow in a cross half-way, and mirrors its end so the slope is kept', () => {
    const dropped = arrow({ fate: 'dropped', y2: 240 });
    arrowGeometry(dropped, lanes[0]!, lanes[1]!, metrics);
    expect(dropped.x1).toBe(100 + metrics.barPx / 2);
    expect(dropped.x2).toBe(500 - (metrics.bandPx / 2 + 1));
    expect([dropped.crossX, dropped.crossY, dropped.y2]).toEqual([(dropped.x1 + dropped.x2) / 2, 240, 280]);
  });

  it('puts a label at the middle of its arrow, and elsewhere along it when that spot is taken', () => {
    const board = new LabelBoard(lanes, metrics);
    const first = arrow({ label: label('SYN seq=0', 'mono') });
    placeArrow(board, first);
    expect(first.label!.tx).toBeCloseTo((first.x1 + first.x2) / 2, 6);
    expect(first.label!.y + first.label!.height).toBeLessThan(220); // above the line
    expect(first.yMin).toBe(first.label!.y);
    const second = arrow({ label: label('SYN seq=0', 'mono') });
    placeArrow(board, second);
    expect(overlaps(first.label!, second.label!)).toBe(false);
    expect(board.overlaps).toBe(0);
  });

  it('reports the least crowded spot when every spot is taken', () => {
    const board = new LabelBoard(lanes, metrics);
    board.fix({ ...label('x', 'sans'), x: 0, y: 0, width: 1000, height: 1000 });
    const crowded = arrow({});
    arrowGeometry(crowded, lanes[0]!, lanes[1]!, metrics);
    expect(labelSpot(board, crowded, { width: 50, height: 20 })?.cost).toBeGreaterThan(0);
  });
});

describe('placeTimers', () => {
  it('puts brackets inside the label side, and a label only on a long bracket with room', () => {
    const { context } = firstPasses(traceOf([]));
    const board = new LabelBoard(lanes, metrics);
    const bracket = (y1: number) =>
      ({ lane: 0, timer: 'retransmit', y0: 100, y1, tick: 1, x: 0, setAt: 0, endAt: 0 }) as TimerItem;
    const short = bracket(110);
    const long = bracket(300);
    placeTimers({ ...context, metrics }, board, [short, long]);
    expect(short.x).toBe(100 + metrics.bandPx / 2 + 5);
    expect(short.tick).toBe(-1);
    expect(short.label).toBeUndefined();
    expect(long.label?.text).toBeTruthy();
    expect(long.label!.y).toBeGreaterThanOrEqual(100);
    expect(long.label!.y + long.label!.height).toBeLessThanOrEqual(300);
  });
});
