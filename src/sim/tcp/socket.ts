// A TCP socket and its TCB (RFC 9293 3.3.1). The socket API (src/sim/kernel.ts) calls the
// user-call methods; the host hands it every segment of its connection; timers are data that
// the scheduler asks about. Every state change goes through setState().
import type { LocalizedText, StateCause, StateEvent, TcbEvent, TimerEvent, TimerKind } from '../../trace/types';
import { ByteQueue } from '../bytes';
import { CongestionControl, INFINITE_SSTHRESH, rfc5681InitialWindow } from './congestion';
import {
  negotiate,
  NOTHING_NEGOTIATED,
  sackBlocks,
  synOptions,
  TIMESTAMP_OPTION_BYTES,
  type NegotiatedOptions,
  type SegmentOptions,
} from './options';
import { kernelTimerDue } from './timer-wheel';
import { grownSsthresh, initialWindow, selectWindow } from './window';
import type { EventInput, SimContext } from '../context';
import type { TcpConfig } from '../profiles';
import { type TcpSegment } from '../packet';
import {
  ACK,
  FIN,
  isRfcTransition,
  PSH,
  RST,
  seqAdd,
  seqDiff,
  seqGe,
  seqGt,
  seqLe,
  seqLt,
  SYN,
  type Errno,
  type TcpState,
} from '../../tcp';

/** The parts of a host a socket needs: its name, its tables and descriptor bookkeeping. */
export interface TcpHost {
  readonly name: string;
  readonly addr: string;
  readonly ctx: SimContext;
  hashConnection(sock: TcpSocket): void;
  /** Called when a socket reaches CLOSED: frees its 4-tuple and, unless still held, its port. */
  unhash(sock: TcpSocket): void;
  reserveDescriptor(sock: TcpSocket): number;
  /** The ISS of a connection whose ports and remote address are set (RFC 9293 3.4.1). */
  chooseIss(sock: TcpSocket): number;
  /** A segment for which no socket exists (RFC 9293 3.10.7.1 reply). */
  transmitSegment(seg: Omit<TcpSegment, 'id' | 'proto'>): void;
}

type TcpTimer = Exclude<TimerKind, 'timeout'>;
const TIMER_ORDER: readonly TcpTimer[] = [
  'retransmit',
  'persist',
  'delayed-ack',
  'keepalive',
  'fin-wait-2',
  'time-wait',
];

const MS = 1000;

/** The payload of every pure ACK and bare FIN: one empty array, since segment data is never
 * written to (src/sim/bytes.ts) and a bulk run sends an ACK for every second segment. */
const NO_DATA = new Uint8Array(0);

export interface SocketOptions {
  reuseAddr: boolean;
  noDelay: boolean;
  keepAlive: boolean;
  keepIdleS: number;
  keepIntervalS: number;
  keepCount: number;
  /** SO_LINGER with a zero timeout: close() aborts with RST. */
  lingerZero: boolean;
  rcvBufBytes: number;
  sndBufBytes: number;
}

export class TcpSocket {
  state: TcpState = 'CLOSED';
  /** Descriptor as the program sees it; children of a listener get theirs when created. */
  fd = -1;
  /** The program holds the descriptor (false once close() released it: the socket is orphaned). */
  held = true;
  boundExplicitly = false;

  localAddr = '0.0.0.0';
  localPort = 0;
  remoteAddr = '';
  remotePort = 0;

  readonly options: SocketOptions;
  /** The host's context and TCP parameters, read on every segment: held here rather than looked up
   * through the host each time (fewer loads, and the bench's optimized code stayed monomorphic). */
  private readonly ctx: SimContext;
  private readonly config: TcpConfig;

  // Listening socket (RFC 9293 3.10.1 passive OPEN) and its children.
  backlog = 0;
  readonly acceptQueue: TcpSocket[] = [];
  /** Children still in SYN-RECEIVED (Linux's request sockets). */
  readonly halfOpen = new Set<TcpSocket>();
  parent: TcpSocket | null = null;

  // Send sequence variables (RFC 9293 3.3.1).
  iss = 0;
  sndUna = 0;
  sndNxt = 0;
  sndWnd = 0;
  sndWl1 = 0;
  sndWl2 = 0;
  /** Bytes from sequence number sndBufSeq on: unacknowledged, then not yet sent. */
  readonly sendBuffer = new ByteQueue();
  sndBufSeq = 0;
  finQueued = false;
  /** Sequence number of our FIN once sent. */
  finSeq: number | null = null;
  peerMss = 536; // RFC 9293 3.7.1: default when the peer sends no MSS option

  // Receive sequence variables.
  irs = 0;
  rcvNxt = 0;
  readonly recvBuffer = new ByteQueue();
  private outOfOrder: { seq: number; data: Uint8Array; fin: boolean }[] = [];
  /** A duplicate segment's range for the next ACK's first SACK block (RFC 2883 D-SACK), once. */
  private dsack: [number, number] | null = null;
  finReceived = false;
  private advertisedWindow = 0;
  /** Linux rcv_ssthresh: the ceiling of the window we announce, raised as data arrives. */
  private rcvSsthresh = 0;
  /** RCV.NXT plus the window of our last ACK: the right edge we must not pull back (RFC 7323 2.4). */
  private rightEdge: number | null = null;

  // Options (RFC 7323, RFC 2018): what our SYN offered, the peer's SYN, and what both agreed on.
  private ourSyn: SegmentOptions | null = null;
  private peerSyn: SegmentOptions = {};
  private negotiated: NegotiatedOptions = NOTHING_NEGOTIATED;
  /** The peer's TSval to echo (RFC 7323 4.3 TS.Recent). */
  private tsRecent = 0;
  /** The timestamps option last sent without SACK blocks (see segmentOptions). */
  private lastTimestamps: SegmentOptions | null = null;

  // What the application asked for.
  readShut = false;
  writeShut = false;
  /** Error to report on the next call (Linux's sk_err), consumed once. */
  pendingError: Errno | null = null;
  wasConnected = false;

  // Acknowledgment policy (RFC 9293 3.8.6.3 delayed ACK; Linux quick-ACK and ping-pong).
  private ackNow = false;
  /** Something received is not acknowledged yet (Linux ICSK_ACK_SCHED). */
  private ackPending = false;
  private fullSegmentsUnacked = 0;
  /** Segments shorter than the receive MSS since our last ACK (Linux ICSK_ACK_PUSHED, PUSHED2). */
  private smallSegmentsUnacked = 0;
  private quickAcks = 0;
  private pingPong = false;
  private lastDataReceivedAt = Number.NEGATIVE_INFINITY;
  /** The peer's segment size as we see it (Linux icsk_ack.rcv_mss, from tcp_initialize_rcv_mss). */
  private rcvMss = 536;
  /** RCV.NXT when we last sent an ACK (Linux rcv_wup). */
  private rcvWup = 0;

  // Retransmission (RFC 6298).
  private srttUs: number | null = null;
  private rttvarUs = 0;
  rtoUs: number;
  private retries = 0;
  private handshakeRetransmitted = false;
  private rttSeq: number | null = null;
  /** When the timed segment left; read only while rttSeq is set. NaN before: a number V8 keeps
   * as a double, as it keeps this field once a clock value that is not a small integer is stored
   * in it. Starting at 0 (a small integer), the first run of a process changed the field, and
   * with it the sockets' hidden class, and every socket function optimized in that run
   * deoptimized in the next ("wrong map"). */
  private rttStartUs = Number.NaN;
  private recoverSeq: number | null = null;
  private duplicateAcks = 0;
  private handshakeRetransmissions = 0;
  /** A SYN that carried text in simultaneous open, kept until ESTABLISHED. */
  private synText: TcpSegment | null = null;

  // Congestion control (RFC 5681, RFC 9438), in segments as Linux counts them.
  readonly cc: CongestionControl;
  /** End sequence number of each segment in flight, oldest first (Linux packets_out). */
  private readonly inFlightEnds: number[] = [];
  /** Ends of the segments sent with PSH (the last of a write), so a resend keeps its flags. */
  private readonly pushEnds = new Set<number>();
  /** After a timeout: the next lost byte to resend, and the resent segments not yet acknowledged
   * (Linux retrans_out: after tcp_enter_loss they are what is in flight). */
  private lostNext: number | null = null;
  private retransmittedEnds: number[] = [];
  /** SND.NXT when the current round trip began: its ACK ends the round (RFC 7661's measurement). */
  private roundEnd = 0;
  /** End of the last small segment sent (Minshall's Nagle variant). */
  private smallSegmentEnd: number | null = null;
  private keepaliveProbes = 0;
  private persistProbes = 0;

  /** Wait conditions of blocked calls, made once per socket (a closure per call is costly). */
  readonly canRead = (): boolean =>
    this.recvBuffer.length > 0 ||
    this.pendingError !== null ||
    this.finReceived ||
    this.readShut ||
    this.state === 'CLOSED';
  /** Without side effects: the call itself consumes a pending error when it wakes up. */
  readonly canWrite = (): boolean =>
    this.freeSendSpace() >= this.writeWakeSpace() ||
    this.pendingError !== null ||
    this.writeShut ||
    (this.state !== 'ESTABLISHED' && this.state !== 'CLOSE-WAIT');

  readonly timers: Record<TcpTimer, number | null> = {
    retransmit: null,
    persist: null,
    'delayed-ack': null,
    keepalive: null,
    'fin-wait-2': null,
    'time-wait': null,
  };

