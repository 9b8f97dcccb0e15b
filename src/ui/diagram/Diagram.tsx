/// <reference types="vite/client" />
// The animated sequence diagram: layout once per trace and settings (memoized, or for a big capture
// laid out in its worker: useLayout), then per step only the items in the scroll viewport are
// drawn, so stepping stays cheap on long traces.
import { FaultActions } from '../faults/FaultActions';
import { LazyMotion, MotionConfig } from 'framer-motion';
import { useCallback, useContext, useEffect, useMemo, useReducer, useState, type JSX } from 'react';
import { createPortal } from 'react-dom';
import {
  buildLanes,
  currentPacket,
  fitScale,
  packetDetails,
  packetOfEvent,
  type DiagramLayout,
  type TimeScaleMode,
} from '../../diagram';
import type { Lang } from '../../i18n';
import { translate } from '../../i18n';
import type { EventFilter } from '../../trace/query';
import type { Trace } from '../../trace/types';
import { createCanvasMeasure } from './canvas-measure';
import css from './diagram.css?raw';
import { explainAt } from '../explain';
import { explainCause } from '../explain/causes';
import { PacketDetails } from '../panels/PacketDetails';
import { DiagramSvg } from './DiagramSvg';
import { useFollowCursor } from './useFollowCursor';
import { useLayout } from './useLayout';
import { useScrollView, type ScrollView } from './useScrollView';
import { ViewSlot } from './viewSlot';

const loadMotionFeatures = () => import('./motion-features').then((module) => module.default);

export interface DiagramProps {
  trace: Trace;
  /** Number of events shown: events[0 .. shownEvents-1] are drawn (the cursor). */
  shownEvents: number;
  seqMode: 'relative' | 'absolute';
  animate: boolean; // false in tests/screenshots: no motion at all
  lang: Lang;
  presentation?: boolean; // larger type, only essentials
  /** Compressed idle gaps (default) or proportional time, where a stall is a gap. */
  timeScale?: TimeScaleMode;
  onSelectEvent?: (eventIndex: number) => void; // click on an arrow/band/bar
  /** The event filter: what is drawn (every item by default). */
  show?: EventFilter;
  /** The packet pane (what a clicked or current packet says); an embed has no room for it. */
  packetPane?: boolean;
}

/** Extra height drawn above and below the viewport, so a short scroll shows no blank. */
const overscanPx = 400;

/**
 * Presentation mode is laid out for a 1280×720 projector and drawn larger on a larger screen
 * (1.5× at 1920×1080), so the type keeps its share of the screen; the normal view keeps its size.
 */
function usePresentationZoom(presentation: boolean): number {
  const read = () =>
    typeof window === 'undefined' ? 1 : Math.max(1, Math.min(window.innerWidth / 1280, window.innerHeight / 720));
  const [zoom, setZoom] = useState(read);
  useEffect(() => {
    const update = () => setZoom(read());
    window.addEventListener('resize', update);
    return () => window.removeEventListener('resize', update);
  }, []);
  return presentation ? zoom : 1;
}

export function Diagram(props: DiagramProps): JSX.Element {
  const {
    trace,
    shownEvents,
    seqMode,
    animate,
    lang,
    presentation = false,
    timeScale = 'compressed',
    onSelectEvent,
    show = 'all',
    packetPane = true,
  } = props;
  const scroll = useScrollView();
  const zoom = usePresentationZoom(presentation);
  const measure = useMemo(() => createCanvasMeasure(), []);
  const layoutWidth = Math.floor(scroll.width / zoom);
  const laid = useLayout(trace, { seqMode, lang, presentation, width: layoutWidth, timeScale, show }, measure);
  const slot = useContext(ViewSlot);
  const packet = usePacketPane(trace, shownEvents, onSelectEvent);

  if (trace.events.length === 0) {
    return (
      <div className="dg dg-scroll" ref={scroll.scrollRef}>
        <p className="dg-empty">{translate(lang, 'diagram.empty')}</p>
      </div>
    );
  }
  return (
    <LazyMotion features={loadMotionFeatures} strict>
      <MotionConfig reducedMotion={animate ? 'user' : 'always'}>
        <div
          className={`dg dg-scroll${presentation ? ' dg-presentation' : ''}`}
          ref={scroll.scrollRef}
          onScroll={scroll.onScroll}
          data-testid="diagram"
          data-time-scale={timeScale}
          data-layout={laid.status}
          // A scrolling region keyboard users can focus (and scroll); arrow keys still step.
          tabIndex={0}
          role="region"
          aria-label={translate(lang, 'diagram.title')}
          aria-busy={laid.status === 'pending' || laid.status === 'stale'}
        >
          {laid.layout === undefined ? (
            <LayoutWait
              lang={lang}
              events={trace.events.length}
              error={laid.status === 'failed' ? laid.error : undefined}
            />
          ) : (
            <DiagramDrawing
              {...{ scroll, zoom, shownEvents, lang, animate, show }}
              layout={laid.layout}
              stale={laid.status === 'stale'}
              onSelectEvent={packet.select}
            />
          )}
        </div>
        {!presentation && packetPane && <PacketPane slot={slot} packet={packet} lang={lang} trace={trace} />}
      </MotionConfig>
    </LazyMotion>
  );
}

