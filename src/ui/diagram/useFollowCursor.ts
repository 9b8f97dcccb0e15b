// Keeps the cursor (the newest event) in sight while stepping, below the sticky lane headers, and,
// when the drawing is wider than the viewport, follows that event sideways too. One scrollTo for
// both axes: a second smooth scroll would cancel the first.
//
// A step only writes: reading scrollTop or a size right after React changed the drawing makes the
// browser lay out the whole (millions of pixels tall) scroller at once, inside the step (~13 ms at
// 100,000 segments). So the scroll position comes from scroll events, the sizes are measured once
// per drawing and again after a resize (a ResizeObserver runs after layout, when reading is free),
// and only what is not known yet is read.
import { useEffect, useMemo, useRef, type RefObject } from 'react';
import { cursorY, eventSpans, recentSpan, scrollTarget, type DiagramLayout, type ScrollBox } from '../../diagram';

type Sizes = Pick<ScrollBox, 'width' | 'height' | 'scrollWidth'>;

/** What is known of the scroller without reading its layout; undefined where it must be read. */
interface Known {
  element: HTMLDivElement;
  position?: { top: number; left: number };
  sizes?: Sizes & { layout: DiagramLayout; scale: number };
  detach: () => void;
}

const sizesOf = (element: HTMLDivElement): Sizes => ({
  width: element.clientWidth,
  height: element.clientHeight,
  scrollWidth: element.scrollWidth,
});

/** Listens to the scroller's scroll and resize, keeping what they say in `known`. */
function watch(element: HTMLDivElement): Known {
  const known: Known = { element, detach: () => {} };
  const onScroll = () => {
    known.position = { top: element.scrollTop, left: element.scrollLeft };
  };
  element.addEventListener('scroll', onScroll, { passive: true });
  const observer =
    typeof ResizeObserver === 'undefined'
      ? undefined
      : new ResizeObserver(() => {
          if (known.sizes !== undefined) known.sizes = { ...known.sizes, ...sizesOf(element) };
        });
  observer?.observe(element);
  known.detach = () => {
    element.removeEventListener('scroll', onScroll);
    observer?.disconnect();
  };
  return known;
}

/** The scroll box from what is known, reading only what is not (after a new drawing, a scroll of ours). */
function boxOf(known: Known, layout: DiagramLayout, scale: number): ScrollBox {
  const { element } = known;
  if (known.sizes?.layout !== layout || known.sizes.scale !== scale)
    known.sizes = { ...sizesOf(element), layout, scale };
  known.position ??= { top: element.scrollTop, left: element.scrollLeft };
  return { ...known.position, ...known.sizes };
}

export function useFollowCursor(
  scrollRef: RefObject<HTMLDivElement | null>,
  layout: DiagramLayout,
  shownEvents: number,
  scale: number,
  animate: boolean,
): void {
  const cursor = cursorY(layout, shownEvents) * scale;
  const spans = useMemo(() => eventSpans(layout), [layout]);
  const watched = useRef<Known | undefined>(undefined);
  useEffect(() => () => watched.current?.detach(), []);
  useEffect(() => {
    const element = scrollRef.current;
    if (element === null) return;
    // The Diagram draws an empty trace in another element: watch the one on screen.
    if (watched.current?.element !== element) {
      watched.current?.detach();
      watched.current = watch(element);
    }
    const known = watched.current;
    const box = boxOf(known, layout, scale);
    if (box.height === 0) return;
    const header = layout.metrics.headerHeight * scale;
    const { top, left } = scrollTarget(box, cursor, header, recentSpan(spans, shownEvents), scale);
    if (top === box.top && left === box.left) return;
    if (typeof element.scrollTo === 'function') element.scrollTo({ top, left, behavior: animate ? 'smooth' : 'auto' });
    else {
      element.scrollTop = top;
      element.scrollLeft = left;
    }
    // Where it lands (the browser may clamp it) is told by the scroll event; read if asked before.
    known.position = undefined;
  }, [scrollRef, cursor, layout, animate, scale, shownEvents, spans]);
}
