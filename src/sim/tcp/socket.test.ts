// TcpSocket, state by state (smoltcp's habit): every arrow of RFC 9293 Figure 5 plus the RST, abort and
// timeout exits of 3.10, with the segment each one sends. The test plays the peer; see test-harness.ts.
import { describe, expect, it } from 'vitest';
import { ACK, FIN, PSH, RST, SYN } from '../../tcp';
import { concatBytes } from '../bytes';
import {
  advanceTo,
  bytes,
  call,
  closedSocket,
  contextOf,
  deliver,
  expectNoReply,
  expectReplies,
  expectReply,
  expectStates,
  fireTimer,
  hostOf,
  LISTEN_PORT,
  localSeq,
  ms,
  PEER_ADDR,
  PEER_ISS,
  PEER_MSS,
  PEER_PORT,
  peerSeq,
  peerSyn,
  seconds,
  socketByFd,
  socketInCloseWait,
  socketInClosing,
  socketInEstablished,
  socketInFinWait1,
  socketInFinWait2,
  socketInLastAck,
  socketInListen,
  socketInSynReceived,
  socketInSynSent,
  socketInTimeWait,
} from './test-harness';

const noTimers = {
  retransmit: null,
  persist: null,
  'delayed-ack': null,
  keepalive: null,
  'fin-wait-2': null,
  'time-wait': null,
};

describe('CLOSED', () => {
  it('CLOSED -> LISTEN on listen(): nothing is sent', () => {
    const sock = closedSocket();
    expect(hostOf(sock).bindTcp(sock, LISTEN_PORT)).toBeNull();
    const out = call(sock, (s) => s.listen(5));
    expect(sock.state).toBe('LISTEN');
    expectStates(out, [['CLOSED', 'LISTEN']]);
    expectNoReply(out);
  });

  it('CLOSED -> SYN-SENT on connect(): <SEQ=ISS><CTL=SYN> with an MSS option, retransmission timer at 1 s', () => {
    const sock = closedSocket();
    hostOf(sock).autobindTcp(sock);
    const out = call(sock, (s) => s.connect(PEER_ADDR, PEER_PORT));
    expect(sock.state).toBe('SYN-SENT');
    expectStates(out, [['CLOSED', 'SYN-SENT']]);
    const syn = expectReply(out, { flags: SYN, seq: sock.iss, ack: 0 });
    expect(syn.mss).toBe(1460);
    expect(sock.timers.retransmit).toBe(seconds(1)); // RFC 6298 2.1: initial RTO 1 s
  });

  it('the same seed gives the same ISS and the same SYN (deterministic run)', () => {
    const a = socketInSynSent({ seed: 42 });
    const b = socketInSynSent({ seed: 42 });
    const c = socketInSynSent({ seed: 43 });
    expect(a.iss).toBe(b.iss);
    expect(a.localPort).toBe(b.localPort);
    expect(a.iss).not.toBe(c.iss);
  });
});

describe('LISTEN', () => {
  it('LISTEN -> SYN-RECEIVED: a SYN creates a child that answers <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>', () => {
    const listener = socketInListen();
    const out = deliver(listener, peerSyn());
    expect(listener.state).toBe('LISTEN');
    expectStates(out, [['LISTEN', 'SYN-RECEIVED']]);
    const [change] = out.states;
    expect(change?.socket).not.toBe(listener.fd);
    const child = socketByFd(hostOf(listener), change?.socket ?? -1);
    expect(child.state).toBe('SYN-RECEIVED');
    expect(child.parent).toBe(listener);
    expect(child.remote).toBe(`${PEER_ADDR}:${PEER_PORT}`);
    expect(child.peerMss).toBe(PEER_MSS);
    const synAck = expectReply(out, { flags: SYN | ACK, seq: child.iss, ack: peerSeq(1) });
    expect(synAck.mss).toBe(1460);
    expect(synAck.srcPort).toBe(LISTEN_PORT);
    expect(child.timers.retransmit).toBe(seconds(1));
  });

  it('an ACK is answered with <SEQ=SEG.ACK><CTL=RST> (RFC 9293 3.10.7.2 second)', () => {
    const listener = socketInListen();
    const out = deliver(listener, { flags: ACK, seq: 1234, ack: 5678 });
    expect(listener.state).toBe('LISTEN');
    expectStates(out, []);
    expectReply(out, { flags: RST, seq: 5678, ack: 0 });
  });

  it('a RST is ignored (RFC 9293 3.10.7.2 first)', () => {
    const listener = socketInListen();
    const out = deliver(listener, { flags: RST, seq: 1234, ack: 0 });
    expect(listener.state).toBe('LISTEN');
    expectStates(out, []);
    expectNoReply(out);
  });

  it('a segment with neither SYN, ACK nor RST is dropped (RFC 9293 3.10.7.2 fourth)', () => {
    const listener = socketInListen();
    const out = deliver(listener, { flags: PSH, seq: PEER_ISS, ack: 0, data: 'hello' });
    expectStates(out, []);
    expectNoReply(out);
  });

  it('LISTEN -> CLOSED on close(): nothing is sent, and a later SYN is refused with RST,ACK', () => {
    const listener = socketInListen();
    const out = call(listener, (s) => s.close());
    expect(listener.state).toBe('CLOSED');
    expectStates(out, [['LISTEN', 'CLOSED']]);
    expectNoReply(out);
    // RFC 9293 3.10.7.1: no TCB: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
    expectReply(deliver(listener, peerSyn()), { flags: RST | ACK, seq: 0, ack: peerSeq(1) });
  });

  it('close() resets the connections nobody accepted (Linux inet_csk_listen_stop)', () => {
    const listener = socketInListen();
    const created = deliver(listener, peerSyn()).states[0];
    const child = socketByFd(hostOf(listener), created?.socket ?? -1);
    deliver(child, { flags: ACK, seq: peerSeq(1), ack: localSeq(child, 1) });
    expect(listener.acceptQueue).toEqual([child]);
    const out = call(listener, (s) => s.close());
    expect(child.state).toBe('CLOSED');
    expect(listener.state).toBe('CLOSED');
    expectStates(out, [
      ['ESTABLISHED', 'CLOSED'],
      ['LISTEN', 'CLOSED'],
    ]);
    expectReply(out, { flags: RST | ACK, seq: localSeq(child, 1), ack: peerSeq(1) });
  });

  it('close() also drops a connection still in SYN-RECEIVED: its ACK is then reset', () => {
    const listener = socketInListen();
    const created = deliver(listener, peerSyn()).states[0];
    const child = socketByFd(hostOf(listener), created?.socket ?? -1);
    call(listener, (s) => s.close());
    const out = deliver(child, { flags: ACK, seq: peerSeq(1), ack: localSeq(child, 1) });
    expect(child.state).toBe('CLOSED');
    expect(listener.acceptQueue).toEqual([]);
    expect(out.replies.map((r) => ({ rst: (r.flags & RST) !== 0, seq: r.seq }))).toEqual([
      { rst: true, seq: localSeq(child, 1) },
    ]);
  });

  it('drops a SYN when the accept queue is over the backlog (the client retransmits)', () => {
    const listener = socketInListen({}, 0);
    const first = deliver(listener, peerSyn()).states[0];
    const child = socketByFd(hostOf(listener), first?.socket ?? -1);
    deliver(child, { flags: ACK, seq: peerSeq(1), ack: localSeq(child, 1) });
    expect(listener.acceptQueue).toHaveLength(1);
    const out = deliver(listener, { ...peerSyn(), srcPort: PEER_PORT + 1 });
    expectStates(out, []);
    expectNoReply(out);
  });
});

