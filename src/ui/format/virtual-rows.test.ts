import { describe, expect, it } from 'vitest';
import { followedTop, scrollTopFor, windowAt, type Geometry } from './virtual-rows';

const rowHeight = 29;
const viewport = 580; // 20 rows

describe('windowAt', () => {
  it('draws every row of a short list', () => {
    expect(windowAt({ rowCount: 600, rowHeight, viewport }, 0)).toEqual({ first: 0, last: 600, above: 0, below: 0 });
  });

  it('draws the rows in view and a few around them, the space of the others kept above and below', () => {
    const geometry: Geometry = { rowCount: 100_000, rowHeight, viewport };
    const at = windowAt(geometry, 50_000 * rowHeight);
    expect(at.first).toBe(50_000 - 8);
    expect(at.last).toBe(50_000 + 21 + 8);
    expect(at.above).toBe(at.first * rowHeight);
    expect(at.above + (at.last - at.first) * rowHeight + at.below).toBe(100_000 * rowHeight);
  });

  it('scales a list taller than the browser can scroll, reaching its first and last rows', () => {
    const geometry: Geometry = { rowCount: 2_000_000, rowHeight, viewport };
    const top = windowAt(geometry, 0);
    expect(top.first).toBe(0);
    const height = top.above + (top.last - top.first) * rowHeight + top.below;
    expect(height).toBeLessThan(33_000_000);
    const bottom = windowAt(geometry, height - viewport);
    expect(bottom.last).toBe(2_000_000);
    // The drawn rows sit where the scroller shows them: the first in view at the scroll position.
    const middle = windowAt(geometry, (height - viewport) / 2);
    const inView = middle.first + 8;
    expect(Math.abs(inView - 1_000_000)).toBeLessThan(30);
    expect(middle.above + 8 * rowHeight).toBeLessThanOrEqual((height - viewport) / 2);
    expect(middle.above + 9 * rowHeight).toBeGreaterThan((height - viewport) / 2);
  });
});

describe('scrollTopFor', () => {
  const geometry: Geometry = { rowCount: 2_000_000, rowHeight, viewport };

  it('leaves the list where it is when the row is in view', () => {
    expect(scrollTopFor({ rowCount: 100, rowHeight, viewport }, 5, 0)).toBeUndefined();
  });

  it('scrolls just enough, as scrollIntoView nearest would, to any row of a scaled list', () => {
    for (const row of [0, 1_234_567, 1_999_999]) {
      const scrollTop = scrollTopFor(geometry, row, 0) ?? 0;
      const at = windowAt(geometry, scrollTop);
      expect(row).toBeGreaterThanOrEqual(at.first);
      expect(row).toBeLessThan(at.last);
      // Its top and bottom inside the viewport.
      const rowTop = at.above + (row - at.first) * rowHeight - scrollTop;
      expect(rowTop).toBeGreaterThanOrEqual(-0.5);
      expect(rowTop + rowHeight).toBeLessThanOrEqual(viewport + 0.5);
    }
  });
});

describe('followedTop', () => {
  const geometry: Geometry = { rowCount: 2_000_000, rowHeight, viewport: 464.5 };

  it('keeps the position while the row is in view, and for no row', () => {
    expect(followedTop(geometry, 10, 0)).toBe(0);
    expect(followedTop(geometry, -1, 1234)).toBe(1234);
    expect(followedTop(geometry, 2_000_000, 1234)).toBe(1234);
  });

  it('moves to where the scroller lands: scrollTopFor rounded to a whole pixel, half up', () => {
    for (const row of [100, 1_234_567, 1_999_999]) {
      const wanted = scrollTopFor(geometry, row, 0)!;
      expect(followedTop(geometry, row, 0)).toBe(Math.round(wanted));
      expect(Number.isInteger(followedTop(geometry, row, 0))).toBe(true);
    }
    // Unscaled, row 100's bottom at the viewport's bottom: 100 * 29 + 29 - 464.5 = 2464.5 → 2465.
    expect(followedTop({ ...geometry, rowCount: 100_000 }, 100, 0)).toBe(2465);
  });
});
