// State inference from segments alone, grouped by what the capture shows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRfcTransition } from '../../tcp';
import { inferTcpStates, midConnectionCause, type InferredTransition, type InferSegment } from './infer';
import { ACK, FIN, PSH, RST, SYN } from './test-writer';

const client = '10.0.0.2:49152';
const server = '10.0.0.1:8080';
const clientIss = 4_294_967_000; // wraps around 2^32 during the exchange
const serverIss = 1000;

/** Builds segments in order; `packet` is the index. */
function exchange(
  ...parts: [from: 'c' | 's', flags: number, seq: number, ack: number, len?: number][]
): InferSegment[] {
  return parts.map(([from, flagBits, seq, ack, len = 0], packet) => ({
    packet,
    src: from === 'c' ? client : server,
    dst: from === 'c' ? server : client,
    flagBits,
    seq: seq >>> 0,
    ack: ack >>> 0,
    len,
  }));
}

const handshake = exchange(
  ['c', SYN, clientIss, 0],
  ['s', SYN | ACK, serverIss, clientIss + 1],
  ['c', ACK, clientIss + 1, serverIss + 1],
);

/** "endpoint FROM>TO@packet/phase" lines, compact enough to read in a failure. */
function story(transitions: InferredTransition[]): string[] {
  return transitions.map((t) => `${t.endpoint === client ? 'c' : 's'} ${t.from}>${t.to}@${t.packet}/${t.phase}`);
}

function expectRfcHistories(transitions: InferredTransition[]): void {
  const last = new Map<number, string>();
  for (const t of transitions) {
    const previous = last.get(t.socket);
    if (previous === undefined && t.cause === midConnectionCause) expect(t.from).toBe(t.to);
    else {
      expect(isRfcTransition(t.from, t.to), `${t.from} -> ${t.to}`).toBe(true);
      if (previous !== undefined) expect(t.from).toBe(previous);
    }
    last.set(t.socket, t.to);
  }
}

describe('handshake', () => {
  it('client CLOSED -> SYN-SENT -> ESTABLISHED; server LISTEN -> SYN-RECEIVED (at the SYN) -> ESTABLISHED', () => {
    const result = inferTcpStates(handshake);
    expect(story(result.transitions)).toEqual([
      'c CLOSED>SYN-SENT@0/send',
      's LISTEN>SYN-RECEIVED@0/receive',
      'c SYN-SENT>ESTABLISHED@1/receive',
      's SYN-RECEIVED>ESTABLISHED@2/receive',
    ]);
    expect(result.transitions.every((t) => t.causeText.fr.length > 0)).toBe(true);
    expect(result.connections).toEqual([
      {
        id: 0,
        client,
        server,
        clientSocket: 1000,
        serverSocket: 1001,
        start: 'handshake',
        clientState: 'ESTABLISHED',
        serverState: 'ESTABLISHED',
        timeWait: [],
        segments: 3,
      },
    ]);
    expect([...result.fromSockets]).toEqual([1000, 1001, 1000]);
    expect([...result.toSockets]).toEqual([1001, 1000, 1001]);
  });

  it('a retransmitted SYN changes nothing', () => {
    const segments = exchange(
      ['c', SYN, clientIss, 0],
      ['c', SYN, clientIss, 0],
      ['s', SYN | ACK, serverIss, clientIss + 1],
    );
    expect(story(inferTcpStates(segments).transitions)).toEqual([
      'c CLOSED>SYN-SENT@0/send',
      's LISTEN>SYN-RECEIVED@0/receive',
      'c SYN-SENT>ESTABLISHED@2/receive',
    ]);
  });

  it('a SYN answered by a RST: connection refused, the closed port gets no socket', () => {
    const result = inferTcpStates(exchange(['c', SYN, clientIss, 0], ['s', RST | ACK, 0, clientIss + 1]));
    expect(story(result.transitions)).toEqual(['c CLOSED>SYN-SENT@0/send', 'c SYN-SENT>CLOSED@1/receive']);
    expect(result.transitions[1]?.cause).toBe('RST received: connection refused');
    expect([...result.fromSockets, ...result.toSockets]).toEqual([1000, -1, -1, 1000]);
  });

  it('a SYN with no answer: only the client is known', () => {
    expect(story(inferTcpStates(exchange(['c', SYN, clientIss, 0])).transitions)).toEqual(['c CLOSED>SYN-SENT@0/send']);
  });

  it("simultaneous open: both SYN-SENT; the first SYN's receiver goes through SYN-RECEIVED", () => {
    const segments = exchange(
      ['c', SYN, clientIss, 0],
      ['s', SYN, serverIss, 0],
      ['s', SYN | ACK, serverIss, clientIss + 1],
      ['c', SYN | ACK, clientIss, serverIss + 1],
    );
    const transitions = inferTcpStates(segments).transitions;
    expect(story(transitions)).toEqual([
      'c CLOSED>SYN-SENT@0/send',
      's CLOSED>SYN-SENT@1/send',
      'c SYN-SENT>SYN-RECEIVED@1/receive',
      'c SYN-RECEIVED>ESTABLISHED@2/receive',
      's SYN-SENT>ESTABLISHED@3/receive',
    ]);
    expectRfcHistories(transitions);
  });
});

