// Keeps the cursor (the newest event) in sight while stepping, below the sticky lane headers, and,
// when the drawing is wider than the viewport, follows that event sideways too. One scrollTo for
// both axes: a second smooth scroll would cancel the first.
import { useEffect, useMemo, type RefObject } from 'react';
import { cursorY, eventSpans, recentSpan, scrollTarget, type DiagramLayout } from '../../diagram';

export function useFollowCursor(
  scrollRef: RefObject<HTMLDivElement | null>,
  layout: DiagramLayout,
  shownEvents: number,
  scale: number,
  animate: boolean,
): void {
  const cursor = cursorY(layout, shownEvents) * scale;
  const spans = useMemo(() => eventSpans(layout), [layout]);
  useEffect(() => {
    const element = scrollRef.current;
    if (element === null || element.clientHeight === 0) return;
    const box = {
      top: element.scrollTop,
      left: element.scrollLeft,
      width: element.clientWidth,
      height: element.clientHeight,
      scrollWidth: element.scrollWidth,
    };
    const header = layout.metrics.headerHeight * scale;
    const { top, left } = scrollTarget(box, cursor, header, recentSpan(spans, shownEvents), scale);
    if (top === element.scrollTop && left === element.scrollLeft) return;
    if (typeof element.scrollTo === 'function') element.scrollTo({ top, left, behavior: animate ? 'smooth' : 'auto' });
    else {
      element.scrollTop = top;
      element.scrollLeft = left;
    }
  }, [scrollRef, cursor, layout, animate, scale, shownEvents, spans]);
}
