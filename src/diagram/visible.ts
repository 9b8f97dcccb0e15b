// What is drawn at a cursor: the items already shown (events[0 .. shown-1]) that meet the
// viewport's y-range, found through the layout's y-index so a step costs O(items in view).
import type { DiagramItem, DiagramLayout } from './model';

export interface VisibleItem {
  /** The item's index in layout.items: a stable key while scrolling. */
  id: number;
  item: DiagramItem;
}

/** `view` undefined: every shown item (an export draws the whole diagram). */
export function visibleItems(
  layout: DiagramLayout,
  shown: number,
  view: { top: number; bottom: number } | undefined,
): VisibleItem[] {
  const top = view?.top ?? -Infinity;
  const bottom = view?.bottom ?? Infinity;
  const ids = view === undefined ? layout.items.map((_, i) => i) : layout.query(top, bottom);
  const visible: VisibleItem[] = [];
  for (const id of ids) {
    const item = layout.items[id]!;
    if (item.first < shown && item.yMin <= bottom && item.yMax >= top) visible.push({ id, item });
  }
  return visible;
}
