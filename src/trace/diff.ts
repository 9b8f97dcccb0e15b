// Differences between two traces of the same scenario (typically simulated vs real kernel). Pure:
// no I/O. Every packet is compared, pure ACKs included, per direction (sender -> receiver host),
// aligned so that one extra or missing segment does not shift every later pair (diff/align.ts).
// Aligned packets must agree on flags, length, relative seq and ack, window and options
// (diff/pairs.ts), and on the wait before them within a stated tolerance (diff/timing.ts); each
// socket's state changes must agree (diff/states.ts). `match` only when all of it agrees. Calls'
// outcomes are listed apart (diff/calls.ts). Every difference carries its name and the rule behind
// it in English and French, and the event it points at in each trace.
import type { LocalizedText, Trace } from './types';
import { align, packetMatcher } from './diff/align';
import { compareCalls } from './diff/calls';
import { direction, packetsOf } from './diff/packets';
import { comparePair, type Sources } from './diff/pairs';
import { compareStates, stateCount } from './diff/states';
import { compareTiming, describeTolerance } from './diff/timing';
import type { AlignedRow, DiffOptions, DiffPacket, PacketDifference, TraceDiff } from './diff/types';
import { unmatched } from './diff/unmatched';

export type * from './diff/types';
export { packetsOf } from './diff/packets';
export { allowedDeltaMs } from './diff/timing';

export function diffTraces(a: Trace, b: Trace, options: DiffOptions = {}): TraceDiff {
  const gapMs = options.gapMs ?? 5;
  const tickMs = options.tickMs ?? 4;
  const sources: Sources = { a: a.source, b: b.source };
  const packetsA = packetsOf(a);
  const packetsB = packetsOf(b);
  const differences: PacketDifference[] = [];
  const pairs: [DiffPacket, DiffPacket][] = [];
  const byDirectionA = groupBy(packetsA, direction);
  const byDirectionB = groupBy(packetsB, direction);
  for (const row of alignPackets(packetsA, packetsB)) {
    const ownA = byDirectionA.get(row.direction) ?? [];
    const ownB = byDirectionB.get(row.direction) ?? [];
    if (row.a !== undefined && row.b !== undefined) {
      pairs.push([row.a, row.b]);
      differences.push(...comparePair(row.a, row.b, sources));
    } else if (row.a !== undefined) differences.push(unmatched(row.a, 'a', ownA, ownB, sources));
    else if (row.b !== undefined) differences.push(unmatched(row.b, 'b', ownB, ownA, sources));
  }
  const timing = compareTiming(pairs, { gapMs, tickMs }, sources);
  const states = compareStates(a, b, sources);
  return {
    a: { source: a.source, packets: packetsA.length, states: stateCount(a) },
    b: { source: b.source, packets: packetsB.length, states: stateCount(b) },
    match: differences.length === 0 && timing.length === 0 && states.every((s) => s.unobserved === true),
    aligned: pairs.length,
    differences,
    timing,
    states,
    calls: compareCalls(a, b),
    tolerance: describeTolerance(gapMs, tickMs),
    notes: [...notReproduced(a), ...notReproduced(b), ...notes(packetsA, packetsB)],
  };
}

/** Every packet of a and b, paired per direction exactly as diffTraces pairs them (for viewers that step both). */
export function alignTraces(a: Trace, b: Trace): AlignedRow[] {
  return alignPackets(packetsOf(a), packetsOf(b));
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = out.get(key);
    if (list === undefined) out.set(key, [item]);
    else list.push(item);
  }
  return out;
}

function alignPackets(packetsA: readonly DiffPacket[], packetsB: readonly DiffPacket[]): AlignedRow[] {
  const byDirectionA = groupBy(packetsA, direction);
  const byDirectionB = groupBy(packetsB, direction);
  const directions = [...new Set([...byDirectionA.keys(), ...byDirectionB.keys()])];
  return directions.flatMap((dir) =>
    align(byDirectionA.get(dir) ?? [], byDirectionB.get(dir) ?? [], packetMatcher).map(([pa, pb]) => {
      const row: AlignedRow = { direction: dir };
      if (pa !== undefined) row.a = pa;
      if (pb !== undefined) row.b = pb;
      return row;
    }),
  );
}

/** What a real run says it could not reproduce (`meta.notReproduced`: the lesson's link on loopback, …). */
function notReproduced(trace: Trace): LocalizedText[] {
  const listed = trace.meta.notReproduced;
  if (!Array.isArray(listed)) return [];
  return listed.filter(
    (text): text is LocalizedText =>
      typeof text === 'object' &&
      text !== null &&
      typeof (text as { en?: unknown }).en === 'string' &&
      typeof (text as { fr?: unknown }).fr === 'string',
  );
}

/** What the comparison could not compare like for like, said once. */
function notes(packetsA: readonly DiffPacket[], packetsB: readonly DiffPacket[]): LocalizedText[] {
  const out: LocalizedText[] = [];
  const unscaled = [...packetsA, ...packetsB].some((p) => p.kind === 'segment' && p.windowShift === undefined);
  out.push({
    en: 'Windows are compared in bytes: the window field shifted by the scale both SYNs agreed (RFC 7323 2.3; a real trace stores the raw field), equal when closer than one unit of the scale.',
    fr: 'Les fenêtres sont comparées en octets : le champ de fenêtre décalé du facteur convenu par les deux SYN (RFC 7323 2.3 ; une trace réelle garde le champ brut), égales quand elles diffèrent de moins d’une unité de l’échelle.',
  });
  if (unscaled) {
    out.push({
      en: 'Some segments have no handshake in their trace: their windows are compared as raw fields.',
      fr: 'Certains segments n’ont pas de poignée de main dans leur trace : leurs fenêtres sont comparées comme champs bruts.',
    });
  }
  out.push({
    en: 'Options compared: MSS, SACK-permitted, window scale, and whether timestamps are present (not their values, which are each host’s clock).',
    fr: 'Options comparées : MSS, SACK permis, facteur d’échelle, et la présence des horodatages (pas leurs valeurs, qui sont l’horloge de chaque hôte).',
  });
  return out;
}
