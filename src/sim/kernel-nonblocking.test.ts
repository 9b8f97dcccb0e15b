// Non-blocking sockets (POSIX fcntl O_NONBLOCK) and getsockopt, on a real host whose peer is the
// test: connect() returns EINPROGRESS, SO_ERROR reports the outcome once, a call that would block
// fails with EAGAIN.
import { describe, expect, it } from 'vitest';
import { ACK, RST, SYN } from '../tcp';
import { Kernel, O_NONBLOCK, O_RDWR, type Blocking, type Result } from './kernel';
import type { TcpSegment } from './packet';
import { contextOf, newHost, PEER_ADDR, PEER_ISS, PEER_PORT } from './tcp/test-harness';
import { TcpSocket } from './tcp/socket';

function kernel(): Kernel {
  return new Kernel(newHost(), { address: (a) => a }, () => undefined);
}

/** Runs a call that must not block. */
function now<T>(call: Blocking<Result<T>>): Result<T> {
  const step = call.next(false);
  if (!step.done) throw new Error('the call blocked');
  return step.value;
}

function socketOf(k: Kernel, fd: number): TcpSocket {
  const sock = k.host.descriptor(fd);
  if (!(sock instanceof TcpSocket)) throw new Error('no TCP socket');
  return sock;
}

function fromPeer(sock: TcpSocket, flags: number, ack: number): TcpSegment {
  return {
    proto: 'tcp',
    id: contextOf(sock).nextPacketId(),
    srcAddr: PEER_ADDR,
    srcPort: PEER_PORT,
    dstAddr: sock.host.addr,
    dstPort: sock.localPort,
    seq: PEER_ISS,
    ack,
    flags,
    window: 65535,
    data: new Uint8Array(0),
  };
}

describe('non-blocking sockets', () => {
  it('F_GETFL reads O_RDWR, and O_NONBLOCK once F_SETFL set it', () => {
    const k = kernel();
    const fd = k.socket('tcp');
    if (!fd.ok) throw new Error('socket');
    expect(k.fcntl(fd.value, 'F_GETFL')).toEqual({ ok: true, value: O_RDWR });
    expect(k.fcntl(fd.value, 'F_SETFL', O_RDWR | O_NONBLOCK)).toEqual({ ok: true, value: 0 });
    expect(k.fcntl(fd.value, 'F_GETFL')).toEqual({ ok: true, value: O_RDWR | O_NONBLOCK });
    expect(k.fcntl(99, 'F_GETFL')).toEqual({ ok: false, errno: 'EBADF' });
  });

  it('connect() returns EINPROGRESS, a second one EALREADY; a reset is read once from SO_ERROR', () => {
    const k = kernel();
    const fd = k.socket('tcp');
    if (!fd.ok) throw new Error('socket');
    k.fcntl(fd.value, 'F_SETFL', O_NONBLOCK);
    expect(now(k.connect(fd.value, PEER_ADDR, PEER_PORT))).toEqual({ ok: false, errno: 'EINPROGRESS' });
    expect(now(k.connect(fd.value, PEER_ADDR, PEER_PORT))).toEqual({ ok: false, errno: 'EALREADY' });
    expect(k.getsockopt(fd.value, 'SO_ERROR')).toEqual({ ok: true, value: 0 });
    const sock = socketOf(k, fd.value);
    // RFC 9293 3.10.7.3: an acceptable RST in SYN-SENT: "error: connection reset", ECONNREFUSED.
    const rst = fromPeer(sock, RST | ACK, (sock.iss + 1) >>> 0);
    k.host.receive(rst, k.host.lookup(rst));
    expect(sock.state).toBe('CLOSED');
    expect(k.getsockopt(fd.value, 'SO_ERROR')).toEqual({ ok: true, value: 'ECONNREFUSED' });
    expect(k.getsockopt(fd.value, 'SO_ERROR')).toEqual({ ok: true, value: 0 });
  });

  it('accept() and recv() fail with EAGAIN instead of blocking', () => {
    const k = kernel();
    const listener = k.socket('tcp');
    if (!listener.ok) throw new Error('socket');
    k.bind(listener.value, '0.0.0.0', 8080);
    k.listen(listener.value, 1);
    k.fcntl(listener.value, 'F_SETFL', O_NONBLOCK);
    expect(now(k.accept(listener.value))).toEqual({ ok: false, errno: 'EAGAIN' });

    const client = k.socket('tcp');
    if (!client.ok) throw new Error('socket');
    k.fcntl(client.value, 'F_SETFL', O_NONBLOCK);
    now(k.connect(client.value, PEER_ADDR, PEER_PORT));
    const sock = socketOf(k, client.value);
    const synAck = fromPeer(sock, SYN | ACK, (sock.iss + 1) >>> 0);
    k.host.receive(synAck, k.host.lookup(synAck));
    expect(sock.state).toBe('ESTABLISHED');
    expect(now(k.recv(client.value, 100))).toEqual({ ok: false, errno: 'EAGAIN' });
  });

  it('getsockopt reads back what setsockopt set', () => {
    const k = kernel();
    const fd = k.socket('tcp');
    if (!fd.ok) throw new Error('socket');
    expect(k.getsockopt(fd.value, 'SO_REUSEADDR')).toEqual({ ok: true, value: 0 });
    k.setsockopt(fd.value, 'SO_REUSEADDR', 1);
    k.setsockopt(fd.value, 'SO_RCVBUF', 4096);
    expect(k.getsockopt(fd.value, 'SO_REUSEADDR')).toEqual({ ok: true, value: 1 });
    expect(k.getsockopt(fd.value, 'SO_RCVBUF')).toEqual({ ok: true, value: 4096 });
  });
});
