// The congestion window over time (RFC 5681, RFC 9438), beside the diagram: cwnd and ssthresh
// lines, bytes in flight, the phases as bands, retransmissions marked, and a cursor at the
// current step. Shown only when a socket sent enough to leave its first window (congestionSender).
import { useLayoutEffect, useMemo, useRef, useState, type JSX, type RefObject } from 'react';
import type { Lang } from '../../i18n';
import {
  selectCurrentEventIndex,
  selectLang,
  selectPresentation,
  selectShownEvents,
  selectTrace,
  useAppStore,
} from '../../store';
import { congestionAt, congestionSender, type CongestionPoint, type CongestionSeries } from '../../trace/query';
import type { CongestionPhase, LocalizedText } from '../../trace/types';
import { plotGeometry, type PlotGeometry } from './congestion-geometry';
import './congestion.css';

const text = {
  heading: { en: 'Congestion window', fr: 'Fenêtre de congestion' },
  title: {
    en: 'Congestion window of {host} (socket {socket}), in segments',
    fr: 'Fenêtre de congestion de {host} (socket {socket}), en segments',
  },
  inFlight: { en: 'in flight', fr: 'en vol' },
  retransmission: { en: 'retransmission', fr: 'retransmission' },
  infinite: { en: 'not set yet: infinite', fr: 'pas encore fixé : infini' },
  unit: { en: 'segments', fr: 'segments' },
  aria: {
    en: 'Congestion window of {host} over time, in segments: {now}. {count} retransmissions.',
    fr: 'Fenêtre de congestion de {host} au fil du temps, en segments : {now}. {count} retransmissions.',
  },
} satisfies Record<string, LocalizedText>;

export const phaseText: Record<CongestionPhase, LocalizedText> = {
  'slow-start': { en: 'slow start', fr: 'démarrage lent' },
  'congestion-avoidance': { en: 'congestion avoidance', fr: 'évitement de congestion' },
  'fast-recovery': { en: 'fast recovery', fr: 'récupération rapide' },
  'loss-recovery': { en: 'loss recovery (RTO)', fr: 'reprise après RTO' },
};

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (match, name: string) => String(values[name] ?? match));

const plotHeight = 128;
/** Text is drawn at this size in CSS pixels: the viewBox follows the element's width. */
const labelPx = 16;

/** The element's width in CSS pixels, followed as the layout changes (a fixed guess where unmeasurable). */
function useWidth(fallback: number): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const measure = () => {
      const measured = Math.round(element.getBoundingClientRect().width);
      if (measured > 0) setWidth(measured);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

function format(lang: Lang, value: number): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(value);
}

interface Now {
  point: CongestionPoint | undefined;
  inFlight: number | undefined;
}

function nowOf(series: CongestionSeries, shown: number): Now {
  const point = congestionAt(series, shown);
  const size = series.segmentBytes;
  return { point, inFlight: point === undefined || size === undefined ? undefined : point.bytesInFlight / size };
}

interface NowProps {
  now: Now;
  retransmits: boolean;
  /** Folded, the line also names the phase (the phase list is hidden with the chart). */
  folded: boolean;
  lang: Lang;
}

