// The Trace: the one document every producer (simulator, bridge, pcap importer) emits and the
// UI renders. The shape is a contract (DESIGN.md "Trace"); extra fields are allowed.
import type { Errno, TcpFlag, TcpState } from '../tcp';

export type TimerKind = 'retransmit' | 'delayed-ack' | 'time-wait' | 'keepalive' | 'persist' | 'fin-wait-2' | 'timeout';

export interface LocalizedText {
  en: string;
  fr: string;
}

export type SocketCall =
  | 'socket'
  | 'setsockopt'
  | 'settimeout'
  | 'bind'
  | 'listen'
  | 'accept'
  | 'connect'
  | 'send'
  | 'sendall'
  | 'recv'
  | 'sendto'
  | 'recvfrom'
  | 'shutdown'
  | 'close'
  | 'sleep';

interface EventBase {
  /** Integer microseconds from the trace start. */
  t: number;
  /** Index of the scenario step (program path, e.g. "server.3.1") that caused it, when known. */
  step?: string;
}

export interface CallEvent extends EventBase {
  kind: 'call';
  host: string;
  socket: number;
  call: SocketCall;
  args: Record<string, unknown>;
}

export interface ReturnEvent extends EventBase {
  kind: 'return';
  host: string;
  socket: number;
  call: SocketCall;
  result?: unknown;
  errno?: Errno;
}

export interface StateEvent extends EventBase {
  kind: 'state';
  host: string;
  socket: number;
  from: TcpState;
  to: TcpState;
  /** Short English text; `causeText` carries it in both languages when the producer has both. */
  cause: string;
  causeText?: LocalizedText;
  inferred?: boolean;
}

export interface SegmentEvent extends EventBase {
  kind: 'segment';
  id: number;
  from: string;
  to: string;
  src: string;
  dst: string;
  flags: TcpFlag[];
  seq: number;
  ack: number;
  window: number;
  len: number;
  options: Record<string, unknown>;
  /** Base64, possibly cut short (`len` is the real length). */
  payload: string;
  /** True when this segment repeats a segment already sent (RTO or fast retransmit). */
  retransmission?: boolean;
  /** A keepalive probe (RFC 1122 4.2.3.6) or a zero-window probe (RFC 9293 3.8.6.1). */
  probe?: 'keepalive' | 'zero-window';
  /** The sending descriptor on `from`, when one exists (a closed port's RST has none). */
  socket?: number;
}

export interface DatagramEvent extends EventBase {
  kind: 'datagram';
  id: number;
  from: string;
  to: string;
  src: string;
  dst: string;
  len: number;
  payload: string;
  broadcast?: boolean;
  socket?: number;
}

export interface IcmpEvent extends EventBase {
  kind: 'icmp';
  id: number;
  from: string;
  to: string;
  type: 'port-unreachable' | 'host-unreachable';
  about: number;
}

export interface DeliverEvent extends EventBase {
  kind: 'deliver';
  id: number;
  /** The receiving host, and the descriptor the packet reached when one exists. */
  host?: string;
  socket?: number;
  duplicate?: boolean;
}

export interface DropEvent extends EventBase {
  kind: 'drop';
  id: number;
  reason: string;
}

export interface TimerEvent extends EventBase {
  kind: 'timer';
  host: string;
  socket: number;
  timer: TimerKind;
  action: 'set' | 'fire' | 'cancel';
  at?: number;
}

/** A TCB snapshot (RFC 9293 3.3.1), recorded whenever one of its variables changed. */
export interface TcbEvent extends EventBase {
  kind: 'tcb';
  host: string;
  socket: number;
  state: TcpState;
  iss: number;
  irs: number;
  sndUna: number;
  sndNxt: number;
  sndWnd: number;
  rcvNxt: number;
  rcvWnd: number;
  /** Bytes in the send buffer: sent but unacknowledged, then not yet sent. */
  sendQueued: number;
  /** Bytes received in order and not yet read by the program. */
  recvQueued: number;
  rtoMs: number;
}

export interface NoteEvent extends EventBase {
  kind: 'note';
  host?: string;
  text: LocalizedText;
}

export type TraceEvent =
  | CallEvent
  | ReturnEvent
  | StateEvent
  | SegmentEvent
  | DatagramEvent
  | IcmpEvent
  | DeliverEvent
  | DropEvent
  | TimerEvent
  | TcbEvent
  | NoteEvent;

export interface TraceHost {
  name: string;
  addr: string;
}

export interface TraceMeta {
  scenario?: string;
  seed?: number;
  profile?: 'linux' | 'rfc';
  file?: string;
  [key: string]: unknown;
}

export interface Trace {
  format: 'wirestep-trace';
  version: 1;
  source: 'sim' | 'real' | 'pcap';
  meta: TraceMeta;
  hosts: TraceHost[];
  events: TraceEvent[];
}
