// The time-sequence graph's series (Stevens, TCP/IP Illustrated vol. 1; tcptrace): for the
// direction that carried the most payload bytes, every data segment as (time, relative seq, len,
// retransmission), and for the reverse direction its cumulative ACK and ACK + window over time,
// the right edge the receiver allows (RFC 9293 3.8.6). Typed arrays, since a capture may hold a
// million segments. Relative numbers come from `relativeNumbers` (one rule for every view) and
// are unwrapped past 2^32 so a transfer of more than 4 GiB keeps climbing (RFC 9293 3.4: the
// wire's numbers are modulo 2^32, the graph's are not).
import type { SegmentEvent, Trace } from '../types';
import { perTrace } from './memo';
import { relativeNumbers } from './numbering';

export interface TimeSequence {
  /** The data sender's and receiver's address:port. */
  src: string;
  dst: string;
  /** Data segments (len > 0) of the sender, in trace order. */
  t: Float64Array;
  relSeq: Float64Array;
  len: Uint32Array;
  /** 1 when the producer marked the segment as a retransmission. */
  retransmission: Uint8Array;
  /** Index into trace.events of each segment, to move the cursor to it. */
  eventIndex: Uint32Array;
  /** The receiver's ACK segments whose ack is relative to the sender's ISN, in trace order. */
  ackT: Float64Array;
  ack: Float64Array;
  /** ack + the window it offers, in bytes (scaled, RFC 7323 2.3). */
  windowEdge: Float64Array;
  /** Time and sequence extents over both series (for the axes). */
  tMin: number;
  tMax: number;
  seqMax: number;
}

const TWO_32 = 2 ** 32;

/** Adds 2^32 each time a relative number steps back by more than half the space (a wrap). */
function unwrapper(): (value: number) => number {
  let base = 0;
  let last: number | undefined;
  return (value) => {
    if (last !== undefined && value < last - TWO_32 / 2) base += TWO_32;
    else if (last !== undefined && value > last + TWO_32 / 2 && base > 0) base -= TWO_32;
    last = value;
    return base + value;
  };
}

function busiestDirection(trace: Trace): string | undefined {
  const bytes = new Map<string, number>();
  let best: string | undefined;
  let bestBytes = 0;
  for (const event of trace.events) {
    if (event.kind !== 'segment' || event.len === 0) continue;
    const key = `${event.src}>${event.dst}`;
    const total = (bytes.get(key) ?? 0) + event.len;
    bytes.set(key, total);
    if (total > bestBytes) {
      best = key;
      bestBytes = total;
    }
  }
  return best;
}

/** The series of the trace's main data sender; undefined when no segment carried data. */
export const timeSequence = perTrace((trace: Trace): TimeSequence | undefined => {
  const direction = busiestDirection(trace);
  if (direction === undefined) return undefined;
  const [src = '', dst = ''] = direction.split('>');
  const numbers = relativeNumbers(trace);
  const data: { index: number; event: SegmentEvent; seq: number }[] = [];
  const acks: { t: number; ack: number; edge: number }[] = [];
  const unwrapSeq = unwrapper();
  const unwrapAck = unwrapper();
  trace.events.forEach((event, index) => {
    if (event.kind !== 'segment') return;
    const relative = numbers.get(event.id);
    if (relative === undefined) return;
    if (event.src === src && event.dst === dst && event.len > 0) {
      data.push({ index, event, seq: unwrapSeq(relative.seq) });
    } else if (event.src === dst && event.dst === src && relative.ack !== undefined && !relative.ackAbsolute) {
      const ack = unwrapAck(relative.ack);
      acks.push({ t: event.t, ack, edge: ack + event.window });
    }
  });
  const series: TimeSequence = {
    src,
    dst,
    t: Float64Array.from(data, (d) => d.event.t),
    relSeq: Float64Array.from(data, (d) => d.seq),
    len: Uint32Array.from(data, (d) => d.event.len),
    retransmission: Uint8Array.from(data, (d) => (d.event.retransmission === true ? 1 : 0)),
    eventIndex: Uint32Array.from(data, (d) => d.index),
    ackT: Float64Array.from(acks, (a) => a.t),
    ack: Float64Array.from(acks, (a) => a.ack),
    windowEdge: Float64Array.from(acks, (a) => a.edge),
    tMin: Infinity,
    tMax: -Infinity,
    seqMax: 0,
  };
  for (const d of data) {
    series.tMin = Math.min(series.tMin, d.event.t);
    series.tMax = Math.max(series.tMax, d.event.t);
    series.seqMax = Math.max(series.seqMax, d.seq + d.event.len);
  }
  for (const a of acks) {
    series.tMin = Math.min(series.tMin, a.t);
    series.tMax = Math.max(series.tMax, a.t);
    series.seqMax = Math.max(series.seqMax, a.edge);
  }
  return series;
});

/** The first data segment at or after time `t0` and at or before `t1` (binary search), if any. */
export function firstSegmentIn(series: TimeSequence, t0: number, t1: number): number | undefined {
  let low = 0;
  let high = series.t.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((series.t[middle] ?? Infinity) < t0) low = middle + 1;
    else high = middle;
  }
  return low < series.t.length && (series.t[low] ?? Infinity) <= t1 ? low : undefined;
}
