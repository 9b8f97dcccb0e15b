// The socket API with blocking semantics. Each call is a generator: it yields a Wait while it
// blocks and is resumed when the wait is over (true when its deadline passed, i.e. a timeout).
// Every call records a `call` event, and a `return` event with its result or errno.
import type { SocketOption } from '../scenario/schema';
import { encodeBase64 } from '../encoding/base64';
import type { CallEvent, ReturnEvent, SocketCall } from '../trace/types';
import { TRACE_PAYLOAD_LIMIT, type Errno } from '../tcp';
import { ReceivedBytes, uniformByte } from './bytes';
import type { Descriptor, Host } from './host';
import { TcpSocket } from './tcp/socket';
import { UdpSocket, type ReceivedDatagram } from './udp';

export interface Wait {
  ready: () => boolean;
  /** Absolute time at which the wait ends anyway (a timeout or a sleep). */
  deadline: number | null;
}

export type Blocking<T> = Generator<Wait, T, boolean>;
export type Result<T> = { ok: true; value: T } | { ok: false; errno: Errno };

/** The last preview encoded and its text: a bulk transfer's segments and reads mostly show the
 * same bytes, and comparing 256 bytes costs a fraction of encoding them (the bench's hot spot). */
const lastPreview = new Uint8Array(TRACE_PAYLOAD_LIMIT);
let lastPreviewLength = -1;
let lastPreviewText = '';

/** Previews of n bytes of one value, by value * 1024 + n (a `{ bytes: n }` fill's segments). */
const uniformPreviews = new Map<number, string>();

/** The Trace's base64 preview of a payload: its first TRACE_PAYLOAD_LIMIT bytes. */
export function payloadField(data: Uint8Array): string {
  const n = Math.min(data.length, TRACE_PAYLOAD_LIMIT);
  if (n === 0) return '';
  const fill = uniformByte(data);
  if (fill !== undefined) return uniformPreview(fill, n);
  if (n === lastPreviewLength && samePrefix(data, lastPreview, n)) return lastPreviewText;
  const shown = n === data.length ? data : data.subarray(0, n);
  lastPreview.set(shown);
  lastPreviewLength = n;
  lastPreviewText = encodeBase64(shown);
  return lastPreviewText;
}

function uniformPreview(byte: number, n: number): string {
  const key = byte * 1024 + n;
  let text = uniformPreviews.get(key);
  if (text === undefined) uniformPreviews.set(key, (text = encodeBase64(new Uint8Array(n).fill(byte))));
  return text;
}

