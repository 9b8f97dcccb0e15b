// The time column: one tick per distinct instant, and the column's width from the widest tick.
import type { LayoutContext } from './context';
import type { Metrics, TickItem } from './model';
import { formatInstant } from './notation';
import { firstEventOfGroup, type Vertical } from './vertical';

export function timeTicks(context: LayoutContext, vertical: Vertical): TickItem[] {
  const { rows, scale } = vertical;
  return rows.groups.map((group, g) => ({
    type: 'tick',
    first: firstEventOfGroup(rows.group, g),
    y: scale.groupY[g]!,
    t: group.t,
    label: context.label(formatInstant(group.t, context.lang), 'sans'),
    yMin: 0,
    yMax: 0,
  }));
}

/** The metrics with the time column as wide as its widest tick, within limits. */
export function withTimeColumn(metrics: Metrics, ticks: readonly TickItem[]): Metrics {
  return {
    ...metrics,
    timeColumnPx:
      Math.min(
        130,
        ticks.reduce((widest, tick) => Math.max(widest, tick.label.width), 60),
      ) + 10,
  };
}
