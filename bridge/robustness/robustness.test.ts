// The robustness suite (issue 15): generated and damaged inputs, seeded and bounded, fed to every
// input surface: the capture importer (the real captures of ../shared/captures and the fixtures,
// bit flips, cuts, huge length fields), the scenario validator and the simulator (random link
// settings within the schema's limits), the Trace validator, the URL parameters and the bridge
// messages (parsed, then sent to a real bridge that must still answer a health check). Each input
// must end in a result or one clear error, within the module's own bounds. Prints the figures
// and writes them to test-results/robustness.json.
import fc from 'fast-check';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { builtinScenarios, findScenario } from '../../src/scenario/library';
import type { LinkOptions } from '../../src/scenario/schema';
import { simulate, SimulationError, type SimOptions } from '../../src/sim';
import { fragileTcpStreamCase, tcpHalfCloseCase, tcpStreamCase } from '../../src/sim/test-generators';
import { importCapture, parseCapture } from '../../src/trace/import';
import {
  ascii,
  ethernet,
  ipv4,
  sll2,
  tcpSegment,
  udpDatagram,
  writePcapng,
  PSH,
  ACK,
} from '../../src/trace/import/test-writer';
import { sampleTrace } from '../../src/trace/test-fixtures';
import { startBridgeServer } from '../server';
import { byteMutations, documentDamage, mutateBytes, mutateDocument } from './test-mutate';
import {
  bridgeMessageOutcome,
  clientMessageOutcome,
  importOutcome,
  scenarioOutcome,
  traceOutcome,
  urlOutcome,
  type SimulatedInput,
  type UrlInput,
} from './test-surfaces';
import { clean, clear, figuresTable, Tally, type Outcome, type SurfaceFigures } from './test-tally';

const root = join(import.meta.dirname, '..', '..');
const sharedCaptures = join(root, '..', 'shared', 'captures', 'tcpdump-tests');
const fixtureCaptures = join(root, 'src', 'trace', 'import', 'fixtures');
/** One seed for the whole suite; each surface adds its own offset so that changing one leaves the others. */
const seed = 15;
const figures: SurfaceFigures[] = [];

afterAll(() => {
  if (figures.length === 0) return;
  console.log(`robustness suite (seed ${seed})\n${figuresTable(figures)}`);
  mkdirSync(join(root, 'test-results'), { recursive: true });
  writeFileSync(join(root, 'test-results', 'robustness.json'), `${JSON.stringify({ seed, figures }, null, 2)}\n`);
});

/** Zero crashes, hangs and unclear errors, with the examples in the message when not. */
function expectSound(tally: Tally): SurfaceFigures {
  const result = tally.result();
  figures.push(result);
  expect(result.examples, result.surface).toEqual([]);
  expect(result.crashes + result.hangs + result.unclearErrors).toBe(0);
  return result;
}

function captureFiles(dir: string): [string, Uint8Array][] {
  return readdirSync(dir)
    .filter((name) => /\.pcap(ng)?$/.test(name))
    .sort()
    .map((name) => [name, new Uint8Array(readFileSync(join(dir, name)))]);
}

/** A pcapng with two interfaces (Ethernet, Linux SLL2), a skipped block and a simple packet block. */
function syntheticPcapng(): Uint8Array {
  const udp = ethernet(0x0800, ipv4(17, '1.2.3.4', '5.6.7.8', udpDatagram(1, 2, ascii('abc'))));
  const tcp = tcpSegment({ srcPort: 3, dstPort: 4, seq: 9, flags: PSH | ACK, payload: ascii('xyz') });
  return writePcapng([
    {
      interfaces: [
        { linkType: 1, tsresol: 9 },
        { linkType: 276, tsresol: 0x80 | 10 },
      ],
      blocks: [
        { type: 'packet', interfaceId: 0, units: 5n, data: udp },
        { type: 'other', code: 5, body: new Uint8Array(12) },
        { type: 'packet', interfaceId: 1, units: 1024n, data: sll2(0x0800, ipv4(6, '1.2.3.4', '5.6.7.8', tcp)) },
        { type: 'simple', data: udp },
      ],
    },
  ]);
}

