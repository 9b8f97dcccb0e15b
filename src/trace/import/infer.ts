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
import { ACK, FIN, isRfcTransition, RST, seqGe, SYN, type TcpState } from '../../tcp';
import type { LocalizedText, StateCause } from '../types';

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

type Cause =
  | 'connect'
  | 'listenSyn'
  | 'simultaneousOpen'
  | 'synAck'
  | 'ackOfSyn'
  | 'finSent'
  | 'finReceived'
  | 'finAcked'
  | 'finAndAck'
  | 'simultaneousClose'
  | 'rstSent'
  | 'rstReceived'
  | 'refused'
  | 'midConnection';

/** Each inferred cause: its Trace code and its text (a capture says what was seen, not why). */
const causes: Record<Cause, { reason: StateCause; text: LocalizedText }> = {
  connect: { reason: 'connect', text: { en: 'SYN sent (connect)', fr: 'SYN envoyé (connect)' } },
  listenSyn: {
    reason: 'rcv-syn',
    text: { en: 'SYN received on a listening port', fr: 'SYN reçu sur un port en écoute' },
  },
  simultaneousOpen: {
    reason: 'rcv-syn',
    text: { en: 'SYN received (simultaneous open)', fr: 'SYN reçu (ouverture simultanée)' },
  },
  synAck: { reason: 'rcv-syn-ack', text: { en: 'SYN,ACK received', fr: 'SYN,ACK reçu' } },
  ackOfSyn: { reason: 'rcv-ack-of-syn', text: { en: 'ACK of SYN received', fr: 'ACK du SYN reçu' } },
  finSent: { reason: 'close', text: { en: 'FIN sent (close)', fr: 'FIN envoyé (close)' } },
  finReceived: { reason: 'rcv-fin', text: { en: 'FIN received', fr: 'FIN reçu' } },
  finAcked: { reason: 'rcv-ack-of-fin', text: { en: 'ACK of FIN received', fr: 'ACK du FIN reçu' } },
  finAndAck: {
    reason: 'rcv-fin',
    text: { en: 'FIN received, own FIN acknowledged', fr: 'FIN reçu, notre FIN acquitté' },
  },
  simultaneousClose: {
    reason: 'rcv-fin',
    text: { en: 'FIN received (simultaneous close)', fr: 'FIN reçu (fermeture simultanée)' },
  },
  rstSent: { reason: 'abort', text: { en: 'RST sent', fr: 'RST envoyé' } },
  rstReceived: { reason: 'rcv-rst', text: { en: 'RST received', fr: 'RST reçu' } },
  refused: { reason: 'rcv-rst', text: { en: 'RST received: connection refused', fr: 'RST reçu : connexion refusée' } },
  midConnection: {
    reason: 'observed',
    text: { en: midConnectionCause, fr: 'la capture commence en cours de connexion' },
  },
};

interface Side {
  endpoint: string;
  state: TcpState | undefined;
  socket: number | undefined;
  /** Initial sequence number, from its SYN. */
  iss: number | undefined;
  /** The acknowledgment number that covers this side's FIN, once it sent one. */
  finAckedBy: number | undefined;
  finReceived: boolean;
  /** The SYN this side received while its state was unknown (a possible passive open). */
  pendingSyn: number | undefined;
}

interface Connection {
  summary: InferredConnection;
  client: Side;
  server: Side;
}

function newSide(endpoint: string): Side {
  return {
    endpoint,
    state: undefined,
    socket: undefined,
    iss: undefined,
    finAckedBy: undefined,
    finReceived: false,
    pendingSyn: undefined,
  };
}

const active = (side: Side): boolean =>
  side.state !== undefined && side.state !== 'CLOSED' && side.state !== 'TIME-WAIT';

/** Walks every connection's endpoints through the state diagram. Never throws. */
export function inferTcpStates(segments: readonly InferSegment[]): InferResult {
  const log = new TransitionLog();
  const table = new ConnectionTable();
  /** Each segment's sender and receiver; sockets are read once every side has its own. */
  const senders: Side[] = [];
  const receivers: Side[] = [];
  for (const segment of segments) {
    const connection = table.connectionOf(segment, log.setState);
    connection.summary.segments++;
    const fromClient = segment.src === connection.client.endpoint;
    const sender = fromClient ? connection.client : connection.server;
    const receiver = fromClient ? connection.server : connection.client;
    step(sender, receiver, segment, log.setState);
    senders.push(sender);
    receivers.push(receiver);
  }
  // Every connection, replaced ones (a reused 4-tuple) included, is finished once.
  for (const connection of table.all) finish(connection);
  const fromSockets = new Int32Array(senders.length);
  const toSockets = new Int32Array(senders.length);
  for (let i = 0; i < senders.length; i++) {
    fromSockets[i] = (senders[i] as Side).socket ?? -1;
    toSockets[i] = (receivers[i] as Side).socket ?? -1;
  }
  const transitions = log.transitions.sort(byPacketThenPhase);
  return { transitions, connections: table.connections, fromSockets, toSockets };
}

