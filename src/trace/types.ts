// The Trace: the one document every producer (simulator, bridge, pcap importer) emits and the
// UI renders. The shape is a contract (README "Trace format", ARCHITECTURE.md); extra fields are allowed.
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
  | 'sleep'
  | 'fcntl'
  | 'getsockopt';

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

/** What each call returns on success (the shape per call is part of the Trace contract). */
export interface CallResults {
  socket: number; // the new descriptor
  setsockopt: number;
  settimeout: number;
  bind: number;
  listen: number;
  accept: AcceptResult;
  connect: number;
  send: number; // bytes sent
  sendall: number;
  recv: ReceivedResult;
  sendto: number;
  recvfrom: ReceivedFromResult;
  shutdown: number;
  close: number;
  sleep: number;
  fcntl: number; // F_GETFL: the flags; F_SETFL: 0
  getsockopt: number | Errno; // SO_ERROR reads the pending errno by name (0 when none)
}

export interface AcceptResult {
  /** The accepted connection's descriptor. */
  fd: number;
  /** "addr:port" of the connecting peer. */
  peer?: string;
}

export interface ReceivedResult {
  /** Bytes the call returned (0 is end of stream); `payload` may be cut short. */
  bytes: number;
  payload: string;
}

export interface ReceivedFromResult extends ReceivedResult {
  /** "addr:port" of the sender. */
  from?: string;
}

interface ReturnOf<C extends SocketCall> extends EventBase {
  kind: 'return';
  host: string;
  socket: number;
  call: C;
  /** Present on success; a v1 Trace may hold other shapes, which validation refuses. */
  result?: CallResults[C];
  errno?: Errno;
}

/** A call's return: `result` is typed by `call` (narrow on `event.call`). */
export type ReturnEvent = { [C in SocketCall]: ReturnOf<C> }[SocketCall];

export interface StateEvent extends EventBase {
  kind: 'state';
  host: string;
  socket: number;
  from: TcpState;
  to: TcpState;
  /** What made the state change, as a code consumers can branch on (Trace v2). */
  reason: StateCause;
  /** Short English text; `causeText` carries it in both languages when the producer has both. */
  cause: string;
  causeText?: LocalizedText;
  inferred?: boolean;
}

/**
 * Why a socket changed state (RFC 9293 3.10's events). `observed` is a change a real kernel
 * reported without saying why; `unknown` comes only from a v1 Trace whose text was not recognised.
 */
export const STATE_CAUSES = [
  'listen', // passive OPEN (3.10.1)
  'connect', // active OPEN: SYN sent (3.10.1)
  'rcv-syn', // SYN received in LISTEN or SYN-SENT (3.10.7.2, 3.10.7.3)
  'rcv-syn-ack', // SYN,ACK received in SYN-SENT (3.10.7.3)
  'rcv-ack-of-syn', // the ACK of our SYN (3.10.7.4)
  'close', // CLOSE or shutdown(SHUT_WR): FIN queued (3.10.4)
  'rcv-fin', // FIN received (3.10.7.4 eighth)
  'rcv-ack-of-fin', // the ACK of our FIN (3.10.7.4 fifth)
  'rcv-rst', // RST received (3.10.7.4 second)
  'abort', // ABORT: RST sent, SO_LINGER 0, unread data, data after close (3.10.5)
  'listener-closed', // the listening socket closed under a connection not yet accepted
  'timeout', // retransmissions or probes exhausted (3.8.3, RFC 1122 4.2.3.5)
  'time-wait-expired', // 2*MSL elapsed (3.10.8)
  'fin-wait-2-timeout', // Linux tcp_fin_timeout
  'crash', // the host vanished
  'observed',
  'unknown',
] as const;
export type StateCause = (typeof STATE_CAUSES)[number];

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
  /** The window the sender offers, in bytes: scaled (RFC 7323 2.3) when `windowShift` says so. */
  window: number;
  /**
   * When the window field is scaled (both SYNs carried window scale, RFC 7323 2.2; never on a SYN):
   * the 16-bit field as sent and the shift, so `window` = `windowRaw` × 2^`windowShift`.
   */
  windowRaw?: number;
  windowShift?: number;
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
  /**
   * A segment no socket of `from` sent: crafted by this 1-based fault rule of the scenario (an
   * `inject` rule), with `from`'s address and port, and delivered at the instant it is sent.
   */
  crafted?: number;
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
  /** A broadcast reaches each host as its own copy (own id); copies after the first name it here. */
  copyOf?: number;
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
  /**
   * Why this delivery is not the link's own, as a drop's reason says why it vanished: the fault
   * rules that delayed the packet or made this copy (`fault rule 3`, `fault rule 2, fault rule 3`).
   */
  reason?: string;
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
  /** Absent when the producer could not record it (a real run: tcp:tcp_probe does not report it). */
  rcvNxt?: number;
  rcvWnd: number;
  /** Bytes in the send buffer: sent but unacknowledged, then not yet sent (absent: not recorded). */
  sendQueued?: number;
  /** Bytes received in order and not yet read by the program (absent: not recorded). */
  recvQueued?: number;
  /** Absent: not recorded. */
  rtoMs?: number;
  /** Congestion window and slow-start threshold in segments, as Linux counts them (snd_cwnd,
   * snd_ssthresh; RFC 5681 counts bytes). A threshold still at its initial "infinite" value is absent. */
  cwnd?: number;
  ssthresh?: number;
  /** Where congestion control is (RFC 5681 3.1-3.2, RFC 6582; Linux's tcp_ca_state). */
  ccPhase?: CongestionPhase;
  /** The smoothed round-trip time (RFC 6298 SRTT), once measured. */
  srttUs?: number;
}