describe('teardown', () => {
  it('client closes first: FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT; server CLOSE-WAIT, LAST-ACK, CLOSED', () => {
    const c = clientIss + 1;
    const s = serverIss + 1;
    const result = inferTcpStates([
      ...handshake,
      ...exchange(
        ['c', PSH | ACK, c, s, 10],
        ['s', ACK, s, c + 10],
        ['c', FIN | ACK, c + 10, s],
        ['s', ACK, s, c + 11],
        ['s', FIN | ACK, s, c + 11],
        ['c', ACK, c + 11, s + 1],
      ).map((segment) => ({ ...segment, packet: segment.packet + 3 })),
    ]);
    expect(story(result.transitions).slice(4)).toEqual([
      'c ESTABLISHED>FIN-WAIT-1@5/send',
      's ESTABLISHED>CLOSE-WAIT@5/receive',
      'c FIN-WAIT-1>FIN-WAIT-2@6/receive',
      's CLOSE-WAIT>LAST-ACK@7/send',
      'c FIN-WAIT-2>TIME-WAIT@7/receive',
      's LAST-ACK>CLOSED@8/receive',
    ]);
    // TIME-WAIT's end is not in the capture: no TIME-WAIT -> CLOSED, but it is reported.
    expect(result.connections[0]).toMatchObject({
      clientState: 'TIME-WAIT',
      serverState: 'CLOSED',
      timeWait: [client],
    });
    expectRfcHistories(result.transitions);
  });

  it('FIN,ACK that acknowledges our FIN: FIN-WAIT-1 -> TIME-WAIT directly', () => {
    const c = clientIss + 1;
    const s = serverIss + 1;
    const segments = [
      ...handshake,
      ...exchange(['c', FIN | ACK, c, s], ['s', FIN | ACK, s, c + 1], ['c', ACK, c + 1, s + 1]).map((x) => ({
        ...x,
        packet: x.packet + 3,
      })),
    ];
    expect(story(inferTcpStates(segments).transitions).slice(4)).toEqual([
      'c ESTABLISHED>FIN-WAIT-1@3/send',
      's ESTABLISHED>CLOSE-WAIT@3/receive',
      's CLOSE-WAIT>LAST-ACK@4/send',
      'c FIN-WAIT-1>TIME-WAIT@4/receive',
      's LAST-ACK>CLOSED@5/receive',
    ]);
  });

  it('simultaneous close: both FIN-WAIT-1, CLOSING, then TIME-WAIT on both sides', () => {
    const c = clientIss + 1;
    const s = serverIss + 1;
    const segments = [
      ...handshake,
      ...exchange(
        ['c', FIN | ACK, c, s],
        ['s', FIN | ACK, s, c],
        ['s', ACK, s + 1, c + 1],
        ['c', ACK, c + 1, s + 1],
      ).map((x) => ({ ...x, packet: x.packet + 3 })),
    ];
    const result = inferTcpStates(segments);
    expect(story(result.transitions).slice(4)).toEqual([
      'c ESTABLISHED>FIN-WAIT-1@3/send',
      's ESTABLISHED>CLOSE-WAIT@3/receive',
      's CLOSE-WAIT>LAST-ACK@4/send',
      'c FIN-WAIT-1>CLOSING@4/receive',
      'c CLOSING>TIME-WAIT@5/receive',
      's LAST-ACK>CLOSED@6/receive',
    ]);
    expectRfcHistories(result.transitions);
  });

  it('a RST closes both sides', () => {
    const segments = [
      ...handshake,
      ...exchange(['s', RST | ACK, serverIss + 1, clientIss + 1]).map((x) => ({ ...x, packet: 3 })),
    ];
    expect(story(inferTcpStates(segments).transitions).slice(4)).toEqual([
      's ESTABLISHED>CLOSED@3/send',
      'c ESTABLISHED>CLOSED@3/receive',
    ]);
  });
});

