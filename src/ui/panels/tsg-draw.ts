// Drawing the time-sequence graph on a canvas. The cost is bounded by the canvas width, not by the
// trace: when there are more segments than pixel columns, each column draws one tick from the
// lowest seq to the highest seq + len of the segments that fall in it (data and retransmissions
// apart), and the ACK and window step lines keep one value per column, as tcptrace's zoomed-out
// view merges ticks. A million segments cost one pass over the typed arrays.
import type { TimeSequence } from '../../trace/query';

export interface TsgColors {
  text: string;
  muted: string;
  grid: string;
  data: string;
  retransmission: string;
  ack: string;
  window: string;
  /** The throughput graph's new-data line (the others are `data` and `ack`). */
  newData: string;
  brush: string;
  cursor: string;
}

export interface TsgFrame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  tMin: number;
  tMax: number;
  seqMax: number;
}

export const fontPx = 16;

export function frameFor(series: TimeSequence, width: number, height: number): TsgFrame {
  const tMax = series.tMax > series.tMin ? series.tMax : series.tMin + 1;
  return {
    width,
    height,
    left: 96,
    right: width - 16,
    top: 12,
    bottom: height - 56,
    tMin: series.tMin,
    tMax,
    seqMax: Math.max(series.seqMax, 1),
  };
}

export const xOf = (frame: TsgFrame, t: number): number =>
  frame.left + ((t - frame.tMin) / (frame.tMax - frame.tMin)) * (frame.right - frame.left);
export const yOf = (frame: TsgFrame, seq: number): number =>
  frame.bottom - (seq / frame.seqMax) * (frame.bottom - frame.top);
export const tAt = (frame: TsgFrame, x: number): number => {
  const clamped = Math.min(frame.right, Math.max(frame.left, x));
  return frame.tMin + ((clamped - frame.left) / (frame.right - frame.left)) * (frame.tMax - frame.tMin);
};

/** About `count` round tick values from min to max (1, 2 or 5 times a power of ten apart). */
export function niceTicks(min: number, max: number, count: number): number[] {
  const span = max - min;
  if (!(span > 0)) return [min];
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let value = Math.ceil(min / step) * step; value <= max + step * 1e-9; value += step) ticks.push(value);
  return ticks;
}

export const formatNumber = (value: number): string =>
  Math.abs(value) >= 1e6
    ? `${+(value / 1e6).toPrecision(4)}M`
    : Math.abs(value) >= 1e4
      ? `${+(value / 1e3).toPrecision(4)}k`
      : `${+value.toPrecision(4)}`;

/** The time axis under a plot: grid lines, tick labels in ms and the axis's title. */
export function drawTimeAxis(
  ctx: CanvasRenderingContext2D,
  frame: TsgFrame,
  colors: TsgColors,
  label: string,
  format: (value: number) => string = formatNumber,
) {
  ctx.font = `${fontPx}px system-ui, sans-serif`;
  ctx.lineWidth = 1;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const msMin = frame.tMin / 1000;
  const msMax = frame.tMax / 1000;
  for (const ms of niceTicks(msMin, msMax, Math.max(2, Math.floor((frame.right - frame.left) / 110)))) {
    const x = Math.round(xOf(frame, ms * 1000)) + 0.5;
    ctx.strokeStyle = colors.grid;
    ctx.beginPath();
    ctx.moveTo(x, frame.top);
    ctx.lineTo(x, frame.bottom);
    ctx.stroke();
    ctx.fillStyle = colors.muted;
    ctx.fillText(format(ms), x, frame.bottom + 4);
  }
  ctx.fillStyle = colors.text;
  ctx.fillText(label, (frame.left + frame.right) / 2, frame.bottom + 4 + fontPx + 8);
  ctx.strokeStyle = colors.text;
  ctx.beginPath();
  ctx.moveTo(frame.left + 0.5, frame.top);
  ctx.lineTo(frame.left + 0.5, frame.bottom + 0.5);
  ctx.lineTo(frame.right, frame.bottom + 0.5);
  ctx.stroke();
}

