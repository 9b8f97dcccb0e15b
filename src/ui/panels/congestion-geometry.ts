// The cwnd plot's geometry, apart from React (as the diagram's layout is): scales, step lines,
// phase bands and ticks from a socket's congestion series. cwnd and ssthresh are counted in
// segments (as Linux counts them); bytes in flight are divided by the socket's segment size so
// that all three share one axis.
import type { CongestionSeries } from '../../trace/query';
import type { CongestionPhase } from '../../trace/types';

export interface PlotSize {
  width: number;
  height: number;
}

/** Room for the 16 px labels: the unit turned along the axis and up to three digits on its left, one line below. */
export const plotMargin = { left: 58, right: 14, top: 10, bottom: 28 } as const;

export interface PlotGeometry {
  /** Trace time (µs) to x, clamped to the plotted span. */
  x: (t: number) => number;
  /** Segments to y. */
  y: (segments: number) => number;
  domain: { from: number; to: number };
  area: { left: number; right: number; top: number; bottom: number };
  cwndPath: string;
  ssthreshPath: string;
  /** A closed step area from the axis up to the bytes in flight (empty without a segment size). */
  inFlightPath: string;
  bands: { phase: CongestionPhase; x: number; width: number }[];
  xTicks: { x: number; ms: number }[];
  yTicks: { y: number; value: number }[];
  retransmissions: { x: number; t: number }[];
}

const round = (value: number) => Math.round(value * 10) / 10;

/** A step of 1, 2 or 5 times a power of ten giving at most `count` intervals over `span`. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= raw) return factor * power;
  return 10 * power;
}

/** A step line through (t, value) pairs: horizontal until the next point, then vertical; a gap where value is absent. */
function stepPath(
  points: readonly { t: number; value: number | undefined }[],
  x: (t: number) => number,
  y: (v: number) => number,
): string {
  const parts: string[] = [];
  let open = false;
  for (const { t, value } of points) {
    if (value === undefined) {
      if (open) parts.push(`H${round(x(t))}`);
      open = false;
      continue;
    }
    parts.push(open ? `H${round(x(t))}V${round(y(value))}` : `M${round(x(t))} ${round(y(value))}`);
    open = true;
  }
  return parts.join('');
}

/** The closed area under a step line that has a value at every point (bytes in flight). */
function areaPath(
  points: readonly { t: number; value: number | undefined }[],
  x: (t: number) => number,
  y: (v: number) => number,
  area: { right: number; bottom: number },
): string {
  const first = points[0];
  if (first === undefined || points.some((p) => p.value === undefined)) return '';
  const steps = points.map((p) => `H${round(x(p.t))}V${round(y(p.value ?? 0))}`).join('');
  return `M${round(x(first.t))} ${round(area.bottom)}${steps}H${round(area.right)}V${round(area.bottom)}Z`;
}

function inFlight(series: CongestionSeries): { t: number; value: number | undefined }[] {
  const size = series.segmentBytes;
  return series.points.map((p) => ({ t: p.t, value: size === undefined ? undefined : p.bytesInFlight / size }));
}

function bandsOf(series: CongestionSeries, x: (t: number) => number, end: number): PlotGeometry['bands'] {
  const bands: PlotGeometry['bands'] = [];
  for (const point of series.points) {
    if (point.ccPhase === undefined) continue;
    const last = bands[bands.length - 1];
    if (last?.phase === point.ccPhase) continue;
    if (last !== undefined) last.width = round(x(point.t) - last.x);
    bands.push({ phase: point.ccPhase, x: round(x(point.t)), width: 0 });
  }
  const last = bands[bands.length - 1];
  if (last !== undefined) last.width = round(end - last.x);
  return bands;
}

export function plotGeometry(series: CongestionSeries, size: PlotSize): PlotGeometry {
  const area = {
    left: plotMargin.left,
    right: Math.max(plotMargin.left + 1, size.width - plotMargin.right),
    top: plotMargin.top,
    bottom: Math.max(plotMargin.top + 1, size.height - plotMargin.bottom),
  };
  const from = series.points[0]?.t ?? 0;
  const to = Math.max(series.points[series.points.length - 1]?.t ?? from, from + 1);
  const flight = inFlight(series);
  let top = 1;
  for (const [i, p] of series.points.entries()) {
    top = Math.max(top, p.cwnd ?? 0, p.ssthresh ?? 0, flight[i]?.value ?? 0);
  }
  const yStep = niceStep(top, 3);
  const yMax = Math.ceil((top * 1.05) / yStep) * yStep;
  const x = (t: number) =>
    area.left + ((Math.min(Math.max(t, from), to) - from) / (to - from)) * (area.right - area.left);
  const y = (v: number) => area.bottom - (v / yMax) * (area.bottom - area.top);
  const inFlightPath = areaPath(flight, x, y, area);
  // Three intervals at most: a 300 px column holds four labels such as "150" at 16 px.
  const msStep = niceStep((to - from) / 1000, 3);
  const xTicks: PlotGeometry['xTicks'] = [];
  for (let ms = Math.ceil(from / 1000 / msStep) * msStep; ms * 1000 <= to; ms += msStep) {
    xTicks.push({ x: round(x(ms * 1000)), ms: Math.round(ms * 1000) / 1000 });
  }
  const yTicks: PlotGeometry['yTicks'] = [];
  for (let value = 0; value <= yMax; value += yStep) yTicks.push({ y: round(y(value)), value });
  return {
    x,
    y,
    domain: { from, to },
    area,
    cwndPath: stepPath(
      series.points.map((p) => ({ t: p.t, value: p.cwnd })),
      x,
      y,
    ),
    ssthreshPath: stepPath(
      series.points.map((p) => ({ t: p.t, value: p.ssthresh })),
      x,
      y,
    ),
    inFlightPath,
    bands: bandsOf(series, x, area.right),
    xTicks,
    yTicks,
    retransmissions: series.retransmissions.map((r) => ({ x: round(x(r.t)), t: r.t })),
  };
}