  constructor(
    readonly host: TcpHost,
    options?: SocketOptions,
  ) {
    this.ctx = host.ctx;
    const config = host.ctx.tcp;
    this.config = config;
    this.options = options
      ? inheritedOptions(options)
      : {
          reuseAddr: false,
          noDelay: config.forceNoDelay ?? false,
          keepAlive: false,
          keepIdleS: config.keepaliveIdleS,
          keepIntervalS: config.keepaliveIntervalS,
          keepCount: config.keepaliveCount,
          lingerZero: false,
          rcvBufBytes: config.rcvBufBytes,
          sndBufBytes: config.sndBufBytes,
        };
    this.rtoUs = config.initialRtoMs * MS;
    this.cc = new CongestionControl({
      algorithm: config.congestionControl,
      initialWindow: config.initialCwnd ?? rfc5681InitialWindow(config.mss),
      appropriateByteCounting: config.congestionControl === 'cubic',
    });
  }

  /** Payload bytes per segment: the smaller MSS, less the timestamp option that every segment
   * carries once agreed (Linux mss_cache: 1448 on Ethernet). */
  get effectiveMss(): number {
    return Math.min(this.config.mss, this.peerMss) - (this.negotiated.timestamps ? TIMESTAMP_OPTION_BYTES : 0);
  }

  get local(): string {
    return `${this.localAddr}:${this.localPort}`;
  }

  get remote(): string {
    return `${this.remoteAddr}:${this.remotePort}`;
  }

  /** The TCB variables last recorded, compared in place so an unchanged TCB costs no allocation. */
  private readonly lastTcb = new Float64Array(12).fill(Number.NaN);
  private stateChanges = 0;

  /** A `tcb` event when a TCB variable changed since the last one, else null. */
  tcbSnapshot(): EventInput | null {
    if (this.fd < 0 || this.state === 'CLOSED' || this.state === 'LISTEN') return null;
    const window = this.receiveWindow();
    const sendQueued = this.sendBuffer.length;
    const recvQueued = this.recvBuffer.length;
    const srtt = this.srttUs ?? -1;
    // Compared in place: this runs after every event, must not allocate, and mostly finds nothing
    // changed, so nothing is written then.
    const last = this.lastTcb;
    if (
      last[0] === this.sndUna &&
      last[1] === this.sndNxt &&
      last[2] === this.sndWnd &&
      last[3] === this.rcvNxt &&
      last[4] === window &&
      last[5] === sendQueued &&
      last[6] === recvQueued &&
      last[7] === this.rtoUs &&
      last[8] === this.stateChanges &&
      last[9] === this.cc.cwnd &&
      last[10] === this.cc.ssthresh &&
      last[11] === srtt
    )
      return null;
    last[0] = this.sndUna;
    last[1] = this.sndNxt;
    last[2] = this.sndWnd;
    last[3] = this.rcvNxt;
    last[4] = window;
    last[5] = sendQueued;
    last[6] = recvQueued;
    last[7] = this.rtoUs;
    last[8] = this.stateChanges;
    last[9] = this.cc.cwnd;
    last[10] = this.cc.ssthresh;
    last[11] = srtt;
    return this.tcbEvent(window);
  }

  /** The `tcb` event, its keys in the Trace's order. No conditional spread: each costs a
   * temporary object and a slow copy, and a bulk run makes one of these per segment. */
  private tcbEvent(window: number): Omit<TcbEvent, 't'> {
    const cc = this.cc;
    if (cc.ssthresh === INFINITE_SSTHRESH && this.srttUs !== null) return this.sampledTcbEvent(window);
    const event: Omit<TcbEvent, 't'> = {
      kind: 'tcb',
      host: this.host.name,
      socket: this.fd,
      state: this.state,
      iss: this.iss,
      irs: this.irs,
      sndUna: this.sndUna,
      sndNxt: this.sndNxt,
      sndWnd: this.sndWnd,
      rcvNxt: this.rcvNxt,
      rcvWnd: window,
      sendQueued: this.sendBuffer.length,
      recvQueued: this.recvBuffer.length,
      rtoMs: this.rtoUs / 1000,
      cwnd: cc.cwnd,
    };
    // Absent rather than undefined: no ssthresh before the first loss, no SRTT before a sample.
    if (cc.ssthresh !== INFINITE_SSTHRESH) event.ssthresh = cc.ssthresh;
    event.ccPhase = cc.phase;
    if (this.srttUs !== null) event.srttUs = Math.round(this.srttUs);
    return event;
  }

  /**
   * The usual `tcb` event of a connection (an RTT sampled, no loss yet: no ssthresh) as one literal
   * with every key, `t` last: World.emit then sets `t` in place. A key added to a literal after it
   * is made goes to a separate property store (an allocation and a map transition per event), and a
   * bulk run records one of these per segment.
   */
  private sampledTcbEvent(window: number): TcbEvent {
    const cc = this.cc;
    return {
      kind: 'tcb',
      host: this.host.name,
      socket: this.fd,
      state: this.state,
      iss: this.iss,
      irs: this.irs,
      sndUna: this.sndUna,
      sndNxt: this.sndNxt,
      sndWnd: this.sndWnd,
      rcvNxt: this.rcvNxt,
      rcvWnd: window,
      sendQueued: this.sendBuffer.length,
      recvQueued: this.recvBuffer.length,
      rtoMs: this.rtoUs / 1000,
      cwnd: cc.cwnd,
      ccPhase: cc.phase,
      srttUs: Math.round(this.srttUs ?? 0),
      t: 0,
    };
  }

  /** The one place where the state changes; it records the change with its cause. */
  setState(to: TcpState, reason: StateCause, cause: LocalizedText): void {
    const from = this.state;
    if (from === to) return;
    this.stateChanges++;
    this.ctx.touch(this);
    if (!isRfcTransition(from, to)) throw new Error(`internal error: ${from} -> ${to} is not an RFC 9293 transition`);
    this.state = to;
    // `t` last, as the Trace orders it; World.emit sets it in place (see sampledTcbEvent).
    const event: StateEvent = {
      kind: 'state',
      host: this.host.name,
      socket: this.fd,
      from,
      to,
      reason,
      cause: cause.en,
      causeText: cause,
      t: 0,
    };
    this.ctx.emit(event);
    if (to === 'ESTABLISHED') this.onEstablished();
    if (to === 'TIME-WAIT') {
      this.cancelAllTimers();
      this.setTimer('time-wait', this.ctx.now + this.config.timeWaitMs * MS); // RFC 9293 3.10.7.4: 2*MSL
    }
    if (to === 'FIN-WAIT-2' && !this.held) this.armFinWait2Timer();
    if (to === 'CLOSED') {
      this.parent?.halfOpen.delete(this);
      this.cancelAllTimers();
      this.host.unhash(this);
    }
  }

  // ---- User calls (RFC 9293 3.10.1 - 3.10.6) --------------------------------------------

  /** Passive OPEN. */
  listen(backlog: number): void {
    this.backlog = backlog;
    this.setState('LISTEN', 'listen', { en: 'listen()', fr: 'listen()' });
  }

  /** Active OPEN: choose the ISS and send SYN (RFC 9293 3.10.1). */
  connect(remoteAddr: string, remotePort: number): void {
    this.remoteAddr = remoteAddr;
    this.remotePort = remotePort;
    this.iss = this.host.chooseIss(this); // RFC 9293 3.4.1: ISN from a clock and a secret; here the seed
    this.sndUna = this.iss;
    this.sndNxt = seqAdd(this.iss, 1);
    this.sndBufSeq = this.sndNxt;
    this.host.hashConnection(this);
    this.setState('SYN-SENT', 'connect', { en: 'connect(): SYN sent', fr: 'connect() : SYN envoyé' });
    this.sendSyn(false);
  }

  /** Free send-buffer space that wakes a blocked writer: any byte (RFC), or Linux's
   * sk_stream_min_wspace rule (a third of the buffer) and at least a whole segment. */
  private writeWakeSpace(): number {
    if (this.config.windowRules !== 'linux') return 1;
    const buffer = this.options.sndBufBytes;
    return Math.min(buffer, Math.max(this.effectiveMss, Math.ceil(buffer / 3)));
  }

  freeSendSpace(): number {
    return Math.max(0, this.options.sndBufBytes - this.sendBuffer.length);
  }

  /** SEND: queue what fits and push it out (RFC 9293 3.10.2). Returns the bytes queued. */
  send(data: Uint8Array): number {
    let n = Math.min(data.length, this.freeSendSpace());
    // Linux queues a write in whole segments (skbs of size_goal, tcp_sendmsg_locked) and waits for
    // room for the next one, so a write larger than the free space leaves no small segment behind
    // it: mid-stream segments are full-sized (sender-side SWS avoidance, RFC 9293 3.8.6.2.1).
    if (n < data.length && this.config.windowRules === 'linux') n -= n % this.effectiveMss;
    if (n === 0) return 0;
    this.ctx.touch(this);
    this.sendBuffer.append(n === data.length ? data : data.subarray(0, n));
    this.output();
    return n;
  }

  /** RECEIVE: take up to max bytes; may open the window (RFC 9293 3.8.6.2.2). */
  receive(max: number): Uint8Array[] {
    const data = this.recvBuffer.takeChunks(max);
    if (data.length > 0) {
      this.ctx.touch(this);
      if (this.readCallsForAck()) {
        this.ackNow = true;
        this.output();
      } else this.maybeSendWindowUpdate();
    }
    return data;
  }

