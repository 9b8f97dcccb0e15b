// Byte buffers for socket send and receive queues, bounded by the socket's buffer size.

/**
 * A FIFO of bytes kept as the chunks that were appended, never copied on the way: a segment
 * or a recv() gets a view of them. Appended arrays must not be mutated afterwards, which holds
 * here since program data, segment payloads and received bytes are all immutable once made.
 */
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  /** Bytes of chunks[0] already dropped. */
  private headOffset = 0;
  private size = 0;

  get length(): number {
    return this.size;
  }

  append(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.chunks.push(bytes);
    this.size += bytes.length;
  }

  /** Where the last peek ended its walk (a chunk index and that chunk's stream position), so
   * that a sender peeking further and further along its window does not walk from the head. */
  private walkIndex = 0;
  private walkStart = 0;
  /** Stream position of chunks[0][0]. */
  private firstStart = 0;

  /** `length` bytes starting `offset` bytes after the head: a view when they sit in one chunk. */
  peek(offset: number, length: number): Uint8Array {
    length = Math.max(0, Math.min(length, this.size - offset));
    const target = this.firstStart + this.headOffset + offset;
    let i = 0;
    let start = this.firstStart;
    if (this.walkIndex < this.chunks.length && this.walkStart <= target) {
      i = this.walkIndex;
      start = this.walkStart;
    }
    while (i < this.chunks.length && target >= start + (this.chunks[i] as Uint8Array).length) {
      start += (this.chunks[i] as Uint8Array).length;
      i++;
    }
    this.walkIndex = i;
    this.walkStart = start;
    let at = target - start;
    const first = this.chunks[i];
    if (first === undefined || length === 0) return new Uint8Array(0);
    if (at + length <= first.length) return first.subarray(at, at + length);
    const out = new Uint8Array(length);
    let filled = 0;
    for (; filled < length; i++) {
      const chunk = this.chunks[i] as Uint8Array;
      const part = chunk.subarray(at, Math.min(chunk.length, at + length - filled));
      out.set(part, filled);
      filled += part.length;
      at = 0;
    }
    return out;
  }

  drop(n: number): void {
    n = Math.min(n, this.size);
    this.size -= n;
    let remove = 0;
    let offset = this.headOffset + n;
    while (remove < this.chunks.length && offset >= (this.chunks[remove] as Uint8Array).length) {
      offset -= (this.chunks[remove] as Uint8Array).length;
      this.firstStart += (this.chunks[remove] as Uint8Array).length;
      remove++;
    }
    if (remove > 0) {
      // A receive queue is usually read whole (a recv() of 64 KiB takes its 45 segments): a new
      // empty list then, rather than splice() building the array of what it removed.
      if (remove === this.chunks.length) this.chunks = [];
      else this.chunks.splice(0, remove);
      this.walkIndex = Math.max(0, this.walkIndex - remove);
      if (this.walkStart < this.firstStart) {
        this.walkIndex = 0;
        this.walkStart = this.firstStart;
      }
    }
    this.headOffset = this.chunks.length === 0 ? 0 : offset;
  }

  take(n: number): Uint8Array {
    const out = this.peek(0, n);
    this.drop(out.length);
    return out;
  }

  /** Up to n bytes from the head as views of the stored chunks: nothing is copied. */
  takeChunks(n: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    let wanted = Math.min(n, this.size);
    let offset = this.headOffset;
    for (let i = 0; wanted > 0 && i < this.chunks.length; i++) {
      const chunk = this.chunks[i] as Uint8Array;
      // A chunk taken whole is handed on as it is: a view of it would only cost an allocation.
      const part =
        offset === 0 && wanted >= chunk.length
          ? chunk
          : chunk.subarray(offset, Math.min(chunk.length, offset + wanted));
      out.push(part);
      wanted -= part.length;
      offset = 0;
    }
    let total = 0;
    for (const part of out) total += part.length;
    this.drop(total);
    return out;
  }
}

/** Bytes handed to a program by recv(): copied into one array only if the program keeps them. */
export class ReceivedBytes {
  /**
   * What recv() returns at the end of the stream, shared (it holds nothing to change). Being
   * alive for good, it also keeps the class's hidden class (V8 map): an instance gets it through
   * weak transitions from the class, and every other one is gone by the end of a run, so a full
   * GC between runs dropped it and with it the optimized recv() path ("weak objects").
   */
  static readonly endOfStream = new ReceivedBytes([]);

  readonly length: number;
  private joined: Uint8Array | null = null;

  constructor(private readonly chunks: readonly Uint8Array[]) {
    let total = 0;
    for (const chunk of chunks) total += chunk.length;
    this.length = total;
  }

  bytes(): Uint8Array {
    if (this.joined === null)
      this.joined = this.chunks.length === 1 ? (this.chunks[0] as Uint8Array) : concatBytes(this.chunks);
    return this.joined;
  }

  /** The first `limit` bytes, for the trace's payload preview. */
  head(limit: number): Uint8Array {
    const first = this.chunks[0];
    if (first === undefined) return new Uint8Array(0);
    if (first.length >= limit || this.chunks.length === 1) return first.subarray(0, limit);
    return concatBytes(this.chunks).subarray(0, limit);
  }

  /** Bytes that start with the first `limit` received (or all of them), for a preview that reads
   * no further (payloadField): the first chunk itself when it holds them, so no view is made. */
  startingBytes(limit: number): Uint8Array {
    const first = this.chunks[0];
    if (first !== undefined && (first.length >= limit || this.chunks.length === 1)) return first;
    return this.head(limit);
  }
}

/**
 * Buffers known to hold one byte value throughout (a `{ bytes: n }` fill, src/sim/program.ts), with
 * that value. Program data is never written to once made (see ByteQueue), so any view of such a
 * buffer holds only that byte: its trace preview is known without reading it, which a bulk
 * transfer asks for twice per segment (the segment, then the recv() that reads it).
 */
const uniformBuffers = new WeakMap<ArrayBufferLike, number>();

/** Arrays this short may live inside the JS heap, and asking for their `buffer` would move them
 * out of it (V8 keeps typed arrays of at most 64 bytes on the heap): neither marked nor looked up. */
const MIN_UNIFORM_BYTES = 65;

/** Records that every byte of `array` (which must span its whole buffer) is `byte`. */
export function markUniform(array: Uint8Array, byte: number): void {
  if (array.length < MIN_UNIFORM_BYTES || array.byteOffset !== 0 || array.byteLength !== array.buffer.byteLength)
    return;
  uniformBuffers.set(array.buffer, byte);
}

/** The one byte value every byte of `view` holds, when its buffer was marked; else undefined. */
export function uniformByte(view: Uint8Array): number | undefined {
  return view.length < MIN_UNIFORM_BYTES ? undefined : uniformBuffers.get(view.buffer);
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