describe('capture started mid-connection', () => {
  it('both sides start ESTABLISHED (a self-transition marked as such), then close normally', () => {
    const result = inferTcpStates(
      exchange(['c', PSH | ACK, 5, 7, 3], ['c', FIN | ACK, 8, 7], ['s', FIN | ACK, 7, 9], ['c', ACK, 9, 8]),
    );
    expect(story(result.transitions)).toEqual([
      'c ESTABLISHED>ESTABLISHED@0/start',
      's ESTABLISHED>ESTABLISHED@0/start',
      'c ESTABLISHED>FIN-WAIT-1@1/send',
      's ESTABLISHED>CLOSE-WAIT@1/receive',
      's CLOSE-WAIT>LAST-ACK@2/send',
      'c FIN-WAIT-1>TIME-WAIT@2/receive',
      's LAST-ACK>CLOSED@3/receive',
    ]);
    expect(result.transitions[0]?.cause).toBe(midConnectionCause);
    expect(result.connections[0]?.start).toBe('mid-connection');
    expectRfcHistories(result.transitions);
  });

  it('a SYN,ACK first (the SYN was missed): SYN-RECEIVED and SYN-SENT starts', () => {
    const result = inferTcpStates(
      exchange(['s', SYN | ACK, serverIss, clientIss + 1], ['c', ACK, clientIss + 1, serverIss + 1]),
    );
    expect(story(result.transitions)).toEqual([
      's SYN-RECEIVED>SYN-RECEIVED@0/start',
      'c SYN-SENT>SYN-SENT@0/start',
      'c SYN-SENT>ESTABLISHED@0/receive',
      's SYN-RECEIVED>ESTABLISHED@1/receive',
    ]);
  });

  it('a lone RST: no states (nothing says what came before)', () => {
    const result = inferTcpStates(exchange(['s', RST | ACK, 1, 2, 58]));
    expect(result.transitions).toEqual([]);
    expect(result.connections[0]?.start).toBe('reset');
    expect([...result.fromSockets, ...result.toSockets]).toEqual([-1, -1]);
  });
});

describe('port reuse', () => {
  it('a SYN after the connection ended starts a new connection with new sockets', () => {
    const c = clientIss + 1;
    const s = serverIss + 1;
    const first = [
      ...handshake,
      ...exchange(['c', RST, c, 0]).map((x) => ({ ...x, packet: 3 })),
      ...exchange(['c', SYN, 77, 0], ['s', SYN | ACK, 99, 78]).map((x) => ({ ...x, packet: x.packet + 4 })),
    ];
    const result = inferTcpStates(first);
    expect(result.connections.map((x) => [x.clientSocket, x.serverSocket, x.clientState, x.serverState])).toEqual([
      [1000, 1001, 'CLOSED', 'CLOSED'],
      [1002, 1003, 'ESTABLISHED', 'SYN-RECEIVED'],
    ]);
    void s;
  });
});

describe('any sequence of segments', () => {
  it('gives RFC transitions only, each continuing its socket history, and never throws', () => {
    const segment = fc.record({
      fromClient: fc.boolean(),
      flagBits: fc.integer({ min: 0, max: 0x3f }),
      seq: fc.integer({ min: 0, max: 20 }),
      ack: fc.integer({ min: 0, max: 20 }),
      len: fc.integer({ min: 0, max: 3 }),
      other: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 40 }), (list) => {
        const segments: InferSegment[] = list.map((x, packet) => {
          const a = x.other ? '10.0.0.3:1' : client;
          return {
            packet,
            src: x.fromClient ? a : server,
            dst: x.fromClient ? server : a,
            flagBits: x.flagBits,
            seq: x.seq,
            ack: x.ack,
            len: x.len,
          };
        });
        const result = inferTcpStates(segments);
        expectRfcHistories(result.transitions);
        expect(result.fromSockets).toHaveLength(segments.length);
        for (let i = 1; i < result.transitions.length; i++)
          expect((result.transitions[i] as InferredTransition).packet).toBeGreaterThanOrEqual(
            (result.transitions[i - 1] as InferredTransition).packet,
          );
      }),
      { numRuns: 500 },
    );
  });
});
