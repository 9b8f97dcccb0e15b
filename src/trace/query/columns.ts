// Typed columns for the read side (issue 9: at most 200 bytes of JS heap per packet). A Map of a
// million entries costs ~90 bytes each in V8 (its hash table plus a heap number or an object per
// value); an Int32Array indexed by packet id or event index costs 4. Packet ids are dense in every
// producer (the simulator counts from 1, a capture numbers its packets from 1, skipped ones leaving
// small holes), but the Trace format allows any integer, so sparse ids fall back to a Map.

/** Absent from a column (event indexes are never negative). */
export const NONE = -1;

/** Ids above this many times the packet count (plus a little slack) are kept in a Map instead. */
const denseFactor = 4;
const denseSlack = 1024;

/** A dense column of ids 0..maxId is used when the ids are small non-negative integers. */
export function denseIds(maxId: number, count: number, allIntegers: boolean): boolean {
  return allIntegers && maxId < 2 ** 31 - 1 && maxId <= denseFactor * count + denseSlack;
}

/**
 * Event indexes by packet id, read like a ReadonlyMap<number, number>: an Int32Array holding
 * NONE where an id has no entry, or a Map when the ids are sparse. Dense columns iterate in
 * increasing id order; a Map in the order ids were first set.
 */
export class IdColumn implements ReadonlyMap<number, number> {
  private readonly dense: Int32Array | undefined;
  private readonly sparse: Map<number, number> | undefined;
  private count = 0;

  constructor(maxId: number, dense: boolean) {
    this.dense = dense ? new Int32Array(maxId + 1).fill(NONE) : undefined;
    this.sparse = dense ? undefined : new Map();
  }

  /** Sets `id` to `value` unless it already has one (the first emission, the first fate). */
  setFirst(id: number, value: number): void {
    if (this.dense !== undefined) {
      if (this.dense[id] !== NONE) return;
      this.dense[id] = value;
    } else {
      if (this.sparse!.has(id)) return;
      this.sparse!.set(id, value);
    }
    this.count++;
  }

  /** The value of `id`, or NONE: no undefined to test, no object made. */
  at(id: number): number {
    if (this.dense !== undefined) return Number.isInteger(id) && id >= 0 ? (this.dense[id] ?? NONE) : NONE;
    return this.sparse!.get(id) ?? NONE;
  }

  get(id: number): number | undefined {
    const value = this.at(id);
    return value === NONE ? undefined : value;
  }

  has(id: number): boolean {
    return this.at(id) !== NONE;
  }

  get size(): number {
    return this.count;
  }

  *entries(): MapIterator<[number, number]> {
    if (this.sparse !== undefined) {
      yield* this.sparse.entries();
      return;
    }
    const dense = this.dense!;
    for (let id = 0; id < dense.length; id++) if (dense[id] !== NONE) yield [id, dense[id]!];
  }

  *keys(): MapIterator<number> {
    for (const [id] of this.entries()) yield id;
  }

  *values(): MapIterator<number> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[number, number]> {
    return this.entries();
  }

  forEach(callback: (value: number, key: number, map: ReadonlyMap<number, number>) => void): void {
    for (const [id, value] of this.entries()) callback(value, id, this);
  }
}

/**
 * A ReadonlyMap whose values are made from a column on each read (get returns a new object or
 * array each time): `keys` lists the ids present, `make` builds the value of one.
 */
export abstract class DerivedMap<V> implements ReadonlyMap<number, V> {
  abstract get(key: number): V | undefined;
  abstract has(key: number): boolean;
  abstract readonly size: number;
  abstract keys(): MapIterator<number>;

  *entries(): MapIterator<[number, V]> {
    for (const key of this.keys()) yield [key, this.get(key)!];
  }

  *values(): MapIterator<V> {
    for (const key of this.keys()) yield this.get(key)!;
  }

  [Symbol.iterator](): MapIterator<[number, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: number, map: ReadonlyMap<number, V>) => void): void {
    for (const key of this.keys()) callback(this.get(key)!, key, this);
  }
}

/** The narrowest unsigned column that holds values up to `max`, filled from `values`. */
export function narrowest(values: Uint32Array, max: number): Uint8Array | Uint16Array | Uint32Array {
  if (max < 2 ** 8) return Uint8Array.from(values);
  if (max < 2 ** 16) return Uint16Array.from(values);
  return values;
}
