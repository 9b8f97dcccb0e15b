// What each segment does in its connection, from the Trace alone: the sender socket's state when
// it left, whether a FIN opens the close or answers the peer's, and what its ACK newly covers of
// the peer's sequence space (RFC 9293 3.4: a SYN and a FIN each take one sequence number).
import { seqAdd, seqDiff, seqGe, seqGt, seqLt, TCP_STATES, type TcpFlag, type TcpState } from '../../tcp';
import type { SegmentEvent, Trace } from '../types';
import { DerivedMap, NONE } from './columns';
import { pauseAfter, perTraceInSteps, type Steps } from './memo';
import { eventOwners } from './owners';
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

/** Positions in [from, to) modulo 2^32. */
const within = (position: number | undefined, from: number, to: number) =>
  position !== undefined && seqGe(position, from) && seqLt(position, to);

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
 * latest state event earlier in the trace; before its first one, the state that one leaves (a
 * capture's server socket is first seen leaving LISTEN for SYN-RECEIVED, so the SYN it got was
 * delivered to a listening socket); undefined for a socket with none (UDP, no socket).
 */
export const stateBefore = perTraceInSteps(function* (trace: Trace): Steps<StateColumn> {
  const owners = yield* eventOwners.steps(trace);
  const ofSocket = owners.distinct.map((owner) => owner.socket !== undefined);
  const { events } = trace;
  // Each owner's latest state, from the `from` of its first state event; an owner that is a host
  // alone (no descriptor) never has one.
  const latest = new Uint8Array(owners.distinct.length);
  const seen = new Uint8Array(owners.distinct.length);
  for (let index = 0; index < events.length; index++) {
    if (pauseAfter(index)) yield;
    const event = events[index]!;
    const slot = owners.slotAt(index);
    if (event.kind !== 'state' || slot < 0 || !ofSocket[slot]) continue;
    if (seen[slot] === 0) latest[slot] = stateCode(event.from);
    seen[slot] = 1;
  }
  const codes = new Uint8Array(events.length);
  for (let index = 0; index < events.length; index++) {
    if (pauseAfter(index)) yield;
    const slot = owners.slotAt(index);
    if (slot < 0 || !ofSocket[slot]) continue;
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

// A segment's TCP flags as bits, read once per segment (flags.includes four times was most of the time).
const SYN = 1;
const ACK = 2;
const FIN = 4;
const RST = 8;

function readFlagBits(flags: readonly TcpFlag[]): number {
  let bits = 0;
  for (const flag of flags)
    bits |= flag === 'ACK' ? ACK : flag === 'SYN' ? SYN : flag === 'FIN' ? FIN : flag === 'RST' ? RST : 0;
  return bits;
}

/**
 * flagBits with the last two flag lists remembered by identity: the importer shares one frozen
 * list per combination (tcp flagNames), and a transfer's segments alternate between two.
 */
function flagReader(): (segment: SegmentEvent) => number {
  let first: readonly TcpFlag[] | undefined;
  let firstBits = 0;
  let second: readonly TcpFlag[] | undefined;
  let secondBits = 0;
  return ({ flags }) => {
    if (flags === first) return firstBits;
    if (flags === second) return secondBits;
    second = first;
    secondBits = firstBits;
    first = flags;
    firstBits = readFlagBits(flags);
    return firstBits;
  };
}

/**
 * The flags of one segment's role, its acknowledged bytes in `bytes[index]`; what `acknowledged`
 * says, without an object made per segment.
 */
function roleFlags(event: SegmentEvent, bits: number, own: Side, peer: Side, bytes: Int32Array, index: number): number {
  let flags = isSegment;
  let nothingNew = false;
  if ((bits & ACK) !== 0 && peer.iss !== undefined) {
    flags |= acks;
    const from = own.lastAck ?? peer.iss;
    if (seqGt(event.ack, from)) {
      const syn = within(peer.iss, from, event.ack);
      const fin = within(peer.finAt, from, event.ack);
      flags |= (syn ? acksSyn : 0) | (fin ? acksFin : 0);
      bytes[index] = seqDiff(event.ack, from) - (syn ? 1 : 0) - (fin ? 1 : 0);
    } else nothingNew = true; // a new SYN, FIN or byte would each make the acknowledged part non-empty
  }
  const pure = event.len === 0 && (bits & (SYN | FIN | RST)) === 0;
  if (pure && nothingNew && own.lastWindow !== undefined && own.lastWindow !== event.window) flags |= windowUpdate;
  if ((bits & FIN) !== 0) {
    flags |= own.finArrived ? finAnswer : finFirst;
    own.finAt ??= seqAdd(event.seq, event.len);
  }
  if ((bits & ACK) !== 0 && (own.lastAck === undefined || seqGt(event.ack, own.lastAck))) own.lastAck = event.ack;
  own.lastWindow = event.window;
  return flags;
}

export const segmentRoles = perTraceInSteps(function* (trace: Trace): Steps<ReadonlyMap<number, SegmentRole>> {
  const states = yield* stateBefore.steps(trace);
  const sent = (yield* packetIndex.steps(trace)).eventOf;
  // One direction of each port pair: src -> dst -> Side (no key string made per segment).
  const sides = new Map<string, Map<string, Side>>();
  const side = (from: string, to: string, fresh = false): Side => {
    let byPeer = sides.get(from);
    if (byPeer === undefined) sides.set(from, (byPeer = new Map()));
    let found = byPeer.get(to);
    // Every field from the start: one object shape for V8, whatever a side has seen.
    if (found === undefined || fresh)
      byPeer.set(
        to,
        (found = { iss: undefined, finAt: undefined, lastAck: undefined, lastWindow: undefined, finArrived: false }),
      );
    return found;
  };
  // The last port pair's two sides: a connection's segments come in runs, both ways.
  let pair: { src: string; dst: string; forward: Side; back: Side } | undefined;
  const { events } = trace;
  const flags = new Uint8Array(events.length);
  const bytes = new Int32Array(events.length);
  const flagBits = flagReader();
  let count = 0;
  for (let index = 0; index < events.length; index++) {
    if (pauseAfter(index)) yield;
    const event = events[index]!;
    if (event.kind === 'deliver') {
      // A FIN segment sent earlier (its role's flags say so) has arrived.
      const at = sent.at(event.id);
      if (at !== NONE && at < index && (flags[at]! & (finFirst | finAnswer)) !== 0) {
        const arrived = events[at] as SegmentEvent;
        side(arrived.dst, arrived.src).finArrived = true;
      }
    }
    if (event.kind !== 'segment') continue;
    const bits = flagBits(event);
    const { src, dst } = event;
    // A SYN without ACK starts a new incarnation of the port pair: forget the old one.
    if ((bits & (SYN | ACK)) === SYN && event.retransmission !== true) {
      side(src, dst, true);
      side(dst, src, true);
      pair = undefined;
    }
    if (pair === undefined || !((pair.src === src && pair.dst === dst) || (pair.src === dst && pair.dst === src)))
      pair = { src, dst, forward: side(src, dst), back: side(dst, src) };
    const forward = pair.src === src;
    const own = forward ? pair.forward : pair.back;
    const peer = forward ? pair.back : pair.forward;
    if ((bits & SYN) !== 0) own.iss ??= event.seq;
    flags[index] = roleFlags(event, bits, own, peer, bytes, index);
    count++;
  }
  return new SegmentRoles(flags, bytes, states, count);
});
