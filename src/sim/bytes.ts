// Byte buffers for socket send and receive queues, bounded by the socket's buffer size.

/** A FIFO of bytes with cheap appends at the tail and drops at the head. */
export class ByteQueue {
  private buf: Uint8Array;
  private start = 0;
  private end = 0;

  constructor(initialCapacity = 4096) {
    this.buf = new Uint8Array(initialCapacity);
  }

  get length(): number {
    return this.end - this.start;
  }

  append(bytes: Uint8Array): void {
    const n = bytes.length;
    if (this.end + n > this.buf.length) this.makeRoom(n);
    this.buf.set(bytes, this.end);
    this.end += n;
  }

  /** A copy of `length` bytes starting `offset` bytes after the head. */
  copy(offset: number, length: number): Uint8Array {
    const from = this.start + offset;
    return this.buf.slice(from, Math.min(from + length, this.end));
  }

  drop(n: number): void {
    this.start = Math.min(this.start + n, this.end);
    if (this.start === this.end) this.start = this.end = 0;
  }

  take(n: number): Uint8Array {
    const out = this.copy(0, n);
    this.drop(out.length);
    return out;
  }

  private makeRoom(n: number): void {
    const used = this.length;
    const needed = used + n;
    if (needed <= this.buf.length / 2 || (needed <= this.buf.length && this.start > 0)) {
      this.buf.copyWithin(0, this.start, this.end);
    } else {
      let capacity = this.buf.length * 2;
      while (capacity < needed) capacity *= 2;
      const bigger = new Uint8Array(capacity);
      bigger.set(this.buf.subarray(this.start, this.end));
      this.buf = bigger;
    }
    this.start = 0;
    this.end = used;
  }
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** UTF-8 encoding without TextEncoder, so the core needs no DOM or Node typings. */
export function utf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return Uint8Array.from(out);
}

export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
