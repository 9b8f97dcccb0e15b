import { describe, expect, it } from 'vitest';
import { nearestScroll } from './reveal';

const view = { top: 100, bottom: 300 };

describe('nearestScroll', () => {
  it('leaves a visible item where it is', () => {
    expect(nearestScroll({ top: 120, bottom: 140 }, view)).toBe(0);
    expect(nearestScroll({ top: 100, bottom: 300 }, view)).toBe(0);
  });

  it('scrolls down just enough for an item below the view, with its margin', () => {
    expect(nearestScroll({ top: 400, bottom: 420 }, view)).toBe(120);
    expect(nearestScroll({ top: 400, bottom: 420 }, view, 10)).toBe(130);
  });

  it('scrolls up to an item above the view', () => {
    expect(nearestScroll({ top: 40, bottom: 60 }, view)).toBe(-60);
    expect(nearestScroll({ top: 40, bottom: 60 }, view, 10)).toBe(-70);
  });

  it('aligns the top of an item taller than the view', () => {
    expect(nearestScroll({ top: 150, bottom: 500 }, view)).toBe(50);
  });
});
