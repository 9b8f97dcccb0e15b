// A layout sent between threads: a big capture's diagram is laid out in the import worker (issue 9:
// seconds of work at 100,000 packets, which on the page froze it) and arrives in slices of items,
// each decoded in a few ms, then a head with the rest, its y index included (typed arrays, moved
// rather than copied), so the page does no work per item to answer `query`.
import { YIndex, type SentYIndex } from './boxes';
import type { DiagramItem, DiagramLayout, LayoutOptions } from './model';

/** Everything of a layout but its items, with its y index as data (a function cannot be sent). */
export type LayoutHead = Omit<DiagramLayout, 'items' | 'query'> & { byY: SentYIndex };

/** Layout options that can be sent: all but the text measurement, which each thread has its own of. */
export type SentLayoutOptions = Omit<LayoutOptions, 'measure'>;

/** Items per slice: each slice decodes in a few ms on the page. */
export const itemsPerSlice = 5000;

const indexes = new WeakMap<DiagramLayout, YIndex>();

/** A layout of these items, answering `query` from its y index (layoutTrace's and a received one's). */
export function indexedLayout(head: Omit<DiagramLayout, 'items' | 'query'>, items: DiagramItem[], byY: YIndex) {
  const layout: DiagramLayout = { ...head, items, query: (from, to) => byY.query(from, to) };
  indexes.set(layout, byY);
  return layout;
}

export function layoutHead(layout: DiagramLayout): LayoutHead {
  const { items: _items, query: _query, ...head } = layout;
  return { ...head, byY: (indexes.get(layout) ?? YIndex.of(layout.items)).toSent() };
}

/** The buffers a layout's head can give away when sent (the sender keeps no use for them). */
export function headBuffers(head: LayoutHead): ArrayBuffer[] {
  return [head.eventY.buffer, head.byY.starts.buffer, head.byY.items.buffer] as ArrayBuffer[];
}

/** The layout's items in slices of `itemsPerSlice`, in order. */
export function itemSlices(layout: DiagramLayout, size = itemsPerSlice): DiagramItem[][] {
  const slices: DiagramItem[][] = [];
  for (let at = 0; at < layout.items.length; at += size) slices.push(layout.items.slice(at, at + size));
  return slices;
}

/** The page's side: slices in order, then the head, give the layout back. */
export class LayoutAssembler {
  private items: DiagramItem[] = [];

  get received(): number {
    return this.items.length;
  }

  add(slice: readonly DiagramItem[]): void {
    for (const item of slice) this.items.push(item);
  }

  finish(head: LayoutHead): DiagramLayout {
    const { byY, ...rest } = head;
    return indexedLayout(rest, this.items, YIndex.fromSent(byY));
  }
}
