import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layoutTrace } from './layout';
import { lesson } from './test-traces';
import { itemSlices, LayoutAssembler, layoutHead } from './transfer';

describe('a layout sent in slices', () => {
  const original = layoutTrace(lesson('tcp-echo'), { width: 1100 });
  /** What postMessage does to each message: a structured clone. */
  const sent = (size: number) => {
    const assembler = new LayoutAssembler();
    for (const slice of itemSlices(original, size)) assembler.add(structuredClone(slice));
    return assembler.finish(structuredClone(layoutHead(original)));
  };

  it('arrives as the layout that was sent, items and head alike', () => {
    const received = sent(7);
    const { query: _a, ...left } = received;
    const { query: _b, ...right } = original;
    expect(left).toEqual(right);
    expect(received.eventY).toBeInstanceOf(Float64Array);
  });

  it('answers every y range as the original does, whatever the slice size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: -100, max: Math.ceil(original.height) }),
        fc.integer({ min: 0, max: 2000 }),
        (size, top, span) => {
          expect(sent(size).query(top, top + span)).toEqual(original.query(top, top + span));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('answers a y range with every item that meets it, and only items of the buckets it meets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -100, max: Math.ceil(original.height) }),
        fc.integer({ min: 0, max: 2000 }),
        (top, span) => {
          const bottom = top + span;
          const found = new Set(sent(50).query(top, bottom));
          original.items.forEach((item, i) => {
            if (item.yMin <= bottom && item.yMax >= top) expect(found.has(i)).toBe(true);
            if (found.has(i)) {
              expect(item.yMax).toBeGreaterThanOrEqual(Math.floor(top / 256) * 256);
              expect(item.yMin).toBeLessThan((Math.floor(bottom / 256) + 1) * 256);
            }
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});
