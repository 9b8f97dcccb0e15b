// Hostile messages sent to a real bridge server on an ephemeral port: each one is answered on its
// own connection (never by an unhandled rejection that would exit Node), and the bridge then
// still answers a new connection.
import { connect as connectTcp } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { parseBridgeMessage, type BridgeMessage } from '../src/bridge-protocol/messages';
import { findScenario } from '../src/scenario/library';
import { scenarioLimits } from '../src/scenario/limits';
import type { Scenario } from '../src/scenario/schema';
import { sampleTrace } from '../src/trace/test-fixtures';
import { HttpGate } from './http-gate';
import { runnability } from './runner/run-scenario';
import { startBridgeServer, type BridgeServer } from './server';

const token = 'a'.repeat(64);
let server: BridgeServer | undefined;
const sockets: WebSocket[] = [];
let runnerCalls = 0;

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await server?.close();
  server = undefined;
});

async function start(limits: { idleTimeoutMs?: number } = {}): Promise<BridgeServer> {
  runnerCalls = 0;
  server = await startBridgeServer({
    limits,
    refuseRun: (scenario) => runnability(scenario).reasons,
    port: 0,
    token,
    runScenario: () => {
      runnerCalls += 1;
      return Promise.resolve(sampleTrace());
    },
    capabilities: async () => ({ capture: false, captureReason: 'test', python: true }),
    scenarios: [],
    version: '0.1.0-test',
  });
  return server;
}

/** Opens a connection and resolves with its welcome and a reader for the next messages. */
async function connect(port: number): Promise<{ ws: WebSocket; next: () => Promise<BridgeMessage> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/bridge?token=${token}`, { origin: `http://127.0.0.1:${port}` });
  sockets.push(ws);
  const queue: BridgeMessage[] = [];
  const waiting: ((message: BridgeMessage) => void)[] = [];
  ws.on('message', (data: Buffer) => {
    const parsed = parseBridgeMessage(data.toString('utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    const waiter = waiting.shift();
    if (waiter) waiter(parsed.message);
    else queue.push(parsed.message);
  });
  const next = (): Promise<BridgeMessage> => {
    const queued = queue.shift();
    return queued ? Promise.resolve(queued) : new Promise((resolve) => waiting.push(resolve));
  };
  expect((await next()).type).toBe('welcome');
  return { ws, next };
}

function echo(): Scenario {
  const scenario = findScenario('tcp-echo');
  if (scenario === undefined) throw new Error('tcp-echo is missing from the library');
  return structuredClone(scenario);
}

/** tcp-echo whose first program starts with `step`. */
function withStep(step: unknown): Record<string, unknown> {
  const scenario = echo() as unknown as { programs: { steps: unknown[] }[] };
  scenario.programs[0]?.steps.unshift(step);
  return scenario as unknown as Record<string, unknown>;
}

function nested(levels: number, wrap: (inner: unknown) => unknown, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = wrap(value);
  return value;
}

const hostile: [string, () => Record<string, unknown>][] = [
  [
    '1,000 nested repeat',
    () => withStep(nested(1000, (inner) => ({ op: 'repeat', times: 1, steps: [inner] }), { op: 'exit' })),
  ],
  [
    '1,000 nested loop',
    () => withStep(nested(1000, (inner) => ({ op: 'loop', max: 1, steps: [inner] }), { op: 'exit' })),
  ],
  [
    '1,000 nested concat',
    () => withStep({ op: 'send', socket: 'sock', data: nested(1000, (inner) => ({ concat: [inner] }), 'x') }),
  ],
  [
    '6,000 nested arrays as json send data',
    () => withStep({ op: 'send', socket: 'sock', data: { json: deepArrayMark } }),
  ],
];

/** Replaced in the frame's text: JSON.stringify itself cannot write 6,000 levels. */
const deepArrayMark = 'DEEP-ARRAY';

/** The frame of a `run` message, 6,000 nested arrays spliced in as text (about 12 KB of it). */
function runFrame(scenario: Record<string, unknown>): string {
  const text = JSON.stringify({ type: 'run', scenario });
  return text.replace(JSON.stringify(deepArrayMark), `${'['.repeat(6000)}1${']'.repeat(6000)}`);
}

describe('hostile run messages', () => {
  it.each(hostile)('%s: run-failed with the JSON path and the limit, nothing started', async (_name, make) => {
    const bridge = await start();
    const client = await connect(bridge.port);
    client.ws.send(runFrame(make()));
    const answer = await client.next();
    expect(answer.type).toBe('run-failed');
    if (answer.type !== 'run-failed') return;
    expect(answer.error.en).toMatch(/^invalid scenario: \$\.programs\[0\]\.steps\[0\]\S*: nested deeper than 64/);
    expect(answer.error.en).toContain(`${scenarioLimits.maxNestingDepth} levels`);
    expect(runnerCalls).toBe(0);
    // The same connection still answers, and so does a new one.
    client.ws.send(JSON.stringify({ type: 'hello', protocol: 1 }));
    expect((await client.next()).type).toBe('welcome');
    await connect(bridge.port);
  });

  it('every hostile message on one connection, then a new connection is answered', async () => {
    const bridge = await start();
    const client = await connect(bridge.port);
    for (const [, make] of hostile) client.ws.send(runFrame(make()));
    for (let i = 0; i < hostile.length; i++) expect((await client.next()).type).toBe('run-failed');
    const other = await connect(bridge.port);
    other.ws.send(JSON.stringify({ type: 'run', scenario: echo() }));
    expect((await other.next()).type).toBe('run-started');
    expect((await other.next()).type).toBe('run-finished');
  });
});

/** Writes one raw HTTP request and resolves with the status line of the answer. */
function rawStatus(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp(port, '127.0.0.1', () => socket.write(request));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
      if (answer.includes('\r\n')) {
        resolve(answer.slice(0, answer.indexOf('\r\n')));
        socket.destroy();
      }
    });
    socket.on('error', reject);
  });
}