describe('SYN-SENT', () => {
  it('SYN-SENT -> ESTABLISHED on SYN,ACK: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 9293 3.10.7.3)', () => {
    const sock = socketInSynSent();
    const out = deliver(sock, { flags: SYN | ACK, seq: PEER_ISS, ack: localSeq(sock, 1), mss: 536, window: 1000 });
    expect(sock.state).toBe('ESTABLISHED');
    expectStates(out, [['SYN-SENT', 'ESTABLISHED']]);
    expectReply(out, { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(1) });
    expect(sock.sndUna).toBe(localSeq(sock, 1));
    expect(sock.sndWnd).toBe(1000);
    expect(sock.effectiveMss).toBe(536);
    expect(sock.timers.retransmit).toBeNull();
  });

  it('SYN-SENT -> SYN-RECEIVED on a bare SYN (simultaneous open): <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>', () => {
    const sock = socketInSynSent();
    const out = deliver(sock, peerSyn());
    expect(sock.state).toBe('SYN-RECEIVED');
    expectStates(out, [['SYN-SENT', 'SYN-RECEIVED']]);
    expectReply(out, { flags: SYN | ACK, seq: sock.iss, ack: peerSeq(1) });
  });

  it('SYN-SENT -> CLOSED on RST,ACK acknowledging our SYN: ECONNREFUSED, nothing sent', () => {
    const sock = socketInSynSent();
    const out = deliver(sock, { flags: RST | ACK, seq: 0, ack: localSeq(sock, 1) });
    expect(sock.state).toBe('CLOSED');
    expectStates(out, [['SYN-SENT', 'CLOSED']]);
    expectNoReply(out);
    expect(sock.pendingError).toBe('ECONNREFUSED');
    expect(sock.timers).toEqual(noTimers);
  });

  it('a RST without ACK is ignored (RFC 9293 3.10.7.3 second)', () => {
    const sock = socketInSynSent();
    const out = deliver(sock, { flags: RST, seq: 0, ack: 0 });
    expect(sock.state).toBe('SYN-SENT');
    expectStates(out, []);
    expectNoReply(out);
  });

  it('a RST,ACK with an unacceptable ACK is dropped without a reply', () => {
    const sock = socketInSynSent();
    const out = deliver(sock, { flags: RST | ACK, seq: 0, ack: localSeq(sock, 2) });
    expect(sock.state).toBe('SYN-SENT');
    expectNoReply(out);
  });

  it('a SYN,ACK with an unacceptable ACK gets <SEQ=SEG.ACK><CTL=RST> (RFC 9293 3.10.7.3 first)', () => {
    const sock = socketInSynSent();
    const out = deliver(sock, { flags: SYN | ACK, seq: PEER_ISS, ack: localSeq(sock, 5) });
    expect(sock.state).toBe('SYN-SENT');
    expectStates(out, []);
    expectReply(out, { flags: RST, seq: localSeq(sock, 5), ack: 0 });
  });

  it('SYN-SENT -> CLOSED on close(): nothing is sent', () => {
    const sock = socketInSynSent();
    const out = call(sock, (s) => s.close());
    expect(sock.state).toBe('CLOSED');
    expectStates(out, [['SYN-SENT', 'CLOSED']]);
    expectNoReply(out);
    expect(sock.timers).toEqual(noTimers);
  });

  it('retransmits the SYN after 1 s, then 2 s, then 4 s (RFC 6298 5.5 backoff)', () => {
    const sock = socketInSynSent();
    const ctx = contextOf(sock);
    for (const [at, next] of [
      [1, 3],
      [3, 7],
      [7, 15],
    ] as const) {
      const out = fireTimer(sock, 'retransmit');
      expect(ctx.now).toBe(seconds(at));
      const syn = expectReply(out, { flags: SYN, seq: sock.iss, ack: 0 });
      expect(syn.retransmission).toBe(true);
      expect(sock.timers.retransmit).toBe(seconds(next));
      expectStates(out, []);
    }
    expect(sock.state).toBe('SYN-SENT');
  });

  it('SYN-SENT -> CLOSED with ETIMEDOUT after 6 retransmissions (127 s, tcp_syn_retries)', () => {
    const sock = socketInSynSent();
    for (let i = 0; i < 6; i++) expectReply(fireTimer(sock, 'retransmit'), { flags: SYN, seq: sock.iss, ack: 0 });
    const out = fireTimer(sock, 'retransmit');
    expect(contextOf(sock).now).toBe(seconds(127));
    expect(sock.state).toBe('CLOSED');
    expectStates(out, [['SYN-SENT', 'CLOSED']]);
    expectNoReply(out);
    expect(sock.pendingError).toBe('ETIMEDOUT');
  });
});

