// The JSON-lines protocol of runner.py, on real loopback sockets (no capture rights needed).
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../src/scenario/library';
import type { Scenario } from '../../src/scenario/schema';
import { loopbackPlan } from '../limits';
import type { RunnerEvent } from './merge';
import { PythonRunner, type RunnerEnd } from './python';

/** A random offset per run: tests in parallel (and earlier runs' TIME-WAIT) never share ports. */
function freshOffset(): number {
  return 20_000 + Math.floor(Math.random() * 30_000);
}

function library(id: string): Scenario {
  return builtinScenarios.find((s) => s.id === id) as Scenario;
}

async function run(id: string | Scenario): Promise<{ events: RunnerEvent[]; end: RunnerEnd; ports: number[] }> {
  const scenario = typeof id === 'string' ? library(id) : id;
  const plan = loopbackPlan(scenario);
  const events: RunnerEvent[] = [];
  const runner = new PythonRunner(
    {
      scenario,
      addresses: Object.fromEntries(plan.hosts),
      scenarioAddresses: Object.fromEntries(plan.addresses),
      portOffset: freshOffset(),
      timeLimitS: 20,
    },
    (e) => events.push(e),
  );
  const ready = await runner.ready;
  runner.go();
  const end = await runner.ended;
  events.sort((a, b) => a.t - b.t);
  return { events, end, ports: ready.ports };
}

const calls = (events: RunnerEvent[], host: string): string[] =>
  events.flatMap((e) =>
    (e.kind === 'call' || e.kind === 'return') && e.host === host
      ? [`${e.kind} ${e.call}${e.kind === 'return' && e.errno !== undefined ? ` ${e.errno}` : ''}`]
      : [],
  );

describe('runner.py', () => {
  it('runs tcp-echo: the calls and returns of both hosts, shaped as the simulator records them', async () => {
    const { events, end, ports } = await run('tcp-echo');
    expect(end.reason).toBe('ended');
    expect(calls(events, 'server')).toEqual([
      'call socket',
      'return socket',
      'call bind',
      'return bind',
      'call listen',
      'return listen',
      'call accept',
      'return accept',
      'call recv',
      'return recv',
      'call sendall',
      'return sendall',
      'call close',
      'return close',
      'call close',
      'return close',
    ]);
    expect(calls(events, 'client')).toEqual([
      'call socket',
      'return socket',
      'call connect',
      'return connect',
      'call sendall',
      'return sendall',
      'call recv',
      'return recv',
      'call recv',
      'return recv',
      'call close',
      'return close',
    ]);
    const port = ports[0] as number;
    const find = (host: string, kind: string, call: string, n = 0): RunnerEvent | undefined =>
      events.filter((e) => e.kind === kind && 'call' in e && e.call === call && 'host' in e && e.host === host)[n];
    // Descriptors as the program sees them, counted per program from 3.
    expect(find('server', 'return', 'socket')).toMatchObject({ socket: 3, result: 3, step: '0.0' });
    expect(find('client', 'return', 'socket')).toMatchObject({ socket: 3, result: 3, step: '1.0' });
    expect(find('server', 'call', 'bind')).toMatchObject({ args: { addr: '0.0.0.0', port } });
    expect(find('server', 'return', 'bind')).toMatchObject({ result: 0, local: `127.0.0.1:${port}` });
    const connect = find('client', 'call', 'connect');
    expect(connect).toMatchObject({ args: { addr: '127.0.0.1', port } });
    expect(connect?.local).toMatch(/^127\.0\.0\.2:\d+$/); // bound before the SYN, so ss and tcpdump can map it
    const accepted = find('server', 'return', 'accept');
    expect(accepted).toMatchObject({ socket: 3, result: { fd: 4, peer: connect?.local } });
    expect(find('client', 'call', 'sendall')).toMatchObject({ args: { bytes: 14, payload: 'SGVsbG8sIHNlcnZlciE=' } });
    expect(find('server', 'return', 'recv')).toMatchObject({ socket: 4, result: { bytes: 14 } });
    expect(find('client', 'return', 'recv', 1)).toMatchObject({ result: { bytes: 0, payload: '' } });
    // CLOCK_REALTIME microseconds, close to Date.now().
    expect(Math.abs((events[0]?.t ?? 0) / 1000 - Date.now())).toBeLessThan(60_000);
  }, 30_000);

  it('reports ECONNREFUSED for a closed port, three times with backoff', async () => {
    const { events } = await run('tcp-refused');
    const refused = events.filter((e) => e.kind === 'return' && e.call === 'connect');
    expect(refused.map((e) => (e.kind === 'return' ? e.errno : undefined))).toEqual([
      'ECONNREFUSED',
      'ECONNREFUSED',
      'ECONNREFUSED',
    ]);
    const sleeps = events.flatMap((e) => (e.kind === 'call' && e.call === 'sleep' ? [e.args.ms] : []));
    expect(sleeps).toEqual([1000, 2000, 4000]);
  }, 30_000);

  it('reports ECONNRESET then EPIPE after an abortive close (SO_LINGER 0)', async () => {
    const { events } = await run('tcp-abort-rst');
    const client = events.filter((e) => e.kind === 'return' && e.host === 'client');
    expect(client.find((e) => e.kind === 'return' && e.call === 'recv')).toMatchObject({ errno: 'ECONNRESET' });
    expect(client.find((e) => e.kind === 'return' && e.call === 'sendall' && e.errno !== undefined)).toMatchObject({
      errno: 'EPIPE',
    });
  }, 30_000);

  it('runs udp-echo: datagrams with their sender, and ECONNREFUSED from an ICMP port unreachable', async () => {
    const { events } = await run('udp-echo');
    const recvfrom = events.filter((e) => e.kind === 'return' && e.host === 'client' && e.call === 'recvfrom');
    expect(recvfrom[0]).toMatchObject({ result: { bytes: 3, from: expect.stringMatching(/^127\.0\.0\.1:\d+$/) } });
    const probe = events.filter((e) => e.kind === 'return' && e.host === 'client' && e.call === 'recv');
    expect(probe).toMatchObject([{ errno: 'ECONNREFUSED' }]);
  }, 30_000);

  it('stops a server left waiting in accept() and closes its descriptors, as the simulator does', async () => {
    // tcp-multi-client with a server that waits for a third client that never comes.
    const scenario = structuredClone(library('tcp-multi-client'));
    const loop = scenario.programs[0]?.steps[3];
    if (loop?.op !== 'repeat') throw new Error('tcp-multi-client changed: step 0.3 is no longer a repeat');
    loop.times = 3;
    const { events, end } = await run(scenario);
    expect(end.reason).toBe('stopped');
    const notes = events.flatMap((e) => (e.kind === 'note' && e.host === 'server' ? [e.text.en] : []));
    expect(notes).toContain('nothing else can happen: the program is stopped (like Ctrl-C)');
    const lastServerCall = events.filter((e) => e.kind === 'return' && e.host === 'server').pop();
    expect(lastServerCall).toMatchObject({ call: 'close', result: 0, socket: 3 });
    expect(
      events.find((e) => e.kind === 'return' && e.host === 'server' && e.call === 'accept' && e.errno),
    ).toBeUndefined();
  }, 30_000);
});
