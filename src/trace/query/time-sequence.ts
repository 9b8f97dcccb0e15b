// The time-sequence graph's series (Stevens, TCP/IP Illustrated vol. 1; tcptrace): for the
// direction that carried the most payload bytes, every data segment as (time, relative seq, len,
// retransmission), and for the reverse direction its cumulative ACK and ACK + window over time,
// the right edge the receiver allows (RFC 9293 3.8.6). Typed arrays, since a capture may hold a
// million segments. Relative numbers come from `relativeNumbers` (one rule for every view) and
// are unwrapped past 2^32 so a transfer of more than 4 GiB keeps climbing (RFC 9293 3.4: the
// wire's numbers are modulo 2^32, the graph's are not).
import type { Trace } from '../types';
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

function busiestDirection(trace: Trace): [string, string] | undefined {
  // Nested maps rather than a "src>dst" key: no string built per segment (a million of them).
  const bytes = new Map<string, Map<string, number>>();
  let best: [string, string] | undefined;
  let bestBytes = 0;
  for (const event of trace.events) {
    if (event.kind !== 'segment' || event.len === 0) continue;
    let row = bytes.get(event.src);
    if (row === undefined) bytes.set(event.src, (row = new Map()));
    const total = (row.get(event.dst) ?? 0) + event.len;
    row.set(event.dst, total);
    if (total > bestBytes) {
      best = [event.src, event.dst];
      bestBytes = total;
    }
  }
  return best;
}

/** Growable typed columns, trimmed at the end (no object per segment). */
function columnsOf(capacity: number) {
  return {
    t: new Float64Array(capacity),
    a: new Float64Array(capacity),
    b: new Float64Array(capacity),
    c: new Uint32Array(capacity),
    n: 0,
  };
}

/** The series of the trace's main data sender; undefined when no segment carried data. */
export const timeSequence = perTrace((trace: Trace): TimeSequence | undefined => {
  const direction = busiestDirection(trace);
  if (direction === undefined) return undefined;
  const [src, dst] = direction;
  const numbers = relativeNumbers(trace);
  let segments = 0;
  for (const event of trace.events) if (event.kind === 'segment') segments++;
  // data: t, relSeq, len (a), event index (c); retransmission flags beside. acks: t, ack, edge.
  const data = columnsOf(segments);
  const flags = new Uint8Array(segments);
  const acks = columnsOf(segments);
  const unwrapSeq = unwrapper();
  const unwrapAck = unwrapper();
  let tMin = Infinity;
  let tMax = -Infinity;
  let seqMax = 0;
  const events = trace.events;
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    if (event?.kind !== 'segment') continue;
    const forward = event.src === src && event.dst === dst;
    if (forward ? event.len === 0 : event.src !== dst || event.dst !== src) continue;
    const relative = numbers.get(event.id);
    if (relative === undefined) continue;
    if (forward) {
      const seq = unwrapSeq(relative.seq);
      const i = data.n++;
      data.t[i] = event.t;
      data.a[i] = seq;
      data.b[i] = event.len;
      data.c[i] = index;
      flags[i] = event.retransmission === true ? 1 : 0;
      seqMax = Math.max(seqMax, seq + event.len);
    } else if (relative.ack !== undefined && relative.ackAbsolute !== true) {
      const ack = unwrapAck(relative.ack);
      const i = acks.n++;
      acks.t[i] = event.t;
      acks.a[i] = ack;
      acks.b[i] = ack + event.window;
      seqMax = Math.max(seqMax, ack + event.window);
    } else continue;
    tMin = Math.min(tMin, event.t);
    tMax = Math.max(tMax, event.t);
  }
  return {
    src,
    dst,
    t: data.t.slice(0, data.n),
    relSeq: data.a.slice(0, data.n),
    len: Uint32Array.from(data.b.subarray(0, data.n)),
    retransmission: flags.slice(0, data.n),
    eventIndex: data.c.slice(0, data.n),
    ackT: acks.t.slice(0, acks.n),
    ack: acks.a.slice(0, acks.n),
    windowEdge: acks.b.slice(0, acks.n),
    tMin,
    tMax,
    seqMax,
  };
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
