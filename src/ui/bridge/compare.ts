// The comparison view's model: the simulation and the real run of one scenario, compared by
// src/trace/diff.ts (every segment, window, option, timing and state change) and turned into what
// the view needs: a verdict, the differences grouped by what they are about, each pointing at its
// event in both traces, and the cursor mapping that keeps the two diagrams at the same point of the
// story. Pure: no React, no store.
import { cursorForEvent, shownEventCount, totalSteps } from '../../trace/query';
import { alignTraces, diffTraces, type DiffPacket, type DifferenceGroup, type TraceDiff } from '../../trace/diff';
import type { LocalizedText, Trace } from '../../trace/types';

export type Side = 'sim' | 'real';

export interface CompareItem {
  /** Stable within one comparison (React key, test hook). */
  key: string;
  group: DifferenceGroup;
  /** The difference's type in diff.ts ('only-in-a', 'window', 'gap', …) and its rule's code. */
  type: string;
  code: string;
  /** False for what does not decide the verdict: call results, and a state change the other run did not watch. */
  counts: boolean;
  /** "client→server" for packets, the host for a state change or a call. */
  where: string;
  name: LocalizedText;
  rule: LocalizedText;
  explain: LocalizedText;
  /** The event to show in each trace when the item is picked (an index into trace.events). */
  simEvent?: number;
  realEvent?: number;
}

export interface CompareGroup {
  group: DifferenceGroup;
  items: CompareItem[];
}

/** A packet present in both traces: its sending event in each. */
export interface Anchor {
  sim: number;
  real: number;
}

export interface Comparison {
  diff: TraceDiff;
  /** Every segment, window, option, timing and state change agrees (diff.ts `match`). */
  match: boolean;
  items: CompareItem[];
  /** The items by group, in `groupOrder`; empty groups left out. */
  groups: CompareGroup[];
  /** Aligned packets, ordered by their event in the simulation. */
  anchors: Anchor[];
}

/** The order the view lists the groups in: what is sent, then how, then when, then the sockets. */
export const groupOrder: readonly DifferenceGroup[] = [
  'segment',
  'flags',
  'length',
  'numbers',
  'window',
  'options',
  'timing',
  'state',
  'call',
];

function item(
  key: string,
  d: { group: DifferenceGroup; code: string; name: LocalizedText; rule: LocalizedText; explain: LocalizedText },
  type: string,
  where: string,
  events: { sim: number | undefined; real: number | undefined },
  counts = true,
): CompareItem {
  const out: CompareItem = {
    key,
    group: d.group,
    type,
    code: d.code,
    counts,
    where,
    name: d.name,
    rule: d.rule,
    explain: d.explain,
  };
  if (events.sim !== undefined) out.simEvent = events.sim;
  if (events.real !== undefined) out.realEvent = events.real;
  return out;
}

const byTime = (d: { a?: DiffPacket; b?: DiffPacket }): number => d.a?.rel ?? d.b?.rel ?? 0;

/** Compares the simulation (diff side a) with the real run (side b). */
export function compareTraces(sim: Trace, real: Trace): Comparison {
  const diff = diffTraces(sim, real);
  const anchors: Anchor[] = [];
  for (const row of alignTraces(sim, real)) {
    if (row.a !== undefined && row.b !== undefined) anchors.push({ sim: row.a.event, real: row.b.event });
  }
  anchors.sort((x, y) => x.sim - y.sim || x.real - y.real);

  const packets = [...diff.differences].sort((x, y) => byTime(x) - byTime(y));
  const timing = [...diff.timing].sort((x, y) => byTime(x) - byTime(y));
  const items: CompareItem[] = [
    ...packets.map((d, i) => item(`packet-${i}`, d, d.type, d.direction, { sim: d.a?.event, real: d.b?.event })),
    ...timing.map((d, i) => item(`timing-${i}`, d, d.type, d.direction, { sim: d.a.event, real: d.b.event })),
    ...diff.states.map((d, i) =>
      item(`state-${i}`, d, d.type, d.host, { sim: d.aEvent, real: d.bEvent }, d.unobserved !== true),
    ),
    ...diff.calls.map((d, i) => item(`call-${i}`, d, 'call', d.host, { sim: d.aEvent, real: d.bEvent }, false)),
  ];
  const groups = groupOrder
    .map((group) => ({ group, items: items.filter((i) => i.group === group) }))
    .filter((g) => g.items.length > 0);
  return { diff, match: diff.match, items, groups, anchors };
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

/** What decides the verdict, and what is listed for information only (calls, unwatched state changes). */
export function verdictCounts(comparison: Comparison): { differences: number; notes: number } {
  const differences = comparison.items.filter((i) => i.counts).length;
  return { differences, notes: comparison.items.length - differences };
}
