import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCapture } from '../trace/import';
import { eventSpans, fitScale, recentSpan, scrollTarget, type Span, type ScrollBox } from './follow';
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

  it('passes over notes without counting them', () => {
    const spans = new Map<number, Span | null>([[2, [0, 10, 5]]]);
    expect(recentSpan(spans, 15)).toBeUndefined();
    for (let note = 3; note < 15; note++) spans.set(note, null);
    expect(recentSpan(spans, 15)).toEqual([0, 10, 5]);
  });
});

describe('scrollTarget', () => {
  const box: ScrollBox = { top: 0, left: 0, width: 400, height: 600, scrollWidth: 400 };

  it('keeps a visible cursor where it is, and brings one out of sight back below the headers', () => {
    expect(scrollTarget(box, 300, 80, undefined, 1)).toEqual({ top: 0, left: 0 });
    expect(scrollTarget(box, 1000, 80, undefined, 1)).toEqual({ top: 1000 - 80 - 520 * 0.6, left: 0 });
    expect(scrollTarget({ ...box, top: 900 }, 950, 80, undefined, 1).top).toBe(950 - 80 - 520 * 0.6);
  });

  it('never scrolls by less than the headers, so the sticky copy hides no row still in view', () => {
    // 420 - 80 - 312 = 28: a scroll of 28 px would put the sticky headers over the first rows.
    expect(scrollTarget({ ...box, top: 500 }, 420, 80, undefined, 1).top).toBe(0);
    expect(scrollTarget({ ...box, height: 200 }, 200, 80, undefined, 1).top).toBe(80);
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

describe('following a capture to its end', () => {
  // print-flags.pcap ends with the note that the client is left in TIME-WAIT.
  const bytes = new Uint8Array(readFileSync(join(import.meta.dirname, '../trace/import/fixtures/print-flags.pcap')));
  const trace = importCapture(bytes);
  const layout = layoutTrace(trace);
  const end = trace.events.length;
  const arrows = layout.items.filter((item): item is ArrowItem => item.type === 'arrow');
  const last = arrows[arrows.length - 1]!;

  it('ends with notes, which pass over to the last packet’s end', () => {
    expect(trace.events[end - 1]?.kind).toBe('note');
    const spans = eventSpans(layout);
    expect(spans.get(end - 1)).toBeNull();
    // The span found is the last packet's, or a state band drawn where it arrived.
    const [left, right] = recentSpan(spans, end)!;
    const within = (x: number) => x >= left && x <= right;
    expect(within(last.x1) || within(last.x2)).toBe(true);
  });

  it('scrolls a viewport narrower than the drawing to the last packet, not to the note’s corner', () => {
    const width = 260;
    const box: ScrollBox = { top: 0, left: 0, width, height: 400, scrollWidth: layout.width };
    const span = recentSpan(eventSpans(layout), end);
    const { left } = scrollTarget(box, layout.bottom, layout.metrics.headerHeight, span, 1);
    // The receiving end of the last ACK (or its sender) is inside the viewport.
    const inView = (x: number) => x >= left && x <= left + width;
    expect(inView(last.x2) || inView(last.x1)).toBe(true);
  });
});