  /** Linux tcp_cleanup_rbuf: a read that leaves the receive queue empty ACKs small pushed segments
   * at once (two of them, or one outside ping-pong mode), as does one that finds more than a receive
   * MSS unacknowledged. */
  private readCallsForAck(): boolean {
    if (this.config.delayedAckRules !== 'linux' || !this.ackPending || this.state === 'CLOSED') return false;
    if (seqDiff(this.rcvNxt, this.rcvWup) > this.rcvMss) return true;
    const drained = this.recvBuffer.length === 0;
    return drained && (this.smallSegmentsUnacked >= 2 || (this.smallSegmentsUnacked === 1 && !this.pingPong));
  }

  /** shutdown(SHUT_WR) or the sending half of close(): FIN after the queued data (RFC 9293 3.10.4). */
  closeSending(cause: LocalizedText): void {
    if (this.writeShut) return;
    this.writeShut = true;
    switch (this.state) {
      case 'SYN-RECEIVED':
      case 'ESTABLISHED':
        this.finQueued = true;
        this.setState('FIN-WAIT-1', 'close', cause);
        break;
      case 'CLOSE-WAIT':
        this.finQueued = true;
        this.setState('LAST-ACK', 'close', cause);
        break;
      case 'LISTEN':
      case 'SYN-SENT':
        this.setState('CLOSED', 'close', cause);
        return;
      default:
        return;
    }
    this.output();
  }

  /** close(): release the descriptor; RST instead of FIN for SO_LINGER 0 or unread data. */
  close(): void {
    this.held = false;
    this.readShut = true;
    if (this.state === 'LISTEN') {
      // Linux inet_csk_listen_stop: connections nobody accepted are reset.
      for (const child of this.acceptQueue.splice(0))
        child.abort(
          { en: 'listening socket closed before accept()', fr: 'socket d’écoute fermée avant accept()' },
          'listener-closed',
        );
      // Linux inet_csk_listen_stop drops half-open requests silently; the peer's ACK then meets a RST.
      for (const child of [...this.halfOpen])
        child.setState('CLOSED', 'listener-closed', {
          en: 'listening socket closed during the handshake',
          fr: 'socket d’écoute fermée pendant la poignée de main',
        });
      this.halfOpen.clear();
      this.setState('CLOSED', 'close', { en: 'close() on the listening socket', fr: 'close() sur la socket d’écoute' });
      return;
    }
    if (this.state === 'CLOSED') {
      this.host.unhash(this);
      return;
    }
    if (this.state === 'TIME-WAIT') return; // the connection stays until 2*MSL; only the descriptor goes
    if (this.options.lingerZero) {
      this.abort({ en: 'close() with SO_LINGER 0', fr: 'close() avec SO_LINGER 0' });
      return;
    }
    if (this.recvBuffer.length > 0) {
      // RFC 2525 2.17 and Linux tcp_close: unread data is lost, so tell the peer with RST.
      this.abort({ en: 'close() with unread received data', fr: 'close() avec des données reçues non lues' });
      return;
    }
    if (this.state === 'FIN-WAIT-2') this.armFinWait2Timer();
    this.closeSending({ en: 'close()', fr: 'close()' });
  }

  /** ABORT (RFC 9293 3.10.5): send RST and drop everything. */
  abort(cause: LocalizedText, reason: StateCause = 'abort'): void {
    if (
      this.state === 'SYN-RECEIVED' ||
      this.state === 'ESTABLISHED' ||
      this.state === 'FIN-WAIT-1' ||
      this.state === 'FIN-WAIT-2' ||
      this.state === 'CLOSE-WAIT'
    ) {
      this.transmit(RST | ACK, this.sndNxt, new Uint8Array(0));
    }
    this.dropEverything();
    this.setState('CLOSED', reason, cause);
  }

  /** The host vanished: no segment, no error for anyone to read. */
  vanish(): void {
    this.dropEverything();
    this.setState('CLOSED', 'crash', { en: 'host crashed', fr: 'panne de l’hôte' });
  }

  // ---- Segment arrival (RFC 9293 3.10.7) ----------------------------------------------------

  onSegment(seg: TcpSegment): void {
    this.ctx.touch(this);
    if (this.state === 'LISTEN') this.onSegmentInListen(seg);
    else if (this.state === 'SYN-SENT') this.onSegmentInSynSent(seg);
    else if (this.state !== 'CLOSED') this.onSegmentSynchronized(seg);
    this.output();
  }

  /** RFC 9293 3.10.7.2. */
  private onSegmentInListen(seg: TcpSegment): void {
    if (seg.flags & RST) return; // first: an incoming RST is ignored
    if (seg.flags & ACK) {
      // second: any acknowledgment is bad: <SEQ=SEG.ACK><CTL=RST>
      this.host.transmitSegment(resetFor(seg));
      return;
    }
    if (!(seg.flags & SYN)) return;
    if (this.acceptQueue.length > this.backlog) {
      // Linux drops the SYN when the accept queue is full; the client will retransmit it.
      this.ctx.emit({
        kind: 'note',
        host: this.host.name,
        text: {
          en: `accept queue full (backlog ${this.backlog}): SYN dropped`,
          fr: `file d'acceptation pleine (backlog ${this.backlog}) : SYN ignoré`,
        },
      });
      return;
    }
    const child = new TcpSocket(this.host, this.options);
    child.parent = this;
    child.held = false;
    child.state = 'LISTEN'; // the RFC's model: the listening TCB itself moves on to SYN-RECEIVED
    child.localAddr = seg.dstAddr;
    child.localPort = seg.dstPort;
    child.remoteAddr = seg.srcAddr;
    child.remotePort = seg.srcPort;
    child.fd = this.host.reserveDescriptor(child);
    child.irs = seg.seq;
    child.rcvNxt = seqAdd(seg.seq, 1);
    child.iss = this.host.chooseIss(child);
    child.sndUna = child.iss;
    child.sndNxt = seqAdd(child.iss, 1);
    child.sndBufSeq = child.sndNxt;
    child.sndWnd = seg.window;
    child.sndWl1 = seg.seq;
    if (seg.mss !== undefined) child.peerMss = seg.mss;
    child.peerSyn = seg.options ?? {};
    child.tsRecent = seg.options?.tsval ?? 0;
    this.host.hashConnection(child);
    this.halfOpen.add(child);
    child.setState('SYN-RECEIVED', 'rcv-syn', {
      en: `SYN received on listening socket ${this.fd}`,
      fr: `SYN reçu sur la socket d’écoute ${this.fd}`,
    });
    child.sendSyn(true);
  }

  /** RFC 9293 3.10.7.3. */
  private onSegmentInSynSent(seg: TcpSegment): void {
    const hasAck = (seg.flags & ACK) !== 0;
    if (hasAck && (seqLe(seg.ack, this.iss) || seqGt(seg.ack, this.sndNxt))) {
      // first: an unacceptable ACK gets <SEQ=SEG.ACK><CTL=RST> unless it is a RST itself
      if (!(seg.flags & RST)) this.host.transmitSegment(resetFor(seg));
      return;
    }
    if (seg.flags & RST) {
      // second: "error: connection reset" if the ACK was acceptable; Linux reports ECONNREFUSED
      if (hasAck) this.fail('ECONNREFUSED', { en: 'RST received in answer to SYN', fr: 'RST reçu en réponse au SYN' });
      return;
    }
    if (!(seg.flags & SYN)) return; // fifth: neither SYN nor RST
    this.irs = seg.seq;
    this.rcvNxt = seqAdd(seg.seq, 1);
    if (seg.mss !== undefined) this.peerMss = seg.mss;
    this.peerSyn = seg.options ?? {};
    this.tsRecent = seg.options?.tsval ?? 0;
    this.negotiated = negotiate(this.ourSyn ?? {}, this.peerSyn);
    if (hasAck) this.acknowledge(seg.ack);
    if (seqGt(this.sndUna, this.iss)) {
      // our SYN has been ACKed: enter ESTABLISHED and ACK their SYN
      this.updateWindow(seg, true);
      this.setState('ESTABLISHED', 'rcv-syn-ack', { en: 'SYN,ACK received', fr: 'SYN,ACK reçu' });
      this.ackNow = true;
      // RFC 9293 3.10.7.3: text or a FIN on the SYN,ACK goes on at the sixth step.
      this.receiveSynText(seg);
    } else {
      // simultaneous open: SYN-RECEIVED and <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>; any text on the
      // SYN is queued until ESTABLISHED (RFC 9293 3.10.7.3).
      if (seg.data.length > 0 || seg.flags & FIN) this.synText = seg;
      this.setState('SYN-RECEIVED', 'rcv-syn', {
        en: 'SYN received while in SYN-SENT (simultaneous open)',
        fr: 'SYN reçu en SYN-SENT (ouverture simultanée)',
      });
      this.sendSyn(true);
    }
  }

  /** Text and FIN that came with the peer's SYN, processed once the connection is established. */
  private receiveSynText(seg: TcpSegment | null): void {
    this.synText = null;
    if (!seg) return;
    const start = seqAdd(seg.seq, 1);
    const fin = (seg.flags & FIN) !== 0;
    if (seg.data.length > 0) this.receiveText(start, seg.data, fin, seg);
    else if (fin) this.receiveFin(start);
  }