describe('SYN-RECEIVED', () => {
  it('SYN-RECEIVED -> ESTABLISHED on the ACK of our SYN; the connection joins the accept queue', () => {
    const child = socketInSynReceived();
    const out = deliver(child, { flags: ACK, seq: peerSeq(1), ack: localSeq(child, 1) });
    expect(child.state).toBe('ESTABLISHED');
    expectStates(out, [['SYN-RECEIVED', 'ESTABLISHED']]);
    expectNoReply(out);
    expect(child.parent?.acceptQueue).toEqual([child]);
    expect(child.timers.retransmit).toBeNull();
  });

  it('an ACK with data completes the handshake and the data is delivered', () => {
    const child = socketInSynReceived();
    const out = deliver(child, { flags: ACK | PSH, seq: peerSeq(1), ack: localSeq(child, 1), data: 'hi' });
    expect(child.state).toBe('ESTABLISHED');
    expectStates(out, [['SYN-RECEIVED', 'ESTABLISHED']]);
    expectReply(out, { flags: ACK, seq: localSeq(child, 1), ack: peerSeq(3) }); // Linux quick ACK
    expect(new TextDecoder().decode(concatBytes(child.receive(10)))).toBe('hi');
  });

  it('an unacceptable ACK gets <SEQ=SEG.ACK><CTL=RST> (RFC 9293 3.10.7.4 fifth)', () => {
    const child = socketInSynReceived();
    const out = deliver(child, { flags: ACK, seq: peerSeq(1), ack: localSeq(child, 7) });
    expect(child.state).toBe('SYN-RECEIVED');
    expectStates(out, []);
    expectReply(out, { flags: RST, seq: localSeq(child, 7), ack: 0 });
  });

  it('a retransmitted SYN is answered with the SYN,ACK again', () => {
    const child = socketInSynReceived();
    const out = deliver(child, peerSyn());
    expect(child.state).toBe('SYN-RECEIVED');
    expectStates(out, []);
    const synAck = expectReply(out, { flags: SYN | ACK, seq: child.iss, ack: peerSeq(1) });
    expect(synAck.retransmission).toBe(true);
  });

  it('the retransmission timer resends the SYN,ACK after 1 s, then 2 s', () => {
    const child = socketInSynReceived();
    const first = fireTimer(child, 'retransmit');
    expect(contextOf(child).now).toBe(seconds(1));
    expectReply(first, { flags: SYN | ACK, seq: child.iss, ack: peerSeq(1) });
    expect(child.timers.retransmit).toBe(seconds(3));
    expectReply(fireTimer(child, 'retransmit'), { flags: SYN | ACK, seq: child.iss, ack: peerSeq(1) });
    expect(child.timers.retransmit).toBe(seconds(7));
  });

  it('SYN-RECEIVED -> CLOSED after the SYN,ACK retransmissions are used up (no error: nobody holds it)', () => {
    const child = socketInSynReceived();
    for (let i = 0; i < 6; i++)
      expectReply(fireTimer(child, 'retransmit'), { flags: SYN | ACK, seq: child.iss, ack: peerSeq(1) });
    const out = fireTimer(child, 'retransmit');
    expect(contextOf(child).now).toBe(seconds(127));
    expectStates(out, [['SYN-RECEIVED', 'CLOSED']]);
    expectNoReply(out);
    expect(child.pendingError).toBeNull();
  });

  it('SYN-RECEIVED -> CLOSED on a RST with SEG.SEQ = RCV.NXT: the half-open child is dropped silently', () => {
    const child = socketInSynReceived();
    const host = hostOf(child);
    const out = deliver(child, { flags: RST, seq: peerSeq(1), ack: 0 });
    expect(child.state).toBe('CLOSED');
    expectStates(out, [['SYN-RECEIVED', 'CLOSED']]);
    expectNoReply(out);
    expect(child.pendingError).toBeNull();
    expect(host.descriptor(child.fd)).toBeUndefined();
  });

  it('rfc: a RST in the window but not at RCV.NXT gets a challenge ACK (RFC 5961 3.2)', () => {
    const child = socketInSynReceived({ profile: 'rfc' });
    const out = deliver(child, { flags: RST, seq: peerSeq(10), ack: 0 });
    expect(child.state).toBe('SYN-RECEIVED');
    expectStates(out, []);
    expectReply(out, { flags: ACK, seq: localSeq(child, 1), ack: peerSeq(1) });
  });

  it('linux: any RST in the window drops the half-open child silently (tcp_check_req)', () => {
    const child = socketInSynReceived();
    const listener = child.parent;
    const out = deliver(child, { flags: RST, seq: peerSeq(10), ack: 0 });
    expect(child.state).toBe('CLOSED');
    expectStates(out, [['SYN-RECEIVED', 'CLOSED']]);
    expectNoReply(out);
    expect(listener?.state).toBe('LISTEN');
    expect(listener?.halfOpen.size).toBe(0);
  });

  it('a RST outside the window is dropped silently, the child stays (RFC 9293 3.10.7.4 first)', () => {
    for (const profile of ['linux', 'rfc'] as const) {
      const child = socketInSynReceived({ profile });
      const out = deliver(child, { flags: RST, seq: peerSeq(70_000), ack: 0 });
      expect(child.state).toBe('SYN-RECEIVED');
      expectNoReply(out);
    }
  });

  it('rfc: a new SYN in the window gets a challenge ACK (RFC 5961 4.2)', () => {
    const child = socketInSynReceived({ profile: 'rfc' });
    const out = deliver(child, { flags: SYN, seq: peerSeq(10), ack: 0 });
    expect(child.state).toBe('SYN-RECEIVED');
    expectReply(out, { flags: ACK, seq: localSeq(child, 1), ack: peerSeq(1) });
  });

  it('linux: a new SYN in the window is answered with a reset and drops the child (tcp_check_req)', () => {
    const child = socketInSynReceived();
    const out = deliver(child, { flags: SYN, seq: peerSeq(10), ack: 0 });
    expect(child.state).toBe('CLOSED');
    expectStates(out, [['SYN-RECEIVED', 'CLOSED']]);
    expectReply(out, { flags: RST | ACK, seq: 0, ack: peerSeq(11) });
    expect(child.parent?.halfOpen.size).toBe(0);
  });

  describe('after a simultaneous open', () => {
    it('SYN-RECEIVED -> ESTABLISHED on the ACK of our SYN', () => {
      const sock = socketInSynReceived({}, 'simultaneous-open');
      const out = deliver(sock, { flags: ACK, seq: peerSeq(1), ack: localSeq(sock, 1) });
      expect(sock.state).toBe('ESTABLISHED');
      expectStates(out, [['SYN-RECEIVED', 'ESTABLISHED']]);
      expectNoReply(out);
    });

    it('SYN-RECEIVED -> ESTABLISHED on the peer SYN,ACK (RFC 9293 Figure 8, line 6)', () => {
      const sock = socketInSynReceived({}, 'simultaneous-open');
      const out = deliver(sock, { flags: SYN | ACK, seq: PEER_ISS, ack: localSeq(sock, 1), mss: PEER_MSS });
      expect(sock.state).toBe('ESTABLISHED');
      expectStates(out, [['SYN-RECEIVED', 'ESTABLISHED']]);
    });

    it('SYN-RECEIVED -> FIN-WAIT-1 on close(): <SEQ=ISS+1><CTL=FIN,ACK> (RFC 9293 3.10.4)', () => {
      const sock = socketInSynReceived({}, 'simultaneous-open');
      const out = call(sock, (s) => s.close());
      expect(sock.state).toBe('FIN-WAIT-1');
      expectStates(out, [['SYN-RECEIVED', 'FIN-WAIT-1']]);
      expectReply(out, { flags: FIN | ACK, seq: localSeq(sock, 1), ack: peerSeq(1) });
    });

    it('after close(), the retransmission timer resends SYN,ACK, not a bare SYN', () => {
      const sock = socketInSynReceived({}, 'simultaneous-open');
      call(sock, (s) => s.close());
      const out = fireTimer(sock, 'retransmit');
      expectReply(out, { flags: SYN | ACK, seq: sock.iss, ack: peerSeq(1) });
    });

    it('SYN-RECEIVED -> CLOSED on RST: ECONNREFUSED for the program', () => {
      const sock = socketInSynReceived({}, 'simultaneous-open');
      const out = deliver(sock, { flags: RST, seq: peerSeq(1), ack: 0 });
      expect(sock.state).toBe('CLOSED');
      expectStates(out, [['SYN-RECEIVED', 'CLOSED']]);
      expectNoReply(out);
      expect(sock.pendingError).toBe('ECONNREFUSED');
    });
  });
});

