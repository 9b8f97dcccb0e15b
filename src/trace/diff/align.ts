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
}

const pairWeight = 16;

export function align<T>(a: readonly T[], b: readonly T[], matcher: Matcher<T>): Pair<T>[] {
  const n = a.length;
  const m = b.length;
  const keysA = a.map((item) => matcher.key(item));
  const keysB = b.map((item) => matcher.key(item));
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
};