  /** In SYN-RECEIVED, a repeat of the peer's SYN or SYN,ACK; true when it was one (and was answered). */
  private onHandshakeRepeat(seg: TcpSegment): boolean {
    // A retransmitted SYN: our SYN,ACK was lost, send it again.
    if (seg.flags & SYN && !(seg.flags & ACK) && seg.seq === this.irs) {
      this.sendSyn(true, true);
      return true;
    }
    // Simultaneous open (RFC 9293 Figure 8, line 6): the peer's SYN,ACK repeats its SYN at
    // RCV.NXT-1, which the sequence test would refuse; like Linux, take it as the ACK of our SYN.
    if (
      seg.flags & SYN &&
      seg.flags & ACK &&
      seg.seq === this.irs &&
      seqLt(this.sndUna, seg.ack) &&
      seqLe(seg.ack, this.sndNxt)
    ) {
      this.updateWindow(seg, true);
      this.acknowledge(seg.ack);
      this.setState('ESTABLISHED', 'rcv-syn-ack', {
        en: 'SYN,ACK received (simultaneous open)',
        fr: 'SYN,ACK reçu (ouverture simultanée)',
      });
      this.ackNow = true;
      if (this.synText) this.receiveSynText(this.synText);
      return true;
    }
    return false;
  }

  /** RFC 9293 3.10.7.4: SYN-RECEIVED and every synchronized state. */
  private onSegmentSynchronized(seg: TcpSegment): void {
    if (this.state === 'SYN-RECEIVED' && this.onHandshakeRepeat(seg)) return;
    let seq = seg.seq;
    let data = seg.data;
    let fin = (seg.flags & FIN) !== 0;
    const segLen = data.length + (seg.flags & SYN ? 1 : 0) + (fin ? 1 : 0);
    const window = this.receiveWindow();

    // first: check sequence number
    if (!this.isAcceptable(seq, segLen, window)) {
      this.onUnacceptable(seg, segLen);
      return;
    }
    // RFC 7323 4.3: remember the TSval of a segment that starts at or before our last ACK.
    const tsval = seg.options?.tsval;
    if (tsval !== undefined && this.negotiated.timestamps && seqLe(seq, this.rcvWup)) this.tsRecent = tsval;
    if (seqLt(seq, this.rcvNxt)) {
      const skip = seqDiff(this.rcvNxt, seq);
      data = data.subarray(Math.min(skip, data.length));
      seq = this.rcvNxt;
    }
    const room = seqDiff(seqAdd(this.rcvNxt, window), seq);
    if (data.length > room) {
      data = data.subarray(0, Math.max(0, room));
      fin = false;
    }

    // second and fourth: the RST and SYN bits
    if (seg.flags & (RST | SYN) && this.onControlInWindow(seg)) return;
    // fifth: check the ACK field
    if (!(seg.flags & ACK)) return;
    if (this.state === 'SYN-RECEIVED') {
      if (!(seqLt(this.sndUna, seg.ack) && seqLe(seg.ack, this.sndNxt))) {
        this.host.transmitSegment(resetFor(seg));
        return;
      }
      this.updateWindow(seg, true);
      this.acknowledge(seg.ack);
      this.setState('ESTABLISHED', 'rcv-ack-of-syn', { en: 'ACK of our SYN received', fr: 'ACK de notre SYN reçu' });
      if (this.synText) this.receiveSynText(this.synText);
      if (this.parent) {
        this.parent.halfOpen.delete(this);
        this.parent.acceptQueue.push(this);
      }
    } else if (!this.processAck(seg)) return;

    if (this.state === 'CLOSED') return;
    // seventh: process the segment text
    if (data.length > 0) this.receiveText(seq, data, fin, seg);
    // eighth: check the FIN bit
    else if (fin) {
      this.receiveFin(seq);
      if (this.ackPending && !this.ackNow) this.scheduleAck(0);
    }
  }

  /**
   * RFC 9293 3.10.7.4 second and fourth checks, for a RST or SYN inside the window; true when the
   * segment was consumed. RFC 5961 3.2: a reset resets only at exactly RCV.NXT, elsewhere in the
   * window it gets a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>; 4.2: so does a SYN.
   */
  private onControlInWindow(seg: TcpSegment): boolean {
    // Linux tcp_check_req: a passive SYN-RECEIVED connection is a request socket, which RFC 5961
    // does not guard: any reset in its window drops it; a SYN there is answered with a reset and
    // drops it too (its SYN repeated at SEG.SEQ = IRS was taken by onHandshakeRepeat, and a SYN
    // at IRS with other flags is "truncated" and goes on without its SYN).
    const request = this.config.resetRules === 'linux' && this.state === 'SYN-RECEIVED' && this.parent !== null;
    if (seg.flags & RST) {
      if (request || this.resetMatches(seg)) this.onReset();
      else this.ackNow = true;
      return true;
    }
    if (request && seg.seq === this.irs) return false;
    if (request) {
      this.host.transmitSegment(resetFor(seg));
      this.setState('CLOSED', 'abort', {
        en: 'SYN received in SYN-RECEIVED: reset sent, the half-open connection is dropped',
        fr: 'SYN reçu en SYN-RECEIVED : RST envoyé, la connexion à moitié ouverte est abandonnée',
      });
      return true;
    }
    this.ackNow = true;
    return true;
  }

  /**
   * Whether a reset resets (RFC 5961 3.2): at exactly RCV.NXT. Linux tcp_validate_incoming also
   * takes RCV.NXT - 1 after the peer's FIN (tcp_reset_check: a FIN then a RST at the FIN's number,
   * as macOS sends them) and the end of the right-most block it SACKs.
   */
  private resetMatches(seg: TcpSegment): boolean {
    if (seg.seq === this.rcvNxt) return true;
    if (this.config.resetRules !== 'linux') return false;
    if (this.resetAfterFin(seg)) return true;
    if (!this.negotiated.sack || this.outOfOrder.length === 0) return false;
    let right = this.rcvNxt;
    for (const piece of this.outOfOrder) {
      const end = seqAdd(piece.seq, piece.data.length + (piece.fin ? 1 : 0));
      if (seqGt(end, right)) right = end;
    }
    return seg.seq === right;
  }

  /** Linux tcp_reset_check: a reset at RCV.NXT - 1 in CLOSE-WAIT, LAST-ACK or CLOSING, in the window or not. */
  private resetAfterFin(seg: TcpSegment): boolean {
    const afterFin = this.state === 'CLOSE-WAIT' || this.state === 'LAST-ACK' || this.state === 'CLOSING';
    return this.config.resetRules === 'linux' && afterFin && seg.seq === seqAdd(this.rcvNxt, -1);
  }

  /** RFC 9293 3.10.7.4 first: a segment outside the window is answered with an ACK and dropped. */
  private onUnacceptable(seg: TcpSegment, segLen: number): void {
    const fin = (seg.flags & FIN) !== 0;
    const seq = seg.seq;
    if (seg.flags & RST && this.resetAfterFin(seg)) {
      this.onReset();
      return;
    }
    if (this.state === 'TIME-WAIT' && fin) this.restartTimeWait(); // a retransmitted FIN
    // Linux tcp_sequence accepts a segment that ends at or after the last RCV.NXT it ACKed, so
    // a retransmitted FIN still delivers the ACK it carries (CLOSING -> TIME-WAIT on it).
    if (
      this.config.delayedAckRules === 'linux' &&
      seg.flags & ACK &&
      !(seg.flags & (RST | SYN)) &&
      segLen > 0 &&
      seqGe(seqAdd(seq, segLen), this.rcvWup)
    ) {
      this.processAck(seg);
      if (this.state === 'CLOSED') return;
    }
    if (!(seg.flags & RST)) this.ackNow = true; // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
    // Data wholly below RCV.NXT came twice: the ACK reports it in a D-SACK block (RFC 2883 4.1),
    // as Linux does for an old segment (tcp_data_queue -> tcp_dsack_set).
    const data = segLen - (fin ? 1 : 0) - (seg.flags & SYN ? 1 : 0);
    if (this.negotiated.sack && !(seg.flags & (RST | SYN)) && data > 0 && seqLe(seqAdd(seq, segLen), this.rcvNxt))
      this.dsack = [seq, seqAdd(seq, data)];
  }

  private isAcceptable(seq: number, segLen: number, window: number): boolean {
    const end = seqAdd(this.rcvNxt, window);
    if (segLen === 0) return window === 0 ? seq === this.rcvNxt : seqLe(this.rcvNxt, seq) && seqLt(seq, end);
    if (window === 0) return false;
    const last = seqAdd(seq, segLen - 1);
    return (seqLe(this.rcvNxt, seq) && seqLt(seq, end)) || (seqLe(this.rcvNxt, last) && seqLt(last, end));
  }

  private onReset(): void {
    switch (this.state) {
      case 'SYN-RECEIVED':
        if (this.parent)
          this.setState('CLOSED', 'rcv-rst', {
            en: 'RST received: the half-open connection is dropped',
            fr: 'RST reçu : la connexion à moitié ouverte est abandonnée',
          });
        else this.fail('ECONNREFUSED', { en: 'RST received', fr: 'RST reçu' });
        return;
      case 'ESTABLISHED':
      case 'FIN-WAIT-1':
      case 'FIN-WAIT-2':
        this.fail('ECONNRESET', { en: 'RST received', fr: 'RST reçu' });
        return;
      case 'CLOSE-WAIT':
        // Linux tcp_reset reports EPIPE in CLOSE-WAIT; RFC 9293 3.10.7.4 says "reset" (ECONNRESET).
        this.fail(this.config.delayedAckRules === 'linux' ? 'EPIPE' : 'ECONNRESET', {
          en: 'RST received',
          fr: 'RST reçu',
        });
        return;
      case 'CLOSING':
      case 'LAST-ACK':
        // RFC 9293 just closes; Linux tcp_reset reports ECONNRESET to a program still holding the
        // socket (after shutdown(SHUT_WR)).
        if (this.config.delayedAckRules === 'linux' && this.held) {
          this.fail('ECONNRESET', { en: 'RST received', fr: 'RST reçu' });
          return;
        }
        this.dropEverything();
        this.setState('CLOSED', 'rcv-rst', { en: 'RST received', fr: 'RST reçu' });
        return;
      default:
        this.dropEverything();
        this.setState('CLOSED', 'rcv-rst', { en: 'RST received', fr: 'RST reçu' });
    }
  }

