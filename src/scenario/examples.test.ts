// The lessons in docs/examples prove that the course can grow as pure data: each file must validate,
// simulate without an unexpected errno, close every socket, and show the behaviour its texts
// promise, checked from the Trace alone (the bytes each program read and wrote, and when).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { simulate } from '../sim';
import { decodeBase64 } from '../encoding/base64';
import type { CallEvent, ReturnEvent, StateEvent, Trace, TraceEvent } from '../trace/types';
import { validateTrace } from '../trace/validate';
import type { Scenario, Step } from './schema';
import { validateScenario } from './validate';

const examplesDir = fileURLToPath(new URL('../../docs/examples/', import.meta.url));
const files = readdirSync(examplesDir)
  .filter((file) => file.endsWith('.json'))
  .sort();

const utf8 = new TextDecoder();
const text = (bytes: Uint8Array): string => utf8.decode(bytes);

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function loadScenario(file: string): Scenario {
  const result = validateScenario(JSON.parse(readFileSync(`${examplesDir}${file}`, 'utf8')));
  if (!result.ok) throw new Error(`${file}: ${JSON.stringify(result.problems.slice(0, 5))}`);
  return result.scenario;
}

const loaded = new Map<string, { scenario: Scenario; trace: Trace }>();
function run(file: string): { scenario: Scenario; trace: Trace } {
  let entry = loaded.get(file);
  if (!entry) {
    const scenario = loadScenario(file);
    entry = { scenario, trace: simulate(scenario, {}) };
    loaded.set(file, entry);
  }
  return entry;
}

const isReturn = (e: TraceEvent): e is ReturnEvent => e.kind === 'return';
const isCall = (e: TraceEvent): e is CallEvent => e.kind === 'call';
const isState = (e: TraceEvent): e is StateEvent => e.kind === 'state';

interface Recv {
  t: number;
  step: string | undefined;
  data: Uint8Array;
}

/** Every successful recv() of a host, in trace order (recvuntil/recvexact/recvframe show as recv). */
function recvs(trace: Trace, host: string): Recv[] {
  const out: Recv[] = [];
  for (const e of trace.events.filter(isReturn)) {
    if (e.host !== host || e.call !== 'recv' || e.errno !== undefined) continue;
    const result = e.result;
    if (typeof result !== 'object' || result === null || !('payload' in result) || !('bytes' in result)) continue;
    const { payload, bytes } = result;
    if (typeof payload !== 'string' || typeof bytes !== 'number') continue;
    const data = decodeBase64(payload);
    expect(data.length, `recv at ${e.t} µs on ${host}: payload cut short`).toBe(bytes);
    out.push({ t: e.t, step: e.step, data });
  }
  return out;
}

/** Every byte a host read, or only the bytes read by the given steps. */
function received(trace: Trace, host: string, steps?: readonly string[]): Uint8Array {
  return concat(
    recvs(trace, host)
      .filter((r) => steps === undefined || (r.step !== undefined && steps.includes(r.step)))
      .map((r) => r.data),
  );
}

/** Every byte a host handed to send()/sendall(), in order. */
function sent(trace: Trace, host: string): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of trace.events.filter(isCall)) {
    if (e.host !== host || (e.call !== 'send' && e.call !== 'sendall')) continue;
    const payload = e.args['payload'];
    const bytes = e.args['bytes'];
    if (typeof payload !== 'string') throw new Error(`${e.call} at ${e.t} µs on ${host}: no payload`);
    const data = decodeBase64(payload);
    expect(data.length, `${e.call} at ${e.t} µs on ${host}: payload cut short`).toBe(bytes);
    parts.push(data);
  }
  return concat(parts);
}

/** [trace path, step] for every step of a host, nested ones included: "0.4", "1.8.0", as the interpreter names them. */
function stepsOf(scenario: Scenario, host: string): [string, Step][] {
  const out: [string, Step][] = [];
  const walk = (steps: readonly Step[], path: string): void => {
    steps.forEach((step, i) => {
      const here = `${path}.${i}`;
      out.push([here, step]);
      if (step.op === 'repeat' || step.op === 'loop') walk(step.steps, here);
      if (step.op === 'accept' && step.spawn) walk(step.spawn, here);
    });
  };
  scenario.programs.forEach((program, i) => {
    if (program.host === host) walk(program.steps, String(i));
  });
  return out;
}

function stepPaths(scenario: Scenario, host: string, test: (step: Step) => boolean): string[] {
  return stepsOf(scenario, host)
    .filter(([, step]) => test(step))
    .map(([path]) => path);
}

