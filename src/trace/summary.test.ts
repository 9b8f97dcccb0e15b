import { describe, expect, it } from 'vitest';
import { encodeBase64 } from '../encoding/base64';
import { formatTime, summarizeTrace } from './summary';
import { sampleTrace } from './test-fixtures';
import type { SegmentEvent, Trace, TraceEvent } from './types';

function linesOf(events: TraceEvent[]): string[] {
  const trace: Trace = { ...sampleTrace(), events };
  return summarizeTrace(trace).trimEnd().split('\n').slice(2);
}

let nextId = 1;
function segment(
  t: number,
  from: 'client' | 'server',
  flags: SegmentEvent['flags'],
  seq: number,
  ack: number,
  len = 0,
) {
  const client = '10.0.0.2:49152';
  const server = '10.0.0.1:8080';
  const event: SegmentEvent = {
    t,
    kind: 'segment',
    id: nextId++,
    from,
    to: from === 'client' ? 'server' : 'client',
    src: from === 'client' ? client : server,
    dst: from === 'client' ? server : client,
    flags,
    seq,
    ack,
    window: 65535,
    len,
    options: {},
    payload: '',
  };
  return event;
}

describe('formatTime', () => {
  it.each([
    [0, '0.000000'],
    [1000, '0.001000'],
    [1_234_567, '1.234567'],
    [60_000_000_001, '60000.000001'],
  ])('shows %i µs as %s', (t, text) => {
    expect(formatTime(t)).toBe(text);
  });
});

