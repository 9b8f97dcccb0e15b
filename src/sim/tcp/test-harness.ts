// Test harness for TcpSocket (smoltcp's habit): a hand-made SimContext, builders that drive a real
// socket through real segments into a given state, and helpers to send a segment and expect the reply.
// The test plays the peer at PEER_ADDR:PEER_PORT; the socket under test lives on a real Host.
import { expect } from 'vitest';
import type { TcpParams } from '../../scenario/schema';
import type { TimerKind } from '../../trace/types';
import type { TcpState } from '../../tcp';
import type { EventInput, SimContext, TimerOwner } from '../context';
import { Host } from '../host';
import { type Packet, type TcpSegment } from '../packet';
import { ACK, FIN, flagNames, SYN } from '../../tcp';
import { tcpConfig, type ProfileName, type TcpConfig } from '../profiles';
import { forkStreams } from '../streams';
import { seqAdd } from '../../tcp';
import type { SegmentOptions } from './options';
import { TcpSocket, type SocketOptions } from './socket';

export const LOCAL_ADDR = '10.0.0.2';
export const LISTEN_PORT = 8080;
export const PEER_ADDR = '10.0.0.1';
export const PEER_PORT = 40000;
/** The peer's ISS sits 96 below 2^32 so that sequence numbers wrap during the tests (RFC 9293 3.4). */
export const PEER_ISS = 0xffff_ffa0;
export const PEER_WINDOW = 65535;
export const PEER_MSS = 1460;

/** Virtual time is in microseconds. */
export const ms = (n: number): number => n * 1000;
export const seconds = (n: number): number => n * 1_000_000;

/** The peer's sequence space: peerSeq(1) is the first byte after its SYN. */
export const peerSeq = (n: number): number => seqAdd(PEER_ISS, n);
/** The socket's sequence space: localSeq(sock, 1) is the first byte after its SYN. */
export const localSeq = (sock: TcpSocket, n: number): number => seqAdd(sock.iss, n);

/** A SimContext by hand: settable clock, collected events, packets and wake-ups. */
export class FakeContext implements SimContext {
  now = 0;
  readonly tcp: TcpConfig;
  readonly events: EventInput[] = [];
  readonly packets: Packet[] = [];
  readonly wakeups: { at: number; owner: TimerOwner }[] = [];
  private lastPacketId = 0;

  constructor(tcp: TcpConfig) {
    this.tcp = tcp;
  }

  emit(event: EventInput): void {
    this.events.push(event);
  }

  transmit(packet: Packet): void {
    this.packets.push(packet);
  }

  nextPacketId(): number {
    return ++this.lastPacketId;
  }

  touch(): void {
    // TCB snapshots are the simulator's concern; these tests read the socket directly.
  }

  wakeAt(at: number, owner: TimerOwner): void {
    this.wakeups.push({ at, owner });
  }
}

export interface BuildOptions {
  profile?: ProfileName;
  tcp?: TcpParams;
  /** Socket options set before connect() or listen(), as setsockopt() would. */
  options?: Partial<SocketOptions>;
  /** The window the peer advertises in its handshake segment. */
  peerWindow?: number;
  /** When the peer's SYN,ACK arrives (virtual µs): the handshake's RTT sample. Default 0. */
  handshakeRttUs?: number;
  seed?: number;
}

export interface StateChange {
  socket: number;
  from: TcpState;
  to: TcpState;
  cause: string;
}

/** What one action (segment arrival, user call, timer) made the host do. */
export interface Outcome {
  replies: TcpSegment[];
  states: StateChange[];
}

export interface SegmentIn {
  flags: number;
  seq: number;
  ack: number;
  data?: Uint8Array | string;
  window?: number;
  mss?: number;
  /** Options besides MSS (SACK-permitted on the peer's SYN,ACK, ...). */
  options?: SegmentOptions;
  /** Another client port of the peer (a new 4-tuple). */
  srcPort?: number;
}

