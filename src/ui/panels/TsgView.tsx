// The overview of a big connection (issue 9): the time-sequence graph (Stevens/tcptrace style) and
// throughput over time (Wireshark's TCP Stream Graphs → Throughput), one, the other or both stacked,
// on one time axis. Each plot is two stacked canvases (the graph, redrawn when the trace, size,
// theme or language change; an overlay for the brush and the cursor, redrawn at every step).
// Dragging across either picks a time range: it goes into the store (and the share link as
// range=t0-t1), both plots show it, and the cursor moves to the first data segment in it; "Show in
// diagram" switches back to the diagram there.
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import {
  dispatch,
  selectCurrentEventIndex,
  selectLang,
  selectTheme,
  selectTsgRange,
  useAppStore,
  type TimeRange,
} from '../../store';
import {
  defaultWindowUs,
  firstSegmentIn,
  meanRate,
  throughputSeries,
  timeSequence,
  type Throughput,
  type TimeSequence,
} from '../../trace/query';
import type { Trace } from '../../trace/types';
import { useT } from '../useT';
import { drawThroughput, rateUnit, throughputFrameFor } from './throughput-draw';
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
    newData: read('--host-3', '#a34400'),
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

/** A number as the learner's language writes it, to four significant digits. */
function numberFormat(lang: string): (value: number) => string {
  const format = new Intl.NumberFormat(lang, { maximumSignificantDigits: 4 });
  return (value) => format.format(value);
}

/** A rate with the unit its size calls for: "7.72 Mbit/s". */
function rateText(bitsPerSecond: number, lang: string): string {
  const { unit, divisor } = rateUnit(bitsPerSecond);
  return `${new Intl.NumberFormat(lang, { maximumSignificantDigits: 3 }).format(bitsPerSecond / divisor)} ${unit}`;
}

interface Brush {
  /** The range being dragged, in trace time, shown on every plot. */
  live: TimeRange | null;
  handlersFor: (frame: TsgFrame) => {
    onPointerDown: (event: ReactPointerEvent<HTMLCanvasElement>) => void;
    onPointerMove: (event: ReactPointerEvent<HTMLCanvasElement>) => void;
    onPointerUp: (event: ReactPointerEvent<HTMLCanvasElement>) => void;
  };
}

/** One brush for both plots: a drag is kept in trace time, so it shows on both while it lasts. */
function useBrush(series: TimeSequence): Brush {
  const [drag, setDrag] = useState<{ x0: number; t0: number; t1: number } | null>(null);
  const localX = (event: ReactPointerEvent<HTMLCanvasElement>) =>
    event.clientX - event.currentTarget.getBoundingClientRect().left;
  const handlersFor = (frame: TsgFrame) => ({
    onPointerDown: (event: ReactPointerEvent<HTMLCanvasElement>) => {
      if (event.button !== 0) return;
      event.currentTarget.setPointerCapture(event.pointerId);
      const x = localX(event);
      setDrag({ x0: x, t0: tAt(frame, x), t1: tAt(frame, x) });
    },
    onPointerMove: (event: ReactPointerEvent<HTMLCanvasElement>) => {
      if (drag !== null) setDrag({ ...drag, t1: tAt(frame, localX(event)) });
    },
    onPointerUp: (event: ReactPointerEvent<HTMLCanvasElement>) => {
      if (drag === null) return;
      setDrag(null);
      const x1 = localX(event);
      // A click (under 3 px of travel) is not a brush: it leaves the range as it was.
      if (Math.abs(x1 - drag.x0) < 3) return;
      const t1 = tAt(frame, x1);
      const a = Math.round(Math.min(drag.t0, t1));
      const b = Math.round(Math.max(drag.t0, t1));
      dispatch({ type: 'setTsgRange', range: { t0: a, t1: b } });
      const first = firstSegmentIn(series, a, b);
      const eventIndex = first === undefined ? undefined : series.eventIndex[first];
      if (eventIndex !== undefined) dispatch({ type: 'selectEvent', eventIndex });
    },
  });
  const live = drag === null ? null : { t0: Math.min(drag.t0, drag.t1), t1: Math.max(drag.t0, drag.t1) };
  return { live, handlersFor };
}

interface PlotProps<F extends TsgFrame> {
  /** `tsg` or `throughput`: the canvases are `{name}-canvas` and `{name}-overlay`. */
  name: string;
  label: string;
  makeFrame: (width: number, height: number) => F;
  draw: (ctx: CanvasRenderingContext2D, frame: F, colors: TsgColors) => void;
  brush: Brush;
  cursorT: number | undefined;
}