function importSurface(name: string, files: [string, Uint8Array][], runsPerFile: number, offset: number): void {
  const tally = new Tally(name);
  files.forEach(([file, original], i) => {
    tally.try(`${file} as it is`, () => importOutcome(original));
    const records = parseCapture(original).packets.map((p) => p.offset);
    const damages = fc.sample(byteMutations, { seed: seed + offset + i, numRuns: runsPerFile });
    damages.forEach((damage, run) =>
      tally.try(`${file} damage ${run} ${JSON.stringify(damage).slice(0, 200)}`, () =>
        importOutcome(mutateBytes(original, damage, records)),
      ),
    );
  });
  expectSound(tally);
}

describe('robustness: capture importer', () => {
  it('the fixtures and a synthetic pcapng, cut, flipped, given huge lengths', () => {
    const files = [...captureFiles(fixtureCaptures), ['synthetic.pcapng', syntheticPcapng()] as [string, Uint8Array]];
    importSurface('captures (fixtures)', files, 80, 0);
  }, 30_000);

  it.skipIf(!existsSync(sharedCaptures))(
    `the captures of ../shared/captures, damaged the same way${existsSync(sharedCaptures) ? '' : ` (skipped: ${sharedCaptures} is absent)`}`,
    () => importSurface('captures (shared)', captureFiles(sharedCaptures), 60, 1000),
    30_000,
  );
});

/** Any link the scenario schema allows, not only the gentle ones of the simulator's property tests. */
const linkWithinLimits: fc.Arbitrary<LinkOptions> = fc.record(
  {
    latencyMs: fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 60_000 })),
    jitterMs: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 60_000 })),
    lossProbability: fc.oneof(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true })),
    duplicateProbability: fc.double({ min: 0, max: 1, noNaN: true }),
    reorderProbability: fc.double({ min: 0, max: 1, noNaN: true }),
    bandwidthKbps: fc.oneof(fc.constantFrom(0, 1, 100_000_000), fc.integer({ min: 0, max: 100_000_000 })),
    mtuBytes: fc.oneof(fc.constantFrom(68, 576, 65536), fc.integer({ min: 68, max: 65536 })),
  },
  { requiredKeys: [] },
);

const simOptions: fc.Arbitrary<SimOptions> = fc.record(
  {
    seed: fc.integer({ min: 0, max: 0xffff_ffff }),
    profile: fc.constantFrom('linux' as const, 'rfc' as const),
    link: linkWithinLimits,
    noDelay: fc.boolean(),
  },
  { requiredKeys: ['seed', 'link'] },
);

describe('robustness: scenario validator and simulator', () => {
  it('every lesson and generated scenarios, damaged or not, on random links within the limits', () => {
    const generated = [
      ...fc.sample(tcpStreamCase, { seed: seed + 2000, numRuns: 6 }).map((c) => c.scenario),
      ...fc.sample(fragileTcpStreamCase, { seed: seed + 2001, numRuns: 6 }).map((c) => c.scenario),
      ...fc.sample(tcpHalfCloseCase, { seed: seed + 2002, numRuns: 4 }),
    ];
    const bases = [...builtinScenarios, ...generated].map((s) => JSON.stringify(s));
    const tally = new Tally('scenarios + simulator');
    bases.forEach((text, i) => {
      const runs = fc.sample(fc.tuple(fc.option(documentDamage, { freq: 3 }), simOptions), {
        seed: seed + 2100 + i,
        numRuns: 16,
      });
      runs.forEach(([damage, options], run) => {
        const input: SimulatedInput = { text: damage === null ? text : mutateDocument(text, damage), options };
        const label = `scenario ${i} run ${run} ${JSON.stringify({ damage, options }).slice(0, 300)}`;
        tally.try(
          label,
          () => scenarioOutcome(input),
          (error) => error instanceof SimulationError,
        );
      });
    });
    expectSound(tally);
  }, 60_000);
});

describe('robustness: Trace validator', () => {
  it('hand-written, simulated and imported Traces, damaged', () => {
    const lesson = (id: string) => simulate(findScenario(id) ?? builtinScenarios[0]!);
    const bases = [
      sampleTrace(),
      lesson('tcp-echo'),
      lesson('nagle'),
      lesson('udp-echo'),
      lesson('tcp-retransmission'),
      importCapture(new Uint8Array(readFileSync(join(fixtureCaptures, 'print-flags.pcap')))),
      importCapture(new Uint8Array(readFileSync(join(fixtureCaptures, 'dns_udp.pcap')))),
    ].map((trace) => JSON.stringify(trace));
    const tally = new Tally('Trace JSON');
    bases.forEach((text, i) => {
      tally.try(`trace ${i} as it is`, () => traceOutcome(text));
      fc.sample(documentDamage, { seed: seed + 3000 + i, numRuns: 80 }).forEach((damage, run) =>
        tally.try(`trace ${i} damage ${run} ${JSON.stringify(damage).slice(0, 300)}`, () =>
          traceOutcome(mutateDocument(text, damage)),
        ),
      );
    });
    expectSound(tally);
  }, 30_000);
});

