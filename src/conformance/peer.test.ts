// The scripted peer against the simulator: scripts written here, each checking one rule of the
// runner (matching, relative numbers, timing, syscall results, state assertions, what it refuses).
import { describe, expect, it } from 'vitest';
import { parseScript } from './parse';
import { ScriptRun, type RunResult } from './peer';

const run = (lines: string[], profile: 'linux' | 'rfc' = 'rfc'): RunResult =>
  new ScriptRun(parseScript(lines.join('\n')), { profile }).run();

/** A passive open: the peer connects to the listener on 8080 and the program accepts. */
const passiveOpen = [
  '--tolerance_usecs=10000',
  '0.000 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3',
  '+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0',
  '+0 bind(3, ..., ...) = 0',
  '+0 listen(3, 1) = 0',
  '+0 < S 0:0(0) win 32767 <mss 1460,sackOK,eol,eol>',
  '+0 > S. 0:0(0) ack 1 <mss 1460>',
  '+0.1 < . 1:1(0) ack 1 win 32767',
  '+0 accept(3, ..., ...) = 4',
];

describe('ScriptRun', () => {
  it('passes a passive open, data, and a close the peer answers', () => {
    const result = run([
      ...passiveOpen,
      '+0 < P. 1:11(10) ack 1 win 32767',
      '+0 read(4, ..., 100) = 10',
      '+0 close(4) = 0',
      '+0 > F. 1:1(0) ack 11',
      '+0.1 < F. 11:11(0) ack 2 win 32767',
      '+0 > . 2:2(0) ack 12',
      '+0 %{ assert tcpi_state == TCPI_TIME_WAIT }%',
    ]);
    expect(result).toMatchObject({ status: 'pass', differences: [] });
    expect(result.events.some((e) => e.kind === 'state' && e.to === 'TIME-WAIT')).toBe(true);
  });

  it('runs a non-blocking connect: EINPROGRESS, then SO_ERROR after the reset', () => {
    const result = run([
      '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3',
      '+0 fcntl(3, F_GETFL) = 0x02 (flags O_RDWR)',
      '+0 fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0',
      '+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)',
      '+0 > S 0:0(0) <mss 1460,nop,wscale 6>',
      '+0 read(3, ..., 10) = -1 EWOULDBLOCK (Operation would block)',
      '+0.1 < R. 0:0(0) ack 1 win 0',
      '+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0',
      '+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0',
      '+0 close(3) = 0',
    ]);
    // The rfc profile's SYN offers MSS only, the script lists window scale too: a tolerance, named.
    expect(result).toMatchObject({ status: 'pass', differences: ['tcp-options'] });
  });

  it('fails at the first line that differs, saying what was expected and what came', () => {
    const result = run([...passiveOpen, '+0 close(4) = 0', '+0 > R. 1:1(0) ack 1']);
    expect(result).toMatchObject({
      status: 'fail',
      line: 11,
      column: 1,
      expected: 'R. 1:1(0) ack 1 at 0.100000 s',
      got: 'F. 1:1(0) ack 1 win 65535 at 0.100000 s',
      reason: 'flags differ',
    });
  });

  it('holds outbound segments to the tolerance: a retransmission 1 s later is not on time', () => {
    const syn = ['0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3', '+0 fcntl(3, F_SETFL, O_NONBLOCK) = 0'];
    const connect = '+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)';
    // RFC 6298 2.1: the SYN is sent again after the initial RTO of 1 s.
    expect(run([...syn, connect, '+0 > S 0:0(0)', '+1 > S 0:0(0)']).status).toBe('pass');
    expect(run(['--tolerance_usecs=10000', ...syn, connect, '+0 > S 0:0(0)', '+0.5 > S 0:0(0)'])).toMatchObject({
      status: 'fail',
      line: 6,
      expected: 'S 0:0(0) by 0.510000 s',
      got: 'S 0:0(0) win 65535 <mss 1460> at 1.000000 s',
    });
  });

  it('checks return values and errno', () => {
    expect(run(['0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 4'])).toMatchObject({
      status: 'fail',
      line: 1,
      expected: '= 4',
      got: '= 3',
    });
    expect(
      run(['0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3', '+0 listen(3, 1) = 0', '+0 accept(3, ..., ...) = 4']),
    ).toMatchObject({
      status: 'fail',
      line: 3,
      expected: 'return by 0.004000 s', // packetdrill's default tolerance, 4 ms
      got: 'still blocked',
    });
  });

  it('lets a blocking call return later, as `t1...t2` says', () => {
    const result = run([
      '--tolerance_usecs=10000',
      '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3',
      '+0 bind(3, ..., ...) = 0',
      '+0 listen(3, 1) = 0',
      '+0...0.2 accept(3, ..., ...) = 4',
      '0.1 < S 0:0(0) win 32767 <mss 1460>',
      '+0 > S. 0:0(0) ack 1',
      '0.2 < . 1:1(0) ack 1 win 32767',
    ]);
    expect(result.status).toBe('pass');
  });

  it('reads sockstat and tcpdrop as state assertions and actions', () => {
    const result = run([
      ...passiveOpen,
      '+0 `sockstat -4 -P tcp -p 8080 -s | grep -c ESTABLISHED | grep 1`',
      '+0 shutdown(4, SHUT_WR) = 0',
      '+0 > F. 1:1(0) ack 1',
      '+0 < F. 1:1(0) ack 2 win 32767',
      '+0 > . 2:2(0) ack 2',
      '+0 `sockstat -4 -P tcp -s | grep packetdril | grep -c TIME_WAIT | grep 1`',
      '+0 `tcpdrop -s TIME_WAIT`',
      '+0 `sockstat -4 -P tcp -s | grep packetdril | grep -c TIME_WAIT | grep 0`',
    ]);
    expect(result.status).toBe('pass');
  });

  it('says which line it cannot run, and why', () => {
    expect(run(['0 socket(..., SOCK_DGRAM, IPPROTO_UDP) = 3'])).toMatchObject({
      status: 'unsupported',
      line: 1,
      reason: 'socket type SOCK_DGRAM',
    });
    expect(run(['0 `ip link set dev tun0 mtu 1280`'])).toMatchObject({ status: 'unsupported', line: 1 });
    expect(run(['0 < S 0:0(0) win 10 <md5 x>'])).toMatchObject({
      status: 'unsupported',
      line: 1,
      column: 22,
      reason: 'unsupported TCP option md5',
    });
  });

  it('names the window-size tolerance when an open window has another size (linux profile)', () => {
    const result = run([...passiveOpen.slice(0, 6), '+0 > S. 0:0(0) ack 1 win 65535 <mss 1460>'], 'linux');
    expect(result.status).toBe('pass');
    expect(result.differences).toContain('window-size');
  });
});
