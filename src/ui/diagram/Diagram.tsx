/// <reference types="vite/client" />
// The animated sequence diagram: layout once per trace and settings (memoized), then per step
// only the items in the scroll viewport are drawn, so stepping stays cheap on long traces.
import { LazyMotion, MotionConfig } from 'framer-motion';

const loadMotionFeatures = () => import('./motion-features').then((module) => module.default);
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type JSX } from 'react';
import type { Lang } from '../../i18n';
import { translate } from '../../i18n';
import type { Trace } from '../../trace/types';
import css from './diagram.css?raw';
import { DiagramSvg } from './DiagramSvg';
import { cursorY, layoutTrace, type DiagramLayout } from './layout';
import { createCanvasMeasure } from './measure';

export interface DiagramProps {
  trace: Trace;
  /** Number of events shown: events[0 .. shownEvents-1] are drawn (the cursor). */
  shownEvents: number;
  seqMode: 'relative' | 'absolute';
  animate: boolean; // false in tests/screenshots: no motion at all
  lang: Lang;
  presentation?: boolean; // larger type, only essentials
  onSelectEvent?: (eventIndex: number) => void; // click on an arrow/band/bar
}

/** Extra height drawn above and below the viewport, so a short scroll shows no blank. */
const overscanPx = 400;
/** Widths are rounded to this step so resizing does not lay the diagram out at every pixel. */
const widthStepPx = 80;
/** A drawing at most this much wider than the viewport is scaled down to fit instead of scrolling sideways. */
const maxShrink = 0.75;

/** Where each event is drawn across: [left, right, focus] in layout units (focus: the end to show first). */
function eventSpans(layout: DiagramLayout): Map<number, [number, number, number]> {
  const spans = new Map<number, [number, number, number]>();
  const beside = 90;
  for (const item of layout.items) {
    switch (item.type) {
      case 'arrow': {
        const [left, right] = item.x1 < item.x2 ? [item.x1, item.x2] : [item.x2, item.x1];
        spans.set(item.eventIndex, [left, right, item.x1]);
        if (item.endIndex >= 0)
          spans.set(item.endIndex, [left, right, item.fate === 'dropped' ? item.crossX : item.x2]);
        break;
      }
      case 'band':
      case 'bar':
      case 'timer':
        if (!spans.has(item.eventIndex)) spans.set(item.eventIndex, [item.x - beside, item.x + beside, item.x]);
        if (item.type === 'bar' && item.endIndex >= 0 && !spans.has(item.endIndex)) {
          spans.set(item.endIndex, [item.x - beside, item.x + beside, item.x]);
        }
        break;
      case 'note':
        spans.set(item.eventIndex, [item.label.x, item.label.x + item.label.width, item.label.x]);
        break;
      default:
        break;
    }
  }
  return spans;
}

export function Diagram(props: DiagramProps): JSX.Element {
  const { trace, shownEvents, seqMode, animate, lang, presentation = false, onSelectEvent } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const measure = useMemo(() => createCanvasMeasure(), []);
  const [width, setWidth] = useState(0);
  const [clientWidth, setClientWidth] = useState(0);
  const [view, setView] = useState({ top: 0, height: 900 });

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (element === null) return;
    const update = () => {
      setWidth(Math.floor(element.clientWidth / widthStepPx) * widthStepPx);
      setClientWidth(element.clientWidth);
      setView({ top: element.scrollTop, height: element.clientHeight || 900 });
    };
    update();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const layout = useMemo(
    () => layoutTrace(trace, { seqMode, lang, presentation, measure, width }),
    [trace, seqMode, lang, presentation, measure, width],
  );

  const frame = useRef(0);
  const onScroll = useCallback(() => {
    if (frame.current !== 0) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const element = scrollRef.current;
      if (element !== null) setView({ top: element.scrollTop, height: element.clientHeight || 900 });
    });
  }, []);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  // Slightly too wide (long state labels at the edge, a narrow window): shrink to fit rather than
  // clip or scroll sideways. Much too wide: keep the size and let the viewport scroll.
  const ratio = clientWidth > 0 ? clientWidth / layout.width : 1;
  const scale = ratio < 1 && ratio >= maxShrink ? ratio : 1;

  // Keep the cursor (the newest event) in sight while stepping, below the sticky lane headers,
  // and, when the drawing is wider than the viewport, follow that event sideways too. One
  // scrollTo for both axes: a second smooth scroll would cancel the first.
  const cursor = cursorY(layout, shownEvents) * scale;
  const spans = useMemo(() => eventSpans(layout), [layout]);
  useEffect(() => {
    const element = scrollRef.current;
    if (element === null) return;
    const header = layout.metrics.headerHeight * scale;
    const height = element.clientHeight;
    const width = element.clientWidth;
    if (height === 0) return;
    let top = element.scrollTop;
    if (cursor < top + header + 20 || cursor > top + height - 60) {
      top = Math.max(0, cursor - header - (height - header) * 0.6);
    }
    let left = element.scrollLeft;
    if (element.scrollWidth > width + 1) {
      let span: [number, number, number] | undefined;
      for (let index = shownEvents - 1; index >= 0 && index >= shownEvents - 8 && span === undefined; index--) {
        span = spans.get(index);
      }
      if (span !== undefined) {
        const [x0, x1, focus] = span.map((x) => x * scale) as [number, number, number];
        const margin = 24;
        if (x0 < left + margin || x1 > left + width - margin) {
          const centre = x1 - x0 <= width - 2 * margin ? (x0 + x1) / 2 : focus;
          left = Math.max(0, Math.min(element.scrollWidth - width, centre - width / 2));
        }
      }
    }
    if (top === element.scrollTop && left === element.scrollLeft) return;
    if (typeof element.scrollTo === 'function') element.scrollTo({ top, left, behavior: animate ? 'smooth' : 'auto' });
    else {
      element.scrollTop = top;
      element.scrollLeft = left;
    }
  }, [cursor, layout, animate, scale, shownEvents, spans]);

  const viewport = { top: view.top / scale - overscanPx, bottom: (view.top + view.height) / scale + overscanPx };
  if (trace.events.length === 0) {
    return (
      <div className="dg dg-scroll" ref={scrollRef}>
        <p className="dg-empty">{translate(lang, 'diagram.empty')}</p>
      </div>
    );
  }
  return (
    <LazyMotion features={loadMotionFeatures} strict>
      <MotionConfig reducedMotion={animate ? 'user' : 'always'}>
        <div
          className={`dg dg-scroll${presentation ? ' dg-presentation' : ''}`}
          ref={scrollRef}
          onScroll={onScroll}
          data-testid="diagram"
          // A scrolling region keyboard users can focus (and scroll); arrow keys still step.
          tabIndex={0}
          role="region"
          aria-label={translate(lang, 'diagram.title')}
        >
          {view.top > 0 && (
            <div className="dg-sticky">
              <DiagramSvg
                layout={layout}
                shownEvents={shownEvents}
                lang={lang}
                animate={false}
                css=""
                headerOnly
                scale={scale}
              />
            </div>
          )}
          <DiagramSvg
            layout={layout}
            shownEvents={shownEvents}
            lang={lang}
            animate={animate}
            view={viewport}
            onSelectEvent={onSelectEvent}
            css={css}
            scale={scale}
          />
        </div>
      </MotionConfig>
    </LazyMotion>
  );
}
