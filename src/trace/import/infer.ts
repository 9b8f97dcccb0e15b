// TCP state inference for a capture: each connection's two endpoints are walked through the
// RFC 9293 3.3.2 diagram from the segments seen, one capture point seeing each segment once
// (so a segment leaves its sender and reaches its receiver at the same instant).
//
// What can honestly be known, and how it is shown:
// - Synthetic sockets: each endpoint that gets a state is given descriptor 1000 + n, n counting
//   such endpoints in the order they first appear (a capture has no descriptors).
// - A server is only shown LISTEN -> SYN-RECEIVED (at the SYN) once its SYN,ACK is seen; if it
//   answers the SYN with a RST, the port was closed and the server gets no state at all.
// - A connection whose start is not captured begins with a self-transition (from = to, e.g.
//   ESTABLISHED -> ESTABLISHED) caused "capture started mid-connection": it states where the
//   history starts; it is the only state event here that isRfcTransition() does not allow.
//   A connection whose first segment is a RST gets no states (nothing tells what came before).
// - TIME-WAIT's end (2*MSL later) is not in a capture: no TIME-WAIT -> CLOSED is emitted;
//   `connections[i].timeWait` lists the endpoints left there so the caller can say so.
// - A SYN on a 4-tuple whose endpoints are all CLOSED or in TIME-WAIT starts a new connection
//   (port reuse), with new sockets.
//
// Memory in proportion to the capture (issue 15): a capture may hold a million connections, so
// the walk keeps no object per connection, side or transition. Endpoints are numbers (an
// EndpointKeys key), each side's variables sit in typed columns (side 2c is connection c's
// client, 2c + 1 its server), and transitions are rows of typed columns, read back in order.
import * as tcp from '../../tcp';
import { isRfcTransition, TCP_STATES, type TcpState } from '../../tcp';
import type { LocalizedText, StateCause } from '../types';
import { PairTable, type PairKeys } from './pair-table';
import { WindowScales } from './window-scale';

// Imported bindings read per segment are copied into module constants: under tsx (the CLI and
// `npm run bench` run through it, as CommonJS) every imported binding is read through a getter,
// and those getters were 11% of a 1,000,000-packet import's profile (issue 9).
const { ACK, FIN, RST, SYN, seqGe } = tcp;

export const firstInferredSocket = 1000;
export const midConnectionCause = 'capture started mid-connection';

export interface InferSegment {
  /** Position of the segment's packet in the trace being built; transitions refer to it. */
  packet: number;
  /** "addr:port" of the sender and the receiver. */
  src: string;
  dst: string;
  flagBits: number;
  seq: number;
  ack: number;
  len: number;
}

/**
 * When a transition happens relative to its packet: `start` before the segment (a history
 * starting mid-connection), `send` when it leaves its sender, `receive` when it arrives.
 */
export type TransitionPhase = 'start' | 'send' | 'receive';

export interface InferredTransition {
  packet: number;
  phase: TransitionPhase;
  endpoint: string;
  socket: number;
  from: TcpState;
  to: TcpState;
  reason: StateCause;
  cause: string;
  causeText: LocalizedText;
}

export interface InferredConnection {
  id: number;
  /** The endpoint that sent the first SYN, or the first segment seen when the start was missed. */
  client: string;
  server: string;
  clientSocket?: number;
  serverSocket?: number;
  /** How the capture begins for this connection. */
  start: 'handshake' | 'mid-connection' | 'reset';
  /** The endpoints' last inferred states (absent: never given one). */
  clientState?: TcpState;
  serverState?: TcpState;
  /** Endpoints left in TIME-WAIT when the capture ends. */
  timeWait: string[];
  segments: number;
}

export interface InferResult {
  transitions: InferredTransition[];
  connections: InferredConnection[];
  /** For each input segment (same order): the sender's and the receiver's socket, or -1 for none. */
  fromSockets: Int32Array;
  toSockets: Int32Array;
}

