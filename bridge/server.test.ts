import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  maxClientMessageBytes,
  parseBridgeMessage,
  protocolVersion,
  type BridgeMessage,
  type Capabilities,
} from '../src/bridge-protocol/messages';
import { findScenario } from '../src/scenario/library';
import type { Scenario } from '../src/scenario/schema';
import { sampleTrace } from '../src/trace/test-fixtures';
import type { Trace, TraceEvent } from '../src/trace/types';
import type { RunScenario, RunScenarioOptions } from './run-contract';
import { startBridgeServer, type BridgeServer, type BridgeServerOptions } from './server';

const token = 'f'.repeat(64);
const capabilities: Capabilities = {
  capture: false,
  captureReason: 'tcpdump not found: apt-get install tcpdump',
  python: true,
};

/** A runner the test drives: it records each call and settles when told to. */
class FakeRunner {
  readonly calls: { scenario: Scenario; opts: RunScenarioOptions; aborted: boolean }[] = [];
  readonly run: RunScenario = (scenario, opts) => {
    const call = { scenario, opts, aborted: false };
    this.calls.push(call);
    return new Promise((resolve, reject) => {
      opts.signal.addEventListener('abort', () => {
        call.aborted = true;
        reject(new Error('aborted'));
      });
      this.finishers.push((error, trace) => (error ? reject(error) : resolve(trace ?? sampleTrace())));
    });
  };
  private finishers: ((error?: Error, trace?: Trace) => void)[] = [];
  finish(index: number, error?: Error, trace?: Trace): void {
    this.finishers[index]?.(error, trace);
  }
}

let dist: string;
let server: BridgeServer | undefined;
let runner: FakeRunner;
const clients: WebSocket[] = [];

beforeEach(() => {
  runner = new FakeRunner();
  const root = mkdtempSync(join(tmpdir(), 'wirestep-bridge-'));
  dist = join(root, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Wirestep</title>');
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1);');
  writeFileSync(join(dist, 'assets', 'index-abc123.css'), 'body{}');
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dist, '.env'), 'SECRET=1');
  writeFileSync(join(root, 'package.json'), '{"secret": true}');
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  await server?.close();
  server = undefined;
  rmSync(join(dist, '..'), { recursive: true, force: true });
});

async function start(overrides: Partial<BridgeServerOptions> = {}): Promise<BridgeServer> {
  server = await startBridgeServer({
    port: 0,
    token,
    staticDir: dist,
    runScenario: runner.run,
    capabilities: async () => capabilities,
    scenarios: [echo()],
    version: '0.1.0-test',
    ...overrides,
  });
  return server;
}

function echo(): Scenario {
  const scenario = findScenario('tcp-echo');
  if (scenario === undefined) throw new Error('tcp-echo is missing from the library');
  return structuredClone(scenario);
}

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  upgraded: boolean;
}

/** One HTTP request with exactly these headers (ws and fetch would set Host and Origin themselves). */
function raw(port: number, path: string, headers: Record<string, string>, method = 'GET'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers, setHost: false });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, upgraded: false }));
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '', upgraded: true });
    });
    req.on('error', reject);
    req.end();
  });
}

function upgradeHeaders(port: number, overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const headers: Record<string, string | undefined> = {
    Host: `127.0.0.1:${port}`,
    Origin: `http://127.0.0.1:${port}`,
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined));
}