function NowLine({ now, retransmits, folded, lang }: NowProps): JSX.Element {
  const { point } = now;
  const value = (v: number | undefined) => (v === undefined ? '—' : format(lang, v));
  // RFC 5681 3.1: ssthresh starts "arbitrarily high"; Linux reports it as infinite until a loss.
  const noThreshold = point !== undefined && point.ssthresh === undefined;
  // Each name is written in its line's colour: the names are the lines' legend.
  return (
    <p className="cwnd-now" data-testid="cwnd-now" data-phase={point?.ccPhase ?? ''}>
      <span>
        <span className="cwnd-key-cwnd">cwnd</span> <b data-testid="cwnd-value">{value(point?.cwnd)}</b>
      </span>
      <span>
        <span className="cwnd-key-ssthresh">ssthresh</span>{' '}
        <b title={noThreshold ? text.infinite[lang] : undefined}>{noThreshold ? '∞' : value(point?.ssthresh)}</b>
      </span>
      <span>
        <span className="cwnd-key-flight">{text.inFlight[lang]}</span> <b>{value(now.inFlight)}</b>
      </span>
      {folded && point?.ccPhase !== undefined && (
        <span className={`cwnd-now-phase cwnd-band-${point.ccPhase}`} data-testid="cwnd-phase">
          {phaseText[point.ccPhase][lang]}
        </span>
      )}
      {retransmits && (
        <span className="cwnd-retransmission-key">
          <span className="cwnd-swatch-retransmission" aria-hidden="true" /> {text.retransmission[lang]}
        </span>
      )}
    </p>
  );
}

function Axes({ geometry, lang }: { geometry: PlotGeometry; lang: Lang }): JSX.Element {
  const { area } = geometry;
  return (
    <g className="cwnd-axes">
      <text
        className="cwnd-tick"
        transform={`translate(0 ${(area.top + area.bottom) / 2}) rotate(-90)`}
        textAnchor="middle"
        dominantBaseline="hanging"
      >
        {text.unit[lang]}
      </text>
      {geometry.yTicks.map(({ y, value }) => (
        <g key={`y${value}`}>
          <line className="cwnd-grid" x1={area.left} x2={area.right} y1={y} y2={y} />
          <text className="cwnd-tick" x={area.left - 6} y={y} dominantBaseline="middle" textAnchor="end">
            {value}
          </text>
        </g>
      ))}
      {geometry.xTicks.map(({ x, ms }, i) => (
        <text
          key={`x${ms}`}
          className="cwnd-tick"
          x={x}
          y={area.bottom + 6}
          dominantBaseline="hanging"
          textAnchor={i === 0 && x - area.left < 20 ? 'start' : 'middle'}
        >
          {fill(i === geometry.xTicks.length - 1 ? '{ms} ms' : '{ms}', { ms: format(lang, ms) })}
        </text>
      ))}
    </g>
  );
}

/** Phase names inside the bands wide enough for them (16 px text, about 0.55 em a character). */
function BandLabels({ geometry, lang }: { geometry: PlotGeometry; lang: Lang }): JSX.Element {
  return (
    <g>
      {geometry.bands
        .filter((band) => band.width >= phaseText[band.phase][lang].length * labelPx * 0.55 + 12)
        .map((band) => (
          <text
            key={`label-${band.x}`}
            className="cwnd-band-label"
            x={band.x + 6}
            y={geometry.area.top + 4}
            dominantBaseline="hanging"
          >
            {phaseText[band.phase][lang]}
          </text>
        ))}
    </g>
  );
}

/** The phases the series goes through, in band colours, the current one outlined: legend and state at once. */
function Phases({ series, current, lang }: { series: CongestionSeries; current?: CongestionPhase; lang: Lang }) {
  const phases = [...new Set(series.points.flatMap((p) => (p.ccPhase === undefined ? [] : [p.ccPhase])))];
  return (
    <ul className="cwnd-phases">
      {phases.map((phase) => (
        <li
          key={phase}
          className={`cwnd-band-${phase}${phase === current ? ' cwnd-current' : ''}`}
          aria-current={phase === current ? 'step' : undefined}
          data-testid={phase === current ? 'cwnd-phase' : undefined}
        >
          {phaseText[phase][lang]}
        </li>
      ))}
    </ul>
  );
}

interface ChartProps {
  series: CongestionSeries;
  geometry: PlotGeometry;
  width: number;
  cursorT: number;
  now: Now;
  lang: Lang;
}

