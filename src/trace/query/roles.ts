// What each segment does in its connection, from the Trace alone: the sender socket's state when
// it left, whether a FIN opens the close or answers the peer's, and what its ACK newly covers of
// the peer's sequence space (RFC 9293 3.4: a SYN and a FIN each take one sequence number).
import { seqAdd, seqDiff, seqGe, seqGt, seqLt, type TcpState } from '../../tcp';
import type { SegmentEvent, Trace } from '../types';
import { perTrace } from './memo';
import { eventOwners } from './owners';

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

/**
 * For every event, the TCP state of the socket it belongs to (eventOwners) just before it: its
 * latest state event earlier in the trace; undefined for a socket with none (UDP, no socket).
 */
export const stateBefore = perTrace((trace: Trace): readonly (TcpState | undefined)[] => {
  const owners = eventOwners(trace);
  const states = new Map<string, TcpState>();
  return trace.events.map((event, index) => {
    const owner = owners[index];
    const before = owner?.socket === undefined ? undefined : states.get(`${owner.host}/${owner.socket}`);
    if (event.kind === 'state') states.set(`${event.host}/${event.socket}`, event.to);
    return before;
  });
});

/** The role of every segment, keyed by its index in trace.events. */
export const segmentRoles = perTrace((trace: Trace): ReadonlyMap<number, SegmentRole> => {
  const roles = new Map<number, SegmentRole>();
  const states = stateBefore(trace);
  const sides = new Map<string, Side>();
  const side = (from: string, to: string): Side => {
    let found = sides.get(`${from}>${to}`);
    if (found === undefined) sides.set(`${from}>${to}`, (found = { finArrived: false }));
    return found;
  };
  const segments = new Map<number, SegmentEvent>();
  trace.events.forEach((event, index) => {
    if (event.kind === 'deliver') {
      const arrived = segments.get(event.id);
      if (arrived !== undefined && has(arrived, 'FIN')) side(arrived.dst, arrived.src).finArrived = true;
    }
    if (event.kind !== 'segment') return;
    segments.set(event.id, event);
    // A SYN without ACK starts a new incarnation of the port pair: forget the old one.
    if (has(event, 'SYN') && !has(event, 'ACK') && event.retransmission !== true) {
      sides.set(`${event.src}>${event.dst}`, { finArrived: false });
      sides.set(`${event.dst}>${event.src}`, { finArrived: false });
    }
    const own = side(event.src, event.dst);
    const peer = side(event.dst, event.src);
    if (has(event, 'SYN')) own.iss ??= event.seq;
    const acknowledges = acknowledged(event, own, peer);
    const pure = event.len === 0 && !has(event, 'SYN') && !has(event, 'FIN') && !has(event, 'RST');
    const nothingNew =
      pure && acknowledges !== undefined && !acknowledges.syn && !acknowledges.fin && acknowledges.bytes === 0;
    const role: SegmentRole = {
      senderState: states[index],
      acknowledges,
      windowUpdate: nothingNew && own.lastWindow !== undefined && own.lastWindow !== event.window,
    };
    if (has(event, 'FIN')) {
      role.fin = own.finArrived ? 'answer' : 'first';
      own.finAt ??= seqAdd(event.seq, event.len);
    }
    if (has(event, 'ACK') && (own.lastAck === undefined || seqGt(event.ack, own.lastAck))) own.lastAck = event.ack;
    own.lastWindow = event.window;
    roles.set(index, role);
  });
  return roles;
});