export interface SegmentExpected {
  flags: number;
  seq: number;
  ack: number;
  len?: number;
}

export function newHost(build: BuildOptions = {}): Host {
  // Exact timers unless a test asks for the kernel tick: the assertions read RFC values.
  const ctx = new FakeContext(tcpConfig(build.profile ?? 'linux', { timerTickMs: 0, ...build.tcp }));
  const [streams] = forkStreams(build.seed ?? 1, ['local']);
  if (!streams) throw new Error('forkStreams gave no streams for the host');
  return new Host('local', LOCAL_ADDR, ctx, streams.random);
}

export function contextOf(sock: TcpSocket): FakeContext {
  const ctx = sock.host.ctx;
  if (!(ctx instanceof FakeContext)) throw new Error('socket was not built by the test harness');
  return ctx;
}

export function hostOf(sock: TcpSocket): Host {
  if (!(sock.host instanceof Host)) throw new Error('socket was not built by the test harness');
  return sock.host;
}

/** Runs an action and returns the segments it transmitted and the state changes it recorded. */
export function capture(sock: TcpSocket, action: () => void): Outcome {
  const ctx = contextOf(sock);
  const firstPacket = ctx.packets.length;
  const firstEvent = ctx.events.length;
  action();
  const replies = ctx.packets.slice(firstPacket).filter((p): p is TcpSegment => p.proto === 'tcp');
  const states: StateChange[] = [];
  for (const e of ctx.events.slice(firstEvent)) {
    if (e.kind === 'state') states.push({ socket: e.socket, from: e.from, to: e.to, cause: e.cause });
  }
  return { replies, states };
}

export const bytes = (data: Uint8Array | string): Uint8Array =>
  typeof data === 'string' ? new TextEncoder().encode(data) : data;

/** The peer sends a segment to the socket's host; it is demultiplexed the way the host does it. */
export function deliver(sock: TcpSocket, seg: SegmentIn): Outcome {
  const connected = sock.remotePort !== 0;
  const packet: TcpSegment = {
    proto: 'tcp',
    id: contextOf(sock).nextPacketId(),
    srcAddr: connected ? sock.remoteAddr : PEER_ADDR,
    srcPort: seg.srcPort ?? (connected ? sock.remotePort : PEER_PORT),
    dstAddr: LOCAL_ADDR,
    dstPort: sock.localPort,
    seq: seg.seq,
    ack: seg.ack,
    flags: seg.flags,
    window: seg.window ?? PEER_WINDOW,
    data: bytes(seg.data ?? new Uint8Array(0)),
  };
  if (seg.mss !== undefined) packet.mss = seg.mss;
  if (seg.options !== undefined) packet.options = seg.options;
  return capture(sock, () => hostOf(sock).receive(packet, hostOf(sock).lookup(packet)));
}

/** A user call on the socket (close(), send(), ...). */
export function call(sock: TcpSocket, action: (sock: TcpSocket) => void): Outcome {
  return capture(sock, () => action(sock));
}

/** Fires one timer the way the scheduler would: the clock moves to its deadline, then runTimers(). */
export function fireTimer(sock: TcpSocket, kind: Exclude<TimerKind, 'timeout'>): Outcome {
  const ctx = contextOf(sock);
  const at = sock.timers[kind];
  if (at === null) throw new Error(`the ${kind} timer is not set (state ${sock.state})`);
  if (!ctx.wakeups.some((w) => w.at === at && w.owner === sock)) throw new Error(`no wakeAt(${at}) for ${kind}`);
  if (at < ctx.now) throw new Error(`the ${kind} timer expired in the past (${at} < ${ctx.now})`);
  ctx.now = at;
  return capture(sock, () => sock.runTimers());
}

/** Moves the clock and runs whatever timers are due by then. */
export function advanceTo(sock: TcpSocket, t: number): Outcome {
  const ctx = contextOf(sock);
  ctx.now = t;
  return capture(sock, () => sock.runTimers());
}

