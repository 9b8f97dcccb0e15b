// The packetdrill reader: each construct of the basic subset, and problems with line and column.
import { describe, expect, it } from 'vitest';
import { parseScript } from './parse';

describe('parseScript', () => {
  it('reads options, absolute, relative, any and range times', () => {
    const s = parseScript(
      [
        '--tolerance_usecs=75000',
        '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3',
        '+0.1 close(3) = 0',
        '* > R 1:1(0) win 0',
        '0.2~0.3 < . 1:1(0) ack 1 win 100',
        '+0.1~+0.2 close(4) = 0',
      ].join('\n'),
    );
    expect(s.problems).toEqual([]);
    expect(s.options).toEqual({ tolerance_usecs: '75000' });
    expect(s.events.map((e) => e.time)).toEqual([
      { kind: 'absolute', us: 0 },
      { kind: 'relative', us: 100_000 },
      { kind: 'any' },
      { kind: 'absolute', us: 200_000, endUs: 300_000 },
      { kind: 'relative', us: 100_000, endUs: 200_000 },
    ]);
    expect(s.events.map((e) => e.at.line)).toEqual([2, 3, 4, 5, 6]);
  });

  it('reads syscalls with their arguments, results and errno', () => {
    const s = parseScript(
      [
        '+0 fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0',
        '+0 fcntl(3, F_GETFL) = 0x02 (flags O_RDWR)',
        '+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)',
        '+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNRESET], [4]) = 0',
        '+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0',
      ].join('\n'),
    );
    expect(s.problems).toEqual([]);
    const [setfl, getfl, connect, getsockopt] = s.events.map((e) => e.body);
    expect(setfl).toMatchObject({
      kind: 'syscall',
      name: 'fcntl',
      args: [
        { kind: 'number', value: 3 },
        { kind: 'symbol', name: 'F_SETFL' },
        {
          kind: 'or',
          terms: [
            { kind: 'symbol', name: 'O_RDWR' },
            { kind: 'symbol', name: 'O_NONBLOCK' },
          ],
        },
      ],
      result: { kind: 'number', value: 0 },
      errno: null,
    });
    expect(getfl).toMatchObject({ result: { kind: 'number', value: 2 }, errno: null });
    expect(connect).toMatchObject({
      args: [{}, { kind: 'ellipsis' }, { kind: 'ellipsis' }],
      result: { value: -1 },
      errno: 'EINPROGRESS',
    });
    expect(getsockopt).toMatchObject({
      args: [{}, {}, {}, { kind: 'list', items: [{ kind: 'symbol', name: 'ECONNRESET' }] }, {}],
    });
  });

  it('reads a blocking call’s return time', () => {
    const s = parseScript('0.1...0.3 accept(3, ..., ...) = 4\n+0...+0.2 read(4, ..., 10) = 10');
    expect(s.problems).toEqual([]);
    expect(s.events.map((e) => [e.time, e.returns])).toEqual([
      [
        { kind: 'absolute', us: 100_000 },
        { kind: 'absolute', us: 300_000 },
      ],
      [
        { kind: 'relative', us: 0 },
        { kind: 'relative', us: 200_000 },
      ],
    ]);
  });

  it('reads packet lines: flags, seq:end(len), ack, window, options, and nplab’s ...(n)', () => {
    const s = parseScript(
      [
        '+0 > S 0:0(0) win 65535 <mss 1460,nop,wscale 6,sackOK,TS val 100 ecr 0>',
        '+0 < S. 0:0(0) ack 1 win 32767 <mss 1460,sackOK,eol,eol>',
        '+0 <  . 17:20(3) ack 34 win 32767',
        '+0 > S. ...(0) ack 65537 win 65535',
      ].join('\n'),
    );
    expect(s.problems).toEqual([]);
    expect(s.events.map((e) => e.body)).toEqual([
      {
        kind: 'packet',
        direction: 'out',
        flags: 'S',
        seq: 0,
        len: 0,
        ack: null,
        window: 65535,
        options: [
          { name: 'mss', values: [1460] },
          { name: 'nop', values: [] },
          { name: 'wscale', values: [6] },
          { name: 'sackOK', values: [] },
          { name: 'TS', values: [100, 0] },
        ],
      },
      expect.objectContaining({ direction: 'in', flags: 'S.', ack: 1, window: 32767 }),
      expect.objectContaining({ direction: 'in', flags: '.', seq: 17, len: 3, ack: 34, options: null }),
      expect.objectContaining({ direction: 'out', flags: 'S.', seq: null, len: 0, ack: 65537 }),
    ]);
  });

  it('keeps the STANDARD branch of #ifdef, skips comments, reads shell commands and %{ }% blocks', () => {
    const s = parseScript(
      [
        '// a comment',
        '#ifdef STANDARD',
        '+0 > R. 2:2(0) ack 2 win 0 // trailing comment',
        '#endif',
        '#ifdef FreeBSD',
        '+0 > . 2:2(0) ack 2 win 65535',
        '#endif',
        '/* a block',
        '   comment */ +0 `sysctl -w net.inet.tcp.insecure_rst=0`',
        '+0 %{ assert tcpi_state == TCPI_ESTABLISHED }%',
      ].join('\n'),
    );
    expect(s.problems).toEqual([]);
    expect(s.events.map((e) => [e.at.line, e.body.kind])).toEqual([
      [3, 'packet'],
      [9, 'shell'],
      [10, 'code'],
    ]);
    expect(s.events[1]?.body).toEqual({ kind: 'shell', command: 'sysctl -w net.inet.tcp.insecure_rst=0' });
    expect(s.events[2]?.body).toEqual({ kind: 'code', text: 'assert tcpi_state == TCPI_ESTABLISHED' });
  });

  it('says what it cannot read, with line and column, and reads the rest', () => {
    const s = parseScript(
      [
        '+0 close(3) = 0',
        '+0 < S 0:0(0) win 100 <md5 abc>',
        '+0 > . 1:1(0) ack 1 urg 3',
        '#if 1',
        '+0 close(4) = 0',
      ].join('\n'),
    );
    expect(s.problems).toEqual([
      { line: 2, column: 24, message: 'unsupported TCP option md5' },
      { line: 3, column: 21, message: 'unsupported packet field urg' },
      { line: 4, column: 1, message: 'unsupported preprocessor directive #if' },
    ]);
    expect(s.events.map((e) => e.at.line)).toEqual([1, 5]);
  });

  it('refuses a sequence range that is not its length', () => {
    expect(parseScript('+0 < . 1:5(3) ack 1 win 10').problems).toEqual([
      { line: 1, column: 8, message: '1:5 is not 3 bytes' },
    ]);
  });
});
