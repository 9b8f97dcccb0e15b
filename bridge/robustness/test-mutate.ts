// Mutators for the robustness suite: fast-check arbitraries that describe a damage (which bytes
// or which JSON node, and how), applied deterministically to a real input. Sampled with a fixed
// seed, so every run of the suite tries exactly the same inputs.
import fc from 'fast-check';

// ---- bytes (captures) ---------------------------------------------------------------------------

/** Values written over length fields: the extremes a hostile file would use. */
const hugeValues = [0, 1, 0xff, 0xffff, 0x7fff_ffff, 0xffff_ffff, 0x4_0001, 0x1_0000, 0x8000_0000] as const;

export type ByteMutation =
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'truncate'; at: number }
  /** A 1, 2 or 4-byte field near the start of a record (its lengths, the IP and TCP header lengths). */
  | { kind: 'huge'; record: number; position: number; width: 1 | 2 | 4; value: number; littleEndian: boolean }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array };

/** Fractions in [0, 1) as integers, mapped onto whatever length the input has. */
const unit = fc.integer({ min: 0, max: 0xffff });
const fraction = (value: number): number => value / 0x1_0000;

export const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: unit, mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: unit }),
  fc.record({
    kind: fc.constant('huge' as const),
    record: unit,
    // Record headers are 16 (pcap) or 28 (pcapng EPB) bytes; Ethernet, IP and TCP headers follow.
    position: fc.integer({ min: 0, max: 96 }),
    width: fc.constantFrom(1 as const, 2 as const, 4 as const),
    value: fc.oneof(fc.constantFrom(...hugeValues), fc.nat()),
    littleEndian: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('duplicate' as const), at: unit, length: fc.integer({ min: 1, max: 512 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: unit, bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
);

/** 1 to 6 damages, applied in order. */
export const byteMutations: fc.Arbitrary<ByteMutation[]> = fc.array(byteMutation, { minLength: 1, maxLength: 6 });

/** The damaged copy; `records` are the byte offsets of the original's records (from a clean parse). */
export function mutateBytes(
  original: Uint8Array,
  mutations: readonly ByteMutation[],
  records: readonly number[],
): Uint8Array {
  let bytes: Uint8Array = Uint8Array.from(original);
  for (const m of mutations) {
    const at = Math.floor(fraction('at' in m ? m.at : 0) * (bytes.length + 1));
    if (m.kind === 'flip' && bytes.length > 0) {
      const i = Math.min(at, bytes.length - 1);
      bytes[i] = (bytes[i] as number) ^ m.mask;
    } else if (m.kind === 'truncate') bytes = bytes.slice(0, at);
    else if (m.kind === 'huge') writeField(bytes, m, records);
    else if (m.kind === 'duplicate') bytes = splice(bytes, at, bytes.slice(at, at + m.length));
    else if (m.kind === 'insert') bytes = splice(bytes, at, m.bytes);
  }
  return bytes;
}

function writeField(bytes: Uint8Array, m: Extract<ByteMutation, { kind: 'huge' }>, records: readonly number[]): void {
  const base = records.length === 0 ? 0 : (records[Math.floor(fraction(m.record) * records.length)] as number);
  const at = base + m.position;
  if (at + m.width > bytes.length) return;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (m.width === 1) view.setUint8(at, m.value & 0xff);
  else if (m.width === 2) view.setUint16(at, m.value & 0xffff, m.littleEndian);
  else view.setUint32(at, m.value >>> 0, m.littleEndian);
}

function splice(bytes: Uint8Array, at: number, inserted: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + inserted.length);
  out.set(bytes.subarray(0, at));
  out.set(inserted, at);
  out.set(bytes.subarray(at), at + inserted.length);
  return out;
}

// ---- JSON documents (scenarios, Traces, bridge messages) --------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Marks where deep nesting goes: JSON.stringify itself cannot write 100,000 levels, the text can. */
const deepMark = '\u0000DEEP\u0000';

/** Values a careless or hostile author puts where a field was. */
const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>, weight: 4 },
  {
    arbitrary: fc.constantFrom<Json>(
      1e308,
      -1,
      0,
      -0.5,
      2 ** 53 + 1,
      2 ** 32,
      1e-300,
      1.5,
      '',
      '\u0000',
      '\ud800',
      '__proto__',
      'constructor',
      [],
      {},
      null,
      true,
    ),
    weight: 3,
  },
  { arbitrary: fc.integer({ min: 1, max: 200_000 }).map((n) => 'x'.repeat(n)), weight: 1 },
);

export type JsonMutation =
  | { kind: 'replace'; pick: number; value: Json }
  | { kind: 'delete'; pick: number }
  /** An own key named __proto__ (JSON.parse makes one; an assignment would set the prototype). */
  | { kind: 'proto'; pick: number; value: Json }
  | { kind: 'repeat'; pick: number; times: number }
  | { kind: 'deep'; pick: number; levels: number; brackets: '[]' | '{}' };

