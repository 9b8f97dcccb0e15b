// Typed columns for the read side (issue 9: at most 200 bytes of JS heap per packet). A Map of a
// million entries costs ~90 bytes each in V8 (its hash table plus a heap number or an object per
// value); an Int32Array indexed by packet id or event index costs 4. Packet ids are dense in every
// producer (the simulator and the bridge count from 1, a capture numbers its packets from 1,
// skipped ones leaving holes), but the Trace format allows any number, so sparse ids fall back to a Map.

/** Absent from a column (event indexes are never negative). */
export const NONE = -1;

/** Ids above this many times the entries so far (plus a little slack) are kept in a Map instead. */
const denseFactor = 4;
const denseSlack = 1024;

/** Whether `id` may be a place in a dense column that holds `count` entries. */
export function fitsDense(id: number, count: number): boolean {
  return Number.isInteger(id) && id >= 0 && id < 2 ** 31 - 1 && id <= denseFactor * count + denseSlack;
}

/**
 * Event indexes by packet id, read like a ReadonlyMap<number, number>: an Int32Array holding
 * NONE where an id has no entry, or a Map once an id does not fit one (fitsDense). Filled in one
 * pass over the events: the column grows when an id is past its end, and `trim` gives back the
 * room not used. Dense columns iterate in increasing id order; a Map in the order ids were set.
 */
export class IdColumn implements ReadonlyMap<number, number> {
  private dense: Int32Array | undefined;
  private sparse: Map<number, number> | undefined;
  private count = 0;
  private maxId = -1;

  /** `capacity`: the ids expected, 0 to capacity - 1 (more grow the column). */
  constructor(capacity: number) {
    this.dense = new Int32Array(Math.max(1, capacity)).fill(NONE);
  }

  /** Sets `id` to `value` unless it already has one (the first emission, the first fate). */
  setFirst(id: number, value: number): void {
    const dense = this.dense;
    if (dense !== undefined) {
      const current = dense[id];
      if (current === undefined) {
        this.outside(id, value);
        return;
      }
      if (current !== NONE) return;
      dense[id] = value;
      if (id > this.maxId) this.maxId = id;
    } else {
      if (this.sparse!.has(id)) return;
      this.sparse!.set(id, value);
    }
    this.count++;
  }

  /** An id past the dense column's end (or not a place in it at all: a Map from now on). */
  private outside(id: number, value: number): void {
    const dense = this.dense!;
    const place = id + 0; // -0 (JSON allows it) is place 0, as a Map takes it
    if (place < dense.length && place >= 0 && Number.isInteger(place)) return this.setFirst(place, value);
    if (fitsDense(place, this.count + 1)) {
      const grown = new Int32Array(Math.max(place + 1, Math.ceil(dense.length * 1.5))).fill(NONE);
      grown.set(dense);
      this.dense = grown;
      return this.setFirst(place, value);
    }
    this.sparse = new Map();
    for (let at = 0; at < dense.length; at++) if (dense[at] !== NONE) this.sparse.set(at, dense[at]!);
    this.dense = undefined;
    this.setFirst(place, value);
  }

  /** Drops the room past the largest id (a copy, only when that room is worth it). */
  trim(): this {
    const dense = this.dense;
    if (dense !== undefined && dense.length > this.maxId + 1 + denseSlack) this.dense = dense.slice(0, this.maxId + 1);
    return this;
  }

  /** The value of `id`, or NONE: no undefined to test, no object made. */
  at(id: number): number {
    if (this.dense !== undefined) return this.dense[id] ?? (id === 0 ? this.dense[0]! : NONE);
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
