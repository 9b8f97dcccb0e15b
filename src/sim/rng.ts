// A seeded PRNG (sfc32): the same seed gives the same numbers, byte for byte. A run never shares
// one generator between purposes: src/sim/streams.ts forks one stream per purpose from the seed.
export class Rng {
  private a = 0x9e3779b9;
  private b = 0x243f6a88;
  private c = 0xb7e15162;
  private d: number;

  constructor(seed: number) {
    this.d = seed >>> 0;
    this.warmUp();
  }

  /** A new stream whose whole 128-bit state is drawn from this one (TigerBeetle: `.seed = prng.int(u64)`). */
  fork(): Rng {
    const child = new Rng(0);
    child.a = this.nextUint32() | 0;
    child.b = this.nextUint32() | 0;
    child.c = this.nextUint32() | 0;
    child.d = this.nextUint32() | 0;
    child.warmUp();
    return child;
  }

  private warmUp(): void {
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** True with probability p; draws nothing when p is 0 or 1, so a knob left at 0 costs no randomness. */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.next() < p;
  }

  /** Integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** One round of MurmurHash3 (x86, 32-bit): folds a 32-bit word into the hash h. */
export function mixWord(h: number, word: number): number {
  let k = Math.imul(word | 0, 0xcc9e2d51);
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  const x = h ^ k;
  return (Math.imul((x << 13) | (x >>> 19), 5) + 0xe6546b64) | 0;
}

/** Folds the UTF-16 code units of a text (an address) into the hash h. */
export function mixText(h: number, text: string): number {
  let out = mixWord(h, text.length);
  for (let i = 0; i < text.length; i++) out = mixWord(out, text.charCodeAt(i));
  return out;
}

/** MurmurHash3's finalizer: every input bit reaches every output bit. Returns an unsigned 32-bit value. */
export function finishHash(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}