/** Each inferred cause: its Trace code and its text (a capture says what was seen, not why). */
const causes = [
  { reason: 'connect', text: { en: 'SYN sent (connect)', fr: 'SYN envoyé (connect)' } },
  { reason: 'rcv-syn', text: { en: 'SYN received on a listening port', fr: 'SYN reçu sur un port en écoute' } },
  { reason: 'rcv-syn', text: { en: 'SYN received (simultaneous open)', fr: 'SYN reçu (ouverture simultanée)' } },
  { reason: 'rcv-syn-ack', text: { en: 'SYN,ACK received', fr: 'SYN,ACK reçu' } },
  { reason: 'rcv-ack-of-syn', text: { en: 'ACK of SYN received', fr: 'ACK du SYN reçu' } },
  { reason: 'close', text: { en: 'FIN sent (close)', fr: 'FIN envoyé (close)' } },
  { reason: 'rcv-fin', text: { en: 'FIN received', fr: 'FIN reçu' } },
  { reason: 'rcv-ack-of-fin', text: { en: 'ACK of FIN received', fr: 'ACK du FIN reçu' } },
  { reason: 'rcv-fin', text: { en: 'FIN received, own FIN acknowledged', fr: 'FIN reçu, notre FIN acquitté' } },
  { reason: 'rcv-fin', text: { en: 'FIN received (simultaneous close)', fr: 'FIN reçu (fermeture simultanée)' } },
  { reason: 'abort', text: { en: 'RST sent', fr: 'RST envoyé' } },
  { reason: 'rcv-rst', text: { en: 'RST received', fr: 'RST reçu' } },
  { reason: 'rcv-rst', text: { en: 'RST received: connection refused', fr: 'RST reçu : connexion refusée' } },
  { reason: 'observed', text: { en: midConnectionCause, fr: 'la capture commence en cours de connexion' } },
] as const satisfies readonly { reason: StateCause; text: LocalizedText }[];

/** Indices into `causes`. */
const Cause = {
  Connect: 0,
  ListenSyn: 1,
  SimultaneousOpen: 2,
  SynAck: 3,
  AckOfSyn: 4,
  FinSent: 5,
  FinReceived: 6,
  FinAcked: 7,
  FinAndAck: 8,
  SimultaneousClose: 9,
  RstSent: 10,
  RstReceived: 11,
  Refused: 12,
  MidConnection: 13,
} as const;
type Cause = (typeof Cause)[keyof typeof Cause];

export function causeOf(code: number): { reason: StateCause; text: LocalizedText } {
  return causes[code] as { reason: StateCause; text: LocalizedText };
}

/** States as codes: 0 is "never given one", 1 + the index in TCP_STATES otherwise. */
export const stateName = (code: number): TcpState => TCP_STATES[code - 1] as TcpState;
const code = (state: TcpState): number => TCP_STATES.indexOf(state) + 1;
const NONE = 0;
const CLOSED = code('CLOSED');
const LISTEN = code('LISTEN');
const SYN_SENT = code('SYN-SENT');
const SYN_RECEIVED = code('SYN-RECEIVED');
const ESTABLISHED = code('ESTABLISHED');
const FIN_WAIT_1 = code('FIN-WAIT-1');
const FIN_WAIT_2 = code('FIN-WAIT-2');
const CLOSE_WAIT = code('CLOSE-WAIT');
const CLOSING = code('CLOSING');
const LAST_ACK = code('LAST-ACK');
const TIME_WAIT = code('TIME-WAIT');
const stateCount = TCP_STATES.length + 1;
/** isRfcTransition by codes, one lookup. */
const rfcTable = Uint8Array.from({ length: stateCount * stateCount }, (_, i) => {
  const from = Math.floor(i / stateCount);
  const to = i % stateCount;
  return from > 0 && to > 0 && isRfcTransition(stateName(from), stateName(to)) ? 1 : 0;
});

/** Phases as codes, in the order they come within one packet. */
export const START = 0;
export const SEND = 1;
export const RECEIVE = 2;
const phaseNames: readonly TransitionPhase[] = ['start', 'send', 'receive'];
export const phaseName = (phase: number): TransitionPhase => phaseNames[phase] as TransitionPhase;