describe('ESTABLISHED', () => {
  it('ESTABLISHED -> FIN-WAIT-1 on close(): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=FIN,ACK>', () => {
    const sock = socketInEstablished();
    const out = call(sock, (s) => s.close());
    expect(sock.state).toBe('FIN-WAIT-1');
    expectStates(out, [['ESTABLISHED', 'FIN-WAIT-1']]);
    expectReply(out, { flags: FIN | ACK, seq: localSeq(sock, 1), ack: peerSeq(1) });
    expect(sock.timers.retransmit).toBe(ms(200)); // SRTT 0 (instant handshake) + Linux's TCP_RTO_MIN
  });

  it('the FIN follows the queued data (RFC 9293 3.10.4)', () => {
    const sock = socketInEstablished();
    expectReply(
      call(sock, (s) => s.send(bytes('hello'))),
      { flags: ACK | PSH, seq: localSeq(sock, 1), ack: peerSeq(1), len: 5 },
    );
    const out = call(sock, (s) => s.closeSending({ en: 'shutdown(SHUT_WR)', fr: 'shutdown(SHUT_WR)' }));
    expectStates(out, [['ESTABLISHED', 'FIN-WAIT-1']]);
    expectReply(out, { flags: FIN | ACK, seq: localSeq(sock, 6), ack: peerSeq(1) });
  });

  it('rfc: ESTABLISHED -> CLOSE-WAIT on FIN: the FIN is acknowledged at once', () => {
    const sock = socketInEstablished({ profile: 'rfc' });
    const out = deliver(sock, { flags: FIN | ACK, seq: peerSeq(1), ack: localSeq(sock, 1) });
    expect(sock.state).toBe('CLOSE-WAIT');
    expectStates(out, [['ESTABLISHED', 'CLOSE-WAIT']]);
    expectReply(out, { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(2) });
    expect(sock.finReceived).toBe(true);
  });

  it('rfc: data and FIN in one segment: data delivered, then CLOSE-WAIT, one ACK for both', () => {
    const sock = socketInEstablished({ profile: 'rfc' });
    const out = deliver(sock, { flags: FIN | ACK | PSH, seq: peerSeq(1), ack: localSeq(sock, 1), data: 'bye' });
    expectStates(out, [['ESTABLISHED', 'CLOSE-WAIT']]);
    expectReply(out, { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(5) });
    expect(sock.recvBuffer.length).toBe(3);
  });

  describe('linux: the ACK of a FIN (tcp_fin enters ping-pong mode)', () => {
    it('ESTABLISHED -> CLOSE-WAIT on FIN: the ACK waits for the delayed-ACK timer', () => {
      const sock = socketInEstablished();
      const out = deliver(sock, { flags: FIN | ACK, seq: peerSeq(1), ack: localSeq(sock, 1) });
      expectStates(out, [['ESTABLISHED', 'CLOSE-WAIT']]);
      expectNoReply(out);
      expect(sock.timers['delayed-ack']).toBe(ms(40));
      expectReply(fireTimer(sock, 'delayed-ack'), { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(2) });
    });

    it('close() within the delay: our FIN carries the ACK (a three-segment teardown)', () => {
      const sock = socketInEstablished();
      deliver(sock, { flags: FIN | ACK, seq: peerSeq(1), ack: localSeq(sock, 1) });
      const out = advanceTo(sock, ms(10));
      expectNoReply(out);
      const closed = call(sock, (s) => s.close());
      expectStates(closed, [['CLOSE-WAIT', 'LAST-ACK']]);
      expectReply(closed, { flags: FIN | ACK, seq: localSeq(sock, 1), ack: peerSeq(2) });
      expect(sock.timers['delayed-ack']).toBeNull();
    });

    it('data and FIN in one segment: the data is delivered, one delayed ACK for both', () => {
      const sock = socketInEstablished();
      const out = deliver(sock, { flags: FIN | ACK | PSH, seq: peerSeq(1), ack: localSeq(sock, 1), data: 'bye' });
      expectStates(out, [['ESTABLISHED', 'CLOSE-WAIT']]);
      expectNoReply(out);
      expect(sock.recvBuffer.length).toBe(3);
      expectReply(fireTimer(sock, 'delayed-ack'), { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(5) });
    });

    it('reading the data after the FIN does not hurry the ACK', () => {
      const sock = socketInEstablished();
      deliver(sock, { flags: ACK | PSH, seq: peerSeq(1), ack: localSeq(sock, 1), data: 'bye' }); // quick ACK
      deliver(sock, { flags: FIN | ACK, seq: peerSeq(4), ack: localSeq(sock, 1) });
      expectNoReply(call(sock, (s) => s.receive(100)));
      expect(sock.timers['delayed-ack']).toBe(ms(40));
    });
  });

  it('ESTABLISHED -> CLOSED on a RST with SEG.SEQ = RCV.NXT: ECONNRESET, nothing sent', () => {
    const sock = socketInEstablished();
    const out = deliver(sock, { flags: RST, seq: peerSeq(1), ack: 0 });
    expect(sock.state).toBe('CLOSED');
    expectStates(out, [['ESTABLISHED', 'CLOSED']]);
    expectNoReply(out);
    expect(sock.pendingError).toBe('ECONNRESET');
    expect(sock.timers).toEqual(noTimers);
  });

  it('a RST in the window but not at RCV.NXT gets a challenge ACK and changes nothing (RFC 5961 3.2)', () => {
    const sock = socketInEstablished();
    const out = deliver(sock, { flags: RST, seq: peerSeq(500), ack: 0 });
    expect(sock.state).toBe('ESTABLISHED');
    expectStates(out, []);
    expectReply(out, { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(1) });
    expect(sock.pendingError).toBeNull();
  });

  it('a RST outside the window is dropped silently (RFC 9293 3.10.7.4 first)', () => {
    const sock = socketInEstablished();
    const out = deliver(sock, { flags: RST, seq: peerSeq(70_000), ack: 0 });
    expect(sock.state).toBe('ESTABLISHED');
    expectStates(out, []);
    expectNoReply(out);
  });

  it('a SYN gets a challenge ACK (RFC 5961 4.2)', () => {
    const sock = socketInEstablished();
    const out = deliver(sock, { flags: SYN, seq: peerSeq(1), ack: 0 });
    expect(sock.state).toBe('ESTABLISHED');
    expectReply(out, { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(1) });
  });

  it('a SYN outside the window gets the same ACK (RFC 5961 4.2: irrespective of the sequence number)', () => {
    const sock = socketInEstablished();
    const out = deliver(sock, { flags: SYN, seq: peerSeq(90_000), ack: 0 });
    expect(sock.state).toBe('ESTABLISHED');
    expectReply(out, { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(1) });
  });

  it('data outside the window gets a duplicate ACK and is dropped (RFC 9293 3.10.7.4 first)', () => {
    const sock = socketInEstablished();
    const out = deliver(sock, { flags: ACK | PSH, seq: peerSeq(90_000), ack: localSeq(sock, 1), data: 'spoofed' });
    expectReply(out, { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(1) });
    expect(sock.receive(100)).toEqual([]);
  });

  it('linux: a RST at the end of the right-most SACK block resets (tcp_validate_incoming)', () => {
    const sock = socketInSynSent();
    deliver(sock, { flags: SYN | ACK, seq: PEER_ISS, ack: localSeq(sock, 1), options: { sackOk: true } });
    deliver(sock, { flags: ACK | PSH, seq: peerSeq(101), ack: localSeq(sock, 1), data: 'later' });
    const out = deliver(sock, { flags: RST, seq: peerSeq(106), ack: 0 });
    expect(sock.state).toBe('CLOSED');
    expect(sock.pendingError).toBe('ECONNRESET');
    expectNoReply(out);
  });

  it('rfc: the same RST gets a challenge ACK (RFC 5961 3.2: only RCV.NXT resets)', () => {
    const sock = socketInEstablished({ profile: 'rfc' });
    deliver(sock, { flags: ACK | PSH, seq: peerSeq(101), ack: localSeq(sock, 1), data: 'later' });
    const out = deliver(sock, { flags: RST, seq: peerSeq(106), ack: 0 });
    expect(sock.state).toBe('ESTABLISHED');
    expectReply(out, { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(1) });
  });

  it('ESTABLISHED -> CLOSED on close() with SO_LINGER 0: <SEQ=SND.NXT><CTL=RST,ACK>', () => {
    const sock = socketInEstablished({ options: { lingerZero: true } });
    const out = call(sock, (s) => s.close());
    expect(sock.state).toBe('CLOSED');
    expectStates(out, [['ESTABLISHED', 'CLOSED']]);
    expectReply(out, { flags: RST | ACK, seq: localSeq(sock, 1), ack: peerSeq(1) });
    expect(sock.pendingError).toBeNull();
  });

  it('ESTABLISHED -> CLOSED on close() with unread data: RST, not FIN (RFC 2525 2.17)', () => {
    const sock = socketInEstablished();
    deliver(sock, { flags: ACK | PSH, seq: peerSeq(1), ack: localSeq(sock, 1), data: 'unread' });
    const out = call(sock, (s) => s.close());
    expect(sock.state).toBe('CLOSED');
    expectStates(out, [['ESTABLISHED', 'CLOSED']]);
    expectReply(out, { flags: RST | ACK, seq: localSeq(sock, 1), ack: peerSeq(7) });
  });

  it('an unacceptable segment (old data) is answered with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>', () => {
    const sock = socketInEstablished();
    deliver(sock, { flags: ACK | PSH, seq: peerSeq(1), ack: localSeq(sock, 1), data: 'abcdef' });
    const out = deliver(sock, { flags: ACK | PSH, seq: peerSeq(1), ack: localSeq(sock, 1), data: 'abc' });
    expect(sock.state).toBe('ESTABLISHED');
    expectStates(out, []);
    expectReply(out, { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(7) });
    expect(sock.recvBuffer.length).toBe(6);
  });

  it('a segment beyond the receive window is answered with a duplicate ACK', () => {
    const sock = socketInEstablished();
    const out = deliver(sock, { flags: ACK, seq: peerSeq(1 + 65_535), ack: localSeq(sock, 1), data: 'x' });
    expectStates(out, []);
    expectReply(out, { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(1) });
    expect(sock.recvBuffer.length).toBe(0);
  });

  it('an ACK of data never sent is answered with an ACK and its text dropped (RFC 9293 3.10.7.4 fifth)', () => {
    const sock = socketInEstablished();
    const out = deliver(sock, { flags: ACK | PSH, seq: peerSeq(1), ack: localSeq(sock, 100), data: 'x' });
    expectStates(out, []);
    expectReply(out, { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(1) });
    expect(sock.recvBuffer.length).toBe(0);
    expect(sock.sndUna).toBe(localSeq(sock, 1));
  });

  it('in-order data across the 2^32 wrap is delivered and quick-ACKed (Linux)', () => {
    const sock = socketInEstablished();
    const data = new Uint8Array(200).map((_, i) => i);
    const out = deliver(sock, { flags: ACK | PSH, seq: peerSeq(1), ack: localSeq(sock, 1), data });
    expect(peerSeq(201)).toBeLessThan(PEER_ISS); // the ACK number wrapped
    expectReply(out, { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(201) });
    expect(concatBytes(sock.receive(1000))).toEqual(data);
  });

  it('out-of-order data gets an immediate duplicate ACK; the missing piece then ACKs both', () => {
    const sock = socketInEstablished();
    const gap = deliver(sock, { flags: ACK | PSH, seq: peerSeq(6), ack: localSeq(sock, 1), data: 'world' });
    expectReply(gap, { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(1) });
    const fill = deliver(sock, { flags: ACK | PSH, seq: peerSeq(1), ack: localSeq(sock, 1), data: 'hello' });
    expectReply(fill, { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(11) });
    expect(new TextDecoder().decode(concatBytes(sock.receive(100)))).toBe('helloworld');
  });

  describe('retransmission timer (RFC 6298)', () => {
    it('the handshake gives the first RTT sample: RTO = SRTT + max(4 RTTVAR, 200 ms) in Linux (RFC 6298 2.2)', () => {
      const sock = socketInEstablished({ handshakeRttUs: ms(100) });
      expect(sock.rtoUs).toBe(ms(300));
      call(sock, (s) => s.send(bytes('x')));
      expect(sock.timers.retransmit).toBe(ms(100) + ms(300));
    });

    it('rfc profile: the same sample is rounded up to the 1 s floor (RFC 6298 2.4)', () => {
      expect(socketInEstablished({ profile: 'rfc', handshakeRttUs: ms(100) }).rtoUs).toBe(seconds(1));
    });

    it('after a resent SYN (no sample, Karn) data starts with an RTO of 3 s (RFC 6298 5.7)', () => {
      const sock = socketInSynSent();
      fireTimer(sock, 'retransmit');
      contextOf(sock).now = ms(1500);
      deliver(sock, { flags: SYN | ACK, seq: PEER_ISS, ack: localSeq(sock, 1), mss: PEER_MSS });
      expect(sock.state).toBe('ESTABLISHED');
      call(sock, (s) => s.send(bytes('x')));
      expect(sock.timers.retransmit).toBe(ms(1500) + seconds(3));
    });

    it('resends the first unacknowledged segment after RTO, then doubles it: 200, 400, 800 ms (RFC 6298 5.5)', () => {
      const sock = socketInEstablished();
      const sent = call(sock, (s) => s.send(new Uint8Array(100)));
      expectReply(sent, { flags: ACK | PSH, seq: localSeq(sock, 1), ack: peerSeq(1), len: 100 });
      expect(sock.timers.retransmit).toBe(ms(200));
      for (const [at, next] of [
        [200, 600],
        [600, 1400],
        [1400, 3000],
      ] as const) {
        const out = fireTimer(sock, 'retransmit');
        expect(contextOf(sock).now).toBe(ms(at));
        const again = expectReply(out, { flags: ACK | PSH, seq: localSeq(sock, 1), ack: peerSeq(1), len: 100 });
        expect(again.retransmission).toBe(true);
        expect(sock.timers.retransmit).toBe(ms(next));
        expectStates(out, []);
      }
    });

    it('resends only the first segment when several are in flight, with its own flags (no PSH added)', () => {
      const sock = socketInEstablished();
      const sent = call(sock, (s) => s.send(new Uint8Array(2000)));
      expectReplies(sent, [
        { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(1), len: 1460 },
        { flags: ACK | PSH, seq: localSeq(sock, 1461), ack: peerSeq(1), len: 540 },
      ]);
      // cwnd is 1 after the timeout (RFC 5681 3.1); Linux resends the skb as it was first sent.
      const out = fireTimer(sock, 'retransmit');
      expectReply(out, { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(1), len: 1460 });
    });

    it('an ACK of everything stops the timer', () => {
      const sock = socketInEstablished();
      call(sock, (s) => s.send(new Uint8Array(100)));
      contextOf(sock).now = ms(30);
      const out = deliver(sock, { flags: ACK, seq: peerSeq(1), ack: localSeq(sock, 101) });
      expectNoReply(out);
      expect(sock.timers.retransmit).toBeNull();
      expect(sock.sndUna).toBe(localSeq(sock, 101));
      // second sample 30 ms after SRTT 0: RTTVAR = 7.5 ms, SRTT = 3.75 ms, RTO = 3.75 ms + max(30 ms, 200 ms)
      expect(sock.rtoUs).toBe(203_750);
    });

    it('ESTABLISHED -> CLOSED with ETIMEDOUT once the data retries are used up', () => {
      const sock = socketInEstablished({ tcp: { dataRetries: 2 } });
      call(sock, (s) => s.send(new Uint8Array(10)));
      fireTimer(sock, 'retransmit');
      fireTimer(sock, 'retransmit');
      const out = fireTimer(sock, 'retransmit');
      expect(sock.state).toBe('CLOSED');
      expectStates(out, [['ESTABLISHED', 'CLOSED']]);
      expectNoReply(out);
      expect(sock.pendingError).toBe('ETIMEDOUT');
    });
  });

  describe('delayed ACK (RFC 9293 3.8.6.3)', () => {
    it('holds the ACK of a small segment for 40 ms in the linux profile', () => {
      const sock = socketInEstablished({ tcp: { quickAck: false } });
      const out = deliver(sock, { flags: ACK | PSH, seq: peerSeq(1), ack: localSeq(sock, 1), data: 'ping' });
      expectNoReply(out);
      expect(sock.timers['delayed-ack']).toBe(ms(40));
      const fired = fireTimer(sock, 'delayed-ack');
      expect(contextOf(sock).now).toBe(ms(40));
      expectReply(fired, { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(5) });
      expectStates(fired, []);
    });

    it('holds it for 200 ms in the rfc profile', () => {
      const sock = socketInEstablished({ profile: 'rfc' });
      expectNoReply(deliver(sock, { flags: ACK | PSH, seq: peerSeq(1), ack: localSeq(sock, 1), data: 'ping' }));
      expect(sock.timers['delayed-ack']).toBe(ms(200));
      expectReply(fireTimer(sock, 'delayed-ack'), { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(5) });
    });

    it('acknowledges every second full-sized segment at once', () => {
      const sock = socketInEstablished({ tcp: { quickAck: false } });
      const full = new Uint8Array(1460);
      expectNoReply(deliver(sock, { flags: ACK, seq: peerSeq(1), ack: localSeq(sock, 1), data: full }));
      const out = deliver(sock, { flags: ACK, seq: peerSeq(1461), ack: localSeq(sock, 1), data: full });
      expectReply(out, { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(2921) });
      expect(sock.timers['delayed-ack']).toBeNull();
    });

    it('linux: quick ACKs at the start of a connection, then ping-pong once the socket answers', () => {
      const sock = socketInEstablished();
      const ping = deliver(sock, { flags: ACK | PSH, seq: peerSeq(1), ack: localSeq(sock, 1), data: 'ping' });
      expectReply(ping, { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(5) }); // tcp_incr_quickack
      call(sock, (s) => s.send(bytes('pong'))); // within 40 ms of the data: tcp_event_data_sent, ping-pong
      deliver(sock, { flags: ACK, seq: peerSeq(5), ack: localSeq(sock, 5) });
      const again = deliver(sock, { flags: ACK | PSH, seq: peerSeq(5), ack: localSeq(sock, 5), data: 'ping' });
      expectNoReply(again); // quick ACKs are left, but not in ping-pong mode
      expect(sock.timers['delayed-ack']).toBe(ms(40));
    });

    it('linux: the delayed-ACK timer ends ping-pong mode, so the next segment is ACKed quickly', () => {
      const sock = socketInEstablished();
      deliver(sock, { flags: ACK | PSH, seq: peerSeq(1), ack: localSeq(sock, 1), data: 'ping' });
      call(sock, (s) => s.send(bytes('pong')));
      deliver(sock, { flags: ACK, seq: peerSeq(5), ack: localSeq(sock, 5) });
      deliver(sock, { flags: ACK | PSH, seq: peerSeq(5), ack: localSeq(sock, 5), data: 'ping' });
      expectReply(fireTimer(sock, 'delayed-ack'), { flags: ACK, seq: localSeq(sock, 5), ack: peerSeq(9) });
      const out = deliver(sock, { flags: ACK | PSH, seq: peerSeq(9), ack: localSeq(sock, 5), data: 'body' });
      expectReply(out, { flags: ACK, seq: localSeq(sock, 5), ack: peerSeq(13) }); // tcp_delack_timer_handler
    });

    it('linux: a read that drains a small pushed segment sends the ACK (tcp_cleanup_rbuf)', () => {
      const sock = socketInEstablished({ tcp: { quickAck: false } });
      expectNoReply(deliver(sock, { flags: ACK | PSH, seq: peerSeq(1), ack: localSeq(sock, 1), data: 'ping' }));
      const read = call(sock, (s) => s.receive(2));
      expectNoReply(read); // data is left in the queue
      expectReply(
        call(sock, (s) => s.receive(2)),
        { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(5) },
      );
      expect(sock.timers['delayed-ack']).toBeNull();
    });

    it('linux: in ping-pong mode a read ACKs only after two small segments', () => {
      const sock = socketInEstablished();
      deliver(sock, { flags: ACK | PSH, seq: peerSeq(1), ack: localSeq(sock, 1), data: 'ping' });
      call(sock, (s) => s.receive(100));
      call(sock, (s) => s.send(bytes('pong'))); // ping-pong
      deliver(sock, { flags: ACK | PSH, seq: peerSeq(5), ack: localSeq(sock, 5), data: 'a' });
      expectNoReply(call(sock, (s) => s.receive(100)));
      deliver(sock, { flags: ACK | PSH, seq: peerSeq(6), ack: localSeq(sock, 5), data: 'b' });
      deliver(sock, { flags: ACK | PSH, seq: peerSeq(7), ack: localSeq(sock, 5), data: 'c' });
      expectReply(
        call(sock, (s) => s.receive(100)),
        { flags: ACK, seq: localSeq(sock, 5), ack: peerSeq(8) },
      );
    });

    it('rfc: a read never sends an ACK by itself', () => {
      const sock = socketInEstablished({ profile: 'rfc' });
      deliver(sock, { flags: ACK | PSH, seq: peerSeq(1), ack: localSeq(sock, 1), data: 'ping' });
      expectNoReply(call(sock, (s) => s.receive(100)));
      expect(sock.timers['delayed-ack']).toBe(ms(200));
    });

    it('a reply carrying data takes the pending ACK along and cancels the timer', () => {
      const sock = socketInEstablished({ tcp: { quickAck: false } });
      deliver(sock, { flags: ACK | PSH, seq: peerSeq(1), ack: localSeq(sock, 1), data: 'ping' });
      const out = call(sock, (s) => s.send(bytes('pong')));
      expectReply(out, { flags: ACK | PSH, seq: localSeq(sock, 1), ack: peerSeq(5), len: 4 });
      expect(sock.timers['delayed-ack']).toBeNull();
    });
  });

  describe('Nagle (RFC 896, RFC 9293 3.7.4)', () => {
    it('linux: holds a small segment while an earlier small one is unacknowledged, sends it on the ACK', () => {
      const sock = socketInEstablished();
      expectReply(
        call(sock, (s) => s.send(bytes('first'))),
        { flags: ACK | PSH, seq: localSeq(sock, 1), ack: peerSeq(1), len: 5 },
      );
      expectNoReply(call(sock, (s) => s.send(bytes('second'))));
      const out = deliver(sock, { flags: ACK, seq: peerSeq(1), ack: localSeq(sock, 6) });
      expectReply(out, { flags: ACK | PSH, seq: localSeq(sock, 6), ack: peerSeq(1), len: 6 });
    });

    it('rfc: holds a small segment while any data is unacknowledged', () => {
      const sock = socketInEstablished({ profile: 'rfc' });
      call(sock, (s) => s.send(new Uint8Array(1460))); // a full segment
      expectNoReply(call(sock, (s) => s.send(bytes('tail'))));
      const out = deliver(sock, { flags: ACK, seq: peerSeq(1), ack: localSeq(sock, 1461) });
      expectReply(out, { flags: ACK | PSH, seq: localSeq(sock, 1461), ack: peerSeq(1), len: 4 });
    });

    it('TCP_NODELAY sends the second small segment at once', () => {
      const sock = socketInEstablished({ options: { noDelay: true } });
      call(sock, (s) => s.send(bytes('first')));
      const out = call(sock, (s) => s.send(bytes('second')));
      expectReply(out, { flags: ACK | PSH, seq: localSeq(sock, 6), ack: peerSeq(1), len: 6 });
    });
  });

  describe('zero window (RFC 9293 3.8.6.1)', () => {
    it('holds data against a zero window, probes when the persist timer fires, sends once it opens', () => {
      const sock = socketInEstablished();
      deliver(sock, { flags: ACK, seq: peerSeq(1), ack: localSeq(sock, 1), window: 0 });
      expect(sock.sndWnd).toBe(0);
      expectNoReply(call(sock, (s) => s.send(new Uint8Array(100))));
      expect(sock.timers.persist).toBe(ms(200)); // one RTO
      expect(sock.timers.retransmit).toBeNull();

      const probe = fireTimer(sock, 'persist');
      // Linux tcp_xmit_probe_skb: an old sequence number (SND.UNA - 1) and no data
      const sent = expectReply(probe, { flags: ACK, seq: localSeq(sock, 0), ack: peerSeq(1) });
      expect(sent.probe).toBe('zero-window');
      expect(sock.timers.persist).toBe(ms(200 + 400)); // backed off
      expectReply(fireTimer(sock, 'persist'), { flags: ACK, seq: localSeq(sock, 0), ack: peerSeq(1) });
      expect(sock.timers.persist).toBe(ms(600 + 800));
      expectStates(probe, []);

      const opened = deliver(sock, { flags: ACK, seq: peerSeq(1), ack: localSeq(sock, 1), window: 4096 });
      expectReply(opened, { flags: ACK | PSH, seq: localSeq(sock, 1), ack: peerSeq(1), len: 100 });
      expect(sock.timers.persist).toBeNull();
    });
  });

  describe('keepalive (RFC 1122 4.2.3.6)', () => {
    const keepalive = { keepAlive: true, keepIdleS: 10, keepIntervalS: 5, keepCount: 2 };

    it('probes with <SEQ=SND.UNA-1> after the idle time; an answer restarts the idle time', () => {
      const sock = socketInEstablished({ options: keepalive });
      expect(sock.timers.keepalive).toBe(seconds(10));
      const out = fireTimer(sock, 'keepalive');
      const probe = expectReply(out, { flags: ACK, seq: localSeq(sock, 0), ack: peerSeq(1) });
      expect(probe.probe).toBe('keepalive');
      expectStates(out, []);
      expect(sock.timers.keepalive).toBe(seconds(15));
      contextOf(sock).now = seconds(11);
      expectNoReply(deliver(sock, { flags: ACK, seq: peerSeq(1), ack: localSeq(sock, 1) }));
      expect(sock.timers.keepalive).toBe(seconds(21));
    });

    it('ESTABLISHED -> CLOSED with ETIMEDOUT and a RST when every probe goes unanswered', () => {
      const sock = socketInEstablished({ options: keepalive });
      fireTimer(sock, 'keepalive');
      fireTimer(sock, 'keepalive');
      const out = fireTimer(sock, 'keepalive');
      expect(contextOf(sock).now).toBe(seconds(20));
      expect(sock.state).toBe('CLOSED');
      expectStates(out, [['ESTABLISHED', 'CLOSED']]);
      expectReply(out, { flags: RST | ACK, seq: localSeq(sock, 1), ack: peerSeq(1) });
      expect(sock.pendingError).toBe('ETIMEDOUT');
    });

    it('no keepalive timer without SO_KEEPALIVE', () => {
      expect(socketInEstablished().timers.keepalive).toBeNull();
    });
  });
});

