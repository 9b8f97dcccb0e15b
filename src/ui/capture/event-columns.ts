// A trace's events between the import worker and the page, in columns (issue 9). A structured
// clone gives every string of every event its own copy on the page ("10.0.0.2", "segment",
// "10.0.0.1:8080"... 124 of the 314 bytes a packet of a 100,000-packet capture's heap) and every
// event a 4-key object plus a separate property array; decoding such a slice of objects was most
// of the main thread's time while a big capture arrived. Here the worker sends, per slice, each
// event's key list (its shape, once per stream), its values as numbers in a Float64Array with a
// tag byte each, short strings and small JSON values once per stream (the page shares them), and
// the rest (long texts: payloads) as they are. The page builds each event from a template object
// of its shape, so its keys sit inside the object, as an object literal's do.
//
// What comes out equals what went in: the same keys in the same order and the same values (the
// same JSON, byte for byte; a shared value is only ever one of equal JSON, and an event's own
// nested values are never mutated: a Trace never changes once produced).
import type { TraceEvent } from '../../trace/types';

/** What a cell holds: its number, or an index into a table. */
const enum Cell {
  Number,
  /** An index into the stream's strings. */
  String,
  /** An index into the stream's shared values. */
  Value,
  /** The next of the slice's `loose` values. */
  Loose,
  True,
  False,
  Null,
  Undefined,
}

/** One slice of events, as sent. Its three typed arrays are transferred, not copied. */
export interface PackedEvents {
  count: number;
  /** Key lists first used in this slice, appended to the stream's shapes. */
  shapes: string[][];
  /** Strings first used in this slice, appended to the stream's strings. */
  strings: string[];
  /** Shared values (small JSON: flag lists, empty options, texts in both languages) first used here. */
  values: unknown[];
  /** The values sent as they are, in the order their cells come. */
  loose: unknown[];
  /** Each event's shape. */
  shape: Uint32Array;
  /** Each event's values in its shape's key order: the number, or a table index. */
  cells: Float64Array;
  tags: Uint8Array;
}

/** The buffers to transfer with a slice. */
export function packedBuffers(packed: PackedEvents): ArrayBuffer[] {
  return [packed.shape.buffer, packed.cells.buffer, packed.tags.buffer] as ArrayBuffer[];
}

/** Strings up to this length are sent once per stream; longer ones (payloads) as they are. */
const maxSharedString = 48;
/** JSON values up to this length are shared. */
const maxSharedJson = 96;
/** Past this many shared strings or values, new ones go loose: the tables stay bounded. */
const maxTable = 1 << 20;

interface ShapeNode {
  id: number;
  next: Map<string, ShapeNode>;
}

/**
 * True when JSON.stringify writes the value exactly (two such values of equal JSON are equal):
 * plain objects and dense arrays of strings, finite numbers other than -0, booleans and null.
 */
function jsonExact(value: unknown, depth: number): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value !== 'object' || depth > 3) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!(i in value) || !jsonExact(value[i], depth + 1)) return false;
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key in value) if (!jsonExact((value as Record<string, unknown>)[key], depth + 1)) return false;
  return true;
}

/** The worker's side: one per trace sent (its tables grow with the stream). */
export class EventPacker {
  private readonly root: ShapeNode = { id: -1, next: new Map() };
  private shapeCount = 0;
  private readonly strings = new Map<string, number>();
  private readonly values = new Map<string, number>();
  /** Shared values by identity (the producers share flag lists), so most need no JSON. */
  private readonly known = new Map<object, number>();
  private cells = new Float64Array(1024);
  private tags = new Uint8Array(1024);

  /** Events `start` to `end` of `events`. */
  pack(events: readonly TraceEvent[], start: number, end: number): PackedEvents {
    const count = Math.max(0, end - start);
    const slice: PackedEvents = {
      count,
      shapes: [],
      strings: [],
      values: [],
      loose: [],
      shape: new Uint32Array(count),
      cells: new Float64Array(0),
      tags: new Uint8Array(0),
    };
    let at = 0;
    for (let e = 0; e < count; e++) {
      const event = events[start + e] as unknown as Record<string, unknown>;
      let node = this.root;
      for (const key in event) {
        let next = node.next.get(key);
        if (next === undefined) node.next.set(key, (next = { id: -1, next: new Map() }));
        node = next;
        if (at === this.cells.length) this.grow();
        at = this.put(event[key], at, slice);
      }
      if (node.id < 0) {
        node.id = this.shapeCount++;
        slice.shapes.push(Object.keys(event));
      }
      slice.shape[e] = node.id;
    }
    slice.cells = this.cells.slice(0, at);
    slice.tags = this.tags.slice(0, at);
    return slice;
  }

  private grow(): void {
    const cells = new Float64Array(this.cells.length * 2);
    cells.set(this.cells);
    this.cells = cells;
    const tags = new Uint8Array(this.tags.length * 2);
    tags.set(this.tags);
    this.tags = tags;
  }

