// Wireshark-style relative sequence numbers, one rule for every view: per direction (src > dst),
// seq counts from the sender's ISN (the seq of its latest SYN, else the first seq seen, for a
// capture that starts mid-connection) and ack from the receiver's ISN. A new SYN without ACK on
// a 4-tuple starts a new connection (a port reused after TIME-WAIT): the peer's old ISN is
// forgotten until its SYN,ACK. RFC 9293 3.4: all arithmetic is modulo 2^32.
import type { SegmentEvent } from '../types';
import { perTrace } from './memo';

export interface RelativeNumbers {
  seq: number;
  /** Present when the ACK flag is set. */
  ack?: number;
  /** True when the receiver's ISN is not known yet, so `ack` is the absolute value. */
  ackAbsolute?: true;
}

export const relativeTo = (value: number, initial: number): number => (value - initial) >>> 0;

/** Relative seq/ack of every segment, by segment id. */
export const relativeNumbers = perTrace((trace): ReadonlyMap<number, RelativeNumbers> => {
  const isn = new Map<string, number>();
  const out = new Map<number, RelativeNumbers>();
  for (const event of trace.events) if (event.kind === 'segment') out.set(event.id, number(event, isn));
  return out;
});

function number(segment: SegmentEvent, isn: Map<string, number>): RelativeNumbers {
  const forward = `${segment.src}>${segment.dst}`;
  const backward = `${segment.dst}>${segment.src}`;
  const syn = segment.flags.includes('SYN');
  const ackFlag = segment.flags.includes('ACK');
  if (syn || !isn.has(forward)) isn.set(forward, segment.seq);
  if (syn && !ackFlag) isn.delete(backward);
  const numbers: RelativeNumbers = { seq: relativeTo(segment.seq, isn.get(forward) ?? segment.seq) };
  if (!ackFlag) return numbers;
  const peer = isn.get(backward);
  if (peer === undefined) return { ...numbers, ack: segment.ack, ackAbsolute: true };
  return { ...numbers, ack: relativeTo(segment.ack, peer) };
}
