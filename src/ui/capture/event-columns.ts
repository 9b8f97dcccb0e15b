// A trace's events between the import worker and the page, in columns (issue 9). A structured
// clone gives every string of every event its own copy on the page ("10.0.0.2", "segment",
// "10.0.0.1:8080"... 124 of the 314 bytes a packet of a 100,000-packet capture's heap) and every
// event a 4-key object plus a separate property array; decoding such a slice of objects was most
// of the main thread's time while a big capture arrived. Here the worker sends, per slice, each
// event's key list (its shape, once per stream), its values as 32-bit integers with a tag byte
// each (other numbers in a Float64Array beside), short strings and small JSON values once per stream (the page shares them), and
// the rest (long texts: payloads) as they are. The page builds each event with an object literal
// of its shape (event-literals.ts) or from a template object of it, so its keys sit inside it.
//
// What comes out equals what went in: the same keys in the same order and the same values (the
// same JSON, byte for byte; a shared value is only ever one of equal JSON, and an event's own
// nested values are never mutated: a Trace never changes once produced).
import type { TraceEvent } from '../../trace/types';
import { literalFor } from './event-literals';

/** What a cell holds: its number, or an index into a table. */
const enum Cell {
  /** A 32-bit integer. */
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
  /** An index into the slice's `wide` numbers (not a 32-bit integer, or -0). */
  Wide,
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
  cells: Int32Array;
  tags: Uint8Array;
  /** The numbers a 32-bit integer cannot hold exactly, in the order their cells come. */
  wide: Float64Array;
}

/** The buffers to transfer with a slice. */
export function packedBuffers(packed: PackedEvents): ArrayBuffer[] {
  return [packed.shape.buffer, packed.cells.buffer, packed.tags.buffer, packed.wide.buffer] as ArrayBuffer[];
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
  private cells = new Int32Array(1024);
  private wide: number[] = [];
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
      cells: new Int32Array(0),
      tags: new Uint8Array(0),
      wide: new Float64Array(0),
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
    slice.wide = Float64Array.from(this.wide);
    this.wide = [];
    return slice;
  }

  private grow(): void {
    const cells = new Int32Array(this.cells.length * 2);
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
      if ((value | 0) === value && !Object.is(value, -0)) {
        cells[at] = value;
        tags[at] = Cell.Number;
      } else {
        cells[at] = this.wide.push(value) - 1;
        tags[at] = Cell.Wide;
      }
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
  /** An object literal for these keys (event-literals.ts), for the shapes captures are made of. */
  build: ((values: readonly unknown[]) => unknown) | undefined;
  /** Else an object of these keys in this order, made by JSON.parse: a copy keeps them inside. */
  template: Record<string, unknown>;
  /** A key named `__proto__`, which an assignment would take for the prototype: defined instead. */
  defined: boolean;
}

/** The page's side: one per trace received, fed its slices in order. */
export class EventUnpacker {
  private readonly shapes: Shape[] = [];
  private readonly strings: string[] = [];
  private readonly values: unknown[] = [];
  /** One event's values, in its key order (reused). */
  private readonly row: unknown[] = [];

  /** Appends the slice's events to `into`. */
  unpack(slice: PackedEvents, into: TraceEvent[]): void {
    for (const keys of slice.shapes) {
      const json = `{${keys.map((key) => `${JSON.stringify(key)}:null`).join(',')}}`;
      const template = JSON.parse(json) as Record<string, unknown>;
      this.shapes.push({ keys, build: literalFor(keys), template, defined: keys.includes('__proto__') });
    }
    for (const text of slice.strings) this.strings.push(text);
    for (const value of slice.values) this.values.push(value);
    const { shapes, strings, values, row } = this;
    const { shape, cells, tags, loose, wide } = slice;
    let at = 0;
    let nextLoose = 0;
    for (let e = 0; e < slice.count; e++) {
      const { keys, build, template, defined } = shapes[shape[e] as number] as Shape;
      for (let k = 0; k < keys.length; k++, at++) {
        const x = cells[at] as number;
        const tag = tags[at] as Cell;
        row[k] =
          tag === Cell.Number
            ? x
            : tag === Cell.String
              ? strings[x]
              : tag === Cell.Value
                ? values[x]
                : tag === Cell.Loose
                  ? loose[nextLoose++]
                  : tag === Cell.Wide
                    ? wide[x]
                    : tag === Cell.True
                      ? true
                      : tag === Cell.False
                        ? false
                        : tag === Cell.Null
                          ? null
                          : undefined;
      }
      into.push((build === undefined ? fromTemplate(template, keys, row, defined) : build(row)) as TraceEvent);
    }
  }
}

/** An event of a shape without a literal: a copy of the template (its map), its values set in order. */
function fromTemplate(
  template: Record<string, unknown>,
  keys: readonly string[],
  row: readonly unknown[],
  defined: boolean,
): Record<string, unknown> {
  const event: Record<string, unknown> = { ...template };
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    if (defined)
      Object.defineProperty(event, key, { value: row[k], writable: true, enumerable: true, configurable: true });
    else event[key] = row[k];
  }
  return event;
}
