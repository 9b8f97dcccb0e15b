import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../scenario/library';
import { lineBoxDistance } from './arrow-lines';
import { layoutTrace } from './layout';
import type { ArrowItem } from './model';
import { lesson } from './test-traces';

/** Every labelled arrow of a lesson at its last step: its label's distance to its own line and to the nearest other. */
function distances(id: string, presentation: boolean): { own: number; other: number; text: string }[] {
  const layout = layoutTrace(lesson(id), { presentation });
  const arrows = layout.items.filter((item): item is ArrowItem => item.type === 'arrow');
  return arrows.flatMap((arrow) => {
    const label = arrow.label;
    if (label === undefined) return [];
    const other = arrows.reduce(
      (nearest, candidate) => (candidate === arrow ? nearest : Math.min(nearest, lineBoxDistance(candidate, label))),
      Infinity,
    );
    return [{ own: lineBoxDistance(arrow, label), other, text: label.text }];
  });
}

describe('each label on its own arrow', () => {
  for (const presentation of [false, true]) {
    it(`every lesson${presentation ? ' in presentation mode' : ''}: within 12 px of its own line, nearer it than any other`, () => {
      let largest = 0;
      for (const { id } of builtinScenarios) {
        for (const label of distances(id, presentation)) {
          largest = Math.max(largest, label.own);
          expect(label.own, `${id}: ${label.text}`).toBeLessThanOrEqual(12);
          expect(label.other, `${id}: ${label.text}`).toBeGreaterThanOrEqual(label.own);
        }
      }
      expect(largest).toBeLessThanOrEqual(12);
    });
  }
});