/** A graph canvas and its overlay (the brushed range, the live drag and the cursor's time). */
function Plot<F extends TsgFrame>({ name, label, makeFrame, draw, brush, cursorT }: PlotProps<F>) {
  const theme = useAppStore(selectTheme);
  const range = useAppStore(selectTsgRange);
  const [boxRef, size] = useSize();
  const graphRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const frame = useMemo(() => makeFrame(size.width, size.height), [makeFrame, size]);
  useLayoutEffect(() => {
    const canvas = graphRef.current;
    const ctx = prepare(canvas, frame.width, frame.height);
    if (canvas !== null && ctx !== null) draw(ctx, frame, colorsOf(canvas));
  }, [frame, draw, theme]);
  const shown = brush.live ?? range;
  useLayoutEffect(() => {
    const canvas = overlayRef.current;
    const ctx = prepare(canvas, frame.width, frame.height);
    if (canvas !== null && ctx !== null) drawOverlay(ctx, frame, colorsOf(canvas), shown, cursorT);
  }, [frame, shown, cursorT, theme]);
  return (
    <div className="tsg-canvas-box" ref={boxRef}>
      <canvas ref={graphRef} className="tsg-canvas" data-testid={`${name}-canvas`} role="img" aria-label={label} />
      <canvas
        ref={overlayRef}
        className="tsg-canvas tsg-overlay"
        data-testid={`${name}-overlay`}
        aria-hidden="true"
        {...brush.handlersFor(frame)}
      />
    </div>
  );
}

interface GraphProps {
  series: TimeSequence;
  brush: Brush;
  cursorT: number | undefined;
}

function SequenceGraph({ series, brush, cursorT }: GraphProps) {
  const t = useT();
  const lang = useAppStore(selectLang);
  const makeFrame = useCallback((width: number, height: number) => frameFor(series, width, height), [series]);
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, frame: TsgFrame, colors: TsgColors) =>
      drawGraph(ctx, frame, series, colors, {
        time: t('tsg.axisTime'),
        seq: t('tsg.axisSeq'),
        seqShort: t('tsg.axisSeqShort'),
        format: numberFormat(lang),
      }),
    [series, t, lang],
  );
  const retransmissions = series.retransmission.reduce((sum, flag) => sum + flag, 0);
  const label = t('tsg.aria', {
    segments: series.t.length,
    retransmissions,
    bytes: series.seqMax,
    ms: ms(series.tMax - series.tMin),
  });
  return (
    <>
      <ul className="tsg-key">
        <li className="tsg-key-data">{t('tsg.data')}</li>
        <li className="tsg-key-retransmission">◆ {t('tsg.retransmission')}</li>
        <li className="tsg-key-ack">{t('tsg.ack')}</li>
        <li className="tsg-key-window">{t('tsg.window')}</li>
      </ul>
      <Plot name="tsg" label={label} makeFrame={makeFrame} draw={draw} brush={brush} cursorT={cursorT} />
    </>
  );
}

function ThroughputGraph({ series, throughput, brush, cursorT }: GraphProps & { throughput: Throughput }) {
  const t = useT();
  const lang = useAppStore(selectLang);
  const makeFrame = useCallback(
    (width: number, height: number) => throughputFrameFor(series, throughput, width, height),
    [series, throughput],
  );
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, frame: ReturnType<typeof throughputFrameFor>, colors: TsgColors) =>
      drawThroughput(ctx, frame, throughput, colors, {
        time: t('tsg.axisTime'),
        rate: t('tput.axisRate', { unit: frame.unit }),
        format: numberFormat(lang),
      }),
    [throughput, t, lang],
  );
  const label = t('tput.aria', {
    window: ms(throughput.windowUs),
    peak: rateText(throughput.peakBitsPerSecond, lang),
    acked: rateText(meanRate(throughput.events.acked, series.tMin, series.tMax), lang),
    ms: ms(series.tMax - series.tMin),
  });
  return (
    <div
      className="throughput-view"
      data-testid="throughput-view"
      data-unit={rateUnit(throughput.peakBitsPerSecond).unit}
    >
      <ul className="tsg-key">
        <li className="tsg-key-data">{t('tput.sent')}</li>
        <li className="tput-key-new">┄ {t('tput.newData')}</li>
        <li className="tsg-key-ack">{t('tput.acked')}</li>
      </ul>
      <Plot name="throughput" label={label} makeFrame={makeFrame} draw={draw} brush={brush} cursorT={cursorT} />
    </div>
  );
}

