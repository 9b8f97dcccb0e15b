import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeBase64 } from '../../encoding/base64';
import { PayloadTexts } from './payload-texts';
import { captureLimits } from './types';

/** A deterministic byte source (xorshift32), so each run sees the same payloads. */
function bytesFrom(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 255;
  }
  return out;
}

describe('PayloadTexts', () => {
  it('gives the base64 of every payload, repeated or not, of one file', () => {
    const file = bytesFrom(7, 64 * 1024);
    // Copies of one payload, and payloads that differ from it in one byte only (same length and,
    // for 19 of the 20, the same bytes where the slot's hash samples them: they share its slot).
    const original = file.subarray(100, 220);
    for (let k = 0; k < 20; k++) file.set(original, 1000 + k * 300);
    for (let k = 0; k < 20; k++) {
      const at = 10_000 + k * 300;
      file.set(original, at);
      file[at + 1 + k] = (file[at + 1 + k] as number) ^ 0x55;
    }
    const texts = new PayloadTexts();
    const views = [original];
    for (let k = 0; k < 20; k++) views.push(file.subarray(1000 + k * 300, 1120 + k * 300));
    for (let k = 0; k < 20; k++) views.push(file.subarray(10_000 + k * 300, 10_120 + k * 300));
    // Lengths 0 to 299: some past maxPayloadBytes, of which only the first are kept.
    for (let start = 20_000; start < 60_000; start += 397) views.push(file.subarray(start, start + (start % 300)));
    const kept = (view: Uint8Array): Uint8Array => view.subarray(0, captureLimits.maxPayloadBytes);
    for (const view of views) expect(texts.text(view)).toBe(encodeBase64(kept(view)));
  });

  it('hands out one string for the same bytes at another offset', () => {
    const file = bytesFrom(3, 4096);
    file.copyWithin(2000, 0, 500);
    const texts = new PayloadTexts();
    const first = texts.text(file.subarray(0, 500));
    expect(texts.text(file.subarray(2000, 2500))).toBe(first);
  });

  it('keeps the first maxPayloadBytes of a longer payload, and nothing of an empty one', () => {
    const file = bytesFrom(11, 4096);
    const texts = new PayloadTexts();
    expect(texts.text(file.subarray(10, 3000))).toBe(
      encodeBase64(file.subarray(10, 10 + captureLimits.maxPayloadBytes)),
    );
    expect(texts.text(file.subarray(5, 5))).toBe('');
  });

  it('gives the same texts for places in a file as for views of them, the file starting inside its buffer', () => {
    const buffer = bytesFrom(5, 8192);
    buffer.copyWithin(5000, 1000, 1400);
    const file = buffer.subarray(100);
    const byPlace = new PayloadTexts();
    const byView = new PayloadTexts();
    const places: [number, number][] = [
      [900, 1300],
      [4900, 5300],
      [10, 10],
      [0, 7],
      [4900, 5299],
      [8000, 8092],
    ];
    for (const [start, end] of places)
      expect(byPlace.textAt(file, start, end)).toBe(byView.text(file.subarray(start, end)));
    expect(byPlace.textAt(file, 4900, 5300)).toBe(byPlace.textAt(file, 900, 1300));
    // Views of another buffer in between, then places again.
    const other = bytesFrom(6, 600);
    expect(byPlace.text(other.subarray(0, 400))).toBe(encodeBase64(other.subarray(0, captureLimits.maxPayloadBytes)));
    expect(byPlace.textAt(file, 900, 1300)).toBe(encodeBase64(file.subarray(900, 900 + captureLimits.maxPayloadBytes)));
  });

  it('never answers for the bytes of another buffer at the same offset', () => {
    const texts = new PayloadTexts();
    const a = bytesFrom(1, 300);
    const b = bytesFrom(2, 300);
    expect(texts.text(a.subarray(0, 200))).toBe(encodeBase64(a.subarray(0, 200)));
    expect(texts.text(b.subarray(0, 200))).toBe(encodeBase64(b.subarray(0, 200)));
    expect(texts.text(a.subarray(0, 200))).toBe(encodeBase64(a.subarray(0, 200)));
  });
});

describe("PayloadTexts with the engine's Uint8Array.prototype.toBase64", () => {
  type Proto = { toBase64?: (this: Uint8Array) => string };
  const proto = Uint8Array.prototype as Proto;
  const own = Object.getOwnPropertyDescriptor(Uint8Array.prototype, 'toBase64');

  afterEach(() => {
    if (own === undefined) delete proto.toBase64;
    else Object.defineProperty(Uint8Array.prototype, 'toBase64', own);
    vi.resetModules();
  });

  /** A fresh PayloadTexts module with `native` as the engine's toBase64, and how often it ran. */
  async function withNative(
    native: (bytes: Uint8Array) => string,
  ): Promise<{ texts: PayloadTexts; calls: () => number }> {
    let calls = 0;
    proto.toBase64 = function (this: Uint8Array): string {
      calls++;
      return native(this);
    };
    vi.resetModules();
    const module = await import('./payload-texts');
    const before = calls;
    return { texts: new module.PayloadTexts(), calls: () => calls - before };
  }

  it('uses it when it writes our text, and the texts stay the same', async () => {
    const { texts, calls } = await withNative((bytes) => encodeBase64(bytes));
    const file = bytesFrom(9, 2000);
    for (let start = 0; start < 1500; start += 101)
      expect(texts.textAt(file, start, start + (start % 7) + 1)).toBe(
        encodeBase64(file.subarray(start, start + (start % 7) + 1)),
      );
    expect(calls()).toBe(15);
  });

  it('does not use one that writes another text (here the URL-safe alphabet, unpadded)', async () => {
    const urlSafe = (bytes: Uint8Array): string =>
      encodeBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const { texts, calls } = await withNative(urlSafe);
    const file = bytesFrom(10, 600);
    for (let start = 0; start < 500; start += 50)
      expect(texts.textAt(file, start, start + 31)).toBe(encodeBase64(file.subarray(start, start + 31)));
    expect(calls()).toBe(0);
  });
});
