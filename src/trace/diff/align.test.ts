import { describe, expect, it } from 'vitest';
import { align } from './align';

const byKey = { key: (s: string) => s };

describe('align', () => {
  it('leaves a missing item unpaired without shifting the later pairs', () => {
    expect(align(['a', 'b', 'c', 'd'], ['a', 'c', 'd'], byKey)).toEqual([
      ['a', 'a'],
      ['b', undefined],
      ['c', 'c'],
      ['d', 'd'],
    ]);
  });

  it('among equal keys, pairs the closest (largest bonus)', () => {
    type Item = { key: string; n: number };
    const matcher = { key: (i: Item) => i.key, bonus: (x: Item, y: Item) => (x.n === y.n ? 1 : 0), maxBonus: 1 };
    const a = [{ key: 'ack', n: 20 }];
    const b = [
      { key: 'ack', n: 10 },
      { key: 'ack', n: 20 },
    ];
    expect(align(a, b, matcher)).toEqual([
      [undefined, b[0]],
      [a[0], b[1]],
    ]);
  });

  it('aligns long inputs past the cell bound, with changes near both ends and an extra item', () => {
    const a = Array.from({ length: 2500 }, (_, i) => `k${i % 7}-${i}`);
    const b = [...a.slice(0, 1200), 'extra', ...a.slice(1200)];
    b[1] = 'first';
    b[b.length - 2] = 'last'; // the common ends stop there: about 2500 x 2500 cells remain
    const pairs = align(a, b, byKey);
    expect(pairs.filter(([x, y]) => x !== undefined && y !== undefined)).toHaveLength(2498);
    expect(pairs.filter(([x]) => x === undefined).map(([, y]) => y)).toEqual(['first', 'extra', 'last']);
    expect(pairs.filter(([, y]) => y === undefined).map(([x]) => x)).toEqual([a[1], a[2498]]);
  });
});
