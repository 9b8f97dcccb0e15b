// The diagram's scroll viewport: its width (rounded, for the layout), its exact width (to shrink
// to fit) and the visible y-range, kept up to date on resize and, once a frame, on scroll.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** Widths are rounded to this step so resizing does not lay the diagram out at every pixel. */
const widthStepPx = 16;
/** The height assumed before the element is measured (and in tests, where it measures 0). */
const defaultHeightPx = 900;

export interface ScrollView {
  scrollRef: RefObject<HTMLDivElement | null>;
  /** The width offered to the layout: clientWidth rounded down to a step. */
  width: number;
  clientWidth: number;
  view: { top: number; height: number };
  onScroll: () => void;
}

export function useScrollView(): ScrollView {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [clientWidth, setClientWidth] = useState(0);
  const [view, setView] = useState({ top: 0, height: defaultHeightPx });

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (element === null) return;
    const update = () => {
      setWidth(Math.floor(element.clientWidth / widthStepPx) * widthStepPx);
      setClientWidth(element.clientWidth);
      setView({ top: element.scrollTop, height: element.clientHeight || defaultHeightPx });
    };
    update();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const frame = useRef(0);
  const onScroll = useCallback(() => {
    if (frame.current !== 0) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const element = scrollRef.current;
      if (element !== null) setView({ top: element.scrollTop, height: element.clientHeight || defaultHeightPx });
    });
  }, []);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  return { scrollRef, width, clientWidth, view, onScroll };
}
