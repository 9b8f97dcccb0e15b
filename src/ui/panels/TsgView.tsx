// The time-sequence graph view (issue 9, "an overview for big connections"): Stevens/tcptrace
// style, on two stacked canvases (the graph, redrawn when the trace, size, theme or language
// change; an overlay for the brush and the cursor, redrawn at every step). Dragging across it
// picks a time range: it goes into the store (and the share link as range=t0-t1) and the cursor
// moves to the first data segment in it; "Show in diagram" switches back to the diagram there.
import { useLayoutEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import {
  dispatch,
  selectCurrentEventIndex,
  selectLang,
  selectTheme,
  selectTsgRange,
  useAppStore,
  type TimeRange,
} from '../../store';
import { firstSegmentIn, timeSequence, type TimeSequence } from '../../trace/query';
import type { Trace } from '../../trace/types';
import { useT } from '../useT';
import { drawGraph, drawOverlay, frameFor, tAt, type TsgColors, type TsgFrame } from './tsg-draw';
import './tsg.css';

/** The element's size in CSS pixels, followed as the layout changes. */
function useSize(): [React.RefObject<HTMLDivElement | null>, { width: number; height: number }] {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 800, height: 400 });
  useLayoutEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const measure = () => {
      const box = element.getBoundingClientRect();
      const width = Math.round(box.width);
      const height = Math.round(box.height);
      if (width > 0 && height > 0)
        setSize((old) => (old.width === width && old.height === height ? old : { width, height }));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, size];
}

/** The theme's colours as app.css defines them, read from the canvas's own computed style. */
function colorsOf(element: Element): TsgColors {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: read('--text', '#14181f'),
    muted: read('--muted', '#4f5866'),
    grid: read('--border', '#d5dae2'),
    data: read('--accent', '#1f5fbf'),
    retransmission: read('--error', '#b3261e'),
    ack: read('--state', '#0b6b3a'),
    window: read('--warning', '#8a5300'),
    brush: read('--host-1', '#8a3ffc'),
    cursor: read('--text', '#14181f'),
  };
}

/** A canvas at the device's pixel ratio, its context scaled to CSS pixels. */
function prepare(canvas: HTMLCanvasElement | null, width: number, height: number): CanvasRenderingContext2D | null {
  if (canvas === null) return null;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}

const ms = (us: number) => (us / 1000).toFixed(us < 10_000 ? 3 : 1);

function useBrush(frame: TsgFrame | null, series: TimeSequence | undefined) {
  const [drag, setDrag] = useState<{ x0: number; x1: number } | null>(null);
  const localX = (event: ReactPointerEvent<HTMLCanvasElement>) =>
    event.clientX - event.currentTarget.getBoundingClientRect().left;
  const onPointerDown = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    if (frame === null || event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const x = localX(event);
    setDrag({ x0: x, x1: x });
  };
  const onPointerMove = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    if (drag !== null) setDrag({ ...drag, x1: localX(event) });
  };
  const onPointerUp = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    if (drag === null || frame === null || series === undefined) return;
    setDrag(null);
    const x1 = localX(event);
    // A click (under 3 px of travel) is not a brush: it leaves the range as it was.
    if (Math.abs(x1 - drag.x0) < 3) return;
    const a = Math.round(tAt(frame, Math.min(drag.x0, x1)));
    const b = Math.round(tAt(frame, Math.max(drag.x0, x1)));
    dispatch({ type: 'setTsgRange', range: { t0: a, t1: b } });
    const first = firstSegmentIn(series, a, b);
    const eventIndex = first === undefined ? undefined : series.eventIndex[first];
    if (eventIndex !== undefined) dispatch({ type: 'selectEvent', eventIndex });
  };
  const live: TimeRange | null =
    drag === null || frame === null
      ? null
      : { t0: tAt(frame, Math.min(drag.x0, drag.x1)), t1: tAt(frame, Math.max(drag.x0, drag.x1)) };
  return { live, handlers: { onPointerDown, onPointerMove, onPointerUp } };
}

