// Wireshark-style relative sequence numbers: each direction counts from its own ISN.
import type { TraceEvent } from '../../trace/types';

const modulus = 2 ** 32;

export interface RelativeNumbers {
  seq: number;
  /** Present when the ACK flag is set. */
  ack?: number;
}

/** For every segment id: seq relative to the sender's ISN, ack relative to the receiver's ISN. */
export function relativeNumbers(events: readonly TraceEvent[]): Map<number, RelativeNumbers> {
  const isn = new Map<string, number>();
  const out = new Map<number, RelativeNumbers>();
  for (const event of events) {
    if (event.kind !== 'segment') continue;
    const forward = `${event.src}>${event.dst}`;
    const backward = `${event.dst}>${event.src}`;
    // A SYN carries the ISN; a capture that starts mid-connection counts from the first segment seen.
    if (event.flags.includes('SYN') || !isn.has(forward)) isn.set(forward, event.seq);
    const seqBase = isn.get(forward) ?? event.seq;
    const numbers: RelativeNumbers = { seq: (((event.seq - seqBase) % modulus) + modulus) % modulus };
    if (event.flags.includes('ACK')) {
      const ackBase = isn.get(backward);
      numbers.ack = ackBase === undefined ? event.ack : (((event.ack - ackBase) % modulus) + modulus) % modulus;
    }
    out.set(event.id, numbers);
  }
  return out;
}

/** A TCB variable counted from an initial sequence number, modulo 2^32. */
export function relativeTo(value: number, initial: number): number {
  return (((value - initial) % modulus) + modulus) % modulus;
}