  /** Fifth step for synchronized states. Returns false when the segment must be dropped. */
  private processAck(seg: TcpSegment): boolean {
    if (seqGt(seg.ack, this.sndNxt)) {
      this.ackNow = true; // it acknowledges something not yet sent
      return false;
    }
    if (seqGt(seg.ack, this.sndUna)) this.acknowledge(seg.ack);
    else if (
      seg.ack === this.sndUna &&
      seg.data.length === 0 &&
      seg.window === this.sndWnd &&
      this.sndNxt !== this.sndUna
    ) {
      this.duplicateAcks++;
      if (this.duplicateAcks === 3 && this.recoverSeq === null) {
        // RFC 5681 3.2 fast retransmit, then fast recovery (RFC 6582)
        this.recoverSeq = this.sndNxt;
        this.cc.enterFastRecovery(this.inFlightEnds.length);
        this.retransmitFirst();
      } else if (this.duplicateAcks > 3) this.cc.onDuplicateAck();
    }
    this.updateWindow(seg, false);
    const finAcked = this.finSeq !== null && seqGt(this.sndUna, this.finSeq);
    if (finAcked) {
      if (this.state === 'FIN-WAIT-1')
        this.setState('FIN-WAIT-2', 'rcv-ack-of-fin', { en: 'ACK of our FIN received', fr: 'ACK de notre FIN reçu' });
      else if (this.state === 'CLOSING')
        this.setState('TIME-WAIT', 'rcv-ack-of-fin', { en: 'ACK of our FIN received', fr: 'ACK de notre FIN reçu' });
      else if (this.state === 'LAST-ACK') {
        this.setState('CLOSED', 'rcv-ack-of-fin', { en: 'ACK of our FIN received', fr: 'ACK de notre FIN reçu' });
        return false;
      }
    }
    return true;
  }

  /** SND.UNA moves forward: free the acknowledged bytes, sample the RTT, manage the timer. */
  private acknowledge(ack: number): void {
    if (this.rttSeq !== null && seqGe(ack, this.rttSeq)) {
      this.sampleRtt(this.ctx.now - this.rttStartUs);
      this.rttSeq = null;
    }
    const dataAcked = Math.max(0, Math.min(seqDiff(ack, this.sndBufSeq), this.sendBuffer.length));
    this.sendBuffer.drop(dataAcked);
    this.sndBufSeq = seqAdd(this.sndBufSeq, dataAcked);
    this.sndUna = ack;
    this.retries = 0;
    this.duplicateAcks = 0;
    this.persistProbes = 0;
    if (this.sndUna === this.sndNxt) this.cancelTimer('retransmit');
    else this.setTimer('retransmit', this.ctx.now + this.rtoUs); // RFC 6298 5.3
    const segmentsAcked = this.ackInFlight(ack);
    if (this.recoverSeq !== null) {
      if (seqGe(ack, this.recoverSeq)) {
        this.recoverSeq = null;
        this.lostNext = null;
        this.retransmittedEnds = [];
        this.cc.exitRecovery(this.inFlightEnds.length);
      } else if (this.lostNext !== null) {
        this.cc.onAck(segmentsAcked, this.ctx.now, this.srttUs); // output() resends what the window allows
      } else {
        this.cc.onPartialAck(segmentsAcked);
        this.retransmitFirst(); // a partial ACK: the next hole is lost too (RFC 6582)
      }
    } else this.cc.onAck(segmentsAcked, this.ctx.now, this.srttUs);
    if (seqGe(ack, this.roundEnd)) {
      this.cc.newRound();
      this.roundEnd = this.sndNxt;
    }
  }

  /** Forgets the segments `ack` covers; returns how many (Linux counts packets, not bytes). */
  private ackInFlight(ack: number): number {
    let acked = 0;
    while (this.inFlightEnds.length > 0 && seqGe(ack, this.inFlightEnds[0] as number)) {
      this.inFlightEnds.shift();
      acked++;
    }
    if (this.pushEnds.size > 0) for (const end of this.pushEnds) if (seqGe(ack, end)) this.pushEnds.delete(end);
    while (this.retransmittedEnds.length > 0 && seqGe(ack, this.retransmittedEnds[0] as number))
      this.retransmittedEnds.shift();
    return acked;
  }

  /** RFC 9293 3.10.7.4 fifth step: SND.WND from the most recent segment. */
  private updateWindow(seg: TcpSegment, force: boolean): void {
    if (force || seqLt(this.sndWl1, seg.seq) || (this.sndWl1 === seg.seq && seqLe(this.sndWl2, seg.ack))) {
      const opened = this.sndWnd === 0 && seg.window > 0;
      this.sndWnd = seg.window;
      this.sndWl1 = seg.seq;
      this.sndWl2 = seg.ack;
      if (opened) {
        this.cancelTimer('persist');
        this.persistProbes = 0;
      }
    }
  }

  private receiveText(seq: number, data: Uint8Array, fin: boolean, seg: TcpSegment): void {
    if (this.state !== 'ESTABLISHED' && this.state !== 'FIN-WAIT-1' && this.state !== 'FIN-WAIT-2') return;
    if (this.readShut && this.state !== 'ESTABLISHED') {
      // RFC 1122 4.2.2.13 / Linux tcp_rcv_state_process: data after close() cannot be delivered,
      // so the socket is reset and the segment answered like one without a connection: one bare
      // RST, <SEQ=SEG.ACK>, window 0 (tcp_v4_send_reset), not RST,ACK from the TCB.
      this.host.transmitSegment({ ...resetFor(seg), socket: this.fd });
      this.dropEverything();
      this.setState('CLOSED', 'abort', {
        en: 'data received after close(): RST sent',
        fr: 'données reçues après close() : RST envoyé',
      });
      return;
    }
    if (seq !== this.rcvNxt) {
      this.lastDataReceivedAt = this.ctx.now;
      // Out of order: keep it and send a duplicate ACK at once (RFC 5681 4.2).
      this.outOfOrder.push({ seq, data: data.slice(), fin });
      this.ackNow = true;
      return;
    }
    const filledHole = this.outOfOrder.length > 0;
    this.recvBuffer.append(data);
    this.rcvNxt = seqAdd(this.rcvNxt, data.length);
    this.noteDataReceived(data.length);
    if (fin) this.receiveFin(seqAdd(seq, data.length));
    this.drainOutOfOrder();
    if (filledHole) this.ackNow = true;
    else this.scheduleAck(data.length);
  }

  private drainOutOfOrder(): void {
    let progressed = true;
    while (progressed && this.outOfOrder.length > 0) {
      progressed = false;
      for (let i = 0; i < this.outOfOrder.length; i++) {
        const piece = this.outOfOrder[i];
        if (piece === undefined || seqGt(piece.seq, this.rcvNxt)) continue;
        this.outOfOrder.splice(i, 1);
        const end = seqAdd(piece.seq, piece.data.length);
        if (seqGt(end, this.rcvNxt)) {
          const fresh = piece.data.subarray(seqDiff(this.rcvNxt, piece.seq));
          this.recvBuffer.append(fresh);
          this.rcvNxt = end;
        }
        if (piece.fin && end === this.rcvNxt && !this.finReceived) this.receiveFin(end);
        progressed = true;
        break;
      }
    }
  }

  /** Eighth step: the FIN bit (RFC 9293 3.10.7.4). */
  private receiveFin(seq: number): void {
    if (seq !== this.rcvNxt) {
      this.outOfOrder.push({ seq, data: new Uint8Array(0), fin: true });
      this.ackNow = true;
      return;
    }
    if (this.finReceived) {
      // A FIN again in TIME-WAIT: ACK it and restart the 2 MSL timeout (RFC 9293 3.10.7.4, eighth).
      if (this.state === 'TIME-WAIT') {
        this.restartTimeWait();
        this.ackNow = true;
      }
      return;
    }
    this.finReceived = true;
    this.rcvNxt = seqAdd(this.rcvNxt, 1);
    this.ackPending = true;
    if (this.config.delayedAckRules === 'linux' && (this.state === 'ESTABLISHED' || this.state === 'SYN-RECEIVED')) {
      // Linux tcp_fin: the peer is done, so our reply (close()) should carry the ACK: ping-pong
      // mode delays it like any ACK (RFC 1122 4.2.3.2 allows it; RFC 9293 does not require haste).
      if (this.config.pingPong) this.pingPong = true;
    } else this.ackNow = true; // RFC 9293 3.10.7.4; Linux tcp_fin ACKs at once in FIN-WAIT-1/2
    const ourFinAcked = this.finSeq !== null && seqGt(this.sndUna, this.finSeq);
    switch (this.state) {
      case 'SYN-RECEIVED':
      case 'ESTABLISHED':
        this.setState('CLOSE-WAIT', 'rcv-fin', { en: 'FIN received', fr: 'FIN reçu' });
        break;
      case 'FIN-WAIT-1':
        if (ourFinAcked)
          this.setState('TIME-WAIT', 'rcv-fin', {
            en: 'FIN received, our FIN acknowledged',
            fr: 'FIN reçu, notre FIN acquitté',
          });
        else
          this.setState('CLOSING', 'rcv-fin', {
            en: 'FIN received (simultaneous close)',
            fr: 'FIN reçu (fermeture simultanée)',
          });
        break;
      case 'FIN-WAIT-2':
        this.setState('TIME-WAIT', 'rcv-fin', { en: 'FIN received', fr: 'FIN reçu' });
        break;
      case 'TIME-WAIT':
        this.restartTimeWait();
        break;
      default:
        break;
    }
  }

