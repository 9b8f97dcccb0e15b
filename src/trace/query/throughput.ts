// Throughput over time for the time-sequence graph's connection (issue 9, "an overview for big
// connections"), the way Wireshark's TCP Stream Graphs → Throughput computes it with its time-based
// moving average (ui/qt/tcp_stream_dialog.cpp, fillThroughput): at every instant, the bytes that
// arrived in the last `windowUs` microseconds, times 8, over the window. Three series:
// - `sent`: every payload byte the sender put on the wire, retransmissions included (Wireshark's
//   "Throughput", tcptrace's throughput graph);
// - `newData`: only the bytes above the highest sequence number sent before (the sender's goodput:
//   a retransmission adds nothing, whether or not the producer marked it);
// - `acked`: the bytes the receiver's cumulative ACK newly covers (Wireshark's "Goodput": the rate
//   at which data reaches the application in order, RFC 9293 3.4). SYN and FIN occupy a sequence
//   number but carry no data, so the ACK of the FIN adds nothing.
// Each series is a step line: one change point where a segment enters the window and one where it
// leaves, so at most 2n points, built in one pass (two pointers) from `timeSequence`'s typed arrays.
import type { Trace } from '../types';
import { timeSequence, type TimeSequence } from './time-sequence';

/** A rate as a step line: from t[i] until t[i + 1] the rate is bitsPerSecond[i]. */
export interface RateSeries {
  t: Float64Array;
  bitsPerSecond: Float64Array;
}

/** Bytes counted at instants (non-decreasing), with running totals for any range's sum. */
export interface ByteEvents {
  t: Float64Array;
  bytes: Float64Array;
  /** Bytes at and before index i. */
  total: Float64Array;
}

export type ThroughputKind = 'sent' | 'newData' | 'acked';

export interface Throughput {
  src: string;
  dst: string;
  windowUs: number;
  sent: RateSeries;
  newData: RateSeries;
  acked: RateSeries;
  /** The counted bytes behind each series, for a range's mean (`meanRate`). */
  events: Record<ThroughputKind, ByteEvents>;
  /** The highest rate of any series (for the axis). */
  peakBitsPerSecond: number;
}

/** Running totals of bytes at instants; a time that steps back is held at the last one. */
function byteEvents(t: Float64Array, bytes: Float64Array): ByteEvents {
  const times = new Float64Array(t.length);
  const total = new Float64Array(t.length);
  let sum = 0;
  let last = -Infinity;
  for (let i = 0; i < t.length; i++) {
    // A capture's clock may step back (a reordered ring buffer); the window's two pointers need
    // time in order, so such a packet counts at the latest time seen.
    last = Math.max(last, t[i] ?? 0);
    times[i] = last;
    sum += bytes[i] ?? 0;
    total[i] = sum;
  }
  return { t: times, bytes, total };
}

/** The moving-window rate of `events` as a step line (change points where a byte enters or leaves). */
export function movingRate(events: ByteEvents, windowUs: number): RateSeries {
  const n = events.t.length;
  const t = new Float64Array(2 * n);
  const rate = new Float64Array(2 * n);
  const perByte = 8e6 / windowUs; // bytes in the window → bits per second
  let points = 0;
  let inWindow = 0;
  let oldest = 0;
  const emit = (at: number) => {
    const value = Math.max(0, inWindow) * perByte;
    // Two changes at one instant make one point: the last value holds from there.
    if (points > 0 && t[points - 1] === at) rate[points - 1] = value;
    else {
      t[points] = at;
      rate[points] = value;
      points++;
    }
  };
  // Window (τ - W, τ]: a byte counted at t_j has left at exactly t_j + W.
  const leaveUntil = (limit: number) => {
    while (oldest < n && (events.t[oldest] ?? 0) + windowUs <= limit) {
      inWindow -= events.bytes[oldest] ?? 0;
      emit((events.t[oldest] ?? 0) + windowUs);
      oldest++;
    }
  };
  for (let i = 0; i < n; i++) {
    const at = events.t[i] ?? 0;
    leaveUntil(at);
    inWindow += events.bytes[i] ?? 0;
    emit(at);
  }
  leaveUntil(Infinity);
  return { t: t.slice(0, points), bitsPerSecond: rate.slice(0, points) };
}

/** Per data segment: the bytes above the highest sequence number sent before it. */
function newBytes(series: TimeSequence): Float64Array {
  const bytes = new Float64Array(series.t.length);
  let highest = -Infinity;
  for (let i = 0; i < series.t.length; i++) {
    const start = series.relSeq[i] ?? 0;
    const end = start + (series.len[i] ?? 0);
    bytes[i] = Math.max(0, end - Math.max(start, highest));
    highest = Math.max(highest, end);
  }
  return bytes;
}