/** When each phase comes relative to the others, within one packet. */
export const phaseOrder: Readonly<Record<TransitionPhase, number>> = { start: START, send: SEND, receive: RECEIVE };

/** Late rows are sorted as one number: key * lateRowSpan + row (rows stay below 2^26, keys below 2^22). */
const lateRowSpan = 2 ** 26;

const starts = ['handshake', 'mid-connection', 'reset'] as const;
/** Side flags. */
const FIN_RECEIVED = 1;
const HAS_ISS = 2;
const HAS_FIN_ACKED_BY = 4;

function grow<T extends Int32Array | Uint32Array | Uint8Array | Float64Array | Int8Array>(
  array: T,
  needed: number,
  make: (length: number) => T,
): T {
  if (needed <= array.length) return array;
  const next = make(Math.max(needed, array.length * 2));
  next.set(array as never);
  return next;
}

/**
 * The inference, fed one TCP segment at a time in capture order (`add`), then read: each
 * segment's sender side and window shift, each side's socket, the transitions in packet order.
 */
export class TcpInference implements PairKeys {
  // Per connection.
  connectionCount = 0;
  private clientKey = new Float64Array(64);
  private serverKey = new Float64Array(64);
  private start = new Uint8Array(64);
  private segmentsOf = new Uint32Array(64);
  // Per side (2 per connection).
  private state = new Uint8Array(128);
  private flags = new Uint8Array(128);
  private socket = new Int32Array(128);
  private pendingSyn = new Int32Array(128);
  private iss = new Uint32Array(128);
  private finAckedBy = new Uint32Array(128);
  // Per segment.
  segmentCount = 0;
  /** The sender's side of each segment (the receiver is the other side, `side ^ 1`). */
  segmentSide = new Int32Array(1024);
  /** The window shift of each segment's window field, 0 when the field is not scaled (window-scale.ts). */
  segmentShift = new Int8Array(1024);
  // Per transition.
  transitionCount = 0;
  private tPacket = new Int32Array(256);
  private tPhase = new Uint8Array(256);
  private tSide = new Int32Array(256);
  private tFrom = new Uint8Array(256);
  private tTo = new Uint8Array(256);
  private tCause = new Uint8Array(256);
  /** Transitions dated at an earlier packet than the one that revealed them (LISTEN -> SYN-RECEIVED). */
  private late: number[] = [];
  /** After finish(): transition rows in (packet, phase) order, ties in the order they were made. */
  order = new Int32Array(0);
  nextSocket = firstInferredSocket;
  private readonly pairs = new PairTable(this);
  private readonly windows = new WindowScales();
  private packet = 0;

  /**
   * `expectedSegments`: at most how many segments will come (0: unknown). The columns are made
   * that long at once, never copied to grow: pages never written are not resident, so a bound
   * well above the real count costs address space only.
   */
  constructor(expectedSegments = 0) {
    if (expectedSegments <= 0) return;
    this.reserveConnection(expectedSegments - 1);
    this.segmentSide = grow(this.segmentSide, expectedSegments, (n) => new Int32Array(n));
    this.segmentShift = grow(this.segmentShift, expectedSegments, (n) => new Int8Array(n));
    this.growTransitions(expectedSegments);
  }

  /** One segment from `src` to `dst` (EndpointKeys keys); `wscale` is its window-scale option. */
  add(
    packet: number,
    src: number,
    dst: number,
    flagBits: number,
    seq: number,
    ack: number,
    len: number,
    wscale: number | undefined,
  ): void {
    this.packet = packet;
    const connection = this.connectionOf(src, dst, flagBits);
    this.segmentsOf[connection] = (this.segmentsOf[connection] as number) + 1;
    const sender = 2 * connection + (src === this.clientKey[connection] ? 0 : 1);
    const receiver = sender ^ 1;
    const i = this.segmentCount++;
    if (i >= this.segmentSide.length) {
      this.segmentSide = grow(this.segmentSide, i + 1, (n) => new Int32Array(n));
      this.segmentShift = grow(this.segmentShift, i + 1, (n) => new Int8Array(n));
    }
    this.segmentSide[i] = sender;
    // A segment from an endpoint to itself (a self-connect) has one 4-tuple direction: one side's scale.
    this.segmentShift[i] = this.windows.shift(sender, src === dst ? sender : receiver, flagBits, wscale);
    if (flagBits & RST) this.onReset(sender, receiver);
    else if (flagBits & SYN) this.onSyn(sender, receiver, flagBits, seq);
    else {
      this.onFinOrAck(sender, receiver, flagBits, seq, ack, len);
      if (flagBits & FIN) this.onFinReceived(receiver, flagBits, ack);
    }
  }

