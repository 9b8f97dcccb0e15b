// The importer's connection table (infer.ts): connection ids by the unordered pair of their
// endpoints' keys, open addressing over one Int32Array. A capture may open a million connections
// (issue 15, finding 8): a slot costs 4 bytes, where a Map of Maps cost a Map per endpoint.
// The keys themselves are the connections' own columns, read through PairKeys.

const empty = -1;
const twoTo32 = 2 ** 32;

/** A 32-bit hash of the unordered pair (a, b) of non-negative integers below 2^53. */
function hashPair(a: number, b: number): number {
  const low = a < b ? a : b;
  const high = a < b ? b : a;
  let h = Math.imul(low >>> 0, 0x9e3779b1) ^ Math.imul((low / twoTo32) | 0, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h ^= Math.imul(high >>> 0, 0xcc9e2d51) ^ Math.imul((high / twoTo32) | 0, 0x1b873593);
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  return h ^ (h >>> 15);
}

/**
 * Where the keys are: methods of the owner's class rather than closures made for each table, so
 * that every table calls the same functions and the calls stay inlined from one import to the
 * next (a new closure per import was a new call target: a deoptimization each time, issue 9).
 */
export interface PairKeys {
  clientOf(id: number): number;
  serverOf(id: number): number;
}

export class PairTable {
  private slots = new Int32Array(1024).fill(empty);
  private used = 0;

  constructor(private readonly keys: PairKeys) {}

  /** The id stored for {a, b} in either order, or -1. */
  get(a: number, b: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let i = hashPair(a, b) & mask; ; i = (i + 1) & mask) {
      const id = slots[i] as number;
      if (id === empty || this.matches(id, a, b)) return id;
    }
  }

  /** Stores `id` for {a, b}, replacing the id stored for that pair before. */
  set(a: number, b: number, id: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let i = hashPair(a, b) & mask;
    for (; ; i = (i + 1) & mask) {
      const there = slots[i] as number;
      if (there === empty) break;
      if (this.matches(there, a, b)) {
        slots[i] = id;
        return;
      }
    }
    slots[i] = id;
    if (++this.used * 2 > slots.length) this.rehash();
  }

  private matches(id: number, a: number, b: number): boolean {
    const client = this.keys.clientOf(id);
    const server = this.keys.serverOf(id);
    return (client === a && server === b) || (client === b && server === a);
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2).fill(empty);
    const mask = slots.length - 1;
    for (const id of old) {
      if (id === empty) continue;
      let i = hashPair(this.keys.clientOf(id), this.keys.serverOf(id)) & mask;
      while (slots[i] !== empty) i = (i + 1) & mask;
      slots[i] = id;
    }
    this.slots = slots;
  }
}