export const jsonMutation: fc.Arbitrary<JsonMutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: hostileValue }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('proto' as const), pick: fc.nat(), value: hostileValue }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('repeat' as const),
      pick: fc.nat(),
      times: fc.constantFrom(2, 10, 1000, 5000),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('deep' as const),
      pick: fc.nat(),
      levels: fc.constantFrom(63, 64, 65, 1000, 6000, 100_000),
      brackets: fc.constantFrom('[]' as const, '{}' as const),
    }),
    weight: 1,
  },
);

export type TextMutation =
  | { kind: 'none' }
  | { kind: 'truncate'; at: number }
  | { kind: 'char'; at: number; char: string }
  | { kind: 'insert'; at: number; text: string };

export const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'none' as const }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: unit }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('char' as const),
      at: unit,
      char: fc.constantFrom('"', '{', '}', '[', ']', ',', ':', '\\', '0', '-', 'e', ' ', '\u2028'),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('insert' as const), at: unit, text: fc.string({ maxLength: 16 }) }),
    weight: 1,
  },
);

export interface DocumentDamage {
  json: JsonMutation[];
  text: TextMutation;
}

export const documentDamage: fc.Arbitrary<DocumentDamage> = fc.record({
  json: fc.array(jsonMutation, { minLength: 1, maxLength: 3 }),
  text: textMutation,
});

/** Every (container, key) of a document, breadth first, at most `max` of them. */
function slots(root: Json, max: number): [Json[] | { [key: string]: Json }, string | number][] {
  const out: [Json[] | { [key: string]: Json }, string | number][] = [];
  const queue: Json[] = [root];
  for (let head = 0; head < queue.length && out.length < max; head++) {
    const node = queue[head] as Json;
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push([node, i]);
        queue.push(child);
      });
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        out.push([node, key]);
        queue.push(child);
      }
    }
  }
  return out;
}

/** The damaged document as text (what a file or a frame would hold). */
export function mutateDocument(originalText: string, damage: DocumentDamage): string {
  let root = JSON.parse(originalText) as Json;
  const deep: { levels: number; brackets: '[]' | '{}' }[] = [];
  let shared = false;
  for (const m of damage.json) {
    // Copies made by a repeat are one object: damage to one copy must not reach them all.
    if (shared) {
      root = JSON.parse(JSON.stringify(root)) as Json;
      shared = false;
    }
    const all = slots(root, 50_000);
    const slot = all[m.pick % Math.max(all.length, 1)];
    if (slot === undefined) continue;
    const [container, key] = slot;
    const current = (container as Record<string | number, Json>)[key] as Json;
    if (m.kind === 'replace') (container as Record<string | number, Json>)[key] = m.value;
    else if (m.kind === 'delete') {
      if (Array.isArray(container)) container.splice(key as number, 1);
      else delete container[key as string];
    } else if (m.kind === 'proto') {
      const target = typeof current === 'object' && current !== null && !Array.isArray(current) ? current : container;
      if (!Array.isArray(target))
        Object.defineProperty(target, '__proto__', {
          value: m.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    } else if (m.kind === 'repeat') {
      // At most about 2 MB of copies: the bounds under test are on depth and counts, not on RAM.
      const times = Math.max(2, Math.min(m.times, Math.floor(2e6 / (JSON.stringify(current)?.length ?? 1))));
      if (times * (JSON.stringify(current)?.length ?? 1) > 2e6) continue;
      shared = true;
      if (Array.isArray(container)) container.splice(key as number, 0, ...new Array<Json>(times - 1).fill(current));
      else (container as Record<string, Json>)[key] = new Array<Json>(times).fill(current);
    } else {
      (container as Record<string | number, Json>)[key] = `${deepMark}${deep.length}`;
      deep.push({ levels: m.levels, brackets: m.brackets });
    }
  }
  let text = JSON.stringify(root);
  deep.forEach(({ levels, brackets }, i) => {
    const [open, close] = brackets === '[]' ? ['[', ']'] : ['{"a":', '}'];
    text = text.replace(JSON.stringify(`${deepMark}${i}`), `${open.repeat(levels)}1${close.repeat(levels)}`);
  });
  return mutateText(text, damage.text);
}

function mutateText(text: string, m: TextMutation): string {
  if (m.kind === 'none') return text;
  const at = Math.floor(fraction(m.at) * (text.length + 1));
  if (m.kind === 'truncate') return text.slice(0, at);
  if (m.kind === 'char') return text.slice(0, at) + m.char + text.slice(at + 1);
  return text.slice(0, at) + m.text + text.slice(at);
}