  /** Sorts the transitions; call once, after the last segment. */
  finish(): void {
    const late = this.late;
    const order = new Int32Array(this.transitionCount);
    if (late.length === 0) {
      for (let i = 0; i < order.length; i++) order[i] = i;
      this.order = order;
      return;
    }
    // The rows made in order are sorted already; the late ones are sorted by (packet, row) and
    // merged in after the rows of their packet and phase made before them (a stable sort's result).
    const lateKeys = Float64Array.from(late, (row) => this.key(row) * lateRowSpan + row).sort();
    let next = 0;
    let out = 0;
    const isLate = new Uint8Array(this.transitionCount);
    for (const row of late) isLate[row] = 1;
    for (let row = 0; row < this.transitionCount; row++) {
      if (isLate[row]) continue;
      const key = this.key(row);
      while (next < lateKeys.length && Math.floor((lateKeys[next] as number) / lateRowSpan) < key)
        order[out++] = (lateKeys[next++] as number) % lateRowSpan;
      order[out++] = row;
    }
    while (next < lateKeys.length) order[out++] = (lateKeys[next++] as number) % lateRowSpan;
    this.order = order;
  }

  /** Connection `id`'s client and server endpoint keys (PairKeys). */
  clientOf(id: number): number {
    return this.clientKey[id] as number;
  }

  serverOf(id: number): number {
    return this.serverKey[id] as number;
  }

  sideSocket(side: number): number {
    return this.socket[side] as number;
  }

  /** The endpoint key of a side. */
  sideEndpoint(side: number): number {
    const connection = side >> 1;
    return (side & 1 ? this.serverKey[connection] : this.clientKey[connection]) as number;
  }

  transitionPacket(row: number): number {
    return this.tPacket[row] as number;
  }

  transitionPhase(row: number): number {
    return this.tPhase[row] as number;
  }

  transitionSide(row: number): number {
    return this.tSide[row] as number;
  }

  transitionFrom(row: number): TcpState {
    return stateName(this.tFrom[row] as number);
  }

  transitionTo(row: number): TcpState {
    return stateName(this.tTo[row] as number);
  }

  transitionCause(row: number): number {
    return this.tCause[row] as number;
  }

  /** Connection `id` as the Trace's metadata lists it, endpoints named by `text`. */
  connection(id: number, text: (key: number) => string): InferredConnection {
    const client = 2 * id;
    const server = client + 1;
    const summary: InferredConnection = {
      id,
      client: text(this.clientKey[id] as number),
      server: text(this.serverKey[id] as number),
      start: starts[this.start[id] as number] as InferredConnection['start'],
      timeWait: [],
      segments: this.segmentsOf[id] as number,
    };
    if ((this.socket[client] as number) >= 0) summary.clientSocket = this.socket[client];
    if ((this.socket[server] as number) >= 0) summary.serverSocket = this.socket[server];
    if (this.state[client] !== NONE) summary.clientState = stateName(this.state[client] as number);
    if (this.state[server] !== NONE) summary.serverState = stateName(this.state[server] as number);
    if (this.state[client] === TIME_WAIT) summary.timeWait.push(summary.client);
    if (this.state[server] === TIME_WAIT) summary.timeWait.push(summary.server);
    return summary;
  }

  private key(row: number): number {
    return (this.tPacket[row] as number) * 3 + (this.tPhase[row] as number);
  }

