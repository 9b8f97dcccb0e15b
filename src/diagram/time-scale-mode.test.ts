// The time scale the user chooses (issue 8): compressed idle gaps, or proportional time where a
// Nagle or delayed-ACK stall is drawn as the gap it is.
import { describe, expect, it } from 'vitest';
import { findScenario } from '../scenario/library';
import { simulate } from '../sim';
import { layoutTrace } from './layout';

const nagle = simulate(findScenario('nagle')!);
const gaps = (mode: 'compressed' | 'proportional') =>
  layoutTrace(nagle, { timeScale: mode }).items.filter((item) => item.type === 'gap');

describe('time scale modes', () => {
  it('compressed cuts nagle\u2019s 40 ms stalls short and marks them', () => {
    expect(gaps('compressed').length).toBeGreaterThanOrEqual(7);
  });

  it('proportional draws every stall to scale: only the 60 s TIME-WAIT is still cut', () => {
    const cut = gaps('proportional');
    expect(cut).toHaveLength(1);
    expect((cut[0] as { t1: number; t0: number }).t1 - (cut[0] as { t0: number }).t0).toBeGreaterThan(1_000_000);
    // The first stall (a delayed ACK, 1.35 -> 44 ms) is as tall as the longest wait: 8 rows.
    const layout = layoutTrace(nagle, { timeScale: 'proportional' });
    const y = (pick: (t: number) => boolean, last: boolean) => {
      const indices = nagle.events.map((e, i) => (pick(e.t) ? i : -1)).filter((i) => i >= 0);
      return layout.eventY[(last ? indices.at(-1) : indices[0]) ?? 0] ?? 0;
    };
    const before = y((t) => t <= 1_350, true);
    const after = y((t) => t >= 44_000, false);
    expect(after - before).toBeGreaterThanOrEqual(6 * layout.metrics.rowPx);
  });

  it('is the default only when asked: layouts without the option are compressed', () => {
    expect(layoutTrace(nagle).height).toBe(layoutTrace(nagle, { timeScale: 'compressed' }).height);
  });
});