type OverviewMode = 'seq' | 'throughput' | 'both';
const modes: readonly { mode: OverviewMode; label: 'tsg.modeSeq' | 'tsg.modeThroughput' | 'tsg.modeBoth' }[] = [
  { mode: 'seq', label: 'tsg.modeSeq' },
  { mode: 'throughput', label: 'tsg.modeThroughput' },
  { mode: 'both', label: 'tsg.modeBoth' },
];
const windowChoicesUs = [1000, 10_000, 100_000, 1_000_000];

function Toolbar(props: {
  mode: OverviewMode;
  setMode: (mode: OverviewMode) => void;
  windowUs: number;
  setWindowUs: (windowUs: number) => void;
  autoWindowUs: number;
}) {
  const t = useT();
  const choices = [...new Set([props.autoWindowUs, ...windowChoicesUs])].sort((a, b) => a - b);
  return (
    <div className="tsg-toolbar">
      <div className="tsg-modes" role="group" aria-label={t('tsg.mode')}>
        {modes.map(({ mode, label }) => (
          <button
            key={mode}
            type="button"
            data-testid={`overview-${mode}`}
            aria-pressed={props.mode === mode}
            onClick={() => props.setMode(mode)}
          >
            {t(label)}
          </button>
        ))}
      </div>
      {props.mode !== 'seq' && (
        <label className="tsg-window">
          {t('tput.window')}{' '}
          <select
            data-testid="throughput-window"
            value={props.windowUs}
            onChange={(event) => props.setWindowUs(Number(event.target.value))}
          >
            {choices.map((us) => (
              <option key={us} value={us}>
                {t('tput.windowOption', { ms: us / 1000 })}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}

function RangeBar({ series, throughput }: { series: TimeSequence; throughput: Throughput | undefined }) {
  const t = useT();
  const lang = useAppStore(selectLang);
  const range = useAppStore(selectTsgRange);
  const show = () => {
    if (range !== null) {
      const first = firstSegmentIn(series, range.t0, range.t1);
      const eventIndex = first === undefined ? undefined : series.eventIndex[first];
      if (eventIndex !== undefined) dispatch({ type: 'selectEvent', eventIndex });
    }
    dispatch({ type: 'setViewTab', tab: 'diagram' });
  };
  let text = range === null ? t('tsg.hint') : t('tsg.range', { from: ms(range.t0), to: ms(range.t1) });
  if (range !== null && throughput !== undefined) {
    const sent = rateText(meanRate(throughput.events.sent, range.t0, range.t1), lang);
    const acked = rateText(meanRate(throughput.events.acked, range.t0, range.t1), lang);
    text += ` · ${t('tput.mean', { sent, acked })}`;
  }
  return (
    <div className="tsg-bar">
      <span className="tsg-range" data-testid="tsg-range" data-t0={range?.t0} data-t1={range?.t1} aria-live="polite">
        {text}
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

function Overview({ trace, series }: { trace: Trace; series: TimeSequence }) {
  const t = useT();
  const [mode, setMode] = useState<OverviewMode>('seq');
  const autoWindowUs = defaultWindowUs(series.tMax - series.tMin);
  // undefined: the window that suits this trace's length (a new trace gets its own).
  const [chosenWindowUs, setWindowUs] = useState<number | undefined>(undefined);
  const windowUs = chosenWindowUs ?? autoWindowUs;
  // Derived only once the learner asks for it; then memoized per Trace and window.
  const throughput = mode === 'seq' ? undefined : throughputSeries(trace, windowUs);
  const brush = useBrush(series);
  const currentIndex = useAppStore(selectCurrentEventIndex);
  const cursorT = currentIndex === undefined ? undefined : trace.events[currentIndex]?.t;
  const heading = mode === 'throughput' ? 'tput.heading' : 'tsg.heading';
  return (
    <>
      <h2 className="tsg-heading">{t(heading, { src: series.src, dst: series.dst })}</h2>
      <div className="tsg-controls">
        <Toolbar
          mode={mode}
          setMode={setMode}
          windowUs={windowUs}
          setWindowUs={setWindowUs}
          autoWindowUs={autoWindowUs}
        />
        <RangeBar series={series} throughput={throughput} />
      </div>
      {mode !== 'throughput' && <SequenceGraph series={series} brush={brush} cursorT={cursorT} />}
      {throughput !== undefined && (
        <ThroughputGraph series={series} throughput={throughput} brush={brush} cursorT={cursorT} />
      )}
    </>
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
        <Overview trace={trace} series={series} />
      )}
    </div>
  );
}
