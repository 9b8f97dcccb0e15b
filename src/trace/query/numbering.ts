// Wireshark-style relative sequence numbers, one rule for every view: per direction (src > dst),
// seq counts from the sender's ISN (the seq of its latest SYN, else the first seq seen, for a
// capture that starts mid-connection) and ack from the receiver's ISN. A new SYN without ACK on
// a 4-tuple starts a new connection (a port reused after TIME-WAIT): the peer's old ISN is
// forgotten until its SYN,ACK. RFC 9293 3.4: all arithmetic is modulo 2^32.
//
// Computed lazily and kept in typed columns: a lookup runs the one pass over trace.events only as
// far as the segment asked for (a view near the start of a million-packet capture numbers only
// what it shows), and the pass resumes from there on the next lookup further on.
import type { SegmentEvent, Trace } from '../types';
import { perTrace } from './memo';

export interface RelativeNumbers {
  seq: number;
  /** Present when the ACK flag is set. */
  ack?: number;
  /** True when the receiver's ISN is not known yet, so `ack` is the absolute value. */
  ackAbsolute?: true;
}

/** Relative numbers by segment id. */
export interface RelativeNumbering {
  get(id: number): RelativeNumbers | undefined;
}

export const relativeTo = (value: number, initial: number): number => (value - initial) >>> 0;

/** Relative seq/ack of every segment, by segment id. */
export const relativeNumbers = perTrace((trace: Trace): RelativeNumbering => new LazyNumbering(trace));

const known = 1;
const hasAck = 2;
const absoluteAck = 4;

/** One direction's ISN (undefined once forgotten, or before its first segment). */
interface Direction {
  src: string;
  dst: string;
  isn: number | undefined;
}

class LazyNumbering implements RelativeNumbering {
  private next = 0;
  private readonly isn = new Map<string, Map<string, Direction>>();
  /** The last directions met: a connection's segments alternate between two. */
  private recent: Direction[] = [];
  /** Columns by id, for ids in 0 .. length - 1; other ids in `outliers`. */
  private seq: Uint32Array;
  private ack: Uint32Array;
  private bits: Uint8Array;
  private readonly outliers = new Map<number, RelativeNumbers>();
  private readonly maxDense: number;

  constructor(private readonly trace: Trace) {
    const size = Math.min(1024, trace.events.length + 1);
    this.seq = new Uint32Array(size);
    this.ack = new Uint32Array(size);
    this.bits = new Uint8Array(size);
    this.maxDense = 4 * trace.events.length + 1024;
  }

  get(id: number): RelativeNumbers | undefined {
    for (;;) {
      const found = this.lookup(id);
      if (found !== undefined || this.next >= this.trace.events.length) return found;
      this.advance(id);
    }
  }

  private lookup(id: number): RelativeNumbers | undefined {
    if (!this.dense(id)) return this.outliers.get(id);
    const bits = id < this.bits.length ? (this.bits[id] ?? 0) : 0;
    if ((bits & known) === 0) return undefined;
    const numbers: RelativeNumbers = { seq: this.seq[id]! };
    if ((bits & hasAck) === 0) return numbers;
    numbers.ack = this.ack[id]!;
    if ((bits & absoluteAck) !== 0) numbers.ackAbsolute = true;
    return numbers;
  }

  private dense(id: number): boolean {
    return Number.isInteger(id) && id >= 0 && id < this.maxDense;
  }

  /** Numbers segments until the one with `id`, or to the end. */
  private advance(id: number): void {
    const events = this.trace.events;
    while (this.next < events.length) {
      const event = events[this.next++]!;
      if (event.kind !== 'segment') continue;
      this.number(event);
      if (event.id === id) return;
    }
  }

  private direction(src: string, dst: string): Direction {
    for (const direction of this.recent) if (direction.src === src && direction.dst === dst) return direction;
    let bySrc = this.isn.get(src);
    if (bySrc === undefined) this.isn.set(src, (bySrc = new Map()));
    let direction = bySrc.get(dst);
    if (direction === undefined) bySrc.set(dst, (direction = { src, dst, isn: undefined }));
    this.recent = [direction, ...this.recent.slice(0, 3)];
    return direction;
  }

  private number(segment: SegmentEvent): void {
    const forward = this.direction(segment.src, segment.dst);
    const backward = this.direction(segment.dst, segment.src);
    const syn = segment.flags.includes('SYN');
    const ackFlag = segment.flags.includes('ACK');
    if (syn || forward.isn === undefined) forward.isn = segment.seq;
    if (syn && !ackFlag) backward.isn = undefined;
    const seq = relativeTo(segment.seq, forward.isn);
    const peer = backward.isn;
    let bits = known;
    let ack = 0;
    if (ackFlag) {
      bits |= hasAck;
      if (peer === undefined) bits |= absoluteAck;
      ack = peer === undefined ? segment.ack : relativeTo(segment.ack, peer);
    }
    this.store(segment.id, seq, ack, bits);
  }

  private store(id: number, seq: number, ack: number, bits: number): void {
    if (!this.dense(id)) {
      const numbers: RelativeNumbers = { seq };
      if ((bits & hasAck) !== 0) numbers.ack = ack;
      if ((bits & absoluteAck) !== 0) numbers.ackAbsolute = true;
      this.outliers.set(id, numbers);
      return;
    }
    if (id >= this.bits.length) this.grow(id);
    this.seq[id] = seq;
    this.ack[id] = ack;
    this.bits[id] = bits;
  }

  private grow(id: number): void {
    const size = Math.min(this.maxDense, Math.max(id + 1, this.bits.length * 2));
    const copy = <T extends Uint32Array | Uint8Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.seq = copy(this.seq, new Uint32Array(size));
    this.ack = copy(this.ack, new Uint32Array(size));
    this.bits = copy(this.bits, new Uint8Array(size));
  }
}
