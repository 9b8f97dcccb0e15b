// What each segment does in its connection, from the Trace alone: the sender socket's state when
// it left, whether a FIN opens the close or answers the peer's, and what its ACK newly covers of
// the peer's sequence space (RFC 9293 3.4: a SYN and a FIN each take one sequence number).
import { seqAdd, seqDiff, seqGe, seqGt, seqLt, TCP_STATES, type TcpState } from '../../tcp';
import type { SegmentEvent, Trace } from '../types';
import { DerivedMap, NONE } from './columns';
import { perTrace } from './memo';
import { distinctOwners, eventOwners } from './owners';
import { packetIndex } from './packets';

export interface Acknowledged {
  /** The peer's SYN is acknowledged by this segment for the first time. */
  syn: boolean;
  /** Data bytes of the peer acknowledged for the first time. */
  bytes: number;
  /** The peer's FIN is acknowledged for the first time. */
  fin: boolean;
}

export interface SegmentRole {
  /** The sending socket's state when the segment left (its latest state event before it). */
  senderState?: TcpState;
  /** A FIN: the first of its connection, or sent after the peer's FIN arrived (the second close). */
  fin?: 'first' | 'answer';
  /** What the ACK field newly acknowledges; undefined when the peer's SYN was never seen (a capture cut short). */
  acknowledges?: Acknowledged;
  /** A pure ACK that acknowledges nothing new and advertises another window than the sender's previous segment. */
  windowUpdate: boolean;
}

/** One direction of a connection as seen on the wire, keyed "src>dst" (a server port serves many). */
interface Side {
  iss?: number;
  finAt?: number;
  lastAck?: number;
  lastWindow?: number;
  /** The peer's FIN has arrived at this endpoint (a deliver event). */
  finArrived: boolean;
}

const has = (segment: SegmentEvent, flag: SegmentEvent['flags'][number]) => segment.flags.includes(flag);

/** Positions in [from, to) modulo 2^32. */
const within = (position: number | undefined, from: number, to: number) =>
  position !== undefined && seqGe(position, from) && seqLt(position, to);

function acknowledged(segment: SegmentEvent, own: Side, peer: Side): Acknowledged | undefined {
  if (!has(segment, 'ACK') || peer.iss === undefined) return undefined;
  const from = own.lastAck ?? peer.iss;
  if (!seqGt(segment.ack, from)) return { syn: false, bytes: 0, fin: false };
  const syn = within(peer.iss, from, segment.ack);
  const fin = within(peer.finAt, from, segment.ack);
  return { syn, fin, bytes: seqDiff(segment.ack, from) - (syn ? 1 : 0) - (fin ? 1 : 0) };
}

/** A TCP state per event, as its place in TCP_STATES plus one (0: none) in a byte. */
export class StateColumn {
  constructor(private readonly codes: Uint8Array) {}

  get length(): number {
    return this.codes.length;
  }

  at(index: number): TcpState | undefined {
    const code = this.codes[index] ?? 0;
    return code === 0 ? undefined : TCP_STATES[code - 1];
  }
}

const stateCode = (state: TcpState): number => TCP_STATES.indexOf(state) + 1;

/**
 * For every event, the TCP state of the socket it belongs to (eventOwners) just before it: its
 * latest state event earlier in the trace; undefined for a socket with none (UDP, no socket).
 */
export const stateBefore = perTrace((trace: Trace): StateColumn => {
  const owners = eventOwners(trace);
  const { distinct, slotOf } = distinctOwners(trace);
  // Each owner's latest state; an owner that is a host alone (no descriptor) never has one.
  const latest = new Uint8Array(distinct.length);
  const { events } = trace;
  const codes = new Uint8Array(events.length);
  for (let index = 0; index < events.length; index++) {
    const owner = owners[index];
    if (owner?.socket === undefined) continue;
    const slot = slotOf.get(owner)!;
    codes[index] = latest[slot]!;
    // A state event's owner is its own host and descriptor.
    const event = events[index]!;
    if (event.kind === 'state') latest[slot] = stateCode(event.to);
  }
  return new StateColumn(codes);
});

// segmentRoles' flags, one byte per event.
const isSegment = 1;
const finFirst = 2;
const finAnswer = 4;
const acks = 8;
const acksSyn = 16;
const acksFin = 32;
const windowUpdate = 64;