describe('FIN-WAIT-1', () => {
  it('FIN-WAIT-1 -> FIN-WAIT-2 on the ACK of our FIN: nothing sent, orphan timer armed', () => {
    const sock = socketInFinWait1();
    const out = deliver(sock, { flags: ACK, seq: peerSeq(1), ack: localSeq(sock, 2) });
    expect(sock.state).toBe('FIN-WAIT-2');
    expectStates(out, [['FIN-WAIT-1', 'FIN-WAIT-2']]);
    expectNoReply(out);
    expect(sock.timers.retransmit).toBeNull();
    expect(sock.timers['fin-wait-2']).toBe(seconds(60));
  });

  it('an ACK that does not cover our FIN leaves FIN-WAIT-1', () => {
    const sock = socketInFinWait1();
    const out = deliver(sock, { flags: ACK, seq: peerSeq(1), ack: localSeq(sock, 1) });
    expect(sock.state).toBe('FIN-WAIT-1');
    expectStates(out, []);
    expectNoReply(out);
  });

  it('FIN-WAIT-1 -> CLOSING on a FIN that does not ACK ours (simultaneous close): ACK it', () => {
    const sock = socketInFinWait1();
    const out = deliver(sock, { flags: FIN | ACK, seq: peerSeq(1), ack: localSeq(sock, 1) });
    expect(sock.state).toBe('CLOSING');
    expectStates(out, [['FIN-WAIT-1', 'CLOSING']]);
    expectReply(out, { flags: ACK, seq: localSeq(sock, 2), ack: peerSeq(2) });
  });

  // Figure 5 has no arrow for this; RFC 9293 3.10.7.4 fifth step enters FIN-WAIT-2 "and continue[s]
  // processing in that state", and Linux does the same, so the trace shows both changes.
  it('FIN-WAIT-1 -> TIME-WAIT on FIN+ACK of our FIN in one segment, through FIN-WAIT-2', () => {
    const sock = socketInFinWait1();
    const out = deliver(sock, { flags: FIN | ACK, seq: peerSeq(1), ack: localSeq(sock, 2) });
    expect(sock.state).toBe('TIME-WAIT');
    expectStates(out, [
      ['FIN-WAIT-1', 'FIN-WAIT-2'],
      ['FIN-WAIT-2', 'TIME-WAIT'],
    ]);
    expectReply(out, { flags: ACK, seq: localSeq(sock, 2), ack: peerSeq(2) });
    expect(sock.timers).toEqual({ ...noTimers, 'time-wait': seconds(60) });
  });

  it('FIN-WAIT-1 -> CLOSED on RST: ECONNRESET', () => {
    const sock = socketInFinWait1();
    const out = deliver(sock, { flags: RST, seq: peerSeq(1), ack: 0 });
    expect(sock.state).toBe('CLOSED');
    expectStates(out, [['FIN-WAIT-1', 'CLOSED']]);
    expectNoReply(out);
    expect(sock.pendingError).toBe('ECONNRESET');
  });

  it('FIN-WAIT-1 -> CLOSED on data after close(): one bare RST at SEG.ACK, window 0 (Linux tcp_v4_send_reset)', () => {
    const sock = socketInFinWait1();
    const out = deliver(sock, { flags: ACK | PSH, seq: peerSeq(1), ack: localSeq(sock, 1), data: 'late' });
    expect(sock.state).toBe('CLOSED');
    expectStates(out, [['FIN-WAIT-1', 'CLOSED']]);
    const rst = expectReply(out, { flags: RST, seq: localSeq(sock, 1), ack: 0 });
    expect(rst.window).toBe(0);
  });

  it('after shutdown(SHUT_WR) data is still received and ACKed', () => {
    const sock = socketInFinWait1({}, 'shutdown');
    const out = deliver(sock, { flags: ACK | PSH, seq: peerSeq(1), ack: localSeq(sock, 2), data: 'reply' });
    expectStates(out, [['FIN-WAIT-1', 'FIN-WAIT-2']]);
    expectReply(out, { flags: ACK, seq: localSeq(sock, 2), ack: peerSeq(6) });
    expect(sock.recvBuffer.length).toBe(5);
  });

  it('the retransmission timer resends the FIN', () => {
    const sock = socketInFinWait1();
    const out = fireTimer(sock, 'retransmit');
    const fin = expectReply(out, { flags: FIN | ACK, seq: localSeq(sock, 1), ack: peerSeq(1) });
    expect(fin.retransmission).toBe(true);
    expect(sock.timers.retransmit).toBe(ms(200 + 400));
    expectStates(out, []);
  });
});

