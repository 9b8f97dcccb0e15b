/// <reference types="vite/client" />
// The animated sequence diagram: layout once per trace and settings (memoized), then per step
// only the items in the scroll viewport are drawn, so stepping stays cheap on long traces.
import { LazyMotion, MotionConfig } from 'framer-motion';
import { useCallback, useMemo, useState, type JSX } from 'react';
import { buildLanes, currentPacket, fitScale, layoutTrace, packetDetails, packetOfEvent } from '../../diagram';
import type { Lang } from '../../i18n';
import { translate } from '../../i18n';
import type { Trace } from '../../trace/types';
import { createCanvasMeasure } from './canvas-measure';
import css from './diagram.css?raw';
import { PacketDetails } from '../panels/PacketDetails';
import { DiagramSvg } from './DiagramSvg';
import { useFollowCursor } from './useFollowCursor';
import { useScrollView } from './useScrollView';

const loadMotionFeatures = () => import('./motion-features').then((module) => module.default);

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

export function Diagram(props: DiagramProps): JSX.Element {
  const { trace, shownEvents, seqMode, animate, lang, presentation = false, onSelectEvent } = props;
  const { scrollRef, width, clientWidth, view, onScroll } = useScrollView();
  const measure = useMemo(() => createCanvasMeasure(), []);
  const layout = useMemo(
    () => layoutTrace(trace, { seqMode, lang, presentation, measure, width }),
    [trace, seqMode, lang, presentation, measure, width],
  );
  const scale = fitScale(clientWidth, layout.width);
  useFollowCursor(scrollRef, layout, shownEvents, scale, animate);
  const packet = usePacketPane(trace, shownEvents, onSelectEvent);

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
            onSelectEvent={packet.select}
            css={css}
            scale={scale}
          />
        </div>
        {!presentation && (
          <PacketDetails details={packet.details} lang={lang} open={packet.open} onToggle={packet.setOpen} />
        )}
      </MotionConfig>
    </LazyMotion>
  );
}

/**
 * The packet pane's state: the packet clicked (while the cursor stays where the click put it),
 * else the current step's packet; a click on an arrow moves the cursor there and opens the pane.
 */
function usePacketPane(trace: Trace, shownEvents: number, onSelectEvent: ((eventIndex: number) => void) | undefined) {
  const lanes = useMemo(() => buildLanes(trace), [trace]);
  const [open, setOpen] = useState(false);
  const [clicked, setClicked] = useState<{ trace: Trace; eventIndex: number; shownEvents?: number }>();
  const select = useCallback(
    (eventIndex: number) => {
      onSelectEvent?.(eventIndex);
      const packetAt = packetOfEvent(trace, eventIndex);
      if (packetAt !== undefined) {
        setClicked({ trace, eventIndex: packetAt });
        setOpen(true);
      }
    },
    [onSelectEvent, trace],
  );
  // The click is remembered for the cursor it moved to: any later step shows that step's packet.
  if (clicked !== undefined && clicked.trace === trace && clicked.shownEvents === undefined)
    setClicked({ ...clicked, shownEvents });
  const chosen =
    clicked !== undefined && clicked.trace === trace && (clicked.shownEvents ?? shownEvents) === shownEvents
      ? clicked.eventIndex
      : currentPacket(trace, shownEvents);
  const details = chosen === undefined ? undefined : packetDetails(trace, lanes, chosen, shownEvents);
  return { details, open, setOpen, select: onSelectEvent === undefined ? undefined : select };
}