describe('summarizeTrace', () => {
  it('renders the sample trace line by line', () => {
    expect(summarizeTrace(sampleTrace())).toMatchInlineSnapshot(`
      "# wirestep-trace v2 source=sim scenario=hand-written seed=1 profile=linux
      # hosts: server 10.0.0.1, client 10.0.0.2
      0.000000 server fd3 listen(backlog=1)
      0.000000 server fd3 CLOSED -> LISTEN (listen())
      0.000000 server fd3 listen returns 0
      0.000000 server fd3 accept()
      0.001000 client fd3 connect(server:8080)
      0.001000 client->server SYN seq=0 ack=0 win=65535 len=0 mss=1460 [id 1]
      0.001000 client fd3 CLOSED -> SYN-SENT (connect())
      0.001000 client fd3 timer retransmit set for 1.001000
      0.006000 deliver 1
      0.006000 server->client SYN,ACK seq=0 ack=1 win=65535 len=0 mss=1460 [id 2]
      0.011000 deliver 2
      0.011000 client fd3 SYN-SENT -> ESTABLISHED (SYN,ACK received)
      0.011000 client->server ACK seq=1 ack=1 win=65535 len=0 [id 3]
      0.011000 client fd3 connect returns 0
      0.011000 client fd3 sendall(bytes=14, "Hello, server!")
      0.011000 client->server PSH,ACK seq=1 ack=1 win=65535 len=14 [id 4]
      0.011000 client fd3 sendall returns 14
      0.011000 client fd3 recv(max=1024)
      0.016000 deliver 3
      0.016000 server fd4 SYN-RECEIVED -> ESTABLISHED (ACK of SYN received)
      0.016000 server fd3 accept returns fd4
      0.016000 drop 4 (loss)
      0.211000 client->server PSH,ACK seq=1 ack=1 win=65535 len=14 (retransmission) [id 5]
      0.211000 client fd3 timer retransmit fires
      0.216000 deliver 5
      0.216000 server note: The data arrives at last.
      0.216000 server fd4 recv returns 14 bytes "Hello, server!"
      0.216000 client fd5 sendto(server:9)
      0.216000 client->server UDP 10.0.0.2:50000 > 10.0.0.1:9 len=2 "hi" [id 6]
      0.221000 deliver 6
      0.221000 server->client ICMP port-unreachable about 6 [id 7]
      0.226000 deliver 7
      0.226000 client fd5 recvfrom(max=100)
      0.226000 client fd5 recvfrom returns ECONNREFUSED
      "
    `);
  });

  it('is deterministic and ends with one newline', () => {
    const text = summarizeTrace(sampleTrace());
    expect(summarizeTrace(sampleTrace())).toBe(text);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
  });

  it('leaves out timer cancellations', () => {
    const lines = linesOf([{ t: 5, kind: 'timer', host: 'client', socket: 3, timer: 'delayed-ack', action: 'cancel' }]);
    expect(lines).toEqual([]);
  });

  it('numbers sequence space modulo 2^32 across the wrap', () => {
    const clientIss = 0xffff_fff0;
    const lines = linesOf([
      segment(0, 'client', ['SYN'], clientIss, 0),
      segment(1, 'server', ['ACK', 'SYN'], 7, clientIss + 1),
      segment(2, 'client', ['ACK', 'PSH'], (clientIss + 1) >>> 0, 8, 100),
      segment(3, 'server', ['ACK'], 8, (clientIss + 101) >>> 0),
      segment(4, 'client', ['FIN', 'ACK', 'PSH'], (clientIss + 101) >>> 0, 8, 1),
    ]);
    expect(lines.map((l) => l.replace(/ win=.*?(?= \[| \()| \[id \d+\]/g, ''))).toEqual([
      '0.000000 client->server SYN seq=0 ack=0',
      '0.000001 server->client SYN,ACK seq=0 ack=1',
      '0.000002 client->server PSH,ACK seq=1 ack=1',
      '0.000003 server->client ACK seq=1 ack=101',
      '0.000004 client->server FIN,PSH,ACK seq=101 ack=1',
    ]);
  });

  it('restarts numbering when a new SYN reuses the same ports', () => {
    const lines = linesOf([
      segment(0, 'client', ['SYN'], 100, 0),
      segment(1, 'server', ['SYN', 'ACK'], 500, 101),
      segment(2, 'client', ['SYN'], 9000, 0),
      segment(3, 'server', ['SYN', 'ACK'], 7000, 9001),
      segment(4, 'client', ['ACK'], 9001, 7001),
    ]);
    expect(lines.map((l) => / seq=\d+ ack=\d+/.exec(l)?.[0])).toEqual([
      ' seq=0 ack=0',
      ' seq=0 ack=1',
      ' seq=0 ack=0',
      ' seq=0 ack=1',
      ' seq=1 ack=1',
    ]);
  });

  it('starts at the first seen seq when the trace begins mid-connection', () => {
    const lines = linesOf([segment(0, 'client', ['ACK'], 5000, 9000, 10), segment(1, 'server', ['ACK'], 9000, 5010)]);
    expect(lines[0]).toContain('seq=0 ack=9000(absolute)');
    expect(lines[1]).toContain('seq=0 ack=10');
  });

  it('shows binary and long payloads by size', () => {
    const long = encodeBase64(Uint8Array.from('x'.repeat(100), (c) => c.charCodeAt(0)));
    const lines = linesOf([
      {
        t: 0,
        kind: 'call',
        host: 'client',
        socket: 3,
        call: 'send',
        args: { payload: encodeBase64(new Uint8Array([0, 1, 2])) },
      },
      { t: 0, kind: 'call', host: 'client', socket: 3, call: 'send', args: { bytes: 100, payload: long } },
      { t: 0, kind: 'return', host: 'server', socket: 4, call: 'recv', result: { bytes: 0, payload: '' } },
      { t: 0, kind: 'return', host: 'server', socket: 4, call: 'close' },
    ]);
    expect(lines).toEqual([
      '0.000000 client fd3 send(<3 bytes>)',
      `0.000000 client fd3 send(bytes=100, "${'x'.repeat(40)}"... (100 bytes))`,
      '0.000000 server fd4 recv returns 0 bytes',
      '0.000000 server fd4 close returns ok',
    ]);
  });

  it('leaves out the descriptor of calls without one and shows new descriptors', () => {
    const lines = linesOf([
      { t: 0, kind: 'call', host: 'client', socket: -1, call: 'socket', args: { type: 'SOCK_STREAM' } },
      { t: 0, kind: 'return', host: 'client', socket: 3, call: 'socket', result: 3 },
      { t: 0, kind: 'return', host: 'server', socket: 3, call: 'accept', result: { fd: 4, peer: '10.0.0.2:40000' } },
      { t: 0, kind: 'call', host: 'client', socket: 3, call: 'connect', args: { addr: '10.0.0.1', port: 8080 } },
      { t: 1, kind: 'deliver', id: 1, duplicate: true } as TraceEvent,
    ]);
    expect(lines).toEqual([
      '0.000000 client socket(type=SOCK_STREAM)',
      '0.000000 client socket returns fd3',
      '0.000000 server fd3 accept returns fd4 peer=10.0.0.2:40000',
      '0.000000 client fd3 connect(10.0.0.1:8080)',
      '0.000001 deliver 1 (duplicate)',
    ]);
  });

  it('marks probes', () => {
    const probe = { ...segment(0, 'client', ['ACK'], 99, 0), probe: 'keepalive' as const };
    expect(linesOf([probe])[0]).toMatch(/ack=0\(absolute\) win=65535 len=0 \(keepalive probe\) \[id \d+\]$/);
  });

  it('marks inferred states and broadcast datagrams', () => {
    const lines = linesOf([
      {
        t: 0,
        kind: 'state',
        host: 'server',
        socket: 0,
        from: 'ESTABLISHED',
        to: 'TIME-WAIT',
        reason: 'observed',
        cause: 'seen',
        inferred: true,
      },
      // prettier-ignore
      { t: 0, kind: 'datagram', id: 1, from: 'client', to: 'server', src: '10.0.0.2:5000', dst: '10.0.0.255:5000', len: 0, payload: '', broadcast: true },
    ]);
    expect(lines).toEqual([
      '0.000000 server fd0 ESTABLISHED -> TIME-WAIT (seen) [inferred]',
      '0.000000 client->server UDP 10.0.0.2:5000 > 10.0.0.255:5000 len=0 (broadcast) "" [id 1]',
    ]);
  });
});