  /** In-order data arrived (Linux tcp_event_data_recv and tcp_measure_rcv_mss). */
  private noteDataReceived(bytes: number): void {
    const config = this.config;
    this.ackPending = true;
    if (bytes >= this.effectiveMss) this.fullSegmentsUnacked++;
    if (config.delayedAckRules === 'linux') {
      // The first data, or data after a silence longer than the RTO, restarts quick-ACK mode with
      // one quick ACK per two receive MSS of window, at most TCP_MAX_QUICKACKS (tcp_incr_quickack).
      if (bytes >= this.rcvMss) this.rcvMss = Math.min(bytes, config.mss);
      else this.smallSegmentsUnacked = Math.min(2, this.smallSegmentsUnacked + 1);
      this.rcvSsthresh = grownSsthresh(this.rcvSsthresh, bytes, this.rcvMss, this.options.rcvBufBytes);
      const gapUs = this.ctx.now - this.lastDataReceivedAt;
      if (gapUs === Number.POSITIVE_INFINITY || gapUs > this.rtoUs) {
        const perWindow = Math.floor(this.advertisedWindow / (2 * this.rcvMss)) || 2;
        this.quickAcks = Math.max(this.quickAcks, Math.min(perWindow, config.quickAckSegments));
      }
    }
    this.lastDataReceivedAt = this.ctx.now;
  }

  /** Decides when to acknowledge what arrived: now, or when the delayed-ACK timer fires. */
  private scheduleAck(bytes: number): void {
    const config = this.config;
    if (config.delayedAckRules === 'linux') {
      // Linux __tcp_ack_snd_check: more than one receive MSS unacknowledged, or quick-ACK mode
      // (quick ACKs left and not in ping-pong mode), sends the ACK now.
      const quick = this.quickAcks > 0 && !this.pingPong;
      if (seqDiff(this.rcvNxt, this.rcvWup) > this.rcvMss || quick || config.delayedAckMs === 0) this.ackNow = true;
      else this.delayAck();
      return;
    }
    // RFC 9293 3.8.6.3: ACK at least every second full-sized segment, else within the delay.
    if (bytes > 0 && this.quickAcks > 0) {
      this.quickAcks--;
      this.ackNow = true;
    } else if (this.fullSegmentsUnacked >= 2 || config.delayedAckMs === 0) {
      this.ackNow = true;
    } else if (this.timers['delayed-ack'] === null) {
      this.setTimer('delayed-ack', this.ctx.now + config.delayedAckMs * MS);
    }
  }

  /** Linux tcp_send_delayed_ack: keep an earlier deadline; one due within a quarter of the delay
   * is not worth waiting for, so the ACK goes now. */
  private delayAck(): void {
    const delayUs = this.config.delayedAckMs * MS;
    const at = this.timers['delayed-ack'];
    if (at === null) this.setTimer('delayed-ack', this.ctx.now + delayUs);
    else if (at <= this.ctx.now + delayUs / 4) this.ackNow = true;
  }

  private onEstablished(): void {
    this.wasConnected = true;
    // RFC 6298 5.7: after a handshake that needed a retransmission and gave no RTT sample,
    // data transmission starts with an RTO of 3 s.
    if (this.handshakeRetransmitted && this.srttUs === null) this.rtoUs = Math.max(this.rtoUs, 3_000 * MS);
    else if (this.srttUs === null) this.rtoUs = this.config.initialRtoMs * MS;
    // RFC 5681 3.1: after a lost SYN or SYN,ACK the initial window is one segment; Linux
    // (tcp_init_transfer) does so only after more than one handshake retransmission.
    if (this.handshakeRetransmissions > (this.config.congestionControl === 'cubic' ? 1 : 0)) this.cc.cwnd = 1;
    this.roundEnd = this.sndNxt;
    this.retries = 0;
    // RFC profile: quick ACKs only if configured; Linux starts counting them at the first data.
    if (this.config.delayedAckRules === 'rfc') this.quickAcks = this.config.quickAckSegments;
    // Linux tcp_initialize_rcv_mss: the smallest of our MSS, the peer's, half the window and 536.
    this.rcvMss = Math.max(88, Math.min(this.effectiveMss, Math.floor(this.receiveWindow() / 2), 536));
    this.rcvWup = this.rcvNxt;
    this.advertisedWindow = this.receiveWindow();
    if (this.options.keepAlive) this.armKeepalive();
  }

  // ---- Output ---------------------------------------------------------------------------

  /** Sends whatever the window, Nagle and the queued FIN allow, then any ACK still owed. */
  output(): void {
    this.retransmitLost();
    let sentSomething = false;
    const canSendData =
      this.state === 'ESTABLISHED' ||
      this.state === 'CLOSE-WAIT' ||
      this.state === 'FIN-WAIT-1' ||
      this.state === 'LAST-ACK';
    const mss = this.effectiveMss; // nothing output() does changes it
    while (canSendData && this.finSeq === null) {
      const sentBytes = seqDiff(this.sndNxt, this.sndBufSeq);
      const unsent = this.sendBuffer.length - sentBytes;
      if (unsent <= 0) {
        if (!this.finQueued) break;
        this.finSeq = this.sndNxt; // RFC 9293 3.10.4: FIN after all preceding data
        // SND.NXT moves before the segment is recorded, so the TCB shown with it is already current.
        this.sndNxt = seqAdd(this.finSeq, 1);
        this.transmit(FIN | ACK, this.finSeq, NO_DATA);
        this.inFlightEnds.push(this.sndNxt);
        this.armRetransmit();
        sentSomething = true;
        break;
      }
      if (this.cc.sendAllowance(this.inFlightEnds.length) === 0) {
        this.cc.cwndLimited = true; // RFC 5681 3.1: the congestion window is full
        break;
      }
      const inFlight = seqDiff(this.sndNxt, this.sndUna);
      const usable = this.sndWnd - inFlight;
      const len = Math.min(mss, unsent, usable);
      if (len <= 0) {
        // RFC 9293 3.8.6.1: a zero window is probed by the persist timer
        if (this.sndWnd === 0 && inFlight === 0 && this.timers.persist === null) {
          this.setTimer('persist', this.ctx.now + this.rtoUs);
        }
        break;
      }
      // Sender-side SWS avoidance (RFC 9293 3.8.6.2.1; Linux tcp_snd_wnd_test): a segment the
      // window would cut short waits, while data in flight will bring the window forward.
      if (len < Math.min(mss, unsent) && inFlight > 0 && this.config.windowRules === 'linux') break;
      const last = len === unsent;
      if (len < mss && !this.options.noDelay && !(last && this.finQueued) && this.nagleHolds(inFlight)) break;
      const withFin = last && this.finQueued;
      const seq = this.sndNxt;
      if (withFin) this.finSeq = seqAdd(seq, len);
      if (this.rttSeq === null) {
        this.rttSeq = seqAdd(seq, len);
        this.rttStartUs = this.ctx.now;
      }
      this.sndNxt = seqAdd(seq, len + (withFin ? 1 : 0));
      this.transmit(ACK | (last ? PSH : 0) | (withFin ? FIN : 0), seq, this.sendBuffer.peek(sentBytes, len));
      this.inFlightEnds.push(this.sndNxt);
      if (last) this.pushEnds.add(seqAdd(seq, len));
      if (len < mss) this.smallSegmentEnd = this.sndNxt;
      if (this.config.pingPong && this.ctx.now - this.lastDataReceivedAt < this.config.delayedAckMs * MS)
        this.pingPong = true;
      this.armRetransmit();
      sentSomething = true;
    }
    if (
      this.ackNow &&
      !sentSomething &&
      this.state !== 'CLOSED' &&
      this.state !== 'LISTEN' &&
      this.state !== 'SYN-SENT'
    ) {
      this.transmit(ACK, this.sndNxt, NO_DATA);
    }
  }

  /** RFC 896 (RFC 9293 3.7.4): hold a small segment while data is unacknowledged. */
  private nagleHolds(inFlight: number): boolean {
    if (this.config.nagleMinshall) return this.smallSegmentEnd !== null && seqGt(this.smallSegmentEnd, this.sndUna);
    return inFlight > 0;
  }

  private sendSyn(withAck: boolean, retransmission = false): void {
    if (!this.ourSyn) {
      // RFC 7323 2.2 / RFC 2018 2: a SYN,ACK carries an option only when the SYN offered it.
      this.ourSyn = synOptions(this.config, this.config.mss, withAck ? this.peerSyn : undefined);
      if (withAck) this.negotiated = negotiate(this.ourSyn, this.peerSyn);
      this.rcvSsthresh = this.receiveWindow(true);
    }
    this.transmit(SYN | (withAck ? ACK : 0), this.iss, new Uint8Array(0), this.ourSyn, retransmission);
    // The handshake gives the first RTT sample (RFC 6298 2.2), unless the SYN was resent (Karn).
    this.rttSeq = retransmission ? null : seqAdd(this.iss, 1);
    this.rttStartUs = this.ctx.now;
    this.armRetransmit();
  }

