// The event filter in the layout: events it hides take no row, so a packets-only diagram has no
// blank rows where calls, states and timers were; the arrows stay in time order.
import { describe, expect, it } from 'vitest';
import { layoutTrace } from './layout';
import type { ArrowItem } from './model';
import { lesson } from './test-traces';

const arrows = (show: 'packets' | 'calls' | 'all') =>
  layoutTrace(lesson('tcp-echo'), { show }).items.filter((item): item is ArrowItem => item.type === 'arrow');

describe('rows under an event filter', () => {
  it('packets only: shorter than with everything, the first arrow near the top, arrows in time order', () => {
    const all = layoutTrace(lesson('tcp-echo'), { show: 'all' });
    const packets = layoutTrace(lesson('tcp-echo'), { show: 'packets' });
    expect(packets.height).toBeLessThan(all.height);
    const first = arrows('packets')[0]!;
    expect(first.y1 - packets.top).toBeLessThan(arrows('all')[0]!.y1 - all.top);
    const starts = arrows('packets').map((arrow) => arrow.y1);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('calls keep their rows with "calls", and everything is as before with "all"', () => {
    expect(layoutTrace(lesson('tcp-echo'), { show: 'calls' }).height).toBeGreaterThan(
      layoutTrace(lesson('tcp-echo'), { show: 'packets' }).height,
    );
    expect(layoutTrace(lesson('tcp-echo'), { show: 'all' }).height).toBe(layoutTrace(lesson('tcp-echo')).height);
  });
});