function upgradeRequest(port: number, target: string, extraHeaders: string[] = []): string {
  return [
    `GET ${target} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    ...extraHeaders,
    `Origin: http://127.0.0.1:${port}`,
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Sec-WebSocket-Version: 13',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    '',
    '',
  ].join('\r\n');
}

describe('hostile requests', () => {
  it('a second Host header is a 400, for an upgrade and for a page', async () => {
    const bridge = await start();
    const { port } = bridge;
    const twice = upgradeRequest(port, `/bridge?token=${token}`, [`Host: 127.0.0.1:${port}`]);
    expect(await rawStatus(port, twice)).toBe('HTTP/1.1 400 Bad Request');
    const page = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nHost: evil.example\r\n\r\n`;
    expect(await rawStatus(port, page)).toBe('HTTP/1.1 400 Bad Request');
    expect(bridge.acceptedConnections).toBe(0);
  });

  it('an absolute-form or scheme-relative target is not upgraded', async () => {
    const bridge = await start();
    const { port } = bridge;
    expect(await rawStatus(port, upgradeRequest(port, `//evil.example/bridge?token=${token}`))).toBe(
      'HTTP/1.1 404 Not Found',
    );
    const absolute = upgradeRequest(port, `http://evil.example/bridge?token=${token}`);
    expect(await rawStatus(port, absolute)).toBe('HTTP/1.1 404 Not Found');
    expect(await rawStatus(port, upgradeRequest(port, `/bridge?token=${token}`))).toBe(
      'HTTP/1.1 101 Switching Protocols',
    );
    expect(bridge.acceptedConnections).toBe(1);
  });
});

