// ArrowLines answers from its index and its shortcuts (a box wholly on one side of a line) exactly
// what measuring every other line would: the labels' placement must not depend on the shortcut.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArrowLines, lineBoxDistance } from './arrow-lines';
import type { Box } from './boxes';
import type { ArrowItem } from './model';

const coordinate = fc.integer({ min: 0, max: 600 }).map((value) => value / 2);

const arrowOf = (x1: number, y1: number, x2: number, y2: number, dropped: boolean): ArrowItem =>
  ({
    type: 'arrow',
    fate: dropped ? 'dropped' : 'delivered',
    x1,
    y1,
    x2: dropped ? x2 + 40 : x2,
    y2: dropped ? y2 + 30 : y2,
    crossX: x2,
    crossY: y2,
  }) as ArrowItem;

const arrow = fc
  .tuple(coordinate, coordinate, coordinate, coordinate, fc.boolean())
  .map(([x1, y1, x2, y2, dropped]) => arrowOf(x1, y1, x2, y2, dropped));
const box = fc
  .tuple(coordinate, coordinate, fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 40 }))
  .map(([x, y, width, height]): Box => ({ x, y, width, height }));

describe('ArrowLines', () => {
  it('nearer and crossings agree with measuring every other line', () => {
    fc.assert(
      fc.property(fc.array(arrow, { minLength: 1, maxLength: 30 }), box, fc.nat(), (arrows, label, pick) => {
        const own = arrows[pick % arrows.length]!;
        const lines = new ArrowLines(arrows);
        const others = arrows.filter((other) => other !== own);
        const distance = lineBoxDistance(own, label);
        expect(lines.nearer(label, own, distance)).toBe(
          others.some((other) => lineBoxDistance(other, label) < distance),
        );
        // Crossing: entering the box, not only touching its edge from outside (bounding boxes overlap).
        const overlaps = (other: ArrowItem) => {
          const endX = other.fate === 'dropped' ? other.crossX : other.x2;
          const endY = other.fate === 'dropped' ? other.crossY : other.y2;
          return (
            Math.min(other.x1, endX) < label.x + label.width &&
            Math.max(other.x1, endX) > label.x &&
            Math.min(other.y1, endY) < label.y + label.height &&
            Math.max(other.y1, endY) > label.y
          );
        };
        expect(lines.crossings(label, own)).toBe(
          new Set(others.filter((other) => overlaps(other) && lineBoxDistance(other, label) === 0)).size,
        );
      }),
      { seed: 9, numRuns: 2000 },
    );
  });

  it('a line entering the box is at distance 0; a parallel one a row away is not nearer', () => {
    const label = { x: 100, y: 100, width: 60, height: 14 };
    const own = arrowOf(0, 80, 300, 150, false);
    expect(lineBoxDistance(own, label)).toBe(0);
    const above = arrowOf(0, 40, 300, 110, false);
    const lines = new ArrowLines([own, above]);
    expect(lines.nearer(label, above, lineBoxDistance(above, label))).toBe(true);
    expect(lines.nearer(label, own, 0)).toBe(false);
  });
});
