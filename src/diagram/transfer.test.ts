import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventSpans, spansOf } from './follow';
import { layoutTrace } from './layout';
import { lesson } from './test-traces';
import { itemsWindow, layoutHead, LayoutWindows } from './transfer';

const original = layoutTrace(lesson('tcp-echo'), { width: 1100 });
const meets = (top: number, bottom: number) => (id: number) =>
  original.items[id]!.yMin <= bottom && original.items[id]!.yMax >= top;

/** A page-side layout whose windows are answered as the worker would, through a structured clone. */
function received(margin: number) {
  const asked: [number, number][] = [];
  const windows = new LayoutWindows((top, bottom) => {
    asked.push([top, bottom]);
    windows.receive(structuredClone(itemsWindow(original, top, bottom)));
  }, margin);
  const layout = windows.layout(structuredClone(layoutHead(original)));
  return { layout, windows, asked };
}

describe('a layout held by a worker', () => {
  it('has the head of the layout, each event’s y and span included', () => {
    const { layout } = received(100);
    const { items: _a, query: _b, ...left } = layout;
    const { items: _c, query: _d, ...right } = original;
    expect({ ...left, spans: undefined, window: undefined }).toEqual({ ...right, spans: undefined, window: undefined });
    const sent = spansOf(layout.spans!);
    const here = eventSpans(original);
    for (let index = 0; index < original.eventY.length; index++) expect(sent.get(index)).toEqual(here.get(index));
  });

  it('answers the range it was asked to ensure with every item of the original that meets it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: -100, max: Math.ceil(original.height) }),
        fc.integer({ min: 0, max: 1500 }),
        (margin, top, span) => {
          const { layout } = received(margin);
          layout.window!.ensure(top, top + span);
          const expected = original.query(top, top + span).filter(meets(top, top + span));
          expect(layout.query(top, top + span)).toEqual(expected);
          for (const id of expected) expect(layout.items[id]).toEqual(original.items[id]);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('asks only for rows it does not hold, and lets go of windows left far behind', () => {
    const { layout, asked } = received(50);
    layout.window!.ensure(0, 300);
    layout.window!.ensure(20, 320);
    expect(asked).toEqual([[0, 350]]);
    const step = 400;
    for (let k = 1; k <= 4; k++) layout.window!.ensure(k * step + 100, k * step + 300);
    expect(asked).toHaveLength(5);
    // Four windows are kept: the first one's items that no other holds are gone, and asked again.
    // (A window holds what the worker's y index gives for its range: whole buckets.)
    const first = original.query(0, 350);
    const later = new Set(asked.slice(1).flatMap(([top, bottom]) => original.query(top, bottom)));
    const onlyFirst = first.filter((id) => !later.has(id));
    expect(onlyFirst.length).toBeGreaterThan(0);
    for (const id of onlyFirst) expect(layout.items[id]).toBeUndefined();
    layout.window!.ensure(0, 300);
    expect(asked).toHaveLength(6);
  });

  it('tells its subscribers when items arrive', () => {
    const { layout } = received(0);
    let calls = 0;
    const stop = layout.window!.subscribe(() => calls++);
    layout.window!.ensure(0, 200);
    expect(calls).toBe(1);
    stop();
    layout.window!.ensure(5000, 5200);
    expect(calls).toBe(1);
  });
});
