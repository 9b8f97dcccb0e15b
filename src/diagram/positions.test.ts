import { describe, expect, it } from 'vitest';
import type { LaneSpec } from './lanes';
import { diagramMetrics } from './metrics';
import type { ArrowItem, TickItem } from './model';
import { buildItems, sideWidths } from './items';
import { fitGaps, headerWidth, labelSides, placeLanes } from './positions';
import { firstPasses, lesson } from './test-traces';
import { timeTicks, withTimeColumn } from './ticks';

const spec = (index: number, host: string, fd?: number): LaneSpec => ({
  index,
  host,
  addr: '10.0.0.1',
  hostIndex: 0,
  fd,
  shared: false,
});
const arrow = (fromLane: number, toLane: number) => ({ fromLane, toLane }) as ArrowItem;

describe('labelSides', () => {
  it('puts labels on the side facing away from most arrows, outwards when there are none', () => {
    const specs = [spec(0, 'a'), spec(1, 'b'), spec(2, 'c')];
    expect(labelSides(specs, [arrow(1, 0), arrow(1, 0), arrow(1, 2), arrow(2, 2)])).toEqual(['left', 'right', 'right']);
    expect(labelSides(specs, [])).toEqual(['left', 'left', 'right']);
    expect(labelSides([spec(0, 'a')], [])).toEqual(['right']);
  });
});

describe('fitGaps', () => {
  const spacing = { gaps: [300, 110, 300], floors: [200, 110, 250], leftNeed: 50, rightNeed: 50 };
  const hostGaps = [true, false, true];

  it('narrows the gaps between hosts to the width available, never below their floors', () => {
    expect(fitGaps(spacing, hostGaps, 70, 800)).toEqual([260, 110, 260]);
    expect(fitGaps(spacing, hostGaps, 70, 300)).toEqual([200, 110, 250]);
  });

  it('spreads them over a wider screen, within reason, and keeps them with no width given', () => {
    expect(fitGaps(spacing, hostGaps, 70, 1000)).toEqual([360, 110, 360]);
    expect(fitGaps(spacing, hostGaps, 70, 5000)).toEqual([560, 110, 560]);
    expect(fitGaps(spacing, hostGaps, 70, 0)).toEqual(spacing.gaps);
  });
});

describe('placeLanes', () => {
  it('places lanes left to right after the time column, with one header centred over each host', () => {
    const { context: measured, index, vertical } = firstPasses(lesson('tcp-echo'));
    const items = buildItems(measured, index, vertical);
    const context = { ...measured, metrics: withTimeColumn(measured.metrics, timeTicks(measured, vertical)) };
    const { lanes, hosts, width } = placeLanes(context, index.lanes, items, sideWidths(3, items), 0);
    expect(lanes[0]!.x).toBeGreaterThan(context.metrics.timeColumnPx);
    expect(lanes.map((lane) => lane.x)).toEqual([...lanes.map((lane) => lane.x)].sort((a, b) => a - b));
    expect(width).toBeGreaterThan(lanes[2]!.x);
    expect(hosts.map((host) => [host.host, host.lanes])).toEqual([
      ['server', [0, 1]],
      ['client', [2]],
    ]);
    expect(hosts[0]!.x).toBe((lanes[0]!.x + lanes[1]!.x) / 2);
    expect(hosts[0]!.width).toBeGreaterThanOrEqual(headerWidth(context, { ...index.lanes[0]!, fd: undefined }));
  });
});

describe('the time column', () => {
  it('is as wide as its widest tick, between 70 and 140 px', () => {
    const metrics = diagramMetrics(false);
    const tick = (width: number) => ({ label: { width } }) as TickItem;
    expect(withTimeColumn(metrics, [tick(20)]).timeColumnPx).toBe(70);
    expect(withTimeColumn(metrics, [tick(20), tick(90)]).timeColumnPx).toBe(100);
    expect(withTimeColumn(metrics, [tick(400)]).timeColumnPx).toBe(140);
    expect(withTimeColumn(metrics, [])).toEqual({ ...metrics, timeColumnPx: 70 });
  });

  it('has one tick per instant, at its first event', () => {
    const { context, vertical } = firstPasses(lesson('tcp-echo'));
    const ticks = timeTicks(context, vertical);
    expect(ticks).toHaveLength(vertical.rows.groups.length);
    expect(ticks[0]).toMatchObject({ first: 0, t: 0, label: { text: '0 s' }, y: vertical.top });
  });
});