describe('idle connections', () => {
  it('an authenticated connection that stays silent is closed with 1000 "idle"', async () => {
    const idleTimeoutMs = 400;
    const bridge = await start({ idleTimeoutMs });
    const client = await connect(bridge.port);
    const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) =>
      client.ws.on('close', (code, reason) => resolve({ code, reason: reason.toString(), at: performance.now() })),
    );
    // A message restarts the countdown: the close comes a whole timeout after it, later than a
    // countdown from the connection would end. (Only lower bounds: a loaded machine is late, never early.)
    await new Promise((resolve) => setTimeout(resolve, 150));
    const sentAt = performance.now();
    client.ws.send(JSON.stringify({ type: 'hello', protocol: 1 }));
    const first = await Promise.race([client.next(), closed.then(() => undefined)]);
    expect(first?.type, 'closed before the welcome: the 150 ms wait overran the timeout').toBe('welcome');
    const { code, reason, at } = await closed;
    expect([code, reason]).toEqual([1000, 'idle']);
    expect(at - sentAt).toBeGreaterThanOrEqual(idleTimeoutMs - 1);
  });
});

describe('runs the runner cannot do', () => {
  it.each<[string, () => Record<string, unknown>]>([
    [
      'udp-discovery (a broadcast)',
      () => structuredClone(findScenario('udp-discovery')) as unknown as Record<string, unknown>,
    ],
    ['a crash fault', () => ({ ...echo(), faults: [{ type: 'crash', host: 'server', atMs: 10 }] })],
  ])('%s: refused with run-failed and no run-started', async (_name, make) => {
    const bridge = await start();
    const client = await connect(bridge.port);
    client.ws.send(JSON.stringify({ type: 'run', scenario: make() }));
    const answer = await client.next();
    expect(answer.type).toBe('run-failed');
    if (answer.type === 'run-failed') expect(answer.error.en).toMatch(/^cannot run on real sockets: /);
    expect(runnerCalls).toBe(0);
  });
});

describe('a failure inside the upgrade', () => {
  /** A gate whose admission and connection handler throw when told to; closed after the test. */
  async function failingGate(fail: { admission: boolean; connection: boolean }) {
    const log: string[] = [];
    const gate = new HttpGate({
      host: '127.0.0.1',
      token,
      maxPayloadBytes: 1024,
      admission: () => {
        if (fail.admission) throw new Error('admission exploded');
        return undefined;
      },
      onConnection: (ws) => {
        if (fail.connection) throw new Error('session exploded');
        ws.send('hi');
      },
      log: (line) => log.push(line),
    });
    const port = await gate.listen(0);
    gates.push(gate);
    return { port, log };
  }

  const gates: HttpGate[] = [];
  afterEach(async () => {
    // The gate's close waits for its WebSockets: end the clients first.
    for (const ws of sockets.splice(0)) ws.terminate();
    for (const gate of gates.splice(0)) await gate.close();
  });

  /** Resolves with the first message, or with the close code when the connection ends first. */
  function firstAnswer(port: number): Promise<string> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/bridge?token=${token}`, { origin: `http://127.0.0.1:${port}` });
    sockets.push(ws);
    return new Promise((resolve) => {
      ws.on('message', (data: Buffer) => resolve(`message ${data.toString('utf8')}`));
      ws.on('close', (code) => resolve(`close ${code}`));
      ws.on('error', (error) => resolve(`error ${error.message}`));
    });
  }

  it('a connection handler that throws closes that connection with 1011; the gate goes on', async () => {
    const fail = { admission: false, connection: true };
    const { port, log } = await failingGate(fail);
    expect(await firstAnswer(port)).toBe('close 1011');
    expect(log).toEqual(['bridge: connection setup failed: session exploded']);
    fail.connection = false;
    expect(await firstAnswer(port)).toBe('message hi');
    expect(await rawStatus(port, `GET /bridge HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)).toBe(
      'HTTP/1.1 426 Upgrade Required',
    );
  });

  it('a check that throws before the upgrade drops that socket only; the gate goes on', async () => {
    const fail = { admission: true, connection: false };
    const { port, log } = await failingGate(fail);
    expect(await firstAnswer(port)).toMatch(/^error /);
    expect(log).toEqual(['bridge: upgrade failed: admission exploded']);
    fail.admission = false;
    expect(await firstAnswer(port)).toBe('message hi');
  });
});