/** Every state change goes through `setState` (smoltcp's choke point), which gives sockets out. */
class TransitionLog {
  readonly transitions: InferredTransition[] = [];
  private nextSocket = firstInferredSocket;

  readonly setState: SetState = (side, to, packet, phase, cause) => {
    const from = side.state ?? (phase === 'start' ? to : 'CLOSED');
    // The one choke point: nothing outside the RFC diagram, save a mid-connection start.
    if (phase !== 'start' && !isRfcTransition(from, to)) return;
    side.socket ??= this.nextSocket++;
    side.state = to;
    const { reason, text } = causes[cause];
    this.transitions.push({
      packet,
      phase,
      endpoint: side.endpoint,
      socket: side.socket,
      from,
      to,
      reason,
      cause: text.en,
      causeText: text,
    });
  };
}

/** Connections by source then destination endpoint (both directions): no key to build per segment. */
class ConnectionTable {
  readonly connections: InferredConnection[] = [];
  /** Every connection opened, those a reused 4-tuple replaced included. */
  readonly all: Connection[] = [];
  private readonly byPair = new Map<string, Map<string, Connection>>();

  /** The segment's connection; a SYN between two endpoints done with the last one opens another. */
  connectionOf(segment: InferSegment, setState: SetState): Connection {
    const connection = this.byPair.get(segment.src)?.get(segment.dst);
    const opening = (segment.flagBits & (SYN | ACK | RST)) === SYN;
    if (connection !== undefined && !(opening && !active(connection.client) && !active(connection.server)))
      return connection;
    return this.open(segment, opening, setState);
  }

  private open(segment: InferSegment, opening: boolean, setState: SetState): Connection {
    const bits = segment.flagBits;
    const summary: InferredConnection = {
      id: this.connections.length,
      client: segment.src,
      server: segment.dst,
      start: opening ? 'handshake' : bits & RST ? 'reset' : 'mid-connection',
      timeWait: [],
      segments: 0,
    };
    this.connections.push(summary);
    const connection = { summary, client: newSide(segment.src), server: newSide(segment.dst) };
    this.register(segment.src, segment.dst, connection);
    this.register(segment.dst, segment.src, connection);
    this.all.push(connection);
    if (summary.start === 'mid-connection') {
      // A SYN,ACK first: the SYN was missed. Anything else: the handshake was.
      const synAck = (bits & (SYN | ACK)) === (SYN | ACK);
      setState(connection.client, synAck ? 'SYN-RECEIVED' : 'ESTABLISHED', segment.packet, 'start', 'midConnection');
      setState(connection.server, synAck ? 'SYN-SENT' : 'ESTABLISHED', segment.packet, 'start', 'midConnection');
    }
    return connection;
  }

  private register(src: string, dst: string, connection: Connection): void {
    let inner = this.byPair.get(src);
    if (inner === undefined) this.byPair.set(src, (inner = new Map()));
    inner.set(dst, connection);
  }
}

/** When each phase comes relative to the others, within one packet. */
export const phaseOrder: Readonly<Record<TransitionPhase, number>> = { start: 0, send: 1, receive: 2 };

function byPacketThenPhase(a: InferredTransition, b: InferredTransition): number {
  return a.packet - b.packet || phaseOrder[a.phase] - phaseOrder[b.phase];
}

function finish({ summary, client, server }: Connection): void {
  if (client.socket !== undefined) summary.clientSocket = client.socket;
  if (server.socket !== undefined) summary.serverSocket = server.socket;
  if (client.state !== undefined) summary.clientState = client.state;
  if (server.state !== undefined) summary.serverState = server.state;
  summary.timeWait = [client, server].filter((side) => side.state === 'TIME-WAIT').map((side) => side.endpoint);
}

type SetState = (side: Side, to: TcpState, packet: number, phase: TransitionPhase, cause: Cause) => void;

/** One segment from `sender` to `receiver`: the sender's change as it leaves, then the receiver's. */
function step(sender: Side, receiver: Side, segment: InferSegment, setState: SetState): void {
  const bits = segment.flagBits;
  if (bits & RST) onReset(sender, receiver, segment.packet, setState);
  else if (bits & SYN) onSyn(sender, receiver, segment, setState);
  else {
    onFinOrAck(sender, receiver, segment, setState);
    if (bits & FIN) onFinReceived(receiver, segment, setState);
  }
}