function describeSegment(seg: { flags: number; seq: number; ack: number; len: number }): {
  flags: string;
  seq: number;
  ack: number;
  len: number;
} {
  return { flags: flagNames(seg.flags).join(','), seq: seg.seq, ack: seg.ack, len: seg.len };
}

/** Exactly these segments were sent, in order (flags, seq, ack and payload length). */
export function expectReplies(outcome: Outcome, expected: readonly SegmentExpected[]): void {
  expect(outcome.replies.map((s) => describeSegment({ ...s, len: s.data.length }))).toEqual(
    expected.map((e) => describeSegment({ ...e, len: e.len ?? 0 })),
  );
}

/** Exactly one segment was sent and it is this one; returns it for further checks. */
export function expectReply(outcome: Outcome, expected: SegmentExpected): TcpSegment {
  expectReplies(outcome, [expected]);
  const [reply] = outcome.replies;
  if (reply === undefined) throw new Error('no reply');
  return reply;
}

export function expectNoReply(outcome: Outcome): void {
  expectReplies(outcome, []);
}

/** Exactly these state changes were recorded, in order, as [from, to] pairs. */
export function expectStates(outcome: Outcome, expected: readonly (readonly [TcpState, TcpState])[]): void {
  expect(outcome.states.map((s) => [s.from, s.to])).toEqual(expected.map(([from, to]) => [from, to]));
}

function expectState(sock: TcpSocket, state: TcpState, built: string): TcpSocket {
  if (sock.state !== state) throw new Error(`${built}: expected ${state}, got ${sock.state}`);
  contextOf(sock).packets.length = 0;
  contextOf(sock).events.length = 0;
  return sock;
}

// ---- Builders: each drives a real socket through real segments and clears what it collected ----

/** socket() with the build's options set, on a fresh host: CLOSED, nothing sent. */
export function closedSocket(build: BuildOptions = {}): TcpSocket {
  const sock = new TcpSocket(newHost(build));
  Object.assign(sock.options, build.options ?? {});
  hostOf(sock).openDescriptor(sock);
  return sock;
}

/** bind(LISTEN_PORT) + listen(backlog), as the kernel does it. */
export function socketInListen(build: BuildOptions = {}, backlog = 5): TcpSocket {
  const sock = closedSocket(build);
  const host = hostOf(sock);
  const errno = host.bindTcp(sock, LISTEN_PORT);
  if (errno) throw new Error(`bind: ${errno}`);
  sock.listen(backlog);
  host.listen(sock);
  return expectState(sock, 'LISTEN', 'socketInListen');
}

/** connect() to the peer: the SYN has been sent. */
export function socketInSynSent(build: BuildOptions = {}): TcpSocket {
  const sock = closedSocket(build);
  hostOf(sock).autobindTcp(sock);
  sock.connect(PEER_ADDR, PEER_PORT);
  return expectState(sock, 'SYN-SENT', 'socketInSynSent');
}

/** The peer's SYN, as it reaches a listener or a socket in SYN-SENT. */
export function peerSyn(): SegmentIn {
  return { flags: SYN, seq: PEER_ISS, ack: 0, mss: PEER_MSS };
}

/** Returns the socket a state event names: the child a listener creates has no other handle. */
export function socketByFd(host: Host, fd: number): TcpSocket {
  const sock = host.descriptor(fd);
  if (!(sock instanceof TcpSocket)) throw new Error(`no TCP socket with descriptor ${fd}`);
  return sock;
}

/**
 * SYN-RECEIVED. Passive (default): the child a listener creates for the peer's SYN, SYN,ACK sent.
 * 'simultaneous-open': our SYN crossed the peer's SYN; the socket is the one the program holds.
 */
