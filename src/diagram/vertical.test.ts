import { describe, expect, it } from 'vitest';
import { diagramMetrics } from './metrics';
import { firstPasses, lesson, segment, traceOf } from './test-traces';
import { indexTrace } from './trace-index';
import { firstEventOfGroup, latencies, rowRequest } from './vertical';

describe('rowRequest', () => {
  it('puts a deliver below its send, a note across every lane, and hidden calls on no row of their own', () => {
    const trace = lesson('time-wait-reuseaddr');
    const index = indexTrace(trace, true);
    const request = rowRequest(index);
    trace.events.forEach((event, at) => {
      const wanted = request(event, at);
      expect(wanted.lane).toBe(index.eventLane[at]);
      if (event.kind === 'deliver')
        expect(wanted).toMatchObject({ need: 'deliver', after: index.packets.eventOf.get(event.id) });
      if (event.kind === 'call') expect(wanted.need).toBe(index.hidden[at] === 1 ? 'attach' : 'label');
      if (event.kind === 'note') expect(wanted).toMatchObject({ need: 'label', global: true });
    });
  });
});

describe('latencies', () => {
  it('gives each delivered packet’s one-way latency', () => {
    const trace = traceOf([
      segment(0, 1),
      segment(100, 2),
      { t: 5000, kind: 'deliver', id: 1 },
      { t: 5100, kind: 'deliver', id: 2 },
    ]);
    expect(latencies(indexTrace(trace, false))).toEqual([5000, 5000]);
  });
});

describe('placeRows', () => {
  it('starts below the headers, gives every event a y in time order, and ends a row below the last', () => {
    const trace = lesson('tcp-echo');
    const { vertical } = firstPasses(trace);
    const metrics = diagramMetrics(false);
    expect(vertical.top).toBe(metrics.headerHeight + Math.round(metrics.rowPx * 0.9));
    expect(vertical.bottom).toBe(vertical.scale.bottom + metrics.rowPx);
    expect(vertical.latencyPx).toBe(Math.round(metrics.rowPx * 1.6));
    expect(vertical.eventY).toHaveLength(trace.events.length);
    for (let i = 1; i < trace.events.length; i++) {
      if (trace.events[i]!.t > trace.events[i - 1]!.t)
        expect(vertical.eventY[i]).toBeGreaterThan(vertical.eventY[i - 1]!);
    }
    expect(vertical.scale.gaps).toHaveLength(1); // TIME-WAIT
  });

  it('draws the median latency latencyPx tall', () => {
    const trace = traceOf([segment(0, 1), { t: 5000, kind: 'deliver', id: 1 }]);
    const { vertical } = firstPasses(trace, { presentation: true });
    expect(vertical.eventY[1]! - vertical.eventY[0]!).toBeCloseTo(vertical.latencyPx, 6);
  });
});

describe('firstEventOfGroup', () => {
  it('finds the first event of each group of simultaneous events', () => {
    const groups = Int32Array.from([0, 0, 1, 1, 1, 2]);
    expect([0, 1, 2].map((g) => firstEventOfGroup(groups, g))).toEqual([0, 2, 5]);
  });
});