  private transmit(
    flags: number,
    seq: number,
    data: Uint8Array,
    syn?: SegmentOptions,
    retransmission = false,
    probe?: 'keepalive' | 'zero-window',
  ): void {
    const window = this.receiveWindow(syn !== undefined);
    this.ctx.touch(this);
    if (flags & ACK) {
      // Linux tcp_event_ack_sent: an ACK of something pending uses up one quick ACK (tcp_dec_quickack_mode).
      if (this.ackPending && this.quickAcks > 0 && this.config.delayedAckRules === 'linux') this.quickAcks--;
      this.ackNow = false;
      this.ackPending = false;
      this.rcvWup = this.rcvNxt;
      this.smallSegmentsUnacked = 0;
      this.fullSegmentsUnacked = 0;
      this.advertisedWindow = window;
      this.rightEdge = seqAdd(this.rcvNxt, window);
      this.cancelTimer('delayed-ack');
    }
    // One literal with every key a segment of ours may have, unset ones undefined: the segment
    // then has one hidden class (V8 map), held by the literal. Keys added one by one made a map per
    // combination, reached only through weak transitions; segments never outlive a run, so a full
    // GC between runs dropped those maps and the optimized code of every function that handles
    // segments with them ("weak objects" deoptimizations, then compiling it all again).
    const seg: TcpSegment = {
      proto: 'tcp',
      id: 0, // set by transmitSegment
      srcAddr: this.localAddr,
      srcPort: this.localPort,
      socket: this.fd,
      dstAddr: this.remoteAddr,
      dstPort: this.remotePort,
      seq,
      ack: flags & ACK ? this.rcvNxt : 0,
      flags,
      window: syn || this.negotiated.rcvWscale === null ? Math.min(window, 65535) : window,
      data,
      // RFC 7323 2.3: the window field of a SYN is never scaled.
      windowShift: !syn && this.negotiated.rcvWscale !== null ? this.negotiated.rcvWscale : undefined,
      options: this.segmentOptions(syn) ?? undefined,
      mss: syn?.mss,
      retransmission: retransmission ? true : undefined,
      probe,
      crafted: undefined,
    };
    this.host.transmitSegment(seg);
  }

  /** The options a segment carries besides MSS: the SYN's, or the agreed timestamps and SACK. */
  private segmentOptions(syn: SegmentOptions | undefined): SegmentOptions | null {
    if (syn) return this.synSegmentOptions(syn);
    // Every segment after the handshake: one literal per case, keys in the Trace's order (tsval,
    // tsecr, sack), and nothing built when nothing was agreed.
    const timestamps = this.negotiated.timestamps;
    const sack =
      this.negotiated.sack && (this.outOfOrder.length > 0 || this.dsack !== null) ? this.sackOption(timestamps) : null;
    if (timestamps) {
      const tsval = this.tsval();
      if (sack) return { tsval, tsecr: this.tsRecent, sack };
      // TSval ticks once a millisecond, so the segments sent within one carry the same pair: they
      // share one object (options are never written to once sent), as the Trace keeps it per segment.
      const last = this.lastTimestamps;
      if (last !== null && last.tsval === tsval && last.tsecr === this.tsRecent) return last;
      return (this.lastTimestamps = { tsval, tsecr: this.tsRecent });
    }
    return sack ? { sack } : null;
  }

  private synSegmentOptions(syn: SegmentOptions): SegmentOptions | null {
    const { mss: _mss, ...options } = syn;
    if (syn.tsval !== undefined) {
      options.tsval = this.tsval();
      options.tsecr = this.peerSyn.tsval ? this.tsRecent : 0;
    }
    return Object.keys(options).length > 0 ? options : null;
  }

  /** Linux's TSval is a millisecond clock plus a per-connection offset (secure_tcp_ts_off):
   * derived from the ISS here, so no random stream moves. */
  private tsval(): number {
    return (Math.imul(this.iss ^ 0x5bd1e995, 0x9e3779b1) + Math.floor(this.ctx.now / 1000)) >>> 0;
  }

  /** RFC 2018 4: what is held out of order, at most 3 blocks beside a timestamp; null for none. */
  private sackOption(timestamps: boolean): [number, number][] | null {
    // The newest pieces only: the blocks name the most recent arrivals (RFC 2018 4), and a long
    // out-of-order queue must not cost every ACK a walk over all of it.
    const recent = this.outOfOrder.slice(-8);
    const pieces = recent.map((p) => ({ seq: p.seq, end: seqAdd(p.seq, p.data.length + (p.fin ? 1 : 0)) }));
    const max = timestamps ? 3 : 4;
    const dsack = this.dsack;
    this.dsack = null;
    // RFC 2883 4: the D-SACK block goes first, then the usual ones.
    const blocks =
      dsack === null ? sackBlocks(pieces, this.rcvNxt, max) : [dsack, ...sackBlocks(pieces, this.rcvNxt, max - 1)];
    return blocks.length > 0 ? blocks : null;
  }

  /** The window to announce now (`syn`: the one a SYN offers). */
  receiveWindow(syn = false): number {
    const space = this.options.rcvBufBytes;
    // Without window scaling the header cannot offer more than 65535 (RFC 7323 2), so RCV.WND is that.
    if (this.config.windowRules !== 'linux') return Math.max(0, Math.min(space - this.recvBuffer.length, 65535));
    // Linux tcp_select_initial_window: a listener's child sizes it for segments with timestamps.
    const synMss = this.config.mss - (this.parent && this.peerSyn.tsval !== undefined ? TIMESTAMP_OPTION_BYTES : 0);
    if (syn) return initialWindow(space, synMss);
    return selectWindow(
      space,
      this.recvBuffer.length,
      this.rcvSsthresh || initialWindow(space, synMss),
      this.rcvMss,
      this.negotiated.rcvWscale,
      this.rightEdge === null ? 0 : Math.max(0, seqDiff(this.rightEdge, this.rcvNxt)),
    );
  }

  /** Receiver-side SWS avoidance (RFC 9293 3.8.6.2.2): announce a window that grew enough. */
  private maybeSendWindowUpdate(): void {
    if (!this.wasConnected || this.finReceived || this.state === 'CLOSED') return;
    const window = this.receiveWindow();
    const threshold = Math.min(this.effectiveMss, this.options.rcvBufBytes / 2);
    if (this.advertisedWindow < threshold && window >= threshold) {
      this.ackNow = true;
      this.output();
    }
  }

  // ---- Retransmission and other timers -------------------------------------------------------

  private armRetransmit(): void {
    if (this.timers.retransmit === null) this.setTimer('retransmit', this.ctx.now + this.rtoUs);
  }

  /** RFC 6298 2.2-2.3, with Linux's floor of 200 ms or the RFC's 1 s. */
  private sampleRtt(rttUs: number): void {
    const config = this.config;
    if (this.srttUs === null) {
      this.srttUs = rttUs;
      this.rttvarUs = rttUs / 2;
    } else {
      this.rttvarUs = 0.75 * this.rttvarUs + 0.25 * Math.abs(this.srttUs - rttUs);
      this.srttUs = 0.875 * this.srttUs + 0.125 * rttUs;
    }
    // Linux keeps RTTVAR at least TCP_RTO_MIN, so its RTO is about SRTT + 200 ms; RFC 6298 2.3
    // adds max(G, 4*RTTVAR) and then rounds up to the 1 s floor (2.4).
    const variance = config.rtoMinAddsToSrtt
      ? Math.max(4 * this.rttvarUs, config.minRtoMs * MS)
      : Math.max(1000, 4 * this.rttvarUs);
    const rto = this.srttUs + variance;
    this.rtoUs = Math.round(Math.min(config.maxRtoMs * MS, Math.max(config.minRtoMs * MS, rto)));
  }

  /** Resends the first unacknowledged segment (SYN, data or FIN). */
  private retransmitFirst(): void {
    if (this.sndUna === this.iss) {
      this.sendSyn(this.state !== 'SYN-SENT', true); // once their SYN is in, ours travels as SYN,ACK
      return;
    }
    this.retransmitAt(this.sndUna);
  }

  /** Resends one segment's worth from `seq`; returns the sequence number after it (seq if nothing
   * was left to resend). PSH only where the original had it: Linux resends the same skb. */
  private retransmitAt(seq: number): number {
    const offset = seqDiff(seq, this.sndBufSeq);
    const sentData = Math.max(0, seqDiff(this.finSeq ?? this.sndNxt, this.sndBufSeq) - offset);
    const len = Math.min(this.effectiveMss, sentData);
    const end = seqAdd(seq, len);
    const withFin = this.finSeq !== null && end === this.finSeq;
    if (len === 0 && !withFin) return seq;
    const push = len > 0 && this.pushEnds.has(end);
    const flags = ACK | (push ? PSH : 0) | (withFin ? FIN : 0);
    this.transmit(flags, seq, this.sendBuffer.peek(offset, len), undefined, true);
    return seqAdd(end, withFin ? 1 : 0);
  }

  /** After a timeout everything outstanding counts as lost (Linux tcp_enter_loss): resend it from
   * SND.UNA as fast as the slow-starting window allows (RFC 5681 3.1), one per free cwnd slot. */
  private retransmitLost(): void {
    if (this.lostNext === null) return;
    if (seqLt(this.lostNext, this.sndUna)) this.lostNext = this.sndUna;
    const lostEnd = this.recoverSeq ?? this.sndNxt;
    while (seqLt(this.lostNext, lostEnd) && this.cc.sendAllowance(this.retransmittedEnds.length) > 0) {
      const next = this.retransmitAt(this.lostNext);
      if (next === this.lostNext) break;
      this.retransmittedEnds.push(next);
      this.lostNext = next;
    }
  }

