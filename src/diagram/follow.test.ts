import { describe, expect, it } from 'vitest';
import { eventSpans, fitScale, recentSpan, scrollTarget, type ScrollBox } from './follow';
import { layoutTrace } from './layout';
import type { ArrowItem } from './model';
import { lesson } from './test-traces';

describe('eventSpans', () => {
  it('spans an arrow’s send and its end across the arrow, focused on the end each one shows', () => {
    const layout = layoutTrace(lesson('tcp-retransmission'));
    const spans = eventSpans(layout);
    const dropped = layout.items.find((item): item is ArrowItem => item.type === 'arrow' && item.fate === 'dropped')!;
    const [left, right] = [Math.min(dropped.x1, dropped.x2), Math.max(dropped.x1, dropped.x2)];
    expect(spans.get(dropped.eventIndex)).toEqual([left, right, dropped.x1]);
    expect(spans.get(dropped.endIndex)).toEqual([left, right, dropped.crossX]);
  });
});

describe('fitScale', () => {
  it('shrinks a slightly too wide drawing to fit, and leaves others alone', () => {
    expect(fitScale(900, 1000)).toBe(0.9);
    expect(fitScale(500, 1000)).toBe(1);
    expect(fitScale(1200, 1000)).toBe(1);
    expect(fitScale(0, 1000)).toBe(1);
  });
});

describe('recentSpan', () => {
  it('finds the newest shown event drawn across, looking back a few events only', () => {
    const spans = new Map([[2, [0, 10, 5] as const]]);
    expect(recentSpan(spans, 5)).toEqual([0, 10, 5]);
    expect(recentSpan(spans, 2)).toBeUndefined();
    expect(recentSpan(spans, 20)).toBeUndefined();
  });
});

describe('scrollTarget', () => {
  const box: ScrollBox = { top: 0, left: 0, width: 400, height: 600, scrollWidth: 400 };

  it('keeps a visible cursor where it is, and brings one out of sight back below the headers', () => {
    expect(scrollTarget(box, 300, 80, undefined, 1)).toEqual({ top: 0, left: 0 });
    expect(scrollTarget(box, 1000, 80, undefined, 1)).toEqual({ top: 1000 - 80 - 520 * 0.6, left: 0 });
    expect(scrollTarget({ ...box, top: 900 }, 950, 80, undefined, 1).top).toBe(950 - 80 - 520 * 0.6);
  });

  it('follows the newest event sideways when the drawing is wider than the viewport', () => {
    const wide = { ...box, scrollWidth: 2000 };
    expect(scrollTarget(wide, 300, 80, [100, 300, 100], 1).left).toBe(0);
    expect(scrollTarget(wide, 300, 80, [900, 1100, 900], 1).left).toBe(800);
    // Too wide a span to show whole: centre its focus.
    expect(scrollTarget(wide, 300, 80, [500, 1500, 1500], 1).left).toBe(1300);
    expect(scrollTarget(box, 300, 80, [900, 1100, 900], 1).left).toBe(0);
  });
});
