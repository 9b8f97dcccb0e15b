// The comparison view's model: the simulation and the real run of one scenario, compared by
// src/trace/diff.ts (which packets, which flags, which timing) and turned into what the view needs:
// a verdict, a list of differences each pointing at its event in both traces, and the cursor
// mapping that keeps the two diagrams at the same point of the story. Pure: no React, no store.
import { cursorForEvent, shownEventCount, totalSteps } from '../../trace/query';
import {
  alignTraces,
  diffTraces,
  type DiffPacket,
  type PacketDifference,
  type TimingDifference,
  type TraceDiff,
} from '../../trace/diff';
import type { LocalizedText, Trace } from '../../trace/types';

export type Side = 'sim' | 'real';

export type CompareItemType = PacketDifference['type'] | TimingDifference['type'] | 'call';

export interface CompareItem {
  /** Stable within one comparison (React key, test hook). */
  key: string;
  /** 'packet' differences decide the verdict; timing and call results are listed as information. */
  kind: 'packet' | 'timing' | 'call';
  type: CompareItemType;
  /** "client→server" for packets, the host for a call. */
  where: string;
  explain: LocalizedText;
  /** The event to show in each trace when the item is picked (an index into trace.events). */
  simEvent?: number;
  realEvent?: number;
}

/** A packet present in both traces: its sending event in each. */
export interface Anchor {
  sim: number;
  real: number;
}

export interface Comparison {
  diff: TraceDiff;
  /** Same SYN/FIN/RST/data sequence in every direction (diff.ts `match`). */
  match: boolean;
  items: CompareItem[];
  /** Aligned packets, ordered by their event in the simulation. */
  anchors: Anchor[];
}

function withEvents<T extends CompareItem>(item: T, simEvent: number | undefined, realEvent: number | undefined): T {
  if (simEvent !== undefined) item.simEvent = simEvent;
  if (realEvent !== undefined) item.realEvent = realEvent;
  return item;
}

/** Compares the simulation (diff side a) with the real run (side b). */
export function compareTraces(sim: Trace, real: Trace): Comparison {
  const diff = diffTraces(sim, real);
  const anchors: Anchor[] = [];
  for (const row of alignTraces(sim, real)) {
    if (row.a !== undefined && row.b !== undefined) anchors.push({ sim: row.a.event, real: row.b.event });
  }
  anchors.sort((x, y) => x.sim - y.sim || x.real - y.real);

  const byTime = (item: { a?: DiffPacket; b?: DiffPacket }): number => item.a?.rel ?? item.b?.rel ?? 0;
  const packets = [...diff.differences].sort((x, y) => byTime(x) - byTime(y));
  const timing = [...diff.timing].sort((x, y) => byTime(x) - byTime(y));
  const items: CompareItem[] = [
    ...packets.map((d, i) =>
      withEvents(
        { key: `packet-${i}`, kind: 'packet' as const, type: d.type, where: d.direction, explain: d.explain },
        d.a?.event,
        d.b?.event,
      ),
    ),
    ...timing.map((d, i) =>
      withEvents(
        { key: `timing-${i}`, kind: 'timing' as const, type: d.type, where: d.direction, explain: d.explain },
        d.a?.event,
        d.b?.event,
      ),
    ),
    ...diff.calls.map((d, i) =>
      withEvents(
        { key: `call-${i}`, kind: 'call' as const, type: 'call' as const, where: d.host, explain: d.explain },
        d.aEvent,
        d.bEvent,
      ),
    ),
  ];
  return { diff, match: diff.match, items, anchors };
}

/**
 * The cursor of the other trace for a cursor of `from`: the other trace shows every packet aligned
 * with one already shown in `from` (up to its partner of the latest). Before the first aligned
 * packet it is at the start; at the end of `from`, at its own end.
 */
export function syncCursor(
  comparison: Comparison,
  from: Side,
  fromTrace: Trace,
  cursor: number,
  toTrace: Trace,
): number {
  if (cursor >= totalSteps(fromTrace)) return totalSteps(toTrace);
  const shown = shownEventCount(fromTrace, cursor);
  const to: Side = from === 'sim' ? 'real' : 'sim';
  let partner = -1;
  for (const anchor of comparison.anchors) {
    if (anchor[from] < shown) partner = Math.max(partner, anchor[to]);
  }
  return partner < 0 ? 0 : cursorForEvent(toTrace, partner);
}

/** Both cursors that show a picked difference: its event in each trace, or the aligned point. */
export function jumpCursors(comparison: Comparison, item: CompareItem, sim: Trace, real: Trace): Record<Side, number> {
  const simCursor = item.simEvent === undefined ? undefined : cursorForEvent(sim, item.simEvent);
  const realCursor = item.realEvent === undefined ? undefined : cursorForEvent(real, item.realEvent);
  if (simCursor !== undefined && realCursor !== undefined) return { sim: simCursor, real: realCursor };
  if (simCursor !== undefined) return { sim: simCursor, real: syncCursor(comparison, 'sim', sim, simCursor, real) };
  if (realCursor !== undefined) return { sim: syncCursor(comparison, 'real', real, realCursor, sim), real: realCursor };
  return { sim: 0, real: 0 };
}

/**
 * The real diagram's cursor. The simulation's cursor is the app's (step controls, keys, playback);
 * the real one follows it, unless the learner put it somewhere (stepping the real diagram, picking
 * a difference): that `pin` holds while the simulation stays where it was put alongside.
 */
export interface Pin {
  sim: number;
  real: number;
}

export function realCursor(
  comparison: Comparison,
  sim: Trace,
  real: Trace,
  simCursor: number,
  pin: Pin | null,
): number {
  if (pin !== null && pin.sim === simCursor) return Math.min(pin.real, totalSteps(real));
  return syncCursor(comparison, 'sim', sim, simCursor, real);
}

/** Steps the real diagram to `cursor`: the simulation moves to the aligned point, and the pin keeps the real one exact. */
export function stepReal(comparison: Comparison, sim: Trace, real: Trace, cursor: number): Pin {
  const clamped = Math.min(Math.max(0, Math.round(cursor)), totalSteps(real));
  return { sim: syncCursor(comparison, 'real', real, clamped, sim), real: clamped };
}

/** The packet count of each side and of what differs, for the verdict line. */
export function verdictCounts(comparison: Comparison): { packets: number; timing: number; calls: number } {
  let packets = 0;
  let timing = 0;
  let calls = 0;
  for (const item of comparison.items) {
    if (item.kind === 'packet') packets++;
    else if (item.kind === 'timing') timing++;
    else calls++;
  }
  return { packets, timing, calls };
}