/** The vertical axis: grid lines at `ticks` (placed by `y`), their labels and the axis's title. */
export function drawValueAxis(
  ctx: CanvasRenderingContext2D,
  frame: TsgFrame,
  colors: TsgColors,
  ticks: { values: number[]; y: (value: number) => number; format: (value: number) => string },
  label: string,
  shortLabel: string = label,
) {
  ctx.font = `${fontPx}px system-ui, sans-serif`;
  ctx.lineWidth = 1;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  for (const value of ticks.values) {
    const y = Math.round(ticks.y(value)) + 0.5;
    ctx.strokeStyle = colors.grid;
    ctx.beginPath();
    ctx.moveTo(frame.left, y);
    ctx.lineTo(frame.right, y);
    ctx.stroke();
    ctx.fillStyle = colors.muted;
    ctx.fillText(ticks.format(value), frame.left - 6, y);
  }
  ctx.fillStyle = colors.text;
  ctx.textAlign = 'center';
  ctx.save();
  ctx.translate(18, (frame.top + frame.bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  // A plot too short for the title (both graphs stacked at 720 px) gets the short one, same size.
  const fits = ctx.measureText(label).width <= frame.bottom - frame.top + 16;
  ctx.fillText(fits ? label : shortLabel, 0, 0);
  ctx.restore();
}

function drawAxes(ctx: CanvasRenderingContext2D, frame: TsgFrame, colors: TsgColors, labels: TsgLabels) {
  const values = niceTicks(0, frame.seqMax, Math.max(2, Math.floor((frame.bottom - frame.top) / 60)));
  const ticks = { values, y: (seq: number) => yOf(frame, seq), format: formatNumber };
  drawValueAxis(ctx, frame, colors, ticks, labels.seq, labels.seqShort);
  drawTimeAxis(ctx, frame, colors, labels.time, labels.format);
}

/**
 * One step line through (t, value) points with at most four vertices per pixel column: the
 * horizontal run in from the last value, the column's lowest and highest values (a window that
 * closed and reopened within one pixel still shows), and the value it leaves with.
 */
export function drawSteps(
  ctx: CanvasRenderingContext2D,
  frame: TsgFrame,
  ts: Float64Array,
  values: Float64Array,
  color: string,
  line: { y?: (value: number) => number; width?: number; dash?: number[]; from?: number } = {},
) {
  if (ts.length === 0) return;
  const yAt = line.y ?? ((value: number) => yOf(frame, value));
  ctx.strokeStyle = color;
  ctx.lineWidth = line.width ?? 2;
  ctx.setLineDash(line.dash ?? []);
  ctx.beginPath();
  // The loop runs once per point (2.5 million for a million segments' three rate lines), so it
  // only compares a time with the current column's end and keeps raw values; x and y are computed
  // once per column.
  const perPixel = (frame.tMax - frame.tMin) / (frame.right - frame.left);
  const columnEnd = (x: number) => frame.tMin + (x + 0.5 - frame.left) * perPixel;
  let column = Math.round(xOf(frame, ts[0] ?? 0));
  let end = columnEnd(column);
  let low = values[0] ?? 0;
  let high = low;
  let last = low;
  // A line with a value before its first point (a rate is 0 before the first segment) starts at the axis.
  if (line.from !== undefined) {
    const before = yAt(line.from);
    ctx.moveTo(frame.left, before);
    ctx.lineTo(column, before);
    ctx.lineTo(column, yAt(last));
  } else ctx.moveTo(column, yAt(last));
  const flush = () => {
    if (low !== high) {
      ctx.lineTo(column, yAt(low));
      ctx.lineTo(column, yAt(high));
    }
    ctx.lineTo(column, yAt(last));
  };
  for (let i = 1; i < ts.length; i++) {
    const t = ts[i] ?? 0;
    const value = values[i] ?? 0;
    if (t >= end) {
      flush();
      // At least the next column, whatever the rounding at the boundary says.
      const x = Math.max(column + 1, Math.round(xOf(frame, t)));
      ctx.lineTo(x, yAt(last));
      column = x;
      end = columnEnd(x);
      low = Math.min(last, value);
      high = Math.max(last, value);
    } else if (value < low) low = value;
    else if (value > high) high = value;
    last = value;
  }
  flush();
  ctx.lineTo(frame.right, yAt(last));
  ctx.stroke();
  ctx.setLineDash([]);
}

/** Per pixel column: the lowest seq and highest seq + len of the segments in it, for one kind. */
function columns(
  frame: TsgFrame,
  series: TimeSequence,
  retransmission: 0 | 1,
): { low: Float64Array; high: Float64Array } {
  const count = Math.max(1, Math.ceil(frame.right - frame.left) + 1);
  const low = new Float64Array(count).fill(Infinity);
  const high = new Float64Array(count).fill(-Infinity);
  for (let i = 0; i < series.t.length; i++) {
    if (series.retransmission[i] !== retransmission) continue;
    const column = Math.round(xOf(frame, series.t[i] ?? 0) - frame.left);
    const seq = series.relSeq[i] ?? 0;
    low[column] = Math.min(low[column] ?? Infinity, seq);
    high[column] = Math.max(high[column] ?? -Infinity, seq + (series.len[i] ?? 0));
  }
  return { low, high };
}

function drawTicks(ctx: CanvasRenderingContext2D, frame: TsgFrame, series: TimeSequence, colors: TsgColors) {
  const few = series.t.length <= (frame.right - frame.left) / 4;
  for (const retransmission of [0, 1] as const) {
    ctx.strokeStyle = retransmission === 1 ? colors.retransmission : colors.data;
    ctx.fillStyle = ctx.strokeStyle;
    ctx.lineWidth = retransmission === 1 ? 3 : 2;
    ctx.beginPath();
    const { low, high } = columns(frame, series, retransmission);
    for (let column = 0; column < low.length; column++) {
      const from = low[column] ?? Infinity;
      if (from === Infinity) continue;
      const x = frame.left + column;
      const yLow = yOf(frame, from);
      const yHigh = Math.min(yOf(frame, high[column] ?? from), yLow - 2);
      ctx.moveTo(x, yLow);
      ctx.lineTo(x, yHigh);
      // Stevens' ticks have caps; with room for them, each segment gets its own.
      if (few) {
        ctx.moveTo(x - 3, yHigh);
        ctx.lineTo(x + 3, yHigh);
      }
    }
    ctx.stroke();
    // A retransmission also differs in shape: a diamond on its top end.
    if (retransmission === 1) {
      for (let column = 0; column < low.length; column++) {
        if ((low[column] ?? Infinity) === Infinity) continue;
        const x = frame.left + column;
        const y = yOf(frame, high[column] ?? 0);
        ctx.beginPath();
        ctx.moveTo(x, y - 6);
        ctx.lineTo(x + 5, y);
        ctx.lineTo(x, y + 6);
        ctx.lineTo(x - 5, y);
        ctx.closePath();
        ctx.fill();
      }
    }
  }
}

/** The axes' titles; `format` writes the time ticks as the learner's language does (2.5 or 2,5). */
export interface TsgLabels {
  time: string;
  seq: string;
  /** The sequence axis's title where the long one does not fit the plot's height. */
  seqShort?: string;
  format?: (value: number) => string;
}

/** The whole graph but the cursor and the brush (those go on the overlay canvas). */
export function drawGraph(
  ctx: CanvasRenderingContext2D,
  frame: TsgFrame,
  series: TimeSequence,
  colors: TsgColors,
  labels: TsgLabels,
) {
  ctx.clearRect(0, 0, frame.width, frame.height);
  drawAxes(ctx, frame, colors, labels);
  ctx.save();
  ctx.beginPath();
  ctx.rect(frame.left, frame.top - 8, frame.right - frame.left + 8, frame.bottom - frame.top + 8);
  ctx.clip();
  drawSteps(ctx, frame, series.ackT, series.windowEdge, colors.window);
  drawSteps(ctx, frame, series.ackT, series.ack, colors.ack);
  drawTicks(ctx, frame, series, colors);
  ctx.restore();
}

/** The brushed range as a band, and the cursor's time as a dashed line. */
export function drawOverlay(
  ctx: CanvasRenderingContext2D,
  frame: TsgFrame,
  colors: TsgColors,
  range: { t0: number; t1: number } | null,
  cursorT: number | undefined,
) {
  ctx.clearRect(0, 0, frame.width, frame.height);
  if (range !== null) {
    const x0 = xOf(frame, range.t0);
    const x1 = xOf(frame, range.t1);
    ctx.globalAlpha = 0.18;
    ctx.fillStyle = colors.brush;
    ctx.fillRect(x0, frame.top, Math.max(1, x1 - x0), frame.bottom - frame.top);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = colors.brush;
    ctx.lineWidth = 2;
    ctx.strokeRect(x0, frame.top, Math.max(1, x1 - x0), frame.bottom - frame.top);
  }
  if (cursorT !== undefined && cursorT >= frame.tMin && cursorT <= frame.tMax) {
    const x = Math.round(xOf(frame, cursorT)) + 0.5;
    ctx.strokeStyle = colors.cursor;
    ctx.lineWidth = 2;
    ctx.setLineDash([6, 4]);
    ctx.beginPath();
    ctx.moveTo(x, frame.top);
    ctx.lineTo(x, frame.bottom);
    ctx.stroke();
    ctx.setLineDash([]);
  }
}
