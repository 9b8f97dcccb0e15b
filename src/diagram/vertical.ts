// The layout's second pass: rows and the time scale. Every event gets a row on its lane (rows.ts),
// then a y from the piecewise linear scale (timescale.ts), sized so the median latency reads well.
import { filterShowsKind, type EventFilter } from '../trace/query';
import type { TraceEvent } from '../trace/types';
import type { Metrics, TimeScaleMode } from './model';
import { assignRows, type RowAssignment, type RowRequest } from './rows';
import { buildTimeScale, chooseProportionalScale, chooseScale, type TimeScale } from './timescale';
import { joinsBroadcast, type TraceIndex } from './trace-index';

export interface Vertical {
  rows: RowAssignment;
  scale: TimeScale;
  /** y of every event (the cursor after events[0..i] is at eventY[i]). */
  eventY: Float64Array;
  /** y where the first row is drawn and where the lifelines end. */
  top: number;
  bottom: number;
  /** How tall the median one-way latency is drawn: how far an arrow still in flight reaches. */
  latencyPx: number;
}

/**
 * What each event needs on its lane, for assignRows. An event the learner's filter hides takes no
 * row of its own (it rides on the row before), so a packets-only diagram has no blank rows.
 */
export function rowRequest(
  index: TraceIndex,
  spans?: ReadonlyMap<number, number>,
  show: EventFilter = 'all',
): (event: TraceEvent, at: number) => RowRequest {
  return (event, at) => {
    const lane = index.eventLane[at]!;
    if (show !== 'all' && event.kind !== 'deliver' && event.kind !== 'drop' && !filterShowsKind(show, event.kind))
      return { lane, need: 'attach' };
    switch (event.kind) {
      case 'call':
        return { lane, need: index.hidden[at] === 1 ? 'attach' : 'label' };
      case 'return':
        return { lane, need: event.errno !== undefined ? 'label' : 'attach' };
      case 'state':
        return { lane, need: 'label' };
      case 'segment':
      case 'datagram':
      case 'icmp':
        return { lane, need: 'send', share: joinsBroadcast(index.events, at) };
      case 'deliver':
      case 'drop':
        return { lane, need: 'deliver', after: index.packets.eventOf.get(event.id) };
      case 'note':
        return { lane, need: 'label', global: true, span: spans?.get(at) ?? 1 };
      case 'timer':
      case 'tcb':
        return { lane, need: 'attach' };
    }
  };
}

/** One-way latency of every delivered packet, in microseconds. */
export function latencies(index: TraceIndex): number[] {
  const out: number[] = [];
  index.events.forEach((event) => {
    if (event.kind !== 'deliver') return;
    const sent = index.events[index.packets.eventOf.get(event.id) ?? -1];
    if (sent !== undefined) out.push(event.t - sent.t);
  });
  return out;
}

/** `spans`: the rows each note takes (by event index), when a note wraps onto several lines. */
export function placeRows(
  index: TraceIndex,
  metrics: Metrics,
  spans?: ReadonlyMap<number, number>,
  mode: TimeScaleMode = 'compressed',
  show: EventFilter = 'all',
): Vertical {
  const { events } = index;
  const rows = assignRows(events, Math.max(1, index.lanes.length), rowRequest(index, spans, show));
  const latencyPx = Math.round(metrics.rowPx * 1.6);
  // Compressed: an idle gap longer than 4 latencies is cut. Proportional: time to one scale.
  const scaleChoice =
    (mode === 'proportional' ? chooseProportionalScale(rows.groups, metrics.rowPx) : null) ??
    chooseScale(latencies(index), latencyPx);
  const top = metrics.headerHeight + Math.round(metrics.rowPx * 0.9);
  const scale = buildTimeScale(rows.groups, {
    top,
    rowPx: metrics.rowPx,
    pxPerUs: scaleChoice.pxPerUs,
    maxLinearPx: scaleChoice.maxLinearPx,
    gapPx: Math.round(metrics.rowPx * 2.8),
  });
  const eventY = new Float64Array(events.length);
  for (let i = 0; i < events.length; i++) eventY[i] = scale.rowY(rows.group[i]!, rows.row[i]!);
  return { rows, scale, eventY, top, bottom: scale.bottom + metrics.rowPx, latencyPx };
}

/** The first event of a group of simultaneous events. */
export function firstEventOfGroup(groupOf: Int32Array, group: number): number {
  // Groups are contiguous and ascending: binary search for the first event of `group`.
  let lo = 0;
  let hi = groupOf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (groupOf[mid]! < group) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