const urlParams = [
  'lang',
  'scenario',
  'seed',
  'step',
  'latency',
  'jitter',
  'loss',
  'duplicate',
  'reorder',
  'bandwidth',
  'nagle',
  'profile',
  'present',
  'seq',
  'theme',
  'animate',
  'code',
  'speed',
];
const urlValue = fc.oneof(
  fc.constantFrom(
    ...['', '0', '1', '-1', '1e309', 'NaN', 'Infinity', '0x10', '4294967296', '4294967295', '999999999'],
    ...['1000000000', '0.5', '0.0000001', ' 2 ', '%', '%zz', '%00', '\u0000', 'a'.repeat(10_000), '2.50'],
    ...['tcp-echo', 'TCP-ECHO', 'nagle', 'udp-echo', 'fr', 'FR', 'de', 'linux', 'rfc', 'dark', 'abs', 'go', '4'],
  ),
  fc.string({ maxLength: 12 }),
  fc.double({ noNaN: true }).map(String),
  fc.nat().map(String),
);
const urlInput: fc.Arbitrary<UrlInput> = fc.record({
  search: fc.oneof(
    fc
      .array(fc.tuple(fc.oneof(fc.constantFrom(...urlParams), fc.string({ maxLength: 8 })), urlValue, fc.boolean()), {
        maxLength: 12,
      })
      .map(
        (pairs) =>
          `?${pairs.map(([k, v, raw]) => (raw ? `${k}=${v}` : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)).join('&')}`,
      ),
    fc.string({ unit: 'binary', maxLength: 200 }),
  ),
  languages: fc.array(fc.constantFrom('fr-FR', 'en', 'de', '', 'FR', '*', 'x'.repeat(300)), { maxLength: 3 }),
});

describe('robustness: URL parameters', () => {
  it('hostile and random query strings: settings within their contract, links that read back', () => {
    const tally = new Tally('URL parameters');
    fc.sample(urlInput, { seed: seed + 4000, numRuns: 3000 }).forEach((input, run) =>
      tally.try(
        `url ${run} ${JSON.stringify(input).slice(0, 300)}`,
        () => urlOutcome(input),
        (error) => error instanceof SimulationError,
      ),
    );
    expectSound(tally);
  }, 30_000);
});

function clientFrames(): string[] {
  const echo = findScenario('tcp-echo');
  const bases = [
    { type: 'hello', protocol: 1 },
    { type: 'run', scenarioId: 'tcp-echo' },
    { type: 'run', scenario: echo, options: { capture: true } },
    { type: 'cancel', runId: 'r1' },
  ].map((message) => JSON.stringify(message));
  return bases.flatMap((text, i) =>
    fc.sample(documentDamage, { seed: seed + 5000 + i, numRuns: 150 }).map((damage) => mutateDocument(text, damage)),
  );
}

function pageFrames(): string[] {
  const trace = sampleTrace();
  const bases = [
    {
      type: 'welcome',
      version: '0.1.0',
      protocol: 1,
      capabilities: { capture: false, captureReason: 'x', python: true },
    },
    { type: 'run-started', runId: 'r1' },
    { type: 'trace-event', runId: 'r1', event: trace.events[5] },
    { type: 'run-status', runId: 'r1', text: { en: 'a', fr: 'b' } },
    { type: 'run-finished', runId: 'r1', trace },
    { type: 'run-failed', runId: 'r1', error: { en: 'a', fr: 'b' } },
    { type: 'error', message: 'x' },
  ].map((message) => JSON.stringify(message));
  return bases.flatMap((text, i) =>
    fc.sample(documentDamage, { seed: seed + 6000 + i, numRuns: 60 }).map((damage) => mutateDocument(text, damage)),
  );
}

