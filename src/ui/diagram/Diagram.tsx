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
import { cursorY, layoutTrace } from './layout';
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

export function Diagram(props: DiagramProps): JSX.Element {
  const { trace, shownEvents, seqMode, animate, lang, presentation = false, onSelectEvent } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const measure = useMemo(() => createCanvasMeasure(), []);
  const [width, setWidth] = useState(0);
  const [view, setView] = useState({ top: 0, height: 900 });

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (element === null) return;
    const update = () => {
      setWidth(Math.floor(element.clientWidth / widthStepPx) * widthStepPx);
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

  // Keep the cursor in sight while stepping.
  const cursor = cursorY(layout, shownEvents);
  useEffect(() => {
    const element = scrollRef.current;
    if (element === null) return;
    const header = layout.metrics.headerHeight;
    const height = element.clientHeight;
    if (height === 0) return;
    if (cursor < element.scrollTop + header + 20 || cursor > element.scrollTop + height - 60) {
      const top = Math.max(0, cursor - header - (height - header) * 0.6);
      if (typeof element.scrollTo === 'function') element.scrollTo({ top, behavior: animate ? 'smooth' : 'auto' });
      else element.scrollTop = top;
    }
  }, [cursor, layout, animate]);

  const viewport = { top: view.top - overscanPx, bottom: view.top + view.height + overscanPx };
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
        >
          {view.top > 0 && (
            <div className="dg-sticky">
              <DiagramSvg layout={layout} shownEvents={shownEvents} lang={lang} animate={false} css="" headerOnly />
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
          />
        </div>
      </MotionConfig>
    </LazyMotion>
  );
}
