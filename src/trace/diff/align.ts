// Alignment of two sequences: the heaviest common subsequence, where only items with the same key
// may pair and a pair weighs more when its details agree too. A pair always outweighs any bonus, so
// the most items pair first, and among equal counts the closest ones; one extra or missing item
// never shifts every later pair.
import type { DiffPacket } from './types';

export type Pair<T> = [T | undefined, T | undefined];

/** What a pair must share, and the weight it adds beyond that (less than `pairWeight`). */
export interface Matcher<T> {
  key(item: T): string;
  bonus?(a: T, b: T): number;
  /** The largest bonus: a pair that earns it at either end is paired at once (no better alignment exists). */
  maxBonus?: number;
}

const pairWeight = 16;
/** Beyond this many cells (after the common ends are paired) the alignment looks ahead a bounded window instead. */
const maxCells = 4_000_000;
const lookAhead = 64;

export function align<T>(a: readonly T[], b: readonly T[], matcher: Matcher<T>): Pair<T>[] {
  const keysA = a.map((item) => matcher.key(item));
  const keysB = b.map((item) => matcher.key(item));
  const best = matcher.maxBonus ?? 0;
  const perfect = (i: number, j: number): boolean =>
    keysA[i] === keysB[j] && (matcher.bonus?.(a[i] as T, b[j] as T) ?? 0) === best;
  // A pair of equal keys and the largest bonus at the start (or end) belongs to some heaviest
  // alignment: any other pairing of those two items can be swapped for it without losing weight.
  let start = 0;
  while (start < a.length && start < b.length && perfect(start, start)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && perfect(endA - 1, endB - 1)) {
    endA--;
    endB--;
  }
  const head: Pair<T>[] = a.slice(0, start).map((item, i) => [item, b[i]]);
  const tail: Pair<T>[] = a.slice(endA).map((item, i) => [item, b[endB + i]]);
  const middle = {
    a: a.slice(start, endA),
    b: b.slice(start, endB),
    keysA: keysA.slice(start, endA),
    keysB: keysB.slice(start, endB),
  };
  const inner =
    (middle.a.length + 1) * (middle.b.length + 1) > maxCells
      ? alignAhead(middle.a, middle.b, middle.keysA, middle.keysB)
      : alignHeaviest(middle.a, middle.b, middle.keysA, middle.keysB, matcher);
  return [...head, ...inner, ...tail];
}

/** For very long inputs: pair equal keys in order, skipping to the nearest match within a window. */
function alignAhead<T>(a: readonly T[], b: readonly T[], keysA: string[], keysB: string[]): Pair<T>[] {
  const out: Pair<T>[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && keysA[i] === keysB[j]) {
      out.push([a[i++], b[j++]]);
      continue;
    }
    let skipA = -1;
    let skipB = -1;
    for (let k = 1; k <= lookAhead && skipA < 0 && skipB < 0; k++) {
      if (j < b.length && i + k < a.length && keysA[i + k] === keysB[j]) skipA = k;
      else if (i < a.length && j + k < b.length && keysA[i] === keysB[j + k]) skipB = k;
    }
    if (skipB > 0 || (skipA < 0 && i >= a.length)) out.push([undefined, b[j++]]);
    else out.push([a[i++], undefined]);
  }
  return out;
}

function alignHeaviest<T>(
  a: readonly T[],
  b: readonly T[],
  keysA: string[],
  keysB: string[],
  matcher: Matcher<T>,
): Pair<T>[] {
  const n = a.length;
  const m = b.length;
  const weight = (i: number, j: number): number =>
    keysA[i] !== keysB[j] ? -1 : pairWeight + (matcher.bonus?.(a[i] as T, b[j] as T) ?? 0);
  // best[i][j]: the heaviest alignment of a[i..] and b[j..]; a flat array of (n+1)*(m+1) numbers.
  const best = new Float64Array((n + 1) * (m + 1));
  const at = (i: number, j: number): number => best[i * (m + 1) + j] ?? 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const w = weight(i, j);
      const skip = Math.max(at(i + 1, j), at(i, j + 1));
      best[i * (m + 1) + j] = w < 0 ? skip : Math.max(skip, at(i + 1, j + 1) + w);
    }
  }
  const out: Pair<T>[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m) {
      const w = weight(i, j);
      if (w >= 0 && at(i, j) === at(i + 1, j + 1) + w) {
        out.push([a[i++], b[j++]]);
        continue;
      }
    }
    if (j >= m || (i < n && at(i + 1, j) >= at(i, j + 1))) out.push([a[i++], undefined]);
    else out.push([undefined, b[j++]]);
  }
  return out;
}

/** Packets pair when they are the same kind of packet: a SYN with a SYN, data with data, a pure ACK with a pure ACK. */
export const packetMatcher: Matcher<DiffPacket> = {
  key(p) {
    const control = (['SYN', 'FIN', 'RST'] as const).filter((f) => p.flags.includes(f)).join(',');
    return `${p.kind}:${control}:${p.kind === 'icmp' ? '' : p.len > 0 ? 'data' : 'empty'}`;
  },
  bonus(a, b) {
    return (a.seq === b.seq ? 4 : 0) + (a.ack === b.ack ? 4 : 0) + (a.len === b.len ? 2 : 0);
  },
  maxBonus: 10,
};
