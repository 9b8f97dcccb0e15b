import { describe, expect, it } from 'vitest';
import { layoutTrace } from './layout';
import { lesson } from './test-traces';
import { visibleItems } from './visible';

describe('visibleItems', () => {
  const layout = layoutTrace(lesson('nagle'));

  it('gives every shown item when there is no viewport, in layout order', () => {
    const all = visibleItems(layout, layout.eventY.length, undefined);
    expect(all.map(({ id }) => id)).toEqual(layout.items.map((_, i) => i));
    expect(visibleItems(layout, 0, undefined)).toEqual([]);
  });

  it('gives only the shown items meeting the viewport', () => {
    const view = { top: 600, bottom: 900 };
    const shown = Math.floor(layout.eventY.length / 2);
    const expected = layout.items.flatMap((item, id) =>
      item.first < shown && item.yMin <= view.bottom && item.yMax >= view.top ? [id] : [],
    );
    expect(visibleItems(layout, shown, view).map(({ id }) => id)).toEqual(expected);
  });
});