export function socketInSynReceived(
  build: BuildOptions = {},
  via: 'passive' | 'simultaneous-open' = 'passive',
): TcpSocket {
  if (via === 'simultaneous-open') {
    const sock = socketInSynSent(build);
    deliver(sock, peerSyn());
    return expectState(sock, 'SYN-RECEIVED', 'socketInSynReceived');
  }
  const listener = socketInListen(build);
  const outcome = deliver(listener, peerSyn());
  const created = outcome.states.find((s) => s.to === 'SYN-RECEIVED');
  if (!created) throw new Error('socketInSynReceived: the listener created no connection');
  return expectState(socketByFd(hostOf(listener), created.socket), 'SYN-RECEIVED', 'socketInSynReceived');
}

/** Active open completed: SYN sent, SYN,ACK received, ACK sent. */
export function socketInEstablished(build: BuildOptions = {}): TcpSocket {
  const sock = socketInSynSent(build);
  contextOf(sock).now += build.handshakeRttUs ?? 0;
  deliver(sock, {
    flags: SYN | ACK,
    seq: PEER_ISS,
    ack: localSeq(sock, 1),
    mss: PEER_MSS,
    window: build.peerWindow ?? PEER_WINDOW,
  });
  return expectState(sock, 'ESTABLISHED', 'socketInEstablished');
}

/** How the program ends its sending half: close() orphans the socket, shutdown(SHUT_WR) keeps it. */
export type Closing = 'close' | 'shutdown';

function endSending(sock: TcpSocket, how: Closing): void {
  if (how === 'close') sock.close();
  else sock.closeSending({ en: 'shutdown(SHUT_WR)', fr: 'shutdown(SHUT_WR)' });
}

/** ESTABLISHED, then close() (or shutdown): our FIN (seq localSeq(1)) is unacknowledged. */
export function socketInFinWait1(build: BuildOptions = {}, how: Closing = 'close'): TcpSocket {
  const sock = socketInEstablished(build);
  endSending(sock, how);
  return expectState(sock, 'FIN-WAIT-1', 'socketInFinWait1');
}

/** FIN-WAIT-1, then the peer acknowledged our FIN. */
export function socketInFinWait2(build: BuildOptions = {}, how: Closing = 'close'): TcpSocket {
  const sock = socketInFinWait1(build, how);
  deliver(sock, { flags: ACK, seq: peerSeq(1), ack: localSeq(sock, 2) });
  return expectState(sock, 'FIN-WAIT-2', 'socketInFinWait2');
}

/** ESTABLISHED, then the peer's FIN (seq peerSeq(1)) arrived and was acknowledged. */
export function socketInCloseWait(build: BuildOptions = {}): TcpSocket {
  const sock = socketInEstablished(build);
  deliver(sock, { flags: FIN | ACK, seq: peerSeq(1), ack: localSeq(sock, 1) });
  return expectState(sock, 'CLOSE-WAIT', 'socketInCloseWait');
}

/** FIN-WAIT-1, then the peer's FIN crossed ours (simultaneous close). */
export function socketInClosing(build: BuildOptions = {}, how: Closing = 'close'): TcpSocket {
  const sock = socketInFinWait1(build, how);
  deliver(sock, { flags: FIN | ACK, seq: peerSeq(1), ack: localSeq(sock, 1) });
  return expectState(sock, 'CLOSING', 'socketInClosing');
}

/** CLOSE-WAIT, then close(): our FIN (seq localSeq(1)) is unacknowledged. */
export function socketInLastAck(build: BuildOptions = {}): TcpSocket {
  const sock = socketInCloseWait(build);
  sock.close();
  return expectState(sock, 'LAST-ACK', 'socketInLastAck');
}

/** FIN-WAIT-2, then the peer's FIN (seq peerSeq(1)) arrived: TIME-WAIT began at ctx.now. */
export function socketInTimeWait(build: BuildOptions = {}, how: Closing = 'close'): TcpSocket {
  const sock = socketInFinWait2(build, how);
  deliver(sock, { flags: FIN | ACK, seq: peerSeq(1), ack: localSeq(sock, 2) });
  return expectState(sock, 'TIME-WAIT', 'socketInTimeWait');
}