/** A WebSocket client that queues every bridge message for `next()`. */
class Client {
  readonly ws: WebSocket;
  private queue: BridgeMessage[] = [];
  private waiting: ((message: BridgeMessage) => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(port: number, host = '127.0.0.1') {
    this.ws = new WebSocket(`ws://${host}:${port}/bridge?token=${token}`, { origin: `http://${host}:${port}` });
    clients.push(this.ws);
    this.ws.on('message', (data: Buffer) => {
      const parsed = parseBridgeMessage(data.toString('utf8'));
      if (!parsed.ok) throw new Error(parsed.error);
      const waiter = this.waiting.shift();
      if (waiter) waiter(parsed.message);
      else this.queue.push(parsed.message);
    });
    this.closed = new Promise((resolve) =>
      this.ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  next(): Promise<BridgeMessage> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async expect<T extends BridgeMessage['type']>(type: T): Promise<Extract<BridgeMessage, { type: T }>> {
    const message = await this.next();
    expect(message.type).toBe(type);
    return message as Extract<BridgeMessage, { type: T }>;
  }

  send(value: unknown): void {
    this.ws.send(typeof value === 'string' ? value : JSON.stringify(value));
  }
}

async function connected(port: number, host?: string): Promise<Client> {
  const client = new Client(port, host);
  await client.expect('welcome');
  return client;
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

describe('refused before the upgrade', () => {
  it.each<[string, (port: number) => { path?: string; headers: Record<string, string | undefined> }]>([
    ['a wrong Host (DNS rebinding)', (port) => ({ headers: { Host: `evil.example:${port}` } })],
    ['a Host with the wrong port', (port) => ({ headers: { Host: `127.0.0.1:${port + 1}` } })],
    ['a wrong Origin (cross-site)', () => ({ headers: { Origin: 'http://evil.example' } })],
    ['no Origin', () => ({ headers: { Origin: undefined } })],
    ['no token', () => ({ path: '/bridge', headers: {} })],
    ['a wrong token of the same length', () => ({ path: `/bridge?token=${'e'.repeat(64)}`, headers: {} })],
    ['a wrong token of another length', () => ({ path: `/bridge?token=${'f'.repeat(63)}`, headers: {} })],
    ['an empty token', () => ({ path: '/bridge?token=', headers: {} })],
  ])('%s: HTTP 403, no connection', async (_name, make) => {
    const bridge = await start();
    const { path, headers } = make(bridge.port);
    const answer = await raw(bridge.port, path ?? `/bridge?token=${token}`, upgradeHeaders(bridge.port, headers));
    expect(answer.upgraded).toBe(false);
    expect(answer.status).toBe(403);
    expect(answer.body).toMatch(/^Forbidden: /);
    expect(bridge.acceptedConnections).toBe(0);
  });

  it('another path: HTTP 404, no connection', async () => {
    const bridge = await start();
    const answer = await raw(bridge.port, `/other?token=${token}`, upgradeHeaders(bridge.port));
    expect([answer.upgraded, answer.status, bridge.acceptedConnections]).toEqual([false, 404, 0]);
  });

  it('the same request with every check right is upgraded', async () => {
    const bridge = await start();
    const answer = await raw(bridge.port, `/bridge?token=${token}`, upgradeHeaders(bridge.port));
    expect([answer.upgraded, answer.status]).toEqual([true, 101]);
    await until(() => bridge.acceptedConnections === 1);
  });
});

describe('accepted connections', () => {
  it.each(['127.0.0.1', 'localhost'])('via %s get welcome with the capabilities', async (host) => {
    const bridge = await start();
    const client = new Client(bridge.port, host);
    expect(await client.next()).toEqual({
      type: 'welcome',
      version: '0.1.0-test',
      protocol: protocolVersion,
      capabilities,
    });
    expect(bridge.acceptedConnections).toBe(1);
    client.send({ type: 'hello', protocol: protocolVersion });
    await client.expect('welcome');
  });

  it('an oversized message closes the connection with 1009', async () => {
    const bridge = await start();
    const client = await connected(bridge.port);
    client.send('x'.repeat(maxClientMessageBytes + 1));
    expect((await client.closed).code).toBe(1009);
  });

  it('malformed JSON gets an error and the connection stays', async () => {
    const bridge = await start();
    const client = await connected(bridge.port);
    client.send('{"type": "hello"');
    expect((await client.expect('error')).message).toMatch(/^not valid JSON/);
    client.send({ type: 'launch' });
    expect((await client.expect('error')).message).toMatch(/unknown message type "launch"/);
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await client.expect('error')).message).toMatch(/binary/);
    client.send({ type: 'hello', protocol: protocolVersion });
    await client.expect('welcome');
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('a wrong protocol version gets an error, then welcome', async () => {
    const bridge = await start();
    const client = await connected(bridge.port);
    client.send({ type: 'hello', protocol: protocolVersion + 1 });
    expect((await client.expect('error')).message).toMatch(/reload the page/);
    await client.expect('welcome');
  });
});

describe('runs', () => {
  it('streams events and status, then the trace', async () => {
    const bridge = await start();
    const client = await connected(bridge.port);
    client.send({ type: 'run', scenarioId: 'tcp-echo', options: { capture: false } });
    const { runId } = await client.expect('run-started');
    await until(() => runner.calls.length === 1);
    const call = runner.calls[0];
    expect(call?.scenario.id).toBe('tcp-echo');
    expect(call?.opts.options).toEqual({ capture: false });
    const event = sampleTrace().events[0];
    if (event === undefined) throw new Error('no sample event');
    call?.opts.onStatus({ text: { en: 'capturing on lo', fr: 'capture sur lo' } });
    call?.opts.onEvent(event);
    expect(await client.next()).toEqual({
      type: 'run-status',
      runId,
      text: { en: 'capturing on lo', fr: 'capture sur lo' },
    });
    expect(await client.next()).toEqual({ type: 'trace-event', runId, event });
    runner.finish(0);
    expect(await client.next()).toEqual({ type: 'run-finished', runId, trace: sampleTrace() });
    await until(() => bridge.activeRuns === 0);
  });

  it('sends a large trace in parts, as one run-finished message, and what follows after it (issue 15, finding 7)', async () => {
    const bridge = await start();
    const client = await connected(bridge.port);
    client.send({ type: 'run', scenarioId: 'tcp-echo' });
    const { runId } = await client.expect('run-started');
    await until(() => runner.calls.length === 1);
    const trace = sampleTrace();
    // 12,000 events: past partsAboveEvents, six parts of 2,000.
    const note = (i: number): TraceEvent => ({ t: i, kind: 'note', text: { en: `note ${i}`, fr: `note ${i}` } });
    trace.events = Array.from({ length: 12_000 }, (_, i) => note(i));
    runner.finish(0, undefined, trace);
    client.send({ type: 'hello', protocol: protocolVersion });
    expect(await client.next()).toEqual({ type: 'run-finished', runId, trace });
    await client.expect('welcome');
    await until(() => bridge.activeRuns === 0);
  });

  it('accepts a full scenario', async () => {
    const bridge = await start();
    const client = await connected(bridge.port);
    client.send({ type: 'run', scenario: echo() });
    await client.expect('run-started');
    await until(() => runner.calls.length === 1);
  });

  it('refuses a scenario that connects to a non-loopback address, with a clear message', async () => {
    const bridge = await start();
    const client = await connected(bridge.port);
    const scenario = echo();
    const client0 = scenario.programs.find((p) => p.host === 'client');
    const connect = client0?.steps.find((s) => s.op === 'connect');
    if (connect?.op !== 'connect') throw new Error('tcp-echo has no connect step');
    connect.host = '8.8.8.8';
    client.send({ type: 'run', scenario });
    const failed = await client.expect('run-failed');
    expect(failed.error.en).toMatch(
      /^cannot run on real sockets: \$\.programs\[\d+\]\.steps\[\d+\]\.host: connect to 8\.8\.8\.8 refused/,
    );
    expect(failed.error.en).toContain('loopback (127.0.0.0/8)');
    expect(failed.error.fr).toContain('8.8.8.8');
    expect(runner.calls).toHaveLength(0);
  });

  it('refuses an invalid scenario and an unknown id', async () => {
    const bridge = await start();
    const client = await connected(bridge.port);
    client.send({ type: 'run', scenario: { ...echo(), version: 2 } });
    expect((await client.expect('run-failed')).error.en).toMatch(/^invalid scenario: \$\.version: /);
    client.send({ type: 'run', scenarioId: 'nope' });
    expect((await client.expect('run-failed')).error).toEqual({
      en: 'unknown scenario "nope"',
      fr: 'scénario inconnu « nope »',
    });
    expect(runner.calls).toHaveLength(0);
  });

  it('a client that leaves mid-run aborts its run', async () => {
    const bridge = await start();
    const client = await connected(bridge.port);
    client.send({ type: 'run', scenarioId: 'tcp-echo' });
    await client.expect('run-started');
    await until(() => runner.calls.length === 1);
    expect(runner.calls[0]?.aborted).toBe(false);
    client.ws.close();
    await until(() => runner.calls[0]?.aborted === true);
    expect(runner.calls[0]?.opts.signal.aborted).toBe(true);
    await until(() => bridge.activeRuns === 0);
  });

  it('cancel aborts the run and answers run-failed', async () => {
    const bridge = await start();
    const client = await connected(bridge.port);
    client.send({ type: 'run', scenarioId: 'tcp-echo' });
    const { runId } = await client.expect('run-started');
    client.send({ type: 'cancel', runId: 'someone-else' });
    expect((await client.expect('error')).message).toContain('no run "someone-else"');
    client.send({ type: 'cancel', runId });
    expect(await client.next()).toEqual({
      type: 'run-failed',
      runId,
      error: { en: 'the run was cancelled', fr: "l'exécution a été annulée" },
    });
    expect(runner.calls[0]?.aborted).toBe(true);
  });

  it('one run per client, and at most two on the bridge', async () => {
    const bridge = await start();
    const first = await connected(bridge.port);
    first.send({ type: 'run', scenarioId: 'tcp-echo' });
    await first.expect('run-started');
    first.send({ type: 'run', scenarioId: 'tcp-echo' });
    expect((await first.expect('run-failed')).error.en).toMatch(/already in progress/);
    const second = await connected(bridge.port);
    second.send({ type: 'run', scenarioId: 'tcp-echo' });
    await second.expect('run-started');
    const third = await connected(bridge.port);
    third.send({ type: 'run', scenarioId: 'tcp-echo' });
    expect((await third.expect('run-failed')).error.en).toMatch(/the bridge is busy \(2 runs at once, at most 2\)/);
    expect(runner.calls).toHaveLength(2);
  });

  it('stops a run that takes too long', async () => {
    const bridge = await start({ limits: { maxDurationMs: 50 } });
    const client = await connected(bridge.port);
    client.send({ type: 'run', scenarioId: 'tcp-echo' });
    await client.expect('run-started');
    expect((await client.expect('run-failed')).error.en).toBe('the run was stopped after 0.05 s');
    expect(runner.calls[0]?.aborted).toBe(true);
  });

  it('stops a run that streams too many events', async () => {
    const bridge = await start({ limits: { maxEventsPerRun: 2 } });
    const client = await connected(bridge.port);
    client.send({ type: 'run', scenarioId: 'tcp-echo' });
    await client.expect('run-started');
    await until(() => runner.calls.length === 1);
    const event = sampleTrace().events[0];
    if (event === undefined) throw new Error('no sample event');
    for (let i = 0; i < 5; i++) runner.calls[0]?.opts.onEvent(event);
    await client.expect('trace-event');
    await client.expect('trace-event');
    expect((await client.expect('run-failed')).error.en).toBe('the run was stopped after 2 events');
  });

  it('a throwing runner yields run-failed and the server keeps serving', async () => {
    let calls = 0;
    const bridge = await start({
      runScenario: (...args) => {
        calls += 1;
        if (calls === 1) throw new Error('socket exploded');
        if (calls === 2) return Promise.reject(new TypeError('python3 crashed\nTraceback ...'));
        return runner.run(...args);
      },
    });
    const client = await connected(bridge.port);
    client.send({ type: 'run', scenarioId: 'tcp-echo' });
    const { runId } = await client.expect('run-started');
    expect(await client.next()).toEqual({
      type: 'run-failed',
      runId,
      error: { en: 'the run failed: socket exploded', fr: "l'exécution a échoué : socket exploded" },
    });
    client.send({ type: 'run', scenarioId: 'tcp-echo' });
    await client.expect('run-started');
    expect((await client.expect('run-failed')).error.en).toBe('the run failed: python3 crashed Traceback ...');
    // Still serving: a new client, a new run that finishes.
    const other = await connected(bridge.port);
    other.send({ type: 'run', scenarioId: 'tcp-echo' });
    await other.expect('run-started');
    await until(() => runner.calls.length === 1);
    runner.finish(0);
    await other.expect('run-finished');
    expect((await raw(bridge.port, '/', { Host: `127.0.0.1:${bridge.port}` })).status).toBe(200);
  });

  it('a runner that fails after the client left does not break anything', async () => {
    const bridge = await start();
    const client = await connected(bridge.port);
    client.send({ type: 'run', scenarioId: 'tcp-echo' });
    await client.expect('run-started');
    await until(() => runner.calls.length === 1);
    runner.calls[0]?.opts.onEvent({ t: 0, kind: 'note', text: { en: 'a', fr: 'a' } });
    client.ws.terminate();
    await until(() => bridge.activeRuns === 0);
    // Events after the end are dropped, not sent to a closed socket.
    runner.calls[0]?.opts.onEvent({ t: 1, kind: 'note', text: { en: 'b', fr: 'b' } });
    await connected(bridge.port);
  });
});

describe('static files', () => {
  const get = (port: number, path: string, method = 'GET'): Promise<RawAnswer> =>
    raw(port, path, { Host: `127.0.0.1:${port}` }, method);

  it.each([
    ['/', 'text/html; charset=utf-8', '<!doctype html><title>Wirestep</title>'],
    ['/index.html', 'text/html; charset=utf-8', '<!doctype html><title>Wirestep</title>'],
    ['/assets/index-abc123.js', 'text/javascript; charset=utf-8', 'console.log(1);'],
    ['/assets/index-abc123.css', 'text/css; charset=utf-8', 'body{}'],
    ['/favicon.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
    ['/lesson/tcp-echo?lang=fr', 'text/html; charset=utf-8', '<!doctype html><title>Wirestep</title>'],
  ])('serves %s as %s', async (path, type, body) => {
    const bridge = await start();
    const answer = await get(bridge.port, path);
    expect([answer.status, answer.headers['content-type'], answer.body]).toEqual([200, type, body]);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(answer.headers['content-security-policy']).toContain(`ws://127.0.0.1:${bridge.port}`);
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves a file from memory only while it is unchanged on disk: a rebuilt dist/ is served as rebuilt', async () => {
    const bridge = await start();
    expect((await get(bridge.port, '/lesson/a')).body).toBe('<!doctype html><title>Wirestep</title>');
    expect((await get(bridge.port, '/')).body).toBe('<!doctype html><title>Wirestep</title>');
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Wirestep 2</title>');
    for (const path of ['/', '/lesson/a', '/index.html']) {
      const answer = await get(bridge.port, path);
      expect([answer.status, answer.body, answer.headers['content-length']]).toEqual([
        200,
        '<!doctype html><title>Wirestep 2</title>',
        '40',
      ]);
    }
    expect((await get(bridge.port, '/favicon.svg')).status).toBe(200);
    rmSync(join(dist, 'favicon.svg'));
    expect((await get(bridge.port, '/favicon.svg')).status).toBe(404);
  });

  it('caches hashed assets for good and the page never', async () => {
    const bridge = await start();
    expect((await get(bridge.port, '/assets/index-abc123.js')).headers['cache-control']).toContain('immutable');
    expect((await get(bridge.port, '/')).headers['cache-control']).toBe('no-cache');
  });

  it.each([
    '/../package.json',
    '/assets/../../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E%2Fpackage.json',
    '/..%5cpackage.json',
    '/.env',
    '/assets/%00.js',
    '/%E0%A4%A',
    '/missing.js',
    '/package.json',
  ])('%s is a 404', async (path) => {
    const bridge = await start();
    const answer = await get(bridge.port, path);
    expect(answer.status).toBe(404);
    expect(answer.body).not.toContain('secret');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const bridge = await start();
    const head = await get(bridge.port, '/favicon.svg', 'HEAD');
    expect([head.status, head.body, head.headers['content-length']]).toEqual([200, '', '41']);
    const post = await get(bridge.port, '/', 'POST');
    expect([post.status, post.headers.allow]).toEqual([405, 'GET, HEAD']);
  });

  it('refuses a foreign Host (DNS rebinding) and accepts the loopback ones', async () => {
    const bridge = await start();
    const withHost = (host: string): Promise<RawAnswer> => raw(bridge.port, '/', { Host: host });
    expect((await withHost(`evil.example:${bridge.port}`)).status).toBe(403);
    expect((await withHost('127.0.0.1')).status).toBe(403);
    for (const host of [`127.0.0.1:${bridge.port}`, `localhost:${bridge.port}`, `[::1]:${bridge.port}`]) {
      expect((await withHost(host)).status).toBe(200);
    }
  });

  it('/bridge without an upgrade is a 426', async () => {
    const bridge = await start();
    expect((await get(bridge.port, '/bridge')).status).toBe(426);
  });

  it('says how to build when dist/ is missing', async () => {
    const bridge = await start({ staticDir: join(dist, 'nowhere') });
    const answer = await get(bridge.port, '/');
    expect([answer.status, answer.body]).toEqual([
      503,
      'the app is not built: run "npm run build" (or "npm start", which builds it)\n',
    ]);
  });
});

describe('shutdown', () => {
  it('closes clients with 1001, aborts runs and stops listening', async () => {
    const bridge = await start();
    const client = await connected(bridge.port);
    client.send({ type: 'run', scenarioId: 'tcp-echo' });
    await client.expect('run-started');
    await until(() => runner.calls.length === 1);
    await bridge.close();
    expect((await client.closed).code).toBe(1001);
    expect(runner.calls[0]?.aborted).toBe(true);
    await expect(raw(bridge.port, '/', { Host: `127.0.0.1:${bridge.port}` })).rejects.toThrow(/ECONNREFUSED/);
    await bridge.close();
  });

  it('prints a URL with the token on 127.0.0.1', async () => {
    const bridge = await startBridgeServer({
      port: 0,
      runScenario: runner.run,
      capabilities: async () => capabilities,
      scenarios: [],
      version: 'x',
    });
    server = bridge;
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/?token=${bridge.token}`);
    expect(bridge.token).toMatch(/^[0-9a-f]{64}$/);
  });
});