/** A big trace's diagram being laid out off the page (useLayout), or why it could not be. */
function LayoutWait({ lang, events, error }: { lang: Lang; events: number; error: string | undefined }) {
  return error === undefined ? (
    <p className="dg-empty dg-laying-out" role="status" data-testid="layout-pending">
      {translate(lang, 'diagram.layingOut', { events: String(events) })}
    </p>
  ) : (
    <p className="dg-empty" role="alert" data-testid="layout-failed">
      {translate(lang, 'diagram.layoutFailed', { message: error })}
    </p>
  );
}

interface DiagramDrawingProps {
  scroll: ScrollView;
  zoom: number;
  layout: DiagramLayout;
  /** Laid out for options since changed: the new layout is on its way. */
  stale: boolean;
  shownEvents: number;
  lang: Lang;
  animate: boolean;
  show: EventFilter;
  onSelectEvent: ((eventIndex: number) => void) | undefined;
}

/**
 * A layout held by a worker (transfer.ts LayoutWindows) has the items of the rows near the view
 * only: asks for those the view comes near, and draws again when they arrive.
 */
function useItemWindow(layout: DiagramLayout, top: number, bottom: number): void {
  const [, redraw] = useReducer((count: number) => count + 1, 0);
  useEffect(() => layout.window?.subscribe(redraw), [layout]);
  useEffect(() => layout.window?.ensure(top, bottom), [layout, top, bottom]);
}

/** The drawing of a layout inside the diagram's scroller: the rows in view, following the cursor. */
function DiagramDrawing(props: DiagramDrawingProps) {
  const { scroll, zoom, layout, stale, shownEvents, lang, animate, show, onSelectEvent } = props;
  const { scrollRef, clientWidth, view } = scroll;
  const scale = zoom * fitScale(clientWidth / zoom, layout.width);
  useFollowCursor(scrollRef, layout, shownEvents, scale, animate);
  const viewport = { top: view.top / scale - overscanPx, bottom: (view.top + view.height) / scale + overscanPx };
  useItemWindow(layout, viewport.top, viewport.bottom);
  return (
    <>
      {stale && (
        <p className="dg-updating" role="status" data-testid="layout-stale">
          <span>{translate(lang, 'diagram.updating')}</span>
        </p>
      )}
      {/* The sticky headers appear once the real ones are scrolled away, never over rows still in view. */}
      {view.top >= layout.metrics.headerHeight * scale && (
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
        show={show}
      />
    </>
  );
}

interface PacketPaneProps {
  slot: HTMLElement | null;
  packet: PacketPaneState;
  lang: Lang;
  trace: Trace;
}

/** The packet pane in the view header's slot when there is one, else under the drawing. */
function PacketPane({ slot, packet, lang, trace }: PacketPaneProps) {
  const index = packet.details?.eventIndex;
  // Why it left and what it says: the explanation module's sentences, from what the Trace shows.
  const why = useMemo(() => (index === undefined ? undefined : explainCause(trace, index)), [trace, index]);
  const meaning = useMemo(() => (index === undefined ? undefined : explainAt(trace, index)), [trace, index]);
  const pane = (
    <PacketDetails
      details={packet.details}
      lang={lang}
      open={packet.open}
      onToggle={packet.setOpen}
      why={why}
      meaning={meaning}
      actions={index === undefined ? undefined : <FaultActions eventIndex={index} lang={lang} />}
    />
  );
  return slot === null ? pane : createPortal(pane, slot);
}

type PacketPaneState = ReturnType<typeof usePacketPane>;

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