describe('FIN-WAIT-2', () => {
  it('FIN-WAIT-2 -> TIME-WAIT on FIN: ACK it, start 2*MSL', () => {
    const sock = socketInFinWait2();
    contextOf(sock).now = seconds(5);
    const out = deliver(sock, { flags: FIN | ACK, seq: peerSeq(1), ack: localSeq(sock, 2) });
    expect(sock.state).toBe('TIME-WAIT');
    expectStates(out, [['FIN-WAIT-2', 'TIME-WAIT']]);
    expectReply(out, { flags: ACK, seq: localSeq(sock, 2), ack: peerSeq(2) });
    expect(sock.timers).toEqual({ ...noTimers, 'time-wait': seconds(65) });
  });

  it('FIN-WAIT-2 -> CLOSED when an orphaned socket waits 60 s for the FIN (Linux tcp_fin_timeout)', () => {
    const sock = socketInFinWait2();
    expectNoReply(advanceTo(sock, seconds(60) - 1));
    expect(sock.state).toBe('FIN-WAIT-2');
    const out = fireTimer(sock, 'fin-wait-2');
    expect(contextOf(sock).now).toBe(seconds(60));
    expect(sock.state).toBe('CLOSED');
    expectStates(out, [['FIN-WAIT-2', 'CLOSED']]);
    expectNoReply(out);
  });

  it('after shutdown(SHUT_WR) the program still holds the socket: no FIN-WAIT-2 timeout', () => {
    const sock = socketInFinWait2({}, 'shutdown');
    expect(sock.timers['fin-wait-2']).toBeNull();
    expectStates(advanceTo(sock, seconds(600)), []);
    expect(sock.state).toBe('FIN-WAIT-2');
  });

  it('close() after shutdown(SHUT_WR) orphans the socket and starts the FIN-WAIT-2 timeout', () => {
    const sock = socketInFinWait2({}, 'shutdown');
    contextOf(sock).now = seconds(10);
    const out = call(sock, (s) => s.close());
    expectStates(out, []);
    expectNoReply(out);
    expect(sock.timers['fin-wait-2']).toBe(seconds(70));
  });

  it('FIN-WAIT-2 -> CLOSED on data after close(): one bare RST at SEG.ACK', () => {
    const sock = socketInFinWait2();
    const out = deliver(sock, { flags: ACK | PSH, seq: peerSeq(1), ack: localSeq(sock, 2), data: 'late' });
    expect(sock.state).toBe('CLOSED');
    expectStates(out, [['FIN-WAIT-2', 'CLOSED']]);
    expectReply(out, { flags: RST, seq: localSeq(sock, 2), ack: 0 });
  });

  it('FIN-WAIT-2 -> CLOSED on RST: ECONNRESET', () => {
    const sock = socketInFinWait2({}, 'shutdown');
    const out = deliver(sock, { flags: RST, seq: peerSeq(1), ack: 0 });
    expectStates(out, [['FIN-WAIT-2', 'CLOSED']]);
    expect(sock.pendingError).toBe('ECONNRESET');
  });
});