  private active(side: number): boolean {
    const state = this.state[side];
    return state !== NONE && state !== CLOSED && state !== TIME_WAIT;
  }

  /** The segment's connection; a SYN between two endpoints done with the last one opens another. */
  private connectionOf(src: number, dst: number, bits: number): number {
    const found = this.pairs.get(src, dst);
    const opening = (bits & (SYN | ACK | RST)) === SYN;
    if (found >= 0 && !(opening && !this.active(2 * found) && !this.active(2 * found + 1))) return found;
    return this.open(src, dst, bits, opening, found);
  }

  private open(src: number, dst: number, bits: number, opening: boolean, replaced: number): number {
    const id = this.connectionCount++;
    this.reserveConnection(id);
    this.clientKey[id] = src;
    this.serverKey[id] = dst;
    this.start[id] = opening ? 0 : bits & RST ? 2 : 1;
    this.pairs.set(src, dst, id);
    const client = 2 * id;
    this.windows.reset(client);
    this.windows.reset(client + 1);
    // The window scale belongs to the 4-tuple: a new connection on it starts from what the last one left.
    if (replaced >= 0) {
      const same = this.clientKey[replaced] === src ? 0 : 1;
      this.windows.copy(2 * replaced + same, client);
      this.windows.copy(2 * replaced + (same ^ 1), client + 1);
    }
    if (this.start[id] === 1) {
      // A SYN,ACK first: the SYN was missed. Anything else: the handshake was.
      const synAck = (bits & (SYN | ACK)) === (SYN | ACK);
      this.setState(client, synAck ? SYN_RECEIVED : ESTABLISHED, this.packet, START, Cause.MidConnection);
      this.setState(client + 1, synAck ? SYN_SENT : ESTABLISHED, this.packet, START, Cause.MidConnection);
    }
    return id;
  }

  private reserveConnection(id: number): void {
    if (id < this.clientKey.length) {
      this.segmentsOf[id] = 0;
    } else {
      const n = id + 1;
      this.clientKey = grow(this.clientKey, n, (k) => new Float64Array(k));
      this.serverKey = grow(this.serverKey, n, (k) => new Float64Array(k));
      this.start = grow(this.start, n, (k) => new Uint8Array(k));
      this.segmentsOf = grow(this.segmentsOf, n, (k) => new Uint32Array(k));
      const sides = 2 * this.clientKey.length;
      this.state = grow(this.state, sides, (k) => new Uint8Array(k));
      this.flags = grow(this.flags, sides, (k) => new Uint8Array(k));
      this.socket = grow(this.socket, sides, (k) => new Int32Array(k));
      this.pendingSyn = grow(this.pendingSyn, sides, (k) => new Int32Array(k));
      this.iss = grow(this.iss, sides, (k) => new Uint32Array(k));
      this.finAckedBy = grow(this.finAckedBy, sides, (k) => new Uint32Array(k));
      this.windows.reserve(sides);
    }
    for (const side of [2 * id, 2 * id + 1]) {
      this.state[side] = NONE;
      this.flags[side] = 0;
      this.socket[side] = -1;
      this.pendingSyn[side] = -1;
    }
  }

  /** Every state change goes through here (smoltcp's choke point), which gives sockets out. */
  private setState(side: number, to: number, packet: number, phase: number, cause: Cause): void {
    const from = this.state[side] !== NONE ? (this.state[side] as number) : phase === START ? to : CLOSED;
    // The one choke point: nothing outside the RFC diagram, save a mid-connection start.
    if (phase !== START && rfcTable[from * stateCount + to] === 0) return;
    if ((this.socket[side] as number) < 0) this.socket[side] = this.nextSocket++;
    this.state[side] = to;
    const row = this.transitionCount++;
    if (row >= this.tPacket.length) this.growTransitions(row + 1);
    this.tPacket[row] = packet;
    this.tPhase[row] = phase;
    this.tSide[row] = side;
    this.tFrom[row] = from;
    this.tTo[row] = to;
    this.tCause[row] = cause;
    if (packet !== this.packet) this.late.push(row);
  }