function Graph({ trace, series }: { trace: Trace; series: TimeSequence }) {
  const t = useT();
  const theme = useAppStore(selectTheme);
  const lang = useAppStore(selectLang);
  const range = useAppStore(selectTsgRange);
  const currentIndex = useAppStore(selectCurrentEventIndex);
  const [boxRef, size] = useSize();
  const graphRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const frame = useMemo(() => frameFor(series, size.width, size.height), [series, size]);
  const { live, handlers } = useBrush(frame, series);
  useLayoutEffect(() => {
    const canvas = graphRef.current;
    const ctx = prepare(canvas, frame.width, frame.height);
    if (canvas === null || ctx === null) return;
    drawGraph(ctx, frame, series, colorsOf(canvas), { time: t('tsg.axisTime'), seq: t('tsg.axisSeq') });
  }, [frame, series, theme, lang, t]);
  const cursorT = currentIndex === undefined ? undefined : trace.events[currentIndex]?.t;
  useLayoutEffect(() => {
    const canvas = overlayRef.current;
    const ctx = prepare(canvas, frame.width, frame.height);
    if (canvas === null || ctx === null) return;
    drawOverlay(ctx, frame, colorsOf(canvas), live ?? range, cursorT);
  }, [frame, live, range, cursorT, theme]);
  const retransmissions = series.retransmission.reduce((sum, flag) => sum + flag, 0);
  const label = t('tsg.aria', {
    segments: series.t.length,
    retransmissions,
    bytes: series.seqMax,
    ms: ms(series.tMax - series.tMin),
  });
  return (
    <div className="tsg-canvas-box" ref={boxRef}>
      <canvas ref={graphRef} className="tsg-canvas" data-testid="tsg-canvas" role="img" aria-label={label} />
      <canvas
        ref={overlayRef}
        className="tsg-canvas tsg-overlay"
        data-testid="tsg-overlay"
        aria-hidden="true"
        {...handlers}
      />
    </div>
  );
}

function RangeBar({ series }: { series: TimeSequence }) {
  const t = useT();
  const range = useAppStore(selectTsgRange);
  const show = () => {
    if (range !== null) {
      const first = firstSegmentIn(series, range.t0, range.t1);
      const eventIndex = first === undefined ? undefined : series.eventIndex[first];
      if (eventIndex !== undefined) dispatch({ type: 'selectEvent', eventIndex });
    }
    dispatch({ type: 'setViewTab', tab: 'diagram' });
  };
  return (
    <div className="tsg-bar">
      <ul className="tsg-key">
        <li className="tsg-key-data">{t('tsg.data')}</li>
        <li className="tsg-key-retransmission">◆ {t('tsg.retransmission')}</li>
        <li className="tsg-key-ack">{t('tsg.ack')}</li>
        <li className="tsg-key-window">{t('tsg.window')}</li>
      </ul>
      <span className="tsg-range" data-testid="tsg-range" aria-live="polite">
        {range === null ? t('tsg.hint') : t('tsg.range', { from: ms(range.t0), to: ms(range.t1) })}
      </span>
      <button type="button" className="button" data-testid="tsg-show" disabled={range === null} onClick={show}>
        {t('tsg.show')}
      </button>
      <button
        type="button"
        className="button"
        data-testid="tsg-clear"
        disabled={range === null}
        onClick={() => dispatch({ type: 'setTsgRange', range: null })}
      >
        {t('tsg.clear')}
      </button>
    </div>
  );
}

export function TsgView({ trace }: { trace: Trace }) {
  const t = useT();
  const series = timeSequence(trace);
  return (
    <div className="tsg-view" data-testid="tsg-view">
      {series === undefined ? (
        <p className="tsg-empty">{t('tsg.empty')}</p>
      ) : (
        <>
          <h2 className="tsg-heading">{t('tsg.heading', { src: series.src, dst: series.dst })}</h2>
          <RangeBar series={series} />
          <Graph trace={trace} series={series} />
        </>
      )}
    </div>
  );
}
