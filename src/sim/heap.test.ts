import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventHeap } from './heap';

interface Item {
  t: number;
  order: number;
  name: string;
}

type Op = { kind: 'push'; t: number } | { kind: 'pop' };

/** Few distinct times, so many items tie on `t` and only `order` tells them apart. */
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .oneof(fc.nat(20), fc.double({ min: 0, max: 1e9, noNaN: true }))
      .map((t) => ({ kind: 'push' as const, t })),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'pop' as const }) },
);

/** The item a plain sorted list would give next: the least (t, order). */
function least(model: Item[]): Item | undefined {
  let best: Item | undefined;
  for (const item of model) if (!best || item.t < best.t || (item.t === best.t && item.order < best.order)) best = item;
  return best;
}

describe('EventHeap', () => {
  it('pops items by time, then by insertion order, under any sequence of pushes and pops', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 600, maxLength: 1200, size: 'max' }), (ops) => {
        const heap = new EventHeap<Item>();
        let model: Item[] = [];
        let order = 0;
        for (const o of ops) {
          if (o.kind === 'push') {
            const item = { t: o.t, order: order++, name: `item ${order}` };
            heap.push(item);
            model.push(item);
          } else {
            const expected = least(model);
            expect(heap.peek()).toBe(expected);
            expect(heap.pop()).toBe(expected);
            model = model.filter((item) => item !== expected);
          }
          expect(heap.size).toBe(model.length);
        }
        // Drained, past its first 256 slots (it grows): every item comes out, in order, once.
        const rest = [...model].sort((a, b) => a.t - b.t || a.order - b.order);
        for (const item of rest) expect(heap.pop()).toBe(item);
        expect(heap.pop()).toBeUndefined();
        expect(heap.size).toBe(0);
      }),
      { seed: 9, numRuns: 60 },
    );
  });
});