describe('CLOSE-WAIT', () => {
  it('CLOSE-WAIT -> LAST-ACK on close(): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=FIN,ACK>', () => {
    const sock = socketInCloseWait();
    const out = call(sock, (s) => s.close());
    expect(sock.state).toBe('LAST-ACK');
    expectStates(out, [['CLOSE-WAIT', 'LAST-ACK']]);
    expectReply(out, { flags: FIN | ACK, seq: localSeq(sock, 1), ack: peerSeq(2) });
  });

  it('the sending half still works (half-close): data carries ACK of the FIN', () => {
    const sock = socketInCloseWait();
    const out = call(sock, (s) => s.send(bytes('last words')));
    expect(sock.state).toBe('CLOSE-WAIT');
    expectReply(out, { flags: ACK | PSH, seq: localSeq(sock, 1), ack: peerSeq(2), len: 10 });
  });

  it('CLOSE-WAIT -> CLOSED on RST: EPIPE (Linux tcp_reset)', () => {
    const sock = socketInCloseWait();
    const out = deliver(sock, { flags: RST, seq: peerSeq(2), ack: 0 });
    expect(sock.state).toBe('CLOSED');
    expectStates(out, [['CLOSE-WAIT', 'CLOSED']]);
    expectNoReply(out);
    expect(sock.pendingError).toBe('EPIPE');
  });

  it('linux: a RST at RCV.NXT - 1, the number of the FIN, resets (tcp_reset_check)', () => {
    const sock = socketInCloseWait();
    const out = deliver(sock, { flags: RST, seq: peerSeq(1), ack: 0 });
    expectStates(out, [['CLOSE-WAIT', 'CLOSED']]);
    expectNoReply(out);
  });

  it('rfc: a RST at RCV.NXT - 1 is outside the window and dropped (RFC 5961 3.2)', () => {
    const sock = socketInCloseWait({ profile: 'rfc' });
    const out = deliver(sock, { flags: RST, seq: peerSeq(1), ack: 0 });
    expect(sock.state).toBe('CLOSE-WAIT');
    expectNoReply(out);
  });

  it('CLOSE-WAIT -> CLOSED on close() with SO_LINGER 0: RST', () => {
    const sock = socketInCloseWait({ options: { lingerZero: true } });
    const out = call(sock, (s) => s.close());
    expectStates(out, [['CLOSE-WAIT', 'CLOSED']]);
    expectReply(out, { flags: RST | ACK, seq: localSeq(sock, 1), ack: peerSeq(2) });
  });

  it('a retransmitted FIN is ACKed again', () => {
    const sock = socketInCloseWait();
    const out = deliver(sock, { flags: FIN | ACK, seq: peerSeq(1), ack: localSeq(sock, 1) });
    expect(sock.state).toBe('CLOSE-WAIT');
    expectStates(out, []);
    expectReply(out, { flags: ACK, seq: localSeq(sock, 1), ack: peerSeq(2) });
  });
});

