// A layout held by another thread: a big capture's diagram is laid out in its import worker (issue
// 9: seconds of work at 100,000 packets, which on the page froze it) and stays there. The page gets
// its head (lanes, headers, every event's y and span as typed arrays) and, as the view moves, the
// items of the rows near it: a capture's items are ~700 bytes a packet, more than the page can
// keep for a million packets, and a view draws a few hundred of them.
import { YIndex } from './boxes';
import { spanColumns, type SpanColumns } from './follow';
import type { DiagramItem, DiagramLayout, ItemWindow, LayoutOptions } from './model';

/** Everything of a layout but its items, with the count of them and each event's span. */
export type LayoutHead = Omit<DiagramLayout, 'items' | 'query' | 'spans' | 'window'> & {
  itemCount: number;
  spans: SpanColumns;
};

/** Layout options that can be sent: all but the text measurement, which each thread has its own of. */
export type SentLayoutOptions = Omit<LayoutOptions, 'measure'>;

/** The items that meet a y-range, with their indexes in the layout. */
export interface ItemsWindow {
  top: number;
  bottom: number;
  ids: Int32Array;
  items: DiagramItem[];
}

/** A layout of these items, answering `query` from its y index (layoutTrace's own). */
export function indexedLayout(
  head: Omit<DiagramLayout, 'items' | 'query'>,
  items: DiagramItem[],
  byY: YIndex,
): DiagramLayout {
  return { ...head, items, query: (from, to) => byY.query(from, to) };
}

export function layoutHead(layout: DiagramLayout): LayoutHead {
  const { items, query: _query, spans: _spans, window: _window, ...head } = layout;
  return { ...head, itemCount: items.length, spans: spanColumns(layout) };
}

/** The buffers a layout's head can give away when sent (the sender keeps no use for them). */
export function headBuffers(head: LayoutHead): ArrayBuffer[] {
  const { eventY, spans } = head;
  return [eventY.buffer, spans.left.buffer, spans.right.buffer, spans.focus.buffer] as ArrayBuffer[];
}

export function itemsWindow(layout: DiagramLayout, top: number, bottom: number): ItemsWindow {
  const ids = layout.query(top, bottom);
  return { top, bottom, ids: Int32Array.from(ids), items: ids.map((id) => layout.items[id]!) };
}

/** Windows kept on the page: the view's, and a few it moved from (a step back is still drawn at once). */
const keptWindows = 4;

/**
 * The page's side: the items of the windows received, a query over them, and requests for the
 * rows the view comes near (`margin` beyond the range asked, so stepping seldom waits).
 */
export class LayoutWindows implements ItemWindow {
  /**
   * The items received, at their indexes, holes elsewhere: a sparse array that V8 keeps as a
   * dictionary (an array of every item's slot was 12 MB at 1,000,000 packets, most never filled).
   */
  readonly items: DiagramItem[] = [];
  private windows: ItemsWindow[] = [];
  private asked: { top: number; bottom: number } | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly fetch: (top: number, bottom: number) => void,
    private readonly margin = 4000,
  ) {}

  ensure(top: number, bottom: number): void {
    const covers = (range: { top: number; bottom: number } | undefined) =>
      range !== undefined && range.top <= Math.max(0, top) && range.bottom >= bottom;
    if (this.windows.some(covers) || covers(this.asked)) return;
    this.asked = { top: Math.max(0, top - this.margin), bottom: bottom + this.margin };
    this.fetch(this.asked.top, this.asked.bottom);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  receive(window: ItemsWindow): void {
    if (this.asked?.top === window.top && this.asked.bottom === window.bottom) this.asked = undefined;
    window.ids.forEach((id, at) => (this.items[id] = window.items[at]!));
    this.windows.push(window);
    if (this.windows.length > keptWindows) {
      const dropped = this.windows.shift()!;
      const kept = new Set<number>();
      for (const other of this.windows) for (const id of other.ids) kept.add(id);
      for (const id of dropped.ids) if (!kept.has(id)) delete this.items[id];
    }
    for (const listener of this.listeners) listener();
  }

  query(top: number, bottom: number): number[] {
    const found = new Set<number>();
    for (const window of this.windows) {
      if (window.bottom < top || window.top > bottom) continue;
      for (const id of window.ids) {
        const item = this.items[id]!;
        if (item.yMin <= bottom && item.yMax >= top) found.add(id);
      }
    }
    return [...found].sort((a, b) => a - b);
  }

  /** The layout the page draws: the head's, with these windows' items. */
  layout(head: LayoutHead): DiagramLayout {
    const { itemCount: _count, ...rest } = head;
    return { ...rest, items: this.items, query: (top, bottom) => this.query(top, bottom), window: this };
  }
}