function onReset(sender: Side, receiver: Side, packet: number, setState: SetState): void {
  if (sender.state !== undefined && sender.state !== 'CLOSED') setState(sender, 'CLOSED', packet, 'send', 'rstSent');
  // A SYN answered by a RST: the port was closed (the would-be server never had a socket).
  sender.pendingSyn = undefined;
  if (receiver.state === 'SYN-SENT') setState(receiver, 'CLOSED', packet, 'receive', 'refused');
  else if (receiver.state !== undefined && receiver.state !== 'CLOSED' && receiver.state !== 'LISTEN')
    setState(receiver, 'CLOSED', packet, 'receive', 'rstReceived');
}

function onSyn(sender: Side, receiver: Side, segment: InferSegment, setState: SetState): void {
  const packet = segment.packet;
  if (!(segment.flagBits & ACK)) {
    // RFC 9293 3.5: an active open; a SYN while the peer is in SYN-SENT is a simultaneous open.
    if (sender.state === undefined || sender.state === 'CLOSED') {
      setState(sender, 'SYN-SENT', packet, 'send', 'connect');
      sender.iss = segment.seq;
    }
    if (receiver.state === 'SYN-SENT') setState(receiver, 'SYN-RECEIVED', packet, 'receive', 'simultaneousOpen');
    else if (receiver.state === undefined) receiver.pendingSyn ??= packet;
    return;
  }
  // SYN,ACK: a passive open's answer (LISTEN -> SYN-RECEIVED dated at the SYN), or the
  // second half of a simultaneous open.
  if (sender.state === undefined && sender.pendingSyn !== undefined) {
    const synPacket = sender.pendingSyn;
    sender.pendingSyn = undefined;
    sender.state = 'LISTEN';
    setState(sender, 'SYN-RECEIVED', synPacket, 'receive', 'listenSyn');
  }
  sender.iss ??= segment.seq;
  if (receiver.state === 'SYN-SENT' || receiver.state === 'SYN-RECEIVED')
    setState(receiver, 'ESTABLISHED', packet, 'receive', 'synAck');
}

/** The sender's FIN as it leaves, then what the segment's ACK tells the receiver. */
function onFinOrAck(sender: Side, receiver: Side, segment: InferSegment, setState: SetState): void {
  const bits = segment.flagBits;
  const packet = segment.packet;
  if (bits & FIN && sender.finAckedBy === undefined) {
    // RFC 9293 3.6: the FIN takes the sequence number after the data.
    sender.finAckedBy = (segment.seq + segment.len + 1) >>> 0;
    if (sender.state === 'ESTABLISHED' || sender.state === 'SYN-RECEIVED')
      setState(sender, 'FIN-WAIT-1', packet, 'send', 'finSent');
    else if (sender.state === 'CLOSE-WAIT') setState(sender, 'LAST-ACK', packet, 'send', 'finSent');
  }
  if (bits & ACK) {
    const ack = segment.ack;
    if (receiver.state === 'SYN-RECEIVED' && (receiver.iss === undefined || seqGe(ack, (receiver.iss + 1) >>> 0)))
      setState(receiver, 'ESTABLISHED', packet, 'receive', 'ackOfSyn');
    const finAcked = receiver.finAckedBy !== undefined && seqGe(ack, receiver.finAckedBy);
    if (finAcked) {
      // With a FIN in the same segment, FIN-WAIT-1 goes straight to TIME-WAIT (below).
      if (receiver.state === 'FIN-WAIT-1' && !(bits & FIN))
        setState(receiver, 'FIN-WAIT-2', packet, 'receive', 'finAcked');
      else if (receiver.state === 'CLOSING') setState(receiver, 'TIME-WAIT', packet, 'receive', 'finAcked');
      else if (receiver.state === 'LAST-ACK') setState(receiver, 'CLOSED', packet, 'receive', 'finAcked');
    }
  }
}

/** A FIN reaching `receiver` (the first one only: a retransmitted FIN changes nothing). */
function onFinReceived(receiver: Side, segment: InferSegment, setState: SetState): void {
  if (receiver.finReceived || receiver.state === undefined) return;
  const packet = segment.packet;
  receiver.finReceived = true;
  const ourFinAcked =
    (segment.flagBits & ACK) !== 0 && receiver.finAckedBy !== undefined && seqGe(segment.ack, receiver.finAckedBy);
  // RFC 9293 3.10.7.4, eighth step: what a FIN does in each state.
  if (receiver.state === 'ESTABLISHED') setState(receiver, 'CLOSE-WAIT', packet, 'receive', 'finReceived');
  else if (receiver.state === 'FIN-WAIT-1')
    setState(
      receiver,
      ourFinAcked ? 'TIME-WAIT' : 'CLOSING',
      packet,
      'receive',
      ourFinAcked ? 'finAndAck' : 'simultaneousClose',
    );
  else if (receiver.state === 'FIN-WAIT-2') setState(receiver, 'TIME-WAIT', packet, 'receive', 'finReceived');
}