  /** Writes one value's cell at `at`; the next cell's index. */
  private put(value: unknown, at: number, slice: PackedEvents): number {
    const { cells, tags } = this;
    if (typeof value === 'number') {
      cells[at] = value;
      tags[at] = Cell.Number;
    } else if (typeof value === 'string') {
      const index = value.length <= maxSharedString ? this.stringIndex(value, slice) : -1;
      if (index < 0) slice.loose.push(value);
      cells[at] = index;
      tags[at] = index < 0 ? Cell.Loose : Cell.String;
    } else if (value === true || value === false || value === null || value === undefined) {
      tags[at] =
        value === true ? Cell.True : value === false ? Cell.False : value === null ? Cell.Null : Cell.Undefined;
    } else {
      const index = this.valueIndex(value, slice);
      if (index < 0) slice.loose.push(value);
      cells[at] = index;
      tags[at] = index < 0 ? Cell.Loose : Cell.Value;
    }
    return at + 1;
  }

  private stringIndex(value: string, slice: PackedEvents): number {
    let index = this.strings.get(value);
    if (index === undefined) {
      if (this.strings.size >= maxTable) return -1;
      this.strings.set(value, (index = this.strings.size));
      slice.strings.push(value);
    }
    return index;
  }

  private valueIndex(value: unknown, slice: PackedEvents): number {
    if (typeof value !== 'object' || value === null) return -1;
    const same = this.known.get(value);
    if (same !== undefined) return same;
    if (!jsonExact(value, 0)) return -1;
    const json = JSON.stringify(value);
    if (json.length > maxSharedJson) return -1;
    let index = this.values.get(json);
    if (index === undefined) {
      if (this.values.size >= maxTable) return -1;
      this.values.set(json, (index = this.values.size));
      slice.values.push(value);
      this.known.set(value, index);
    }
    return index;
  }
}

interface Shape {
  keys: readonly string[];
  /** An object of these keys in this order, made by JSON.parse: its keys sit inside the object. */
  template: Record<string, unknown>;
  /** A key named `__proto__`, which an assignment would take for the prototype: defined instead. */
  defined: boolean;
}

/** The page's side: one per trace received, fed its slices in order. */
export class EventUnpacker {
  private readonly shapes: Shape[] = [];
  private readonly strings: string[] = [];
  private readonly values: unknown[] = [];

  /** Appends the slice's events to `into`. */
  unpack(slice: PackedEvents, into: TraceEvent[]): void {
    for (const keys of slice.shapes) {
      const template = JSON.parse(`{${keys.map((key) => `${JSON.stringify(key)}:null`).join(',')}}`) as Record<
        string,
        unknown
      >;
      this.shapes.push({ keys, template, defined: keys.includes('__proto__') });
    }
    for (const text of slice.strings) this.strings.push(text);
    for (const value of slice.values) this.values.push(value);
    const { shapes, strings, values } = this;
    const { shape, cells, tags, loose } = slice;
    let at = 0;
    let nextLoose = 0;
    for (let e = 0; e < slice.count; e++) {
      const { keys, template, defined } = shapes[shape[e] as number] as Shape;
      // A copy of the template has its map: the keys in order, inside the object.
      const event: Record<string, unknown> = { ...template };
      if (defined) {
        for (const key of keys) {
          const value = this.cell(cells[at] as number, tags[at] as Cell, loose, nextLoose);
          if ((tags[at++] as Cell) === Cell.Loose) nextLoose++;
          Object.defineProperty(event, key, { value, writable: true, enumerable: true, configurable: true });
        }
        into.push(event as unknown as TraceEvent);
        continue;
      }
      for (let k = 0; k < keys.length; k++, at++) {
        const x = cells[at] as number;
        switch (tags[at] as Cell) {
          case Cell.Number:
            event[keys[k] as string] = x;
            break;
          case Cell.String:
            event[keys[k] as string] = strings[x];
            break;
          case Cell.Value:
            event[keys[k] as string] = values[x];
            break;
          case Cell.Loose:
            event[keys[k] as string] = loose[nextLoose++];
            break;
          case Cell.True:
            event[keys[k] as string] = true;
            break;
          case Cell.False:
            event[keys[k] as string] = false;
            break;
          case Cell.Null:
            event[keys[k] as string] = null;
            break;
          case Cell.Undefined:
            event[keys[k] as string] = undefined;
            break;
        }
      }
      into.push(event as unknown as TraceEvent);
    }
  }

  /** One cell's value (the slow path's; the loop above inlines it). */
  private cell(x: number, tag: Cell, loose: readonly unknown[], nextLoose: number): unknown {
    if (tag === Cell.Number) return x;
    if (tag === Cell.String) return this.strings[x];
    if (tag === Cell.Value) return this.values[x];
    if (tag === Cell.Loose) return loose[nextLoose];
    return tag === Cell.True ? true : tag === Cell.False ? false : tag === Cell.Null ? null : undefined;
  }
}