/** Messages a frame may end with: the bridge has answered it. */
const terminal = new Set(['welcome', 'error', 'run-failed', 'run-finished']);
/** A frame not answered in this long counts as a hang (the stub runner answers at once). */
const answerDeadlineMs = 5000;

interface Connection {
  ws: WebSocket;
  /** The next answer's type, or `close CODE` once the connection has ended. */
  next(): Promise<string>;
}

async function open(port: number, token: string): Promise<Connection> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/bridge?token=${token}`, { origin: `http://127.0.0.1:${port}` });
  const queue: string[] = [];
  const waiting: ((answer: string) => void)[] = [];
  const push = (answer: string): void => {
    const waiter = waiting.shift();
    if (waiter) waiter(answer);
    else queue.push(answer);
  };
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as {
      type?: unknown;
      message?: unknown;
      error?: { en?: unknown };
    };
    const text = message.type === 'error' ? message.message : message.type === 'run-failed' ? message.error?.en : '';
    push(`${String(message.type)} ${String(text)}`.trim());
  });
  ws.on('close', (code) => push(`close ${code}`));
  ws.on('error', () => {});
  const connection: Connection = {
    ws,
    next: () => {
      const queued = queue.shift();
      if (queued !== undefined) return Promise.resolve(queued);
      return new Promise((resolve) => {
        waiting.push(resolve);
        setTimeout(() => resolve('no answer'), answerDeadlineMs).unref();
      });
    },
  };
  expect(await connection.next()).toBe('welcome');
  return connection;
}

/** Reads answers until the frame is answered: its outcome on the real bridge. */
async function answerOf(connection: Connection): Promise<Outcome> {
  for (;;) {
    const answer = await connection.next();
    const type = answer.split(' ')[0] as string;
    if (/internal error/.test(answer)) return { kind: 'crash', why: answer };
    if (type === 'run-finished' || type === 'welcome') return clean;
    if (terminal.has(type)) return clear;
    // 1009: a frame over the bridge's limit closes that connection (RFC 6455 7.4.1).
    if (answer === 'close 1009') return clear;
    if (answer.startsWith('close') || answer === 'no answer') return { kind: 'hang', why: answer };
  }
}

describe('robustness: bridge messages', () => {
  it('damaged frames either way are parsed into a message or one clear error', () => {
    const tally = new Tally('bridge messages (parse)');
    clientFrames().forEach((text, i) =>
      tally.try(`client frame ${i} ${text.slice(0, 200)}`, () => clientMessageOutcome(text)),
    );
    pageFrames().forEach((text, i) =>
      tally.try(`page frame ${i} ${text.slice(0, 200)}`, () => bridgeMessageOutcome(text)),
    );
    expectSound(tally);
  }, 30_000);

  it('a real bridge answers every damaged frame on its connection, then still answers a health check', async () => {
    const token = 'b'.repeat(64);
    const log: string[] = [];
    const bridge = await startBridgeServer({
      port: 0,
      token,
      runScenario: () => Promise.resolve(sampleTrace()),
      capabilities: async () => ({ capture: false, captureReason: 'test', python: true }),
      scenarios: builtinScenarios,
      version: '0.1.0-test',
      log: (line) => log.push(line),
    });
    const tally = new Tally('bridge (real server)');
    let connection = await open(bridge.port, token);
    try {
      const frames = clientFrames();
      for (const [i, text] of frames.entries()) {
        const started = performance.now();
        connection.ws.send(text);
        const outcome = await answerOf(connection);
        tally.count(`frame ${i} ${text.slice(0, 200)}`, outcome, performance.now() - started);
        if (connection.ws.readyState !== WebSocket.OPEN) connection = await open(bridge.port, token);
      }
      // Health: the last connection and a new one are both answered.
      connection.ws.send(JSON.stringify({ type: 'hello', protocol: 1 }));
      expect(await connection.next()).toBe('welcome');
      const fresh = await open(bridge.port, token);
      fresh.ws.send(JSON.stringify({ type: 'run', scenarioId: 'tcp-echo' }));
      expect(await fresh.next()).toBe('run-started');
      fresh.ws.terminate();
    } finally {
      connection.ws.terminate();
      await bridge.close();
    }
    expect(log.filter((line) => /failed unexpectedly|message handling failed|upgrade failed/.test(line))).toEqual([]);
    expectSound(tally);
  }, 30_000);
});
