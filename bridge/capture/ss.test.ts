import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { diffSnapshots, parseSsOutput, ssFilter, SsPoller, ssStateName } from './ss';

/** Real `ss -tanoH state all '( sport = :P or dport = :P )'` output (iproute2 6.1, Linux 6.18). */
const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseSsOutput', () => {
  it('reads a TIME-WAIT socket with its remaining timer', () => {
    expect(parseSsOutput(fixture('ss-time-wait.txt'))).toEqual([
      {
        state: 'TIME-WAIT',
        ssState: 'TIME-WAIT',
        local: '127.0.0.1:8080',
        peer: '127.0.0.2:33127',
        recvQueue: 0,
        sendQueue: 0,
        timer: { name: 'timewait', remaining: '36sec', retransmits: 0 },
      },
    ]);
  });

  it('maps LISTEN and ESTAB, with queues and the keepalive timer', () => {
    const sockets = parseSsOutput(fixture('ss-established.txt'));
    expect(sockets.map((s) => [s.state, s.local, s.peer])).toEqual([
      ['LISTEN', '127.0.0.1:18080', '0.0.0.0:*'],
      ['ESTABLISHED', '127.0.0.1:18080', '127.0.0.2:51857'],
      ['ESTABLISHED', '127.0.0.2:51857', '127.0.0.1:18080'],
    ]);
    expect(sockets[1]?.recvQueue).toBe(10);
    expect(sockets[2]?.timer).toEqual({ name: 'keepalive', remaining: '119min', retransmits: 0 });
  });

  it('maps a half-closed connection: CLOSE-WAIT and FIN-WAIT-2', () => {
    expect(parseSsOutput(fixture('ss-half-closed.txt')).map((s) => s.state)).toEqual([
      'LISTEN',
      'CLOSE-WAIT',
      'FIN-WAIT-2',
    ]);
  });

  it('maps SYN-SENT with its retransmission timer (backlog full)', () => {
    const sockets = parseSsOutput(fixture('ss-syn-sent.txt'));
    expect(sockets.filter((s) => s.state === 'SYN-SENT')).toHaveLength(2);
    expect(sockets.find((s) => s.state === 'SYN-SENT')?.timer).toEqual({
      name: 'on',
      remaining: '696ms',
      retransmits: 0,
    });
  });

  it('skips blank and unknown lines', () => {
    expect(parseSsOutput('\nState Recv-Q\nBOGUS 0 0 a b\n')).toEqual([]);
  });

  it('names every kernel state the RFC way', () => {
    expect(ssStateName('SYN-RECV')).toBe('SYN-RECEIVED');
    expect(ssStateName('ESTAB')).toBe('ESTABLISHED');
    expect(ssStateName('LAST-ACK')).toBe('LAST-ACK');
    expect(ssStateName('CLOSING')).toBe('CLOSING');
    expect(ssStateName('NOPE')).toBeUndefined();
  });
});

describe('diffSnapshots', () => {
  it('reports new sockets from CLOSED, changes from the previous state, and gone sockets to CLOSED', () => {
    const before = parseSsOutput(fixture('ss-established.txt'));
    const after = parseSsOutput(fixture('ss-half-closed.txt'));
    expect(diffSnapshots([], before, 1).map((o) => `${o.from}>${o.to}`)).toEqual([
      'CLOSED>LISTEN',
      'CLOSED>ESTABLISHED',
      'CLOSED>ESTABLISHED',
    ]);
    expect(diffSnapshots(before, after, 2).map((o) => [o.local, o.from, o.to])).toEqual([
      ['127.0.0.1:18080', 'ESTABLISHED', 'CLOSE-WAIT'],
      ['127.0.0.2:51857', 'ESTABLISHED', 'FIN-WAIT-2'],
    ]);
    expect(diffSnapshots(after, [], 3).map((o) => o.to)).toEqual(['CLOSED', 'CLOSED', 'CLOSED']);
  });
});

describe('ssFilter', () => {
  it('selects either end of every port', () => {
    expect(ssFilter([8080, 9000])).toBe('( sport = :8080 or dport = :8080 or sport = :9000 or dport = :9000 )');
  });
});

describe('SsPoller', () => {
  it('polls until stopped, then once more, and reports the changes', async () => {
    const outputs = [fixture('ss-established.txt'), fixture('ss-half-closed.txt'), fixture('ss-time-wait.txt')];
    const calls: string[][] = [];
    const poller = new SsPoller([18080], undefined, 5, (args) => {
      calls.push([...args]);
      return Promise.resolve(outputs[Math.min(calls.length - 1, outputs.length - 1)] ?? '');
    });
    poller.start();
    // Until the three outputs have been read (a loaded machine polls less often than every 5 ms).
    await vi.waitFor(() => expect(calls.length).toBeGreaterThanOrEqual(3), { timeout: 10_000, interval: 5 });
    const observations = await poller.stop();
    expect(calls[0]).toEqual(['-tanoH', 'state', 'all', '( sport = :18080 or dport = :18080 )']);
    const tos = observations.map((o) => o.to);
    expect(tos).toContain('CLOSE-WAIT');
    expect(observations.find((o) => o.to === 'TIME-WAIT')?.timer?.name).toBe('timewait');
    const count = calls.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls.length).toBe(count); // no poll after stop()
  });
});