  hasTimerAt(t: number): boolean {
    const timers = this.timers;
    return (
      timers.retransmit === t ||
      timers.persist === t ||
      timers['delayed-ack'] === t ||
      timers.keepalive === t ||
      timers['fin-wait-2'] === t ||
      timers['time-wait'] === t
    );
  }

  runTimers(): void {
    const now = this.ctx.now;
    this.ctx.touch(this);
    for (const kind of TIMER_ORDER) {
      const at = this.timers[kind];
      if (at === null || at > now) continue;
      this.timers[kind] = null;
      this.emitTimer(kind, 'fire');
      this.onTimer(kind);
      if (this.state === 'CLOSED') return;
    }
    this.output();
  }

  private onTimer(kind: TcpTimer): void {
    const config = this.config;
    switch (kind) {
      case 'retransmit':
        this.onRetransmitTimer();
        return;
      case 'persist': {
        this.persistProbes++;
        if (this.persistProbes > config.dataRetries) {
          this.fail('ETIMEDOUT', { en: 'zero window probes unanswered', fr: 'sondes de fenêtre nulle sans réponse' });
          return;
        }
        // Linux tcp_xmit_probe_skb: an old sequence number makes the peer answer with its window.
        this.transmit(ACK, seqAdd(this.sndUna, -1), new Uint8Array(0), undefined, false, 'zero-window');
        const backoff = Math.min(this.rtoUs * 2 ** this.persistProbes, config.maxRtoMs * MS);
        this.setTimer('persist', this.ctx.now + backoff);
        return;
      }
      case 'delayed-ack':
        // Linux tcp_delack_timer_handler: a delayed ACK that had to wait for the timer means the
        // exchange is not interactive after all, so ping-pong mode ends.
        this.pingPong = false;
        this.ackNow = true;
        return;
      case 'keepalive':
        this.onKeepaliveTimer();
        return;
      case 'fin-wait-2':
        this.setState('CLOSED', 'fin-wait-2-timeout', {
          en: 'FIN-WAIT-2 timeout (Linux tcp_fin_timeout)',
          fr: 'délai FIN-WAIT-2 écoulé (tcp_fin_timeout de Linux)',
        });
        return;
      case 'time-wait':
        this.setState('CLOSED', 'time-wait-expired', {
          en: '2*MSL elapsed in TIME-WAIT',
          fr: '2*MSL écoulé en TIME-WAIT',
        });
        return;
    }
  }

  /** RFC 6298 5.4-5.7: the retransmission timer expired. */
  private onRetransmitTimer(): void {
    const config = this.config;
    const handshake = this.state === 'SYN-SENT' || this.state === 'SYN-RECEIVED';
    if (handshake) {
      this.handshakeRetransmitted = true;
      this.handshakeRetransmissions++;
    }
    this.retries++;
    if (this.retries > (handshake ? config.synRetries : config.dataRetries)) {
      if (this.state === 'SYN-RECEIVED' && this.parent)
        this.setState('CLOSED', 'timeout', {
          en: 'SYN,ACK retransmissions exhausted',
          fr: 'retransmissions du SYN,ACK épuisées',
        });
      else
        this.fail('ETIMEDOUT', {
          en: `no ACK after ${this.retries} transmissions`,
          fr: `aucun ACK après ${this.retries} transmissions`,
        });
      return;
    }
    if (!handshake) this.cc.onRetransmissionTimeout(this.inFlightEnds.length, this.retries === 1);
    this.rtoUs = Math.min(this.rtoUs * 2, config.maxRtoMs * MS); // RFC 6298 5.5: back off the timer
    this.rttSeq = null; // Karn's algorithm: no RTT sample from a retransmitted segment
    this.recoverSeq = this.sndNxt;
    if (handshake || this.sndUna === this.iss)
      this.retransmitFirst(); // our SYN is not acknowledged
    else {
      this.lostNext = this.sndUna;
      this.retransmittedEnds = [];
      this.retransmitLost();
    }
    this.setTimer('retransmit', this.ctx.now + this.rtoUs); // RFC 6298 5.6
  }

  /** RFC 1122 4.2.3.6: probe an idle connection; give up after the configured count. */
  private onKeepaliveTimer(): void {
    if (this.state !== 'ESTABLISHED' && this.state !== 'CLOSE-WAIT') return;
    if (this.sndUna !== this.sndNxt || this.sendBuffer.length > 0) {
      this.armKeepalive();
      return;
    }
    if (this.keepaliveProbes >= this.options.keepCount) {
      this.transmit(RST | ACK, this.sndNxt, new Uint8Array(0)); // Linux tcp_keepalive_timer sends a reset
      this.fail('ETIMEDOUT', {
        en: `${this.keepaliveProbes} keepalive probes unanswered`,
        fr: `${this.keepaliveProbes} sondes keepalive sans réponse`,
      });
      return;
    }
    this.keepaliveProbes++;
    this.transmit(ACK, seqAdd(this.sndUna, -1), new Uint8Array(0), undefined, false, 'keepalive');
    this.setTimer('keepalive', this.ctx.now + this.options.keepIntervalS * 1_000_000);
  }

  armKeepalive(): void {
    if (this.state !== 'ESTABLISHED' && this.state !== 'CLOSE-WAIT') return;
    this.setTimer('keepalive', this.ctx.now + this.options.keepIdleS * 1_000_000);
  }

  /** Called by the host for every segment that reaches this socket. */
  noteActivity(): void {
    if (!this.options.keepAlive || this.timers.keepalive === null) return;
    this.keepaliveProbes = 0;
    this.armKeepalive();
  }

  private armFinWait2Timer(): void {
    if (this.state === 'FIN-WAIT-2' && this.timers['fin-wait-2'] === null) {
      this.setTimer('fin-wait-2', this.ctx.now + this.config.finWait2TimeoutMs * MS);
    }
  }

  private restartTimeWait(): void {
    this.setTimer('time-wait', this.ctx.now + this.config.timeWaitMs * MS);
  }

  setTimer(kind: TcpTimer, deadline: number): void {
    // The short timers fire on the kernel tick (measured: delayed ACK 40-44 ms, RTO 204 ms). The
    // long ones (2 MSL, FIN-WAIT-2, keepalive) keep their nominal length, so TIME-WAIT reads 60 s;
    // Linux's wheel may fire those up to 1/8 later (kernel/time/timer.c), not modelled.
    const short = kind === 'retransmit' || kind === 'delayed-ack' || kind === 'persist';
    const tick = short ? this.config.timerTickMs * MS : 0;
    const at = kernelTimerDue(this.ctx.now, deadline - this.ctx.now, tick);
    if (this.timers[kind] === at) return;
    this.timers[kind] = at;
    const event: TimerEvent = {
      kind: 'timer',
      host: this.host.name,
      socket: this.fd,
      timer: kind,
      action: 'set',
      at,
      t: 0,
    };
    this.ctx.emit(event);
    this.ctx.wakeAt(at, this);
  }

  cancelTimer(kind: TcpTimer): void {
    if (this.timers[kind] === null) return;
    this.timers[kind] = null;
    this.emitTimer(kind, 'cancel');
  }

  /** A timer's fire or cancel event, `t` last as the Trace orders it (see sampledTcbEvent). */
  private emitTimer(kind: TcpTimer, action: 'fire' | 'cancel'): void {
    const event: TimerEvent = { kind: 'timer', host: this.host.name, socket: this.fd, timer: kind, action, t: 0 };
    this.ctx.emit(event);
  }

  private cancelAllTimers(): void {
    for (const kind of TIMER_ORDER) this.cancelTimer(kind);
  }

  private dropEverything(): void {
    this.sendBuffer.drop(this.sendBuffer.length);
    this.outOfOrder = [];
    this.finQueued = false;
  }

  /** The connection ends with an error that the next socket call reports (Linux sk_err). */
  private fail(errno: Errno, cause: LocalizedText): void {
    const reason: StateCause = errno === 'ETIMEDOUT' ? 'timeout' : 'rcv-rst';
    this.pendingError = errno;
    this.dropEverything();
    this.setState('CLOSED', reason, { en: `${cause.en} (${errno})`, fr: `${cause.fr} (${errno})` });
  }
}

/** RFC 9293 3.10.7.1: the reset answering a segment that has no (valid) connection. */
/** A listener's options as its accepted child starts with them (Linux copies them in
 * sk_clone_lock), as one literal: a spread copy (`{ ...options }`) got a new hidden class some
 * runs into a process, and the socket code reading the child's options deoptimized. */
function inheritedOptions(o: SocketOptions): SocketOptions {
  return {
    reuseAddr: o.reuseAddr,
    noDelay: o.noDelay,
    keepAlive: o.keepAlive,
    keepIdleS: o.keepIdleS,
    keepIntervalS: o.keepIntervalS,
    keepCount: o.keepCount,
    lingerZero: o.lingerZero,
    rcvBufBytes: o.rcvBufBytes,
    sndBufBytes: o.sndBufBytes,
  };
}

export function resetFor(seg: TcpSegment): Omit<TcpSegment, 'id' | 'proto'> {
  const base = {
    srcAddr: seg.dstAddr,
    srcPort: seg.dstPort,
    dstAddr: seg.srcAddr,
    dstPort: seg.srcPort,
    window: 0,
    data: new Uint8Array(0),
  };
  if (seg.flags & ACK) return { ...base, seq: seg.ack, ack: 0, flags: RST };
  const segLen = seg.data.length + (seg.flags & SYN ? 1 : 0) + (seg.flags & FIN ? 1 : 0);
  return { ...base, seq: 0, ack: seqAdd(seg.seq, segLen), flags: RST | ACK };
}