  private growTransitions(n: number): void {
    this.tPacket = grow(this.tPacket, n, (k) => new Int32Array(k));
    this.tPhase = grow(this.tPhase, n, (k) => new Uint8Array(k));
    this.tSide = grow(this.tSide, n, (k) => new Int32Array(k));
    this.tFrom = grow(this.tFrom, n, (k) => new Uint8Array(k));
    this.tTo = grow(this.tTo, n, (k) => new Uint8Array(k));
    this.tCause = grow(this.tCause, n, (k) => new Uint8Array(k));
  }

  private onReset(sender: number, receiver: number): void {
    const packet = this.packet;
    const senderState = this.state[sender];
    if (senderState !== NONE && senderState !== CLOSED) this.setState(sender, CLOSED, packet, SEND, Cause.RstSent);
    // A SYN answered by a RST: the port was closed (the would-be server never had a socket).
    this.pendingSyn[sender] = -1;
    const state = this.state[receiver];
    if (state === SYN_SENT) this.setState(receiver, CLOSED, packet, RECEIVE, Cause.Refused);
    else if (state !== NONE && state !== CLOSED && state !== LISTEN)
      this.setState(receiver, CLOSED, packet, RECEIVE, Cause.RstReceived);
  }

  private onSyn(sender: number, receiver: number, bits: number, seq: number): void {
    const packet = this.packet;
    if (!(bits & ACK)) {
      // RFC 9293 3.5: an active open; a SYN while the peer is in SYN-SENT is a simultaneous open.
      if (this.state[sender] === NONE || this.state[sender] === CLOSED) {
        this.setState(sender, SYN_SENT, packet, SEND, Cause.Connect);
        this.iss[sender] = seq;
        this.flags[sender] = (this.flags[sender] as number) | HAS_ISS;
      }
      if (this.state[receiver] === SYN_SENT)
        this.setState(receiver, SYN_RECEIVED, packet, RECEIVE, Cause.SimultaneousOpen);
      else if (this.state[receiver] === NONE && (this.pendingSyn[receiver] as number) < 0)
        this.pendingSyn[receiver] = packet;
      return;
    }
    // SYN,ACK: a passive open's answer (LISTEN -> SYN-RECEIVED dated at the SYN), or the
    // second half of a simultaneous open.
    const pending = this.pendingSyn[sender] as number;
    if (this.state[sender] === NONE && pending >= 0) {
      this.pendingSyn[sender] = -1;
      this.state[sender] = LISTEN;
      this.setState(sender, SYN_RECEIVED, pending, RECEIVE, Cause.ListenSyn);
    }
    if (!((this.flags[sender] as number) & HAS_ISS)) {
      this.iss[sender] = seq;
      this.flags[sender] = (this.flags[sender] as number) | HAS_ISS;
    }
    if (this.state[receiver] === SYN_SENT || this.state[receiver] === SYN_RECEIVED)
      this.setState(receiver, ESTABLISHED, packet, RECEIVE, Cause.SynAck);
  }

  /** The sender's FIN as it leaves, then what the segment's ACK tells the receiver. */
  private onFinOrAck(sender: number, receiver: number, bits: number, seq: number, ack: number, len: number): void {
    const packet = this.packet;
    if (bits & FIN && !((this.flags[sender] as number) & HAS_FIN_ACKED_BY)) {
      // RFC 9293 3.6: the FIN takes the sequence number after the data.
      this.finAckedBy[sender] = (seq + len + 1) >>> 0;
      this.flags[sender] = (this.flags[sender] as number) | HAS_FIN_ACKED_BY;
      const state = this.state[sender];
      if (state === ESTABLISHED || state === SYN_RECEIVED)
        this.setState(sender, FIN_WAIT_1, packet, SEND, Cause.FinSent);
      else if (state === CLOSE_WAIT) this.setState(sender, LAST_ACK, packet, SEND, Cause.FinSent);
    }
    if (!(bits & ACK)) return;
    const flags = this.flags[receiver] as number;
    if (
      this.state[receiver] === SYN_RECEIVED &&
      (!(flags & HAS_ISS) || seqGe(ack, ((this.iss[receiver] as number) + 1) >>> 0))
    )
      this.setState(receiver, ESTABLISHED, packet, RECEIVE, Cause.AckOfSyn);
    const finAcked = (flags & HAS_FIN_ACKED_BY) !== 0 && seqGe(ack, this.finAckedBy[receiver] as number);
    if (!finAcked) return;
    const state = this.state[receiver];
    // With a FIN in the same segment, FIN-WAIT-1 goes straight to TIME-WAIT (onFinReceived).
    if (state === FIN_WAIT_1 && !(bits & FIN)) this.setState(receiver, FIN_WAIT_2, packet, RECEIVE, Cause.FinAcked);
    else if (state === CLOSING) this.setState(receiver, TIME_WAIT, packet, RECEIVE, Cause.FinAcked);
    else if (state === LAST_ACK) this.setState(receiver, CLOSED, packet, RECEIVE, Cause.FinAcked);
  }

