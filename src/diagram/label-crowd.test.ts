// Presentation mode over a bulk transfer (congestion-control): a label that other arrows' lines
// run through reads as belonging to none, so it is left out; losses, retransmissions and SYN, FIN
// and RST keep theirs. The normal view keeps every label.
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../scenario/library';
import { maxCrossingsInPresentation } from './arrow-labels';
import { ArrowLines } from './arrow-lines';
import { layoutTrace } from './layout';
import type { ArrowItem } from './model';
import { lesson } from './test-traces';

const arrowsOf = (id: string, presentation: boolean) =>
  layoutTrace(lesson(id), { presentation }).items.filter((item): item is ArrowItem => item.type === 'arrow');

describe('labels in a crowd of arrows', () => {
  it('presentation mode: no ordinary label has more than two other lines through it, in any lesson', () => {
    for (const { id } of builtinScenarios) {
      const arrows = arrowsOf(id, true);
      const lines = new ArrowLines(arrows);
      for (const arrow of arrows) {
        if (arrow.label === undefined || arrow.retransmission || arrow.fate === 'dropped') continue;
        if (/SYN|FIN|RST/.test(arrow.flags)) continue;
        expect(lines.crossings(arrow.label, arrow), `${id}: ${arrow.label.text}`).toBeLessThanOrEqual(
          maxCrossingsInPresentation,
        );
      }
    }
  });

  it('congestion-control: the flights lose most labels in presentation mode, the handshake and close keep theirs', () => {
    const presented = arrowsOf('congestion-control', true);
    const labelled = presented.filter((arrow) => arrow.label !== undefined);
    expect(labelled.length).toBeLessThan(presented.length / 4);
    for (const arrow of presented.filter((a) => /SYN|FIN/.test(a.flags) || a.retransmission))
      expect(arrow.label, arrow.flags).toBeDefined();
    // The normal view labels every arrow.
    expect(arrowsOf('congestion-control', false).every((arrow) => arrow.label !== undefined)).toBe(true);
  });

  it('every other lesson keeps in presentation mode every label it has in the normal view', () => {
    for (const { id } of builtinScenarios) {
      if (id === 'congestion-control') continue;
      const normal = arrowsOf(id, false).filter((arrow) => arrow.label !== undefined).length;
      expect(arrowsOf(id, true).filter((arrow) => arrow.label !== undefined).length, id).toBe(normal);
    }
  });
});