function allSteps(steps: readonly Step[]): Step[] {
  return steps.flatMap((step) => [
    step,
    ...(step.op === 'repeat' || step.op === 'loop' ? allSteps(step.steps) : []),
    ...(step.op === 'accept' && step.spawn ? allSteps(step.spawn) : []),
  ]);
}

describe('docs/examples', () => {
  it('holds the four example lessons', () => {
    expect(files).toEqual([
      'rate-limited-server.json',
      'serialization-json-vs-binary.json',
      'smtp-exchange.json',
      'tcp-proxy.json',
    ]);
  });

  describe.each(files)('%s', (file) => {
    it('validates, and its id is its file name', () => {
      const result = validateScenario(JSON.parse(readFileSync(`${examplesDir}${file}`, 'utf8')));
      expect(result.ok ? [] : result.problems).toEqual([]);
      expect(`${loadScenario(file).id}.json`).toBe(file);
    });

    it('explains every step and points into existing code lines of its host', () => {
      const scenario = loadScenario(file);
      for (const program of scenario.programs) {
        const listing = scenario.code?.[program.host];
        expect(listing?.python && listing.go && listing.node, `${program.host}: three listings`).toBeTruthy();
        for (const step of allSteps(program.steps)) {
          const where = `${program.host} ${step.op}`;
          expect(step.explain, `${where}: explain`).toBeDefined();
          expect(step.ref, `${where}: ref`).toBeDefined();
          for (const lang of ['python', 'go', 'node'] as const) {
            const line = step.ref?.[lang];
            const lines = listing?.[lang]?.split('\n') ?? [];
            expect(line, `${where}: ref.${lang}`).toBeDefined();
            expect(line ?? 0, `${where}: ref.${lang} beyond the listing`).toBeLessThanOrEqual(lines.length);
            expect(lines[(line ?? 1) - 1]?.trim(), `${where}: ref.${lang} points at a blank line`).not.toBe('');
          }
        }
      }
    });

    it('simulates into a valid trace without any failed call', () => {
      const { trace } = run(file);
      const checked = validateTrace(trace);
      expect(checked.ok ? [] : checked.problems.slice(0, 5)).toEqual([]);
      const failures = trace.events.filter(isReturn).filter((e) => e.errno !== undefined);
      expect(failures.map((e) => `${e.host} ${e.call} ${String(e.errno)}`)).toEqual([]);
    });

    it('ends every socket in CLOSED or TIME-WAIT', () => {
      const { trace } = run(file);
      const last = new Map<string, string>();
      for (const e of trace.events.filter(isState)) last.set(`${e.host}#${e.socket}`, e.to);
      expect(last.size).toBeGreaterThan(0);
      const open = [...last].filter(([, state]) => state !== 'CLOSED' && state !== 'TIME-WAIT');
      expect(open).toEqual([]);
    });
  });
});

describe('serialization-json-vs-binary', () => {
  const file = 'serialization-json-vs-binary.json';
  const record = { id: 7, temp: 21.5, ok: true };

  it('sends a 31-byte JSON line, then a 13-byte length-prefixed binary record', () => {
    const { scenario, trace } = run(file);
    const [jsonStep] = stepPaths(scenario, 'server', (step) => step.op === 'recvuntil');
    const [frameStep] = stepPaths(scenario, 'server', (step) => step.op === 'recvframe');
    expect(jsonStep).toBeDefined();
    expect(frameStep).toBeDefined();
    const line = received(trace, 'server', [jsonStep ?? '']);
    const frame = received(trace, 'server', [frameStep ?? '']);

    // recvuntil: the JSON text, then the newline that delimits it.
    expect(text(line)).toBe(`${JSON.stringify(record)}\n`);
    expect(JSON.parse(text(line.subarray(0, -1)))).toEqual(record);

    // recvframe: a 4-byte big-endian length, then uint32 id, float32 temp, uint8 ok.
    const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
    expect(frame.length).toBe(13);
    expect(view.getUint32(0)).toBe(frame.length - 4);
    expect({ id: view.getUint32(4), temp: view.getFloat32(8), ok: view.getUint8(12) === 1 }).toEqual(record);

    expect(line.length).toBe(31);
    expect(line.length).toBeGreaterThan(frame.length);
    // Nothing else travelled from the client: the two messages are all the server read.
    expect(received(trace, 'server')).toEqual(concat([line, frame]));
    expect(sent(trace, 'client')).toEqual(concat([line, frame]));
  });

  it('acknowledges each message once the server decoded it', () => {
    const { trace } = run(file);
    expect(text(received(trace, 'client'))).toBe('OK\nOK\n');
  });
});