  /** A FIN reaching `receiver` (the first one only: a retransmitted FIN changes nothing). */
  private onFinReceived(receiver: number, bits: number, ack: number): void {
    const flags = this.flags[receiver] as number;
    if (flags & FIN_RECEIVED || this.state[receiver] === NONE) return;
    const packet = this.packet;
    this.flags[receiver] = flags | FIN_RECEIVED;
    const ourFinAcked =
      (bits & ACK) !== 0 && (flags & HAS_FIN_ACKED_BY) !== 0 && seqGe(ack, this.finAckedBy[receiver] as number);
    // RFC 9293 3.10.7.4, eighth step: what a FIN does in each state.
    const state = this.state[receiver];
    if (state === ESTABLISHED) this.setState(receiver, CLOSE_WAIT, packet, RECEIVE, Cause.FinReceived);
    else if (state === FIN_WAIT_1)
      this.setState(
        receiver,
        ourFinAcked ? TIME_WAIT : CLOSING,
        packet,
        RECEIVE,
        ourFinAcked ? Cause.FinAndAck : Cause.SimultaneousClose,
      );
    else if (state === FIN_WAIT_2) this.setState(receiver, TIME_WAIT, packet, RECEIVE, Cause.FinReceived);
  }
}

/** Walks every connection's endpoints through the state diagram (segments named by text). Never throws. */
export function inferTcpStates(segments: readonly InferSegment[]): InferResult {
  const keys = new Map<string, number>();
  const names: string[] = [];
  const keyOf = (endpoint: string): number => {
    let key = keys.get(endpoint);
    if (key === undefined) {
      keys.set(endpoint, (key = names.length));
      names.push(endpoint);
    }
    return key;
  };
  const inference = new TcpInference();
  for (const s of segments)
    inference.add(s.packet, keyOf(s.src), keyOf(s.dst), s.flagBits, s.seq, s.ack, s.len, undefined);
  inference.finish();
  const text = (key: number): string => names[key] as string;
  const fromSockets = new Int32Array(inference.segmentCount);
  const toSockets = new Int32Array(inference.segmentCount);
  for (let i = 0; i < inference.segmentCount; i++) {
    const side = inference.segmentSide[i] as number;
    fromSockets[i] = inference.sideSocket(side);
    toSockets[i] = inference.sideSocket(side ^ 1);
  }
  const transitions = Array.from(inference.order, (row): InferredTransition => {
    const side = inference.transitionSide(row);
    const { reason, text: causeText } = causeOf(inference.transitionCause(row));
    return {
      packet: inference.transitionPacket(row),
      phase: phaseName(inference.transitionPhase(row)),
      endpoint: text(inference.sideEndpoint(side)),
      socket: inference.sideSocket(side),
      from: inference.transitionFrom(row),
      to: inference.transitionTo(row),
      reason,
      cause: causeText.en,
      causeText,
    };
  });
  const connections = Array.from({ length: inference.connectionCount }, (_, id) => inference.connection(id, text));
  return { transitions, connections, fromSockets, toSockets };
}