export const congestionPhases = ['slow-start', 'congestion-avoidance', 'fast-recovery', 'loss-recovery'] as const;
export type CongestionPhase = (typeof congestionPhases)[number];

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
  /**
   * The transports of the sockets this host's programs opened, when the producer knows them
   * (Trace v2): `[]` says the host has no socket at all (tcp-refused's server answers with RST
   * from its kernel only). Absent: not known (a capture infers nothing about programs).
   */
  sockets?: SocketTransport[];
}

export type SocketTransport = 'tcp' | 'udp';

export interface TraceMeta {
  scenario?: string;
  seed?: number;
  profile?: 'linux' | 'rfc';
  /** The name of the file the trace came from (the capture the importer read). */
  file?: string;
  /**
   * What the capture importer read and inferred (source 'pcap'). Not `capture`: a real run's
   * meta already says with `capture: boolean` whether tcpdump ran.
   */
  pcap?: CaptureMeta;
  [key: string]: unknown;
}

/**
 * A pcap/pcapng capture as the importer saw it (src/trace/import). Files written before this
 * had these fields at the top of `meta`; validation moves them here (validate-capture.ts).
 */
export interface CaptureMeta {
  format: 'pcap' | 'pcapng' | 'unknown';
  /** Packet records read, whether or not each became an event. */
  packets: number;
  /** The link type (LINKTYPE_* number) of each interface: pcap has one, pcapng one per interface. */
  linkTypes: number[];
  /** The first packet's capture time, seconds since the epoch: the trace's t = 0. */
  startSeconds?: number;
  /** The TCP connections inferred, in the order they start (the first captureMetaLimits.maxConnections). */
  connections: CaptureConnection[];
  /** How many connections the capture holds, listed or not. */
  connectionCount: number;
  /**
   * Packets shown as no event: no IP or transport header decoded (another protocol, a later
   * fragment, a header cut short), or an ICMP error about a packet the capture does not hold.
   */
  skippedPackets: number;
  /** Packets the capture holds less of than was sent (snap length). */
  truncatedPackets: number;
  /** Packets decoded only in part, and why (the first captureMetaLimits.maxProblems). */
  problems?: CapturePacketProblem[];
  /** Where reading the file stopped early, and why: the packets before it are shown. */
  error?: CaptureError;
}

/** One TCP connection of a capture: its two endpoints, the hosts and sockets given to them. */
export interface CaptureConnection {
  /** From 0, in the order the connections start. */
  id: number;
  /** "addr:port" of the endpoint that opened it (sent the first SYN), and of the other one. */
  client: string;
  server: string;
  clientHost: string;
  serverHost: string;
  /** The inferred descriptors (from 1000), absent for an endpoint given no state. */
  clientSocket?: number;
  serverSocket?: number;
  /** How its history starts: a handshake, mid-connection (no SYN captured), or with a RST. */
  start: 'handshake' | 'mid-connection' | 'reset';
  /** Each endpoint's state when the capture ends. */
  clientState?: TcpState;
  serverState?: TcpState;
  /** Segments the capture holds of it, both directions. */
  segments: number;
}

export interface CapturePacketProblem {
  /** The packet's number, from 1 (its event id). */
  packet: number;
  /** In English (the CLI prints it). */
  message: string;
  /** The same in English and French; absent from files written before the importer had it. */
  text?: LocalizedText;
}

export interface CaptureError {
  /** Byte offset in the file where the problem is. */
  offset: number;
  /** In English (the CLI prints it). */
  message: string;
  /** The same in English and French; absent from files written before the importer had it. */
  text?: LocalizedText;
}

/** The Trace format version this code writes; version 1 files are read and upgraded (validate.ts). */
export const TRACE_VERSION = 2;

export interface Trace {
  format: 'wirestep-trace';
  version: typeof TRACE_VERSION;
  source: 'sim' | 'real' | 'pcap';
  meta: TraceMeta;
  hosts: TraceHost[];
  events: TraceEvent[];
}
