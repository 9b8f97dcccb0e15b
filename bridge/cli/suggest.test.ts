import { describe, expect, it } from 'vitest';
import { closest, editDistance } from './suggest';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['tcp-echo', 'tcp-echo', 0],
    ['tcp-ecoh', 'tcp-echo', 2],
  ])('%j to %j is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('closest', () => {
  it('picks the nearest candidate, the first one on a tie', () => {
    expect(closest('tcp-ehco', ['udp-echo', 'tcp-echo', 'tcp-time-wait'])).toBe('tcp-echo');
    expect(closest('ab', ['ax', 'xb'])).toBe('ax');
  });

  it('returns undefined without candidates', () => {
    expect(closest('x', [])).toBeUndefined();
  });
});