function samePrefix(a: Uint8Array, b: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

export interface Resolver {
  /** A host name or an IPv4 address to an address. */
  address(hostOrAddr: string): string;
}

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = <T>(errno: Errno): Result<T> => ({ ok: false, errno });

/** fcntl() file status flags, with Linux's values (asm-generic/fcntl.h). */
export const O_RDWR = 0o2;
export const O_NONBLOCK = 0o4000;

/** What getsockopt() reads: the settable options, and SO_ERROR (the pending error, consumed). */
export type ReadableOption = SocketOption | 'SO_ERROR';

/** Timeouts set by settimeout() or SO_RCVTIMEO/SO_SNDTIMEO, per descriptor. */
interface Timeouts {
  receiveMs: number;
  sendMs: number;
}

export class Kernel {
  private readonly timeouts = new WeakMap<Descriptor, Timeouts>();
  /** Descriptors in non-blocking mode (O_NONBLOCK): a call that would block fails with EAGAIN. */
  private readonly nonBlocking = new WeakSet<Descriptor>();

  constructor(
    readonly host: Host,
    private readonly resolver: Resolver,
    private readonly step: () => string | undefined,
  ) {}

  private get now(): number {
    return this.host.ctx.now;
  }

  // A call made by a program step (nearly all) is one literal with every key: a key added after
  // the literal costs a separate property store per event, and a read loop makes thousands.
  private call(socket: number, call: SocketCall, args: Record<string, unknown>): void {
    const step = this.step();
    const host = this.host.name;
    const event: CallEvent =
      step === undefined
        ? { t: 0, kind: 'call', host, socket, call, args }
        : { t: 0, kind: 'call', host, socket, call, args, step };
    this.host.ctx.emit(event);
  }

  private done<T>(socket: number, call: SocketCall, result: Result<T>, shown?: unknown): Result<T> {
    // Each call's result shape is the Trace's CallResults[call]; validation checks it in the tests.
    const step = this.step();
    if (step !== undefined && result.ok) {
      const value = shown === undefined ? result.value : shown;
      const usual = { t: 0, kind: 'return', host: this.host.name, socket, call, step, result: value };
      this.host.ctx.emit(usual as ReturnEvent); // one literal, as in call()
      return result;
    }
    const event: Omit<ReturnEvent, 'call' | 'result'> & { call: SocketCall; result?: unknown } = {
      t: 0,
      kind: 'return',
      host: this.host.name,
      socket,
      call,
    };
    if (step !== undefined) event.step = step;
    if (result.ok) event.result = shown === undefined ? result.value : shown;
    else event.errno = result.errno;
    this.host.ctx.emit(event as ReturnEvent);
    return result;
  }

  /** The last recv() result shown: the reads of a bulk transfer mostly show the same one, and a
   * result object in the Trace is never written to, so they share it. */
  private lastRead: Readonly<{ bytes: number; payload: string }> = Object.freeze({ bytes: 0, payload: '' });

  private shownRead(bytes: number, payload: string): Readonly<{ bytes: number; payload: string }> {
    const last = this.lastRead;
    if (last.bytes === bytes && last.payload === payload) return last;
    return (this.lastRead = Object.freeze({ bytes, payload }));
  }

  private deadline(ms: number): number | null {
    return ms > 0 ? this.now + Math.round(ms * 1000) : null;
  }

  private timeoutsOf(sock: Descriptor): Timeouts {
    let t = this.timeouts.get(sock);
    if (!t) this.timeouts.set(sock, (t = { receiveMs: 0, sendMs: 0 }));
    return t;
  }

  private lookup(fd: number): Descriptor | undefined {
    const sock = this.host.descriptor(fd);
    return sock && sock.held ? sock : undefined;
  }

  socket(type: 'tcp' | 'udp'): Result<number> {
    this.call(-1, 'socket', { type: type === 'tcp' ? 'SOCK_STREAM' : 'SOCK_DGRAM' });
    const sock = type === 'tcp' ? new TcpSocket(this.host) : new UdpSocket(this.host.ctx.tcp.rcvBufBytes);
    const fd = this.host.openDescriptor(sock);
    this.host.transports.add(type);
    return this.done(fd, 'socket', ok(fd));
  }

  setsockopt(fd: number, option: SocketOption, value: number | boolean): Result<number> {
    this.call(fd, 'setsockopt', { option, value });
    const sock = this.lookup(fd);
    if (!sock) return this.done(fd, 'setsockopt', fail('EBADF'));
    const n = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    const on = n !== 0;
    if (option === 'SO_RCVTIMEO') this.timeoutsOf(sock).receiveMs = n;
    else if (option === 'SO_SNDTIMEO') this.timeoutsOf(sock).sendMs = n;
    else if (sock instanceof UdpSocket) {
      if (option === 'SO_BROADCAST') sock.broadcastAllowed = on;
      else if (option === 'SO_RCVBUF') sock.rcvBufBytes = n;
      // other options have no effect on a UDP socket in this model
    } else {
      const options = sock.options;
      switch (option) {
        case 'SO_REUSEADDR':
          options.reuseAddr = on;
          break;
        case 'TCP_NODELAY':
          options.noDelay = this.host.ctx.tcp.forceNoDelay ?? on;
          if (options.noDelay) sock.output(); // Linux pushes pending data when Nagle is turned off
          break;
        case 'SO_KEEPALIVE':
          options.keepAlive = on;
          if (on) sock.armKeepalive();
          else sock.cancelTimer('keepalive');
          break;
        case 'TCP_KEEPIDLE':
          options.keepIdleS = n;
          break;
        case 'TCP_KEEPINTVL':
          options.keepIntervalS = n;
          break;
        case 'TCP_KEEPCNT':
          options.keepCount = n;
          break;
        case 'SO_LINGER':
          options.lingerZero = n === 0;
          break;
        case 'SO_RCVBUF':
          options.rcvBufBytes = n;
          break;
        case 'SO_SNDBUF':
          options.sndBufBytes = n;
          break;
        case 'SO_BROADCAST':
          break;
      }
    }
    return this.done(fd, 'setsockopt', ok(0));
  }

  /** fcntl(F_GETFL) returns the status flags; fcntl(F_SETFL, flags) sets O_NONBLOCK (POSIX fcntl()). */
  fcntl(fd: number, cmd: 'F_GETFL' | 'F_SETFL', flags = 0): Result<number> {
    this.call(fd, 'fcntl', cmd === 'F_SETFL' ? { cmd, flags } : { cmd });
    const sock = this.lookup(fd);
    if (!sock) return this.done(fd, 'fcntl', fail('EBADF'));
    if (cmd === 'F_GETFL') return this.done(fd, 'fcntl', ok(O_RDWR | (this.nonBlocking.has(sock) ? O_NONBLOCK : 0)));
    if (flags & O_NONBLOCK) this.nonBlocking.add(sock);
    else this.nonBlocking.delete(sock);
    return this.done(fd, 'fcntl', ok(0));
  }

  /** getsockopt(): an option's value; SO_ERROR returns the pending error and clears it (POSIX, Linux sock_getsockopt). */
  getsockopt(fd: number, option: ReadableOption): Result<number | Errno> {
    this.call(fd, 'getsockopt', { option });
    const sock = this.lookup(fd);
    if (!sock) return this.done(fd, 'getsockopt', fail('EBADF'));
    if (option === 'SO_ERROR') {
      const errno = sock.pendingError;
      sock.pendingError = null;
      return this.done(fd, 'getsockopt', ok<number | Errno>(errno ?? 0));
    }
    if (option === 'SO_RCVTIMEO') return this.done(fd, 'getsockopt', ok(this.timeoutsOf(sock).receiveMs));
    if (option === 'SO_SNDTIMEO') return this.done(fd, 'getsockopt', ok(this.timeoutsOf(sock).sendMs));
    if (sock instanceof UdpSocket) {
      const value = option === 'SO_RCVBUF' ? sock.rcvBufBytes : option === 'SO_BROADCAST' && sock.broadcastAllowed;
      return this.done(fd, 'getsockopt', ok(Number(value)));
    }
    return this.done(fd, 'getsockopt', ok(tcpOption(sock, option)));
  }

  /** Python's settimeout(): one timeout for every blocking call; null blocks forever. */
  settimeout(fd: number, seconds: number | null): Result<number> {
    this.call(fd, 'settimeout', { seconds });
    const sock = this.lookup(fd);
    if (!sock) return this.done(fd, 'settimeout', fail('EBADF'));
    const ms = seconds === null ? 0 : Math.max(1, seconds * 1000);
    const t = this.timeoutsOf(sock);
    t.receiveMs = ms;
    t.sendMs = ms;
    return this.done(fd, 'settimeout', ok(0));
  }

  bind(fd: number, addr: string, port: number): Result<number> {
    this.call(fd, 'bind', { addr, port });
    const sock = this.lookup(fd);
    if (!sock) return this.done(fd, 'bind', fail('EBADF'));
    if (sock.localPort !== 0) return this.done(fd, 'bind', fail('EINVAL'));
    if (addr !== '0.0.0.0' && addr !== this.host.addr && addr !== '127.0.0.1')
      return this.done(fd, 'bind', fail('EINVAL'));
    const errno = sock instanceof TcpSocket ? this.host.bindTcp(sock, port) : this.host.bindUdp(sock, port);
    if (sock instanceof TcpSocket && addr !== '0.0.0.0') sock.localAddr = addr;
    return this.done(fd, 'bind', errno ? fail(errno) : ok(0));
  }

  listen(fd: number, backlog: number): Result<number> {
    this.call(fd, 'listen', { backlog });
    const sock = this.lookup(fd);
    if (!sock) return this.done(fd, 'listen', fail('EBADF'));
    if (!(sock instanceof TcpSocket) || (sock.state !== 'CLOSED' && sock.state !== 'LISTEN'))
      return this.done(fd, 'listen', fail('EINVAL'));
    if (sock.localPort === 0) {
      const errno = this.host.bindTcp(sock, 0);
      if (errno) return this.done(fd, 'listen', fail(errno));
    }
    if (sock.state === 'CLOSED') {
      sock.listen(backlog);
      this.host.listen(sock);
    }
    return this.done(fd, 'listen', ok(0));
  }

  *accept(fd: number): Blocking<Result<number>> {
    this.call(fd, 'accept', {});
    const sock = this.lookup(fd);
    if (!sock) return this.done(fd, 'accept', fail('EBADF'));
    if (!(sock instanceof TcpSocket) || sock.state !== 'LISTEN') return this.done(fd, 'accept', fail('EINVAL'));
    const deadline = this.deadline(this.timeoutsOf(sock).receiveMs);
    if (sock.acceptQueue.length === 0 && this.nonBlocking.has(sock)) return this.done(fd, 'accept', fail('EAGAIN'));
    while (sock.acceptQueue.length === 0 && sock.state === 'LISTEN') {
      if (yield { ready: () => sock.acceptQueue.length > 0 || sock.state !== 'LISTEN', deadline }) {
        return this.done(fd, 'accept', fail('EAGAIN'));
      }
    }
    const child = sock.acceptQueue.shift();
    if (!child) return this.done(fd, 'accept', fail('EINVAL'));
    child.held = true;
    return this.done(fd, 'accept', ok(child.fd), { fd: child.fd, peer: child.remote });
  }

  *connect(fd: number, hostOrAddr: string, port: number): Blocking<Result<number>> {
    const addr = this.resolver.address(hostOrAddr);
    this.call(fd, 'connect', { addr, port });
    const sock = this.lookup(fd);
    if (!sock) return this.done(fd, 'connect', fail('EBADF'));
    if (sock instanceof UdpSocket) {
      // connect() on UDP only records the default peer (no packet is sent).
      if (sock.localPort === 0) this.host.bindUdp(sock, 0);
      sock.peer = { addr, port };
      return this.done(fd, 'connect', ok(0));
    }
    if (sock.state === 'ESTABLISHED') return this.done(fd, 'connect', fail('EISCONN'));
    if (sock.state === 'SYN-SENT' || sock.state === 'SYN-RECEIVED') return this.done(fd, 'connect', fail('EALREADY'));
    if (sock.state !== 'CLOSED' || sock.wasConnected) return this.done(fd, 'connect', fail('EINVAL'));
    this.host.autobindTcp(sock);
    sock.connect(addr, port);
    const deadline = this.deadline(this.timeoutsOf(sock).sendMs);
    const opening = (): boolean => sock.state === 'SYN-SENT' || sock.state === 'SYN-RECEIVED';
    // POSIX connect(): a non-blocking socket returns at once; SO_ERROR tells the outcome later.
    if (this.nonBlocking.has(sock) && opening()) return this.done(fd, 'connect', fail('EINPROGRESS'));
    while (opening()) {
      if (yield { ready: () => !opening(), deadline }) {
        sock.abort({ en: 'connect() timed out', fr: 'délai de connect() écoulé' }, 'timeout');
        sock.pendingError = null;
        return this.done(fd, 'connect', fail('EAGAIN'));
      }
    }
    if ((sock.state as string) === 'CLOSED') {
      const errno = sock.pendingError ?? 'ECONNREFUSED';
      sock.pendingError = null;
      return this.done(fd, 'connect', fail(errno));
    }
    return this.done(fd, 'connect', ok(0));
  }

  /** send(): blocks until at least one byte fits; sendall() (all=true) until every byte does. */
  *send(fd: number, data: Uint8Array, all: boolean): Blocking<Result<number>> {
    const call: SocketCall = all ? 'sendall' : 'send';
    this.call(fd, call, { bytes: data.length, payload: payloadField(data) });
    const sock = this.lookup(fd);
    if (!sock) return this.done(fd, call, fail('EBADF'));
    if (sock instanceof UdpSocket) {
      if (!sock.peer) return this.done(fd, call, fail('ENOTCONN'));
      return this.done(fd, call, this.sendDatagram(sock, data, sock.peer.addr, sock.peer.port));
    }
    const deadline = this.deadline(this.timeoutsOf(sock).sendMs);
    let sent = 0;
    for (;;) {
      const errno = this.sendError(sock);
      if (errno) return this.done(fd, call, sent > 0 && !all ? ok(sent) : fail(errno));
      sent += sock.send(data.subarray(sent));
      if (sent === data.length || (!all && sent > 0)) return this.done(fd, call, ok(sent));
      if (this.nonBlocking.has(sock)) return this.done(fd, call, sent > 0 ? ok(sent) : fail('EAGAIN'));
      if (yield { ready: sock.canWrite, deadline }) {
        return this.done(fd, call, sent > 0 ? ok(sent) : fail('EAGAIN'));
      }
    }
  }

  /** Linux tcp_sendmsg: a pending error first, then EPIPE once the sending side is shut. */
  private sendError(sock: TcpSocket): Errno | null {
    if (sock.pendingError) {
      const errno = sock.pendingError;
      sock.pendingError = null;
      return errno;
    }
    if (sock.writeShut || sock.state === 'CLOSED') return sock.wasConnected || sock.writeShut ? 'EPIPE' : 'ENOTCONN';
    if (sock.state !== 'ESTABLISHED' && sock.state !== 'CLOSE-WAIT') return 'ENOTCONN';
    return null;
  }

  /** recv(): data if any, else the pending error, else 0 at end of stream, else it blocks. */
  *recv(fd: number, max: number): Blocking<Result<ReceivedBytes>> {
    this.call(fd, 'recv', recvArgs(max));
    const sock = this.lookup(fd);
    if (!sock) return this.done(fd, 'recv', fail('EBADF'));
    if (sock instanceof UdpSocket) {
      const result = yield* this.takeDatagram(sock);
      return this.done(
        fd,
        'recv',
        result.ok ? ok(new ReceivedBytes([result.value.data.subarray(0, max)])) : result,
        shownBytes(result, max),
      );
    }
    const deadline = this.deadline(this.timeoutsOf(sock).receiveMs);
    for (;;) {
      if (sock.recvBuffer.length > 0) {
        const data = new ReceivedBytes(sock.receive(max));
        const preview = data.startingBytes(TRACE_PAYLOAD_LIMIT);
        return this.done(fd, 'recv', ok(data), this.shownRead(data.length, payloadField(preview)));
      }
      if (sock.pendingError) {
        const errno = sock.pendingError;
        sock.pendingError = null;
        return this.done(fd, 'recv', fail(errno));
      }
      if (sock.finReceived || sock.readShut || (sock.state === 'CLOSED' && sock.wasConnected)) {
        return this.done(fd, 'recv', ok(ReceivedBytes.endOfStream), { bytes: 0, payload: '' });
      }
      if (!sock.wasConnected && sock.state !== 'SYN-SENT' && sock.state !== 'SYN-RECEIVED')
        return this.done(fd, 'recv', fail('ENOTCONN'));
      if (this.nonBlocking.has(sock)) return this.done(fd, 'recv', fail('EAGAIN'));
      if (yield { ready: sock.canRead, deadline }) return this.done(fd, 'recv', fail('EAGAIN'));
    }
  }

  *sendto(fd: number, data: Uint8Array, hostOrAddr: string, port: number): Blocking<Result<number>> {
    const addr = this.resolver.address(hostOrAddr);
    this.call(fd, 'sendto', { bytes: data.length, payload: payloadField(data), addr, port });
    const sock = this.lookup(fd);
    if (!sock) return this.done(fd, 'sendto', fail('EBADF'));
    if (sock instanceof TcpSocket) return this.done(fd, 'sendto', fail('EISCONN'));
    return this.done(fd, 'sendto', this.sendDatagram(sock, data, addr, port));
  }

  private sendDatagram(sock: UdpSocket, data: Uint8Array, addr: string, port: number): Result<number> {
    if (sock.pendingError) {
      const errno = sock.pendingError;
      sock.pendingError = null;
      return fail(errno);
    }
    if (data.length > 65507) return fail('EMSGSIZE'); // 65535 - 20 (IPv4) - 8 (UDP)
    const broadcast = addr.endsWith('.255');
    if (broadcast && !sock.broadcastAllowed) return fail('EACCES'); // Linux: SO_BROADCAST is required
    if (sock.localPort === 0) this.host.bindUdp(sock, 0);
    this.host.ctx.transmit({
      proto: 'udp',
      id: this.host.ctx.nextPacketId(),
      srcAddr: this.host.addr,
      srcPort: sock.localPort,
      socket: sock.fd,
      dstAddr: addr,
      dstPort: port,
      data: data.slice(),
      ...(broadcast ? { broadcast: true } : {}),
    });
    return ok(data.length);
  }

  *recvfrom(fd: number, max: number): Blocking<Result<ReceivedDatagram>> {
    this.call(fd, 'recvfrom', { max });
    const sock = this.lookup(fd);
    if (!sock) return this.done(fd, 'recvfrom', fail('EBADF'));
    if (sock instanceof TcpSocket) return this.done(fd, 'recvfrom', fail('ENOTCONN'));
    const result = yield* this.takeDatagram(sock);
    if (!result.ok) return this.done(fd, 'recvfrom', result);
    const data = result.value.data.subarray(0, max); // the rest of a longer datagram is lost (MSG_TRUNC)
    return this.done(fd, 'recvfrom', ok({ data, from: result.value.from }), {
      bytes: data.length,
      payload: payloadField(data),
      from: result.value.from,
    });
  }

  private *takeDatagram(sock: UdpSocket): Blocking<Result<ReceivedDatagram>> {
    if (sock.localPort === 0) return fail('EINVAL');
    const deadline = this.deadline(this.timeoutsOf(sock).receiveMs);
    for (;;) {
      if (sock.pendingError) {
        const errno = sock.pendingError;
        sock.pendingError = null;
        return fail(errno);
      }
      const datagram = sock.take();
      if (datagram) return ok(datagram);
      if (yield { ready: () => sock.readable, deadline }) return fail('EAGAIN');
    }
  }

  shutdown(fd: number, how: 'SHUT_WR' | 'SHUT_RD' | 'SHUT_RDWR'): Result<number> {
    this.call(fd, 'shutdown', { how });
    const sock = this.lookup(fd);
    if (!sock) return this.done(fd, 'shutdown', fail('EBADF'));
    if (!(sock instanceof TcpSocket) || !sock.wasConnected) return this.done(fd, 'shutdown', fail('ENOTCONN'));
    if (how !== 'SHUT_WR') sock.readShut = true;
    if (how !== 'SHUT_RD') sock.closeSending({ en: `shutdown(${how})`, fr: `shutdown(${how})` });
    return this.done(fd, 'shutdown', ok(0));
  }

  close(fd: number): Result<number> {
    this.call(fd, 'close', {});
    const sock = this.lookup(fd);
    if (!sock) return this.done(fd, 'close', fail('EBADF'));
    if (sock instanceof UdpSocket) {
      sock.held = false;
      this.host.releaseDescriptor(fd);
      this.host.releaseUdp(sock);
    } else sock.close(); // an orphaned TCP socket keeps its number until CLOSED, so the trace stays unambiguous
    return this.done(fd, 'close', ok(0));
  }

  *sleep(ms: number): Blocking<Result<number>> {
    this.call(-1, 'sleep', { ms });
    const deadline = this.now + Math.round(ms * 1000);
    while (this.now < deadline) yield { ready: never, deadline };
    return this.done(-1, 'sleep', ok(0));
  }
}

const never = (): boolean => false;

/** A recv() call's arguments, one frozen object per size shared by every call that asks it (trace
 * events are never written to): a read loop makes thousands of calls with the same size. */
const recvArgsBySize = new Map<number, Readonly<{ max: number }>>();

function recvArgs(max: number): Readonly<{ max: number }> {
  let args = recvArgsBySize.get(max);
  if (args === undefined) recvArgsBySize.set(max, (args = Object.freeze({ max })));
  return args;
}

/** A TCP socket's option as getsockopt() reads it back. */
function tcpOption(sock: TcpSocket, option: SocketOption): number {
  const o = sock.options;
  switch (option) {
    case 'SO_REUSEADDR':
      return Number(o.reuseAddr);
    case 'TCP_NODELAY':
      return Number(o.noDelay);
    case 'SO_KEEPALIVE':
      return Number(o.keepAlive);
    case 'TCP_KEEPIDLE':
      return o.keepIdleS;
    case 'TCP_KEEPINTVL':
      return o.keepIntervalS;
    case 'TCP_KEEPCNT':
      return o.keepCount;
    case 'SO_LINGER':
      return Number(o.lingerZero);
    case 'SO_RCVBUF':
      return o.rcvBufBytes;
    case 'SO_SNDBUF':
      return o.sndBufBytes;
    default:
      return 0;
  }
}

function shownBytes(result: Result<ReceivedDatagram>, max: number): unknown {
  if (!result.ok) return undefined;
  const data = result.value.data.subarray(0, max);
  return { bytes: data.length, payload: payloadField(data) };
}