/**
 * Per receiver ACK: the data bytes it newly acknowledges. It starts from the first ACK seen (as
 * Wireshark does: bytes acknowledged before the capture began are not this capture's), and an ACK
 * is capped at the highest data byte sent, so the FIN's sequence number is not counted as data.
 */
function ackedBytes(series: TimeSequence): Float64Array {
  const bytes = new Float64Array(series.ackT.length);
  let dataEnd = 0;
  for (let i = 0; i < series.t.length; i++) dataEnd = Math.max(dataEnd, (series.relSeq[i] ?? 0) + (series.len[i] ?? 0));
  let acknowledged = Math.min(series.ack[0] ?? 0, dataEnd);
  for (let i = 0; i < series.ackT.length; i++) {
    const ack = Math.min(series.ack[i] ?? 0, dataEnd);
    if (ack > acknowledged) {
      bytes[i] = ack - acknowledged;
      acknowledged = ack;
    }
  }
  return bytes;
}

function peakOf(...series: RateSeries[]): number {
  let peak = 0;
  for (const { bitsPerSecond } of series) for (const value of bitsPerSecond) peak = Math.max(peak, value);
  return peak;
}

/** The three rate series of a time-sequence graph's segments and ACKs (throughputSeries's work). */
export function throughputOf(series: TimeSequence, windowUs: number): Throughput {
  const events = {
    sent: byteEvents(series.t, Float64Array.from(series.len)),
    newData: byteEvents(series.t, newBytes(series)),
    acked: byteEvents(series.ackT, ackedBytes(series)),
  };
  const sent = movingRate(events.sent, windowUs);
  const newData = movingRate(events.newData, windowUs);
  const acked = movingRate(events.acked, windowUs);
  return {
    src: series.src,
    dst: series.dst,
    windowUs,
    sent,
    newData,
    acked,
    events,
    peakBitsPerSecond: peakOf(sent, newData, acked),
  };
}

function derive(trace: Trace, windowUs: number): Throughput | undefined {
  const series = timeSequence(trace);
  return series === undefined ? undefined : throughputOf(series, windowUs);
}

// Memoized per Trace (a Trace never changes) and per window: the view offers a few windows.
const cache = new WeakMap<Trace, Map<number, Throughput | undefined>>();

/** The three rate series of the trace's main data sender over a `windowUs` moving window. */
export function throughputSeries(trace: Trace, windowUs: number): Throughput | undefined {
  if (!(windowUs > 0)) throw new RangeError(`throughput window must be positive, got ${windowUs}`);
  let perWindow = cache.get(trace);
  if (perWindow === undefined) cache.set(trace, (perWindow = new Map()));
  if (!perWindow.has(windowUs)) perWindow.set(windowUs, derive(trace, windowUs));
  return perWindow.get(windowUs);
}

/** The rate a step line holds at time `t` (0 before its first point). */
export function rateAt(series: RateSeries, t: number): number {
  let low = 0;
  let high = series.t.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((series.t[middle] ?? Infinity) <= t) low = middle + 1;
    else high = middle;
  }
  return low === 0 ? 0 : (series.bitsPerSecond[low - 1] ?? 0);
}

/** How many of `events` are at a time before `t` (binary search). */
function countBefore(events: ByteEvents, t: number): number {
  let low = 0;
  let high = events.t.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((events.t[middle] ?? Infinity) < t) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The bytes counted in [t0, t1): the same half-open interval as tshark's io,stat rows. */
export function bytesBetween(events: ByteEvents, t0: number, t1: number): number {
  const before = countBefore(events, t0);
  const upTo = countBefore(events, t1);
  return upTo === 0 ? 0 : (events.total[upTo - 1] ?? 0) - (before === 0 ? 0 : (events.total[before - 1] ?? 0));
}

/** The mean rate over [t0, t1) in bits per second (a brushed range's figure). */
export function meanRate(events: ByteEvents, t0: number, t1: number): number {
  return t1 > t0 ? (bytesBetween(events, t0, t1) * 8e6) / (t1 - t0) : 0;
}

/**
 * A default window for a connection lasting `spanUs`: a twenty-fifth of it, rounded up to 1, 2 or 5
 * times a power of ten, between 1 ms and 1 s. Wireshark's default (1 s) is too long for a lesson of
 * 200 ms; a window much shorter than a round trip shows each flight as a burst and the silence
 * after it rather than a rate (the congestion-control lesson: 10 ms for its 20 ms round trip).
 */
export function defaultWindowUs(spanUs: number): number {
  const raw = Math.min(1_000_000, Math.max(1000, spanUs / 25));
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw * 0.999) ?? 10 * power;
}