/**
 * The role of every segment, keyed by its index in trace.events, held as a byte of flags and the
 * acknowledged bytes per event (a Map of a SegmentRole object per segment was ~130 bytes a packet;
 * issue 9). Each `get` makes a new SegmentRole.
 */
class SegmentRoles extends DerivedMap<SegmentRole> {
  constructor(
    private readonly flags: Uint8Array,
    private readonly bytes: Int32Array,
    private readonly states: StateColumn,
    readonly size: number,
  ) {
    super();
  }

  get(index: number): SegmentRole | undefined {
    const flags = this.flags[index] ?? 0;
    if ((flags & isSegment) === 0) return undefined;
    const role: SegmentRole = {
      senderState: this.states.at(index),
      acknowledges:
        (flags & acks) === 0
          ? undefined
          : { syn: (flags & acksSyn) !== 0, bytes: this.bytes[index]!, fin: (flags & acksFin) !== 0 },
      windowUpdate: (flags & windowUpdate) !== 0,
    };
    if ((flags & finFirst) !== 0) role.fin = 'first';
    else if ((flags & finAnswer) !== 0) role.fin = 'answer';
    return role;
  }

  has(index: number): boolean {
    return ((this.flags[index] ?? 0) & isSegment) !== 0;
  }

  *keys(): MapIterator<number> {
    for (let index = 0; index < this.flags.length; index++) if ((this.flags[index]! & isSegment) !== 0) yield index;
  }
}

/** The flags of one segment's role, its acknowledged bytes in `bytes[index]`. */
function roleFlags(event: SegmentEvent, own: Side, peer: Side, bytes: Int32Array, index: number): number {
  const acknowledges = acknowledged(event, own, peer);
  const pure = event.len === 0 && !has(event, 'SYN') && !has(event, 'FIN') && !has(event, 'RST');
  const nothingNew =
    pure && acknowledges !== undefined && !acknowledges.syn && !acknowledges.fin && acknowledges.bytes === 0;
  let flags = isSegment;
  if (acknowledges !== undefined) {
    flags |= acks | (acknowledges.syn ? acksSyn : 0) | (acknowledges.fin ? acksFin : 0);
    bytes[index] = acknowledges.bytes;
  }
  if (nothingNew && own.lastWindow !== undefined && own.lastWindow !== event.window) flags |= windowUpdate;
  if (has(event, 'FIN')) {
    flags |= own.finArrived ? finAnswer : finFirst;
    own.finAt ??= seqAdd(event.seq, event.len);
  }
  if (has(event, 'ACK') && (own.lastAck === undefined || seqGt(event.ack, own.lastAck))) own.lastAck = event.ack;
  own.lastWindow = event.window;
  return flags;
}

export const segmentRoles = perTrace((trace: Trace): ReadonlyMap<number, SegmentRole> => {
  const states = stateBefore(trace);
  const sent = packetIndex(trace).eventOf;
  // One direction of each port pair: src -> dst -> Side (no key string made per segment).
  const sides = new Map<string, Map<string, Side>>();
  const side = (from: string, to: string, fresh = false): Side => {
    let byPeer = sides.get(from);
    if (byPeer === undefined) sides.set(from, (byPeer = new Map()));
    let found = byPeer.get(to);
    if (found === undefined || fresh) byPeer.set(to, (found = { finArrived: false }));
    return found;
  };
  const { events } = trace;
  const flags = new Uint8Array(events.length);
  const bytes = new Int32Array(events.length);
  let count = 0;
  for (let index = 0; index < events.length; index++) {
    const event = events[index]!;
    if (event.kind === 'deliver') {
      const at = sent.at(event.id);
      const arrived = at !== NONE && at < index ? events[at] : undefined;
      if (arrived?.kind === 'segment' && has(arrived, 'FIN')) side(arrived.dst, arrived.src).finArrived = true;
    }
    if (event.kind !== 'segment') continue;
    // A SYN without ACK starts a new incarnation of the port pair: forget the old one.
    if (has(event, 'SYN') && !has(event, 'ACK') && event.retransmission !== true) {
      side(event.src, event.dst, true);
      side(event.dst, event.src, true);
    }
    const own = side(event.src, event.dst);
    const peer = side(event.dst, event.src);
    if (has(event, 'SYN')) own.iss ??= event.seq;
    flags[index] = roleFlags(event, own, peer, bytes, index);
    count++;
  }
  return new SegmentRoles(flags, bytes, states, count);
});