describe('rate-limited-server', () => {
  const file = 'rate-limited-server.json';
  const clients = ['client1', 'client2', 'client3'];

  it('connects the whole burst at once: the kernel queues the handshakes', () => {
    const { trace } = run(file);
    for (const host of clients) {
      const connect = trace.events.filter(isReturn).find((e) => e.host === host && e.call === 'connect');
      expect(connect?.result, host).toBe(0);
      expect(connect?.t ?? Infinity, host).toBeLessThan(50_000);
    }
  });

  it('answers the three clients at least 500 ms apart, in order of arrival', () => {
    const { trace } = run(file);
    const firstReplies = clients.map((host) => recvs(trace, host).find((r) => r.data.length > 0));
    expect(firstReplies.map((r) => (r ? text(r.data) : undefined))).toEqual(['OK\n', 'OK\n', 'OK\n']);
    const times = firstReplies.map((r) => r?.t ?? NaN);
    for (let i = 1; i < times.length; i++) {
      expect((times[i] ?? NaN) - (times[i - 1] ?? NaN), `${clients[i - 1]} -> ${clients[i]}`).toBeGreaterThanOrEqual(
        500_000,
      );
    }
    // The first client is not held back: one round trip after its request.
    expect(times[0]).toBeLessThan(50_000);
  });
});

describe('tcp-proxy', () => {
  const file = 'tcp-proxy.json';

  it('relays the request byte for byte to the server, and the response back to the client', () => {
    const { trace } = run(file);
    const request = sent(trace, 'client');
    const response = sent(trace, 'server');
    expect(text(request)).toMatch(/^GET \/hello\.txt HTTP\/1\.0\r\n.*\r\n\r\n$/s);
    expect(text(response)).toMatch(/^HTTP\/1\.0 200 OK\r\n.*\r\n\r\nHello via proxy$/s);
    expect(received(trace, 'server')).toEqual(request);
    expect(received(trace, 'client')).toEqual(response);
    // The proxy read and wrote both, on two different connections.
    expect(received(trace, 'proxy')).toEqual(concat([request, response]));
    expect(sent(trace, 'proxy')).toEqual(concat([request, response]));
  });

  it('shows the server a connection from the proxy, not from the client', () => {
    const { scenario, trace } = run(file);
    const addr = (name: string): string | undefined => scenario.hosts.find((h) => h.name === name)?.addr;
    const peers = trace.events
      .filter(isReturn)
      .filter((e) => e.call === 'accept')
      .map((e) => {
        const result = e.result;
        const peer = typeof result === 'object' && result !== null && 'peer' in result ? result.peer : undefined;
        return [e.host, typeof peer === 'string' ? peer.split(':')[0] : undefined] as const;
      });
    expect(peers).toEqual([
      ['proxy', addr('client')],
      ['server', addr('proxy')],
    ]);
  });
});

describe('smtp-exchange', () => {
  const file = 'smtp-exchange.json';

  it('gives the client the reply codes 220, 250, 250, 250, 354, 250, 221 in order', () => {
    const { trace } = run(file);
    const replies = text(received(trace, 'client'));
    expect(replies.endsWith('\r\n')).toBe(true);
    const codes = replies
      .split('\r\n')
      .filter((line) => line !== '')
      .map((line) => line.slice(0, 3));
    expect(codes).toEqual(['220', '250', '250', '250', '354', '250', '221']);
  });

  it('gives the server the commands in order, and the message up to its end mark', () => {
    const { scenario, trace } = run(file);
    const commands = text(received(trace, 'server'));
    expect(received(trace, 'server')).toEqual(sent(trace, 'client'));
    const [body, quit] = commands.split('\r\n.\r\n');
    expect(quit).toBe('QUIT\r\n');
    const lines = (body ?? '').split('\r\n');
    expect(lines.slice(0, 4).map((line) => line.split(/[ :]/)[0])).toEqual(['HELO', 'MAIL', 'RCPT', 'DATA']);
    // The message was read by the recvuntil whose delimiter is the end mark.
    const messageSteps = stepPaths(
      scenario,
      'server',
      (step) => step.op === 'recvuntil' && step.delimiter === '\r\n.\r\n',
    );
    expect(messageSteps).toHaveLength(1);
    expect(text(received(trace, 'server', messageSteps))).toMatch(/^Subject: .*\r\n\.\r\n$/s);
    // Strict turn-taking: each command (and the message) is read by its own recv, whole.
    const reads = recvs(trace, 'server').map((r) => text(r.data));
    expect(reads).toHaveLength(6);
    for (const read of reads) expect(read.endsWith('\r\n')).toBe(true);
  });
});
