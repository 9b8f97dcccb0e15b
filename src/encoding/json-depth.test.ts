import { describe, expect, it } from 'vitest';
import { nestingProblem } from './json-depth';

describe('nestingProblem', () => {
  it('is undefined within the bound, and for scalars', () => {
    expect(nestingProblem({ a: [{ b: 1 }] }, 3)).toBeUndefined();
    expect(nestingProblem('text', 0)).toBeUndefined();
    expect(nestingProblem(null, 0)).toBeUndefined();
  });

  it('names the first value too deep, in document order', () => {
    expect(nestingProblem({ a: [1, { b: 1 }], 'c d': [[[]]] }, 3)).toEqual({
      path: '$["c d"][0][0]',
      message: 'nested deeper than 3 levels (the limit)',
      fr: 'imbriqué sur plus de 3 niveaux (la limite)',
    });
    expect(nestingProblem({ a: [{ x: {} }], z: [[[]]] }, 3)).toEqual({
      path: '$.a[0].x',
      message: 'nested deeper than 3 levels (the limit)',
      fr: 'imbriqué sur plus de 3 niveaux (la limite)',
    });
  });

  it('walks 1,000,000 levels without recursion', () => {
    const deep = JSON.parse(`${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`) as unknown;
    expect(nestingProblem(deep, 64)?.path).toBe(`$${'[0]'.repeat(64)}`);
  });
});
