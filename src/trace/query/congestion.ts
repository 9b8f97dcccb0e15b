// Congestion control over time, per socket: what the TCB snapshots say of cwnd, ssthresh and the
// phase (RFC 5681 3.1-3.2, RFC 6582, RFC 9438), the bytes in flight (SND.NXT - SND.UNA, RFC 9293
// 3.3.1), and when the socket retransmitted. The cwnd plot reads it; nothing here re-derives
// congestion control: every figure is a field the producer recorded.
import type { CongestionPhase, Trace } from '../types';
import { pauseAfter, perTrace, perTraceInSteps, type Steps } from './memo';
import { eventOwners } from './owners';

export interface CongestionPoint {
  /** Index into trace.events of the TCB snapshot. */
  eventIndex: number;
  t: number;
  /** Segments; absent when the producer did not record it. */
  cwnd?: number;
  /** Segments; absent while still at its initial "infinite" value (or not recorded). */
  ssthresh?: number;
  ccPhase?: CongestionPhase;
  /** SND.NXT - SND.UNA in bytes, modulo 2^32 (a SYN or FIN in flight counts one). */
  bytesInFlight: number;
}

export interface Retransmission {
  eventIndex: number;
  t: number;
  seq: number;
  len: number;
}

export interface CongestionSeries {
  host: string;
  socket: number;
  points: readonly CongestionPoint[];
  retransmissions: readonly Retransmission[];
  /** Data segments the socket sent, retransmissions included. */
  dataSegments: number;
  /**
   * Bytes one segment holds, to count bytes in flight in segments as cwnd is counted: the
   * largest payload the socket sent (its MSS in a bulk transfer), else the MSS its SYN offered.
   */
  segmentBytes: number | undefined;
}

const keyOf = (host: string, socket: number) => `${host}\u0000${socket}`;

interface Building {
  host: string;
  socket: number;
  points: CongestionPoint[];
  retransmissions: Retransmission[];
  dataSegments: number;
  largest: number;
  synMss: number | undefined;
}

/** Every TCP socket that has a TCB snapshot, in the order of its first snapshot. */
export const congestionSeries = perTraceInSteps(function* (trace: Trace): Steps<readonly CongestionSeries[]> {
  const owners = yield* eventOwners.steps(trace);
  const sockets = new Map<string, Building>();
  const entry = (host: string, socket: number): Building => {
    const key = keyOf(host, socket);
    let found = sockets.get(key);
    if (found === undefined) {
      found = { host, socket, points: [], retransmissions: [], dataSegments: 0, largest: 0, synMss: undefined };
      sockets.set(key, found);
    }
    return found;
  };
  const { events } = trace;
  for (let index = 0; index < events.length; index++) {
    if (pauseAfter(index)) yield;
    const event = events[index]!;
    if (event.kind !== 'tcb') continue;
    const { t, cwnd, ssthresh, ccPhase } = event;
    const bytesInFlight = (event.sndNxt - event.sndUna) >>> 0; // modulo 2^32 (RFC 9293 3.4)
    entry(event.host, event.socket).points.push({ eventIndex: index, t, cwnd, ssthresh, ccPhase, bytesInFlight });
  }
  // Segments of sockets that have snapshots only (a closed port's RST has no socket at all), in
  // order; none to look at in a capture (no snapshot), whose million segments once made a key each.
  for (let index = 0; index < events.length && sockets.size > 0; index++) {
    if (pauseAfter(index)) yield;
    const event = events[index]!;
    if (event.kind !== 'segment') continue;
    const socket = owners.at(index)?.socket;
    const into = socket === undefined ? undefined : sockets.get(keyOf(event.from, socket));
    if (into === undefined) continue;
    const mss = event.options.mss;
    if (event.flags.includes('SYN') && typeof mss === 'number') into.synMss = mss;
    if (event.len === 0) continue;
    into.dataSegments++;
    into.largest = Math.max(into.largest, event.len);
    if (event.retransmission === true)
      into.retransmissions.push({ eventIndex: index, t: event.t, seq: event.seq, len: event.len });
  }
  return [...sockets.values()].map(({ largest, synMss, ...rest }) => ({
    ...rest,
    segmentBytes: largest > 0 ? largest : synMss,
  }));
});

/**
 * The socket whose congestion window is worth plotting: among the sockets whose snapshots carry
 * cwnd, the one that sent the most data segments; undefined when none sent more than two initial
 * windows (a request and its answer never leave the first window, so a plot would show a flat line).
 */
export const congestionSender = perTrace((trace: Trace): CongestionSeries | undefined => {
  let best: CongestionSeries | undefined;
  for (const series of congestionSeries(trace)) {
    const first = series.points.find((point) => point.cwnd !== undefined)?.cwnd;
    if (first === undefined || series.dataSegments <= 2 * first) continue;
    if (best === undefined || series.dataSegments > best.dataSegments) best = series;
  }
  return best;
});

/** The last snapshot among the first `shown` events (the one the cursor's step shows), if any. */
export function congestionAt(series: CongestionSeries, shown: number): CongestionPoint | undefined {
  const { points } = series;
  let low = 0;
  let high = points.length;
  // Number of points whose event is shown (eventIndex < shown).
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((points[middle]?.eventIndex ?? Infinity) < shown) low = middle + 1;
    else high = middle;
  }
  return low === 0 ? undefined : points[low - 1];
}

export interface PhaseSpan {
  phase: CongestionPhase;
  /** From the first snapshot in this phase to the first snapshot of the next one (or the last). */
  from: number;
  to: number;
}

/** Consecutive runs of one phase, in time order (snapshots without a phase are skipped). */
export function phaseSpans(series: CongestionSeries): PhaseSpan[] {
  const spans: PhaseSpan[] = [];
  for (const point of series.points) {
    if (point.ccPhase === undefined) continue;
    const last = spans[spans.length - 1];
    if (last !== undefined) last.to = point.t;
    if (last?.phase !== point.ccPhase) spans.push({ phase: point.ccPhase, from: point.t, to: point.t });
  }
  return spans;
}

/**
 * The retransmissions a sender made on duplicate or partial ACKs rather than on its timer: fast
 * retransmit and NewReno's repairs (RFC 5681 3.2, RFC 6582 3.2), told by the sender's snapshot
 * after the segment being in fast recovery. Indices into trace.events.
 */
export const fastRetransmits = perTrace((trace: Trace): ReadonlySet<number> => {
  const fast = new Set<number>();
  for (const series of congestionSeries(trace)) {
    for (const retransmission of series.retransmissions) {
      const after = series.points.find((point) => point.eventIndex > retransmission.eventIndex);
      if (after?.ccPhase === 'fast-recovery') fast.add(retransmission.eventIndex);
    }
  }
  return fast;
});