describe('CLOSING', () => {
  it('CLOSING -> TIME-WAIT on the ACK of our FIN: nothing sent, 2*MSL started', () => {
    const sock = socketInClosing();
    const out = deliver(sock, { flags: ACK, seq: peerSeq(2), ack: localSeq(sock, 2) });
    expect(sock.state).toBe('TIME-WAIT');
    expectStates(out, [['CLOSING', 'TIME-WAIT']]);
    expectNoReply(out);
    expect(sock.timers).toEqual({ ...noTimers, 'time-wait': seconds(60) });
  });

  it('CLOSING -> CLOSED on RST', () => {
    const sock = socketInClosing();
    const out = deliver(sock, { flags: RST, seq: peerSeq(2), ack: 0 });
    expect(sock.state).toBe('CLOSED');
    expectStates(out, [['CLOSING', 'CLOSED']]);
    expectNoReply(out);
  });

  it('CLOSING -> TIME-WAIT on a retransmitted FIN that carries the ACK of our FIN (Linux tcp_sequence)', () => {
    const sock = socketInClosing();
    const out = deliver(sock, { flags: FIN | ACK, seq: peerSeq(1), ack: localSeq(sock, 2) });
    expectStates(out, [['CLOSING', 'TIME-WAIT']]);
    expectReply(out, { flags: ACK, seq: localSeq(sock, 2), ack: peerSeq(2) });
  });

  it('rfc profile: the retransmitted FIN is unacceptable and dropped whole; only ACKed (RFC 9293 3.10.7.4)', () => {
    const sock = socketInClosing({ profile: 'rfc' });
    const out = deliver(sock, { flags: FIN | ACK, seq: peerSeq(1), ack: localSeq(sock, 2) });
    expectStates(out, []);
    expectReply(out, { flags: ACK, seq: localSeq(sock, 2), ack: peerSeq(2) });
  });
});

describe('LAST-ACK', () => {
  it('LAST-ACK -> CLOSED on the ACK of our FIN; the 4-tuple is then free (a late segment gets RST)', () => {
    const sock = socketInLastAck();
    const out = deliver(sock, { flags: ACK, seq: peerSeq(2), ack: localSeq(sock, 2) });
    expect(sock.state).toBe('CLOSED');
    expectStates(out, [['LAST-ACK', 'CLOSED']]);
    expectNoReply(out);
    expect(sock.timers).toEqual(noTimers);
    const late = deliver(sock, { flags: ACK, seq: peerSeq(2), ack: localSeq(sock, 2) });
    expectReply(late, { flags: RST, seq: localSeq(sock, 2), ack: 0 });
  });

  it('LAST-ACK -> CLOSED on RST: ECONNRESET for a program that still holds it (Linux tcp_reset)', () => {
    const sock = socketInCloseWait();
    call(sock, (s) => s.closeSending({ en: 'shutdown(SHUT_WR)', fr: 'shutdown(SHUT_WR)' }));
    expect(sock.state).toBe('LAST-ACK');
    const out = deliver(sock, { flags: RST, seq: peerSeq(2), ack: 0 });
    expectStates(out, [['LAST-ACK', 'CLOSED']]);
    expect(sock.pendingError).toBe('ECONNRESET');
  });

  it('rfc profile: LAST-ACK -> CLOSED on RST with no error (RFC 9293 3.10.7.4 second)', () => {
    const sock = socketInLastAck({ profile: 'rfc' });
    expectStates(deliver(sock, { flags: RST, seq: peerSeq(2), ack: 0 }), [['LAST-ACK', 'CLOSED']]);
    expect(sock.pendingError).toBeNull();
  });

  it('the retransmission timer resends the FIN', () => {
    const sock = socketInLastAck();
    const out = fireTimer(sock, 'retransmit');
    expectReply(out, { flags: FIN | ACK, seq: localSeq(sock, 1), ack: peerSeq(2) });
    expect(sock.state).toBe('LAST-ACK');
  });
});

describe('TIME-WAIT', () => {
  it('TIME-WAIT -> CLOSED after 2*MSL = 60 s in the linux profile', () => {
    const sock = socketInTimeWait();
    expect(sock.timers['time-wait']).toBe(seconds(60));
    expectStates(advanceTo(sock, seconds(60) - 1), []);
    expect(sock.state).toBe('TIME-WAIT');
    const out = fireTimer(sock, 'time-wait');
    expect(sock.state).toBe('CLOSED');
    expectStates(out, [['TIME-WAIT', 'CLOSED']]);
    expectNoReply(out);
  });

  it('TIME-WAIT -> CLOSED after 2*MSL = 240 s in the rfc profile (RFC 9293 3.4.2)', () => {
    const sock = socketInTimeWait({ profile: 'rfc' });
    expect(sock.timers['time-wait']).toBe(seconds(240));
    const out = fireTimer(sock, 'time-wait');
    expect(contextOf(sock).now).toBe(seconds(240));
    expectStates(out, [['TIME-WAIT', 'CLOSED']]);
  });

  it('a retransmitted FIN is ACKed again and restarts the 2*MSL timer (RFC 9293 3.10.7.4)', () => {
    const sock = socketInTimeWait();
    contextOf(sock).now = seconds(30);
    const out = deliver(sock, { flags: FIN | ACK, seq: peerSeq(1), ack: localSeq(sock, 2) });
    expect(sock.state).toBe('TIME-WAIT');
    expectStates(out, []);
    expectReply(out, { flags: ACK, seq: localSeq(sock, 2), ack: peerSeq(2) });
    expect(sock.timers['time-wait']).toBe(seconds(90));
    expectStates(advanceTo(sock, seconds(60)), []); // the old deadline no longer ends it
    expect(sock.state).toBe('TIME-WAIT');
    expectStates(fireTimer(sock, 'time-wait'), [['TIME-WAIT', 'CLOSED']]);
  });

  it('a FIN at RCV.NXT is ACKed and restarts the 2*MSL timer (RFC 9293 3.10.7.4 eighth)', () => {
    const sock = socketInTimeWait();
    contextOf(sock).now = seconds(20);
    const out = deliver(sock, { flags: FIN | ACK, seq: peerSeq(2), ack: localSeq(sock, 2) });
    expectStates(out, []);
    expectReply(out, { flags: ACK, seq: localSeq(sock, 2), ack: peerSeq(2) });
    expect(sock.timers['time-wait']).toBe(seconds(80));
  });

  it('a new SYN on the same 4-tuple gets a challenge ACK (RFC 5961 4.2)', () => {
    const sock = socketInTimeWait();
    const out = deliver(sock, { flags: SYN, seq: peerSeq(1000), ack: 0 });
    expect(sock.state).toBe('TIME-WAIT');
    expectReply(out, { flags: ACK, seq: localSeq(sock, 2), ack: peerSeq(2) });
  });

  it('TIME-WAIT -> CLOSED on a RST at RCV.NXT (RFC 1337 is off, as in Linux)', () => {
    const sock = socketInTimeWait();
    const out = deliver(sock, { flags: RST, seq: peerSeq(2), ack: 0 });
    expectStates(out, [['TIME-WAIT', 'CLOSED']]);
    expectNoReply(out);
  });

  it('close() after shutdown() keeps TIME-WAIT: a retransmitted FIN is still ACKed, not reset', () => {
    const sock = socketInTimeWait({}, 'shutdown');
    call(sock, (s) => s.close());
    expect(sock.state).toBe('TIME-WAIT');
    const out = deliver(sock, { flags: FIN | ACK, seq: peerSeq(1), ack: localSeq(sock, 2) });
    expectReply(out, { flags: ACK, seq: localSeq(sock, 2), ack: peerSeq(2) });
  });
});
