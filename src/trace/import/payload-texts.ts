// The base64 of each payload the events pass writes, shared between payloads with the same
// bytes. Encoding was the largest single cost per data segment of an import (issue 9: about
// 0.7 µs for 120 bytes, most of it fixed: the latin1 decode into a string), and every text was
// another string kept in the Trace for as long as it is held. A retransmission carries the bytes
// of a segment sent shortly before (RFC 9293 3.8.1), and bulk data is often repetitive (zeros,
// the same request again): those get the string made the first time, at the price of comparing
// the bytes. Fixed slots overwritten in place, as TextCache (endpoint-tables.ts): nothing grows.
import * as base64 from '../../encoding/base64';
import { captureLimits } from './types';

// Copied once: an imported binding is a getter under tsx (infer.ts).
const { encodeBase64 } = base64;
const { maxPayloadBytes } = captureLimits;

type ToBase64 = (this: Uint8Array) => string;

/**
 * The engine's own Uint8Array.prototype.toBase64 (TC39 "Uint8Array to/from base64", in Chromium
 * since 140, not in Node 20), used only when it writes the same text as encodeBase64 (RFC 4648
 * section 4, standard alphabet, padded) for every byte value and each padding case. In Chromium
 * it takes 0.4-0.7 µs for a 100-160-byte payload where our encoder takes 1.5-5.7 µs (issue 9).
 */
const toBase64: ToBase64 | undefined = (() => {
  const native = (Uint8Array.prototype as { toBase64?: ToBase64 }).toBase64;
  if (typeof native !== 'function') return undefined;
  const probe = Uint8Array.from({ length: 258 }, (_, i) => (i * 151) & 255);
  for (let length = 0; length <= probe.length; length += length < 8 ? 1 : 125)
    if (native.call(probe.subarray(0, length)) !== encodeBase64(probe.subarray(0, length))) return undefined;
  return native;
})();

/** The base64 of `bytes`, the engine's way when it agrees with ours. */
function base64Text(bytes: Uint8Array): string {
  return toBase64 === undefined ? encodeBase64(bytes) : toBase64.call(bytes);
}

const slotBits = 8;
const slots = 1 << slotBits;

export class PayloadTexts {
  /** The buffer the payloads are views of (the capture's), and a view to read it 4 bytes at a time. */
  private buffer: ArrayBufferLike = new ArrayBuffer(0);
  private view = new DataView(this.buffer);
  /** Each slot's bytes, as their offset in `buffer` and their length (0: an empty slot), and its text. */
  private readonly starts = new Int32Array(slots);
  private readonly lengths = new Int32Array(slots);
  private readonly texts: string[] = new Array<string>(slots).fill('');
  /** The file textAt read last, and where it starts in `buffer`. */
  private file: Uint8Array | undefined;
  private fileOffset = 0;

  /** The payload's first maxPayloadBytes as base64 (a Trace keeps no more of it). */
  text(payload: Uint8Array): string {
    const length = Math.min(payload.length, maxPayloadBytes);
    if (length === 0) return '';
    if (payload.buffer !== this.buffer) this.restart(payload.buffer);
    return this.lookUp(payload, payload.byteOffset, 0, length);
  }

  /**
   * The same for the payload at [start, end) of `file` (decode.ts's reuse mode gives that place
   * instead of a view): no view is made unless the text is. `.buffer` is a slow getter in V8, so
   * it is read once per file rather than once per payload.
   */
  textAt(file: Uint8Array, start: number, end: number): string {
    const length = Math.min(end - start, maxPayloadBytes);
    if (length <= 0) return '';
    if (file !== this.file) {
      if (file.buffer !== this.buffer) this.restart(file.buffer);
      this.file = file;
      this.fileOffset = file.byteOffset;
    }
    return this.lookUp(file, this.fileOffset + start, start, length);
  }

  /** The text of `length` bytes at `at` in `bytes`, which are at `start` in `buffer`. */
  private lookUp(bytes: Uint8Array, start: number, at: number, length: number): string {
    const slot = this.slotOf(start, length);
    if (this.lengths[slot] === length && this.same(this.starts[slot] as number, start, length))
      return this.texts[slot] as string;
    const text = base64Text(at === 0 && length === bytes.length ? bytes : bytes.subarray(at, at + length));
    this.starts[slot] = start;
    this.lengths[slot] = length;
    this.texts[slot] = text;
    return text;
  }

  /** Payloads of another buffer: what the slots hold is of the last one, forgotten. */
  private restart(buffer: ArrayBufferLike): void {
    this.buffer = buffer;
    this.view = new DataView(buffer);
    this.lengths.fill(0);
    this.file = undefined;
  }

  /**
   * The slot of `length` bytes at `start`: a hash of the length and of up to 8 bytes spread over
   * them, so that it costs the same for any length (payloads sharing only a prefix are told
   * apart by the full comparison, and just take each other's slot).
   */
  private slotOf(start: number, length: number): number {
    const view = this.view;
    const step = length >> 3 || 1;
    let h = Math.imul(length, 0x9e3779b1);
    for (let i = length - 1, n = 0; i >= 0 && n < 8; i -= step, n++)
      h = Math.imul(h ^ view.getUint8(start + i), 0x01000193);
    return (h ^ (h >>> 16)) & (slots - 1);
  }

  /** Whether the `length` bytes at `a` and at `b` are the same: 4 at a time (a quarter of the reads). */
  private same(a: number, b: number, length: number): boolean {
    if (a === b) return true;
    const view = this.view;
    const whole = length & ~3;
    for (let i = 0; i < whole; i += 4) if (view.getUint32(a + i) !== view.getUint32(b + i)) return false;
    for (let i = whole; i < length; i++) if (view.getUint8(a + i) !== view.getUint8(b + i)) return false;
    return true;
  }
}
