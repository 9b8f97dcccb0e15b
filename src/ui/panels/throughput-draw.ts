// Drawing throughput over time on a canvas, under (or instead of) the time-sequence graph: the same
// time axis (frameFor's left, right, tMin and tMax, so a time is at the same x in both and one brush
// serves both), a rate axis in bit/s, kbit/s, Mbit/s or Gbit/s chosen by the peak, and the three
// step lines of `throughputSeries`. Each line goes through drawSteps, which keeps at most four
// vertices per pixel column: a million segments cost one pass over the typed arrays, not a path of
// two million points.
import type { RateSeries, Throughput, TimeSequence } from '../../trace/query';
import { drawSteps, drawTimeAxis, drawValueAxis, frameFor, niceTicks, type TsgColors, type TsgFrame } from './tsg-draw';

export type RateUnit = 'bit/s' | 'kbit/s' | 'Mbit/s' | 'Gbit/s';

/** The unit for rates up to `peak` bits per second: the largest whose value stays at 1 or more. */
export function rateUnit(peak: number): { unit: RateUnit; divisor: number } {
  if (peak >= 1e9) return { unit: 'Gbit/s', divisor: 1e9 };
  if (peak >= 1e6) return { unit: 'Mbit/s', divisor: 1e6 };
  if (peak >= 1e3) return { unit: 'kbit/s', divisor: 1e3 };
  return { unit: 'bit/s', divisor: 1 };
}

export interface ThroughputFrame extends TsgFrame {
  /** The top of the rate axis, in bits per second. */
  rateMax: number;
  unit: RateUnit;
  divisor: number;
}

/** The TSG's frame for the same width (same x for the same time), with a rate axis to the peak. */
export function throughputFrameFor(
  series: TimeSequence,
  throughput: Throughput,
  width: number,
  height: number,
): ThroughputFrame {
  const frame = frameFor(series, width, height);
  const peak = Math.max(throughput.peakBitsPerSecond, 1);
  // 8 % of headroom so the peak's line does not run along the frame's top.
  return { ...frame, rateMax: peak * 1.08, ...rateUnit(peak) };
}

export const rateY = (frame: ThroughputFrame, bitsPerSecond: number): number =>
  frame.bottom - (bitsPerSecond / frame.rateMax) * (frame.bottom - frame.top);

export interface ThroughputLabels {
  time: string;
  /** The rate axis's title, with the unit in it. */
  rate: string;
  /** A number as the learner's language writes it (2.5 or 2,5). */
  format: (value: number) => string;
}

/** The lines drawn, back to front: what was sent under the new data, the receiver's goodput on top. */
export function throughputLines(
  throughput: Throughput,
  colors: TsgColors,
): { series: RateSeries; color: string; width: number; dash?: number[] }[] {
  return [
    { series: throughput.sent, color: colors.data, width: 2 },
    { series: throughput.newData, color: colors.newData, width: 2, dash: [8, 5] },
    { series: throughput.acked, color: colors.ack, width: 3 },
  ];
}

/** The whole throughput graph but the cursor and the brush (drawOverlay draws those, as for the TSG). */
export function drawThroughput(
  ctx: CanvasRenderingContext2D,
  frame: ThroughputFrame,
  throughput: Throughput,
  colors: TsgColors,
  labels: ThroughputLabels,
) {
  ctx.clearRect(0, 0, frame.width, frame.height);
  const top = frame.rateMax / frame.divisor;
  const values = niceTicks(0, top, Math.max(2, Math.floor((frame.bottom - frame.top) / 60))).map(
    (value) => value * frame.divisor,
  );
  drawValueAxis(
    ctx,
    frame,
    colors,
    { values, y: (rate) => rateY(frame, rate), format: (rate) => labels.format(rate / frame.divisor) },
    labels.rate,
    frame.unit,
  );
  drawTimeAxis(ctx, frame, colors, labels.time, labels.format);
  ctx.save();
  ctx.beginPath();
  ctx.rect(frame.left, frame.top - 8, frame.right - frame.left + 8, frame.bottom - frame.top + 8);
  ctx.clip();
  for (const line of throughputLines(throughput, colors))
    drawSteps(ctx, frame, line.series.t, line.series.bitsPerSecond, line.color, {
      y: (rate) => rateY(frame, rate),
      width: line.width,
      dash: line.dash,
      from: 0,
    });
  ctx.restore();
}