function Chart({ series, geometry, width, cursorT, now, lang }: ChartProps): JSX.Element {
  const { area } = geometry;
  const cursorX = Math.round(geometry.x(cursorT) * 10) / 10;
  const nowText = `cwnd ${now.point?.cwnd ?? '—'}, ${text.inFlight[lang]} ${now.inFlight === undefined ? '—' : format(lang, now.inFlight)}`;
  return (
    <svg
      className="cwnd-svg"
      width={width}
      height={plotHeight}
      viewBox={`0 0 ${width} ${plotHeight}`}
      role="img"
      aria-label={fill(text.aria[lang], { host: series.host, now: nowText, count: series.retransmissions.length })}
    >
      {geometry.bands.map((band) => (
        <rect
          key={`band-${band.x}`}
          className={`cwnd-band cwnd-band-${band.phase}`}
          data-phase={band.phase}
          x={band.x}
          y={area.top}
          width={Math.max(band.width, 1)}
          height={area.bottom - area.top}
        />
      ))}
      <BandLabels geometry={geometry} lang={lang} />
      <Axes geometry={geometry} lang={lang} />
      <path className="cwnd-flight" d={geometry.inFlightPath} />
      <path className="cwnd-ssthresh" d={geometry.ssthreshPath} />
      <path className="cwnd-line" d={geometry.cwndPath} data-testid="cwnd-line" />
      {geometry.retransmissions.map(({ x, t }) => (
        <g key={`r${t}-${x}`} className="cwnd-retransmission" data-testid="cwnd-retransmission" data-t={t}>
          <line x1={x} x2={x} y1={area.top} y2={area.bottom} />
          <path d={`M${x - 7} ${area.top}h14l-7 12z`} />
        </g>
      ))}
      <line
        className="cwnd-cursor"
        data-testid="cwnd-cursor"
        data-t={cursorT}
        data-phase={now.point?.ccPhase ?? ''}
        x1={cursorX}
        x2={cursorX}
        y1={area.top - 4}
        y2={area.bottom}
      />
    </svg>
  );
}

export function CongestionPlot(): JSX.Element | null {
  const trace = useAppStore(selectTrace);
  const shown = useAppStore(selectShownEvents);
  const currentIndex = useAppStore(selectCurrentEventIndex);
  const lang = useAppStore(selectLang);
  const series = trace === null ? undefined : congestionSender(trace);
  const [ref, width] = useWidth(420);
  // Folded, the plot leaves the side column's height to the panels under it (a 720 px screen);
  // in presentation mode it starts folded, a line of figures beside the explanation.
  const presentation = useAppStore(selectPresentation);
  const [unfolded, setOpen] = useState<boolean | undefined>(undefined);
  const open = unfolded ?? !presentation;
  const geometry = useMemo(
    () => (series === undefined ? undefined : plotGeometry(series, { width, height: plotHeight })),
    [series, width],
  );
  if (trace === null || series === undefined || geometry === undefined) return null;
  const now = nowOf(series, shown);
  // The cursor stands at the current step's time; before the first step, at the start.
  const cursorT = trace.events[currentIndex]?.t ?? geometry.domain.from;
  return (
    <section
      className="panel cwnd-plot"
      data-testid="cwnd-plot"
      data-host={series.host}
      aria-label={text.heading[lang]}
      title={fill(text.title[lang], { host: series.host, socket: series.socket })}
    >
      <h2 className="cwnd-heading">
        <button
          type="button"
          className="cwnd-fold"
          data-testid="cwnd-fold"
          aria-expanded={open}
          aria-controls="cwnd-chart"
          onClick={() => setOpen(!open)}
        >
          <span className="cwnd-chevron" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>{' '}
          {text.heading[lang]}
        </button>
      </h2>
      <NowLine now={now} retransmits={open && series.retransmissions.length > 0} folded={!open} lang={lang} />
      <div ref={ref} className="cwnd-chart" id="cwnd-chart" hidden={!open}>
        <Chart series={series} geometry={geometry} width={width} cursorT={cursorT} now={now} lang={lang} />
        {open && <Phases series={series} current={now.point?.ccPhase} lang={lang} />}
      </div>
    </section>
  );
}
