// fast-check generators for the simulator's property tests (src/sim/properties.test.ts): seeds,
// faulty links and small client/server scenarios whose expected outcome the test can compute.
import fc from 'fast-check';
import { builtinScenarios } from '../scenario/library';
import type { DataSpec, LinkOptions, Scenario, Step, TcpParams } from '../scenario/schema';
import type { ProfileName } from './profiles';

/** The lessons the property tests draw under random faulty links: all but the bulk transfers.
 * A 300 kB upload at 25-50 % loss takes TCP hours of virtual time (each loss at a window of 2
 * costs an RTO, doubled when the resend is lost too), past any limit a test can wait for; the
 * bulk lessons are checked under their own link by the per-lesson invariants and their tests. */
export const propertyLessons: readonly Scenario[] = builtinScenarios.filter((s) => largestByteCount(s) < 100_000);

/** The largest `bytes` count a program sends or expects ({ bytes: n } data, recvexact). */
function largestByteCount(scenario: Scenario): number {
  const counts = [...JSON.stringify(scenario.programs).matchAll(/"bytes":(\d+)/g)].map((m) => Number(m[1]));
  return Math.max(0, ...counts);
}

/** Any simulator seed (the simulator takes an unsigned 32-bit seed). */
export const simSeed: fc.Arbitrary<number> = fc.integer({ min: 0, max: 0xffff_ffff });

/** A probability in whole percent, 0..maxPercent, so counterexamples read as 0.37 and not 0.3700000001. */
const percent = (maxPercent: number): fc.Arbitrary<number> =>
  fc.integer({ min: 0, max: maxPercent }).map((p) => p / 100);

/** A link with latency, jitter and up to 50% loss, duplication and reordering (both directions). */
export const lossyLink: fc.Arbitrary<LinkOptions> = fc.record(
  {
    latencyMs: fc.integer({ min: 0, max: 50 }),
    jitterMs: fc.integer({ min: 0, max: 20 }),
    lossProbability: percent(50),
    duplicateProbability: percent(50),
    reorderProbability: percent(50),
    bandwidthKbps: fc.constantFrom(0, 1_000, 10_000, 100_000),
    mtuBytes: fc.constantFrom(576, 1500, 9000),
  },
  { requiredKeys: ['latencyMs', 'lossProbability', 'duplicateProbability', 'reorderProbability'] },
);

/** Either a perfect link or a lossy one: perfect links keep the no-fault paths well covered. */
export const anyLink: fc.Arbitrary<LinkOptions> = fc.oneof(
  { arbitrary: fc.record({ latencyMs: fc.integer({ min: 0, max: 50 }) }), weight: 1 },
  { arbitrary: lossyLink, weight: 3 },
);

export const profile: fc.Arbitrary<ProfileName> = fc.constantFrom('linux', 'rfc');

/** One message: printable ASCII text or raw bytes (hex), 1..maxBytes bytes (size 'max': fast-check
 * would otherwise keep them under about ten bytes). */
export interface Message {
  spec: DataSpec;
  bytes: Uint8Array;
}

const asciiText = (maxBytes: number): fc.Arbitrary<Message> =>
  fc
    .string({ unit: 'grapheme-ascii', minLength: 1, maxLength: maxBytes })
    .map((text) => ({ spec: text, bytes: Uint8Array.from(text, (ch) => ch.charCodeAt(0)) }));

const rawBytes = (maxBytes: number): fc.Arbitrary<Message> =>
  fc.uint8Array({ minLength: 1, maxLength: maxBytes, size: 'max' }).map((bytes) => ({
    spec: { hex: Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') },
    bytes,
  }));

export const message = (maxBytes: number): fc.Arbitrary<Message> => fc.oneof(asciiText(maxBytes), rawBytes(maxBytes));

const texts = (en: string, fr: string): { en: string; fr: string } => ({ en, fr });

type Retries = Required<Pick<TcpParams, 'synRetries' | 'dataRetries' | 'maxRtoMs'>>;

/** Retries high and the RTO ceiling modest, so that giving up (ETIMEDOUT) is rare even at 50% loss. */
const patientTcp: Retries = { synRetries: 20, dataRetries: 30, maxRtoMs: 3_000 };

const hosts = [
  { name: 'server', addr: '10.0.0.1' },
  { name: 'client', addr: '10.0.0.2' },
];

// ---- One connection, client to server ------------------------------------------------------

/** The parts of a one-connection scenario that differ between its users (benchmarks, tests). */
export interface OneConnection extends Partial<Pick<Scenario, 'seed' | 'link' | 'tcp' | 'faults' | 'limits'>> {
  id: string;
  title: { en: string; fr: string };
  summary: { en: string; fr: string };
  concepts: string[];
  /** The client's steps on socket `sock` after connect() and before close(). */
  clientSteps: Step[];
  /** Steps on `sock` before connect() (a setsockopt). */
  clientSetup?: Step[];
  clientStartMs?: number;
  /** How the server reads connection `conn`: by default recv(65536) until end of stream. */
  serverRead?: Step;
}

/** Reads `conn` until end of stream, 64 KiB at a time. */
export const recvUntilEof: Step = {
  op: 'loop',
  max: 100_000,
  steps: [{ op: 'recv', socket: 'conn', max: 65_536, onEof: 'break' }],
};

/**
 * The client connects to the server's port 8080, runs its steps and closes; the server accepts
 * one connection, reads it, then closes it and its listening socket. The frame of the bulk
 * transfers that the benchmarks (bridge/bench.ts, bridge/run-stall-bench.ts), the congestion
 * tests and the generated streams below all run.
 */
export function oneConnectionScenario(spec: OneConnection): Scenario {
  const { id, title, summary, concepts, clientSteps, clientSetup = [], clientStartMs = 1, serverRead, ...rest } = spec;
  return {
    format: 'wirestep-scenario',
    version: 1,
    id,
    title,
    summary,
    concepts,
    hosts,
    ...rest,
    programs: [
      {
        host: 'server',
        steps: [
          { op: 'socket', as: 'srv', type: 'tcp' },
          { op: 'bind', socket: 'srv', port: 8080 },
          { op: 'listen', socket: 'srv', backlog: 1 },
          { op: 'accept', socket: 'srv', as: 'conn' },
          serverRead ?? recvUntilEof,
          { op: 'close', socket: 'conn' },
          { op: 'close', socket: 'srv' },
        ],
      },
      {
        host: 'client',
        startMs: clientStartMs,
        steps: [
          { op: 'socket', as: 'sock', type: 'tcp' },
          ...clientSetup,
          { op: 'connect', socket: 'sock', host: 'server', port: 8080 },
          ...clientSteps,
          { op: 'close', socket: 'sock' },
        ],
      },
    ],
  };
}

/** A client that sends `bytes` at once (sendall) to a server that reads until end of stream. */
export function bulkTransferScenario(bytes: number, spec: Omit<OneConnection, 'clientSteps'>): Scenario {
  return oneConnectionScenario({ ...spec, clientSteps: [{ op: 'sendall', socket: 'sock', data: { bytes } }] });
}

// ---- TCP stream -------------------------------------------------------------------------

export interface TcpStreamCase {
  scenario: Scenario;
  /** What the client's sendall calls queue, in order. */
  messages: Message[];
  /** The server sends back every byte it reads; the client half-closes and reads them all. */
  echo: boolean;
}

/** Few retries and a short RTO ceiling: under heavy loss the connection often gives up (ETIMEDOUT). */
const fragileTcp: fc.Arbitrary<Retries> = fc.record({
  synRetries: fc.integer({ min: 1, max: 4 }),
  dataRetries: fc.integer({ min: 1, max: 4 }),
  maxRtoMs: fc.constantFrom(200, 1_000),
});

/**
 * Client: connect, optionally TCP_NODELAY, sendall K messages (optional sleeps), then close; or,
 * in echo mode, shutdown(SHUT_WR), recv until EOF, close. Server: accept, recv(max) until EOF (in
 * echo mode sending each piece back), close. Every message and every recv fit in a trace payload
 * (256 bytes), so the bytes each side read can be rebuilt from the trace.
 */
function tcpStream(fragile: boolean): fc.Arbitrary<TcpStreamCase> {
  return fc
    .record({
      messages: fc.array(message(200), { minLength: 1, maxLength: 8 }),
      sleepsMs: fc.array(fc.constantFrom(0, 0, 1, 10, 50), { minLength: 8, maxLength: 8 }),
      recvMax: fc.integer({ min: 1, max: 256 }),
      echo: fc.boolean(),
      clientNoDelay: fc.boolean(),
      delayedAckMs: fc.constantFrom(undefined, 0, 40, 200),
      rcvBufBytes: fc.constantFrom(undefined, 64, 512, 65_535),
      retries: fragile ? fragileTcp : fc.constant(patientTcp),
    })
    .map(({ messages, sleepsMs, recvMax, echo, clientNoDelay, delayedAckMs, rcvBufBytes, retries }) => {
      const clientSteps: Step[] = [];
      messages.forEach((m, i) => {
        const sleepMs = sleepsMs[i] ?? 0;
        if (sleepMs > 0 && i > 0) clientSteps.push({ op: 'sleep', ms: sleepMs });
        clientSteps.push({ op: 'sendall', socket: 'sock', data: m.spec });
      });
      if (echo) {
        clientSteps.push(
          { op: 'shutdown', socket: 'sock', how: 'SHUT_WR' },
          {
            op: 'loop',
            max: 100_000,
            steps: [{ op: 'recv', socket: 'sock', max: recvMax, as: 'reply', onEof: 'break' }],
          },
        );
      }
      const serverLoop: Step[] = [{ op: 'recv', socket: 'conn', max: recvMax, as: 'data', onEof: 'break' }];
      if (echo) serverLoop.push({ op: 'sendall', socket: 'conn', data: { var: 'data' } });
      const scenario = oneConnectionScenario({
        id: echo ? 'generated-tcp-echo' : 'generated-tcp-stream',
        title: texts('Generated TCP stream', 'Flux TCP généré'),
        summary: texts('A client sends messages, the server reads until EOF.', 'Un client envoie, le serveur lit.'),
        concepts: ['generated'],
        tcp: {
          ...retries,
          ...(delayedAckMs !== undefined ? { delayedAckMs } : {}),
          ...(rcvBufBytes !== undefined ? { rcvBufBytes } : {}),
        },
        limits: { maxEvents: 200_000 },
        clientSetup: clientNoDelay ? [{ op: 'setsockopt', socket: 'sock', option: 'TCP_NODELAY', value: true }] : [],
        clientSteps,
        serverRead: { op: 'loop', max: 100_000, steps: serverLoop },
      });
      return { scenario, messages, echo };
    });
}

/** Patient TCP: with up to 50% loss the transfer practically always completes. */
export const tcpStreamCase: fc.Arbitrary<TcpStreamCase> = tcpStream(false);

/** Fragile TCP: few retries, so the give-up paths (ETIMEDOUT, then RST) run often. */
export const fragileTcpStreamCase: fc.Arbitrary<TcpStreamCase> = tcpStream(true);

/** Loss 30..80%: with fragileTcpStreamCase, most runs give up somewhere. */
export const veryLossyLink: fc.Arbitrary<LinkOptions> = fc.record({
  latencyMs: fc.integer({ min: 0, max: 50 }),
  jitterMs: fc.integer({ min: 0, max: 20 }),
  lossProbability: fc.integer({ min: 30, max: 80 }).map((p) => p / 100),
  duplicateProbability: percent(50),
  reorderProbability: percent(50),
});

// ---- TCP half-close, several connections in a row ---------------------------------------------

/**
 * The client opens 1..3 connections one after the other; on each it sends a message, half-closes
 * (shutdown SHUT_WR), reads the echo until EOF, then closes: it is the active closer, so its socket
 * reaches TIME-WAIT while the program still holds it, and the next socket() reuses the number.
 */
export const tcpHalfCloseCase: fc.Arbitrary<Scenario> = fc
  .record({ connections: fc.integer({ min: 1, max: 3 }), data: message(200) })
  .map(({ connections, data }) => ({
    format: 'wirestep-scenario',
    version: 1,
    id: 'generated-tcp-half-close',
    title: texts('Generated half-close', 'Demi-fermeture générée'),
    summary: texts('Connections in a row, each half-closed by the client.', 'Connexions successives.'),
    concepts: ['generated'],
    hosts,
    tcp: patientTcp,
    limits: { maxEvents: 200_000 },
    programs: [
      {
        host: 'server',
        steps: [
          { op: 'socket', as: 'srv', type: 'tcp' },
          { op: 'bind', socket: 'srv', port: 8080 },
          { op: 'listen', socket: 'srv', backlog: 4 },
          {
            op: 'repeat',
            times: connections,
            steps: [
              { op: 'accept', socket: 'srv', as: 'conn' },
              {
                op: 'loop',
                max: 100_000,
                steps: [
                  { op: 'recv', socket: 'conn', max: 256, as: 'data', onEof: 'break' },
                  { op: 'sendall', socket: 'conn', data: { var: 'data' } },
                ],
              },
              { op: 'close', socket: 'conn' },
            ],
          },
          { op: 'close', socket: 'srv' },
        ],
      },
      {
        host: 'client',
        startMs: 1,
        steps: [
          {
            op: 'repeat',
            times: connections,
            steps: [
              { op: 'socket', as: 'sock', type: 'tcp' },
              { op: 'connect', socket: 'sock', host: 'server', port: 8080 },
              { op: 'sendall', socket: 'sock', data: data.spec },
              { op: 'shutdown', socket: 'sock', how: 'SHUT_WR' },
              {
                op: 'loop',
                max: 100_000,
                steps: [{ op: 'recv', socket: 'sock', max: 256, onEof: 'break' }],
              },
              { op: 'close', socket: 'sock' },
            ],
          },
        ],
      },
    ],
  }));

// ---- UDP datagrams ----------------------------------------------------------------------

export interface UdpCase {
  scenario: Scenario;
  /** Every datagram the client sends, each unique (it starts with its index). */
  datagrams: Uint8Array[];
}

/** The server's recvfrom timeout: far above the slowest delivery (latency + jitter + reorder + sleep). */
export const UDP_SERVER_TIMEOUT_S = 2;

/**
 * Client: sendto N datagrams (optional sleeps). Server: bind, settimeout, recvfrom in a loop and
 * leave it on EAGAIN. Each datagram starts with "<index>:" so it can be told apart from the others.
 */
export const udpCase: fc.Arbitrary<UdpCase> = fc
  .record({
    messages: fc.array(message(200), { minLength: 1, maxLength: 12 }),
    sleepsMs: fc.array(fc.constantFrom(0, 0, 1, 10, 100), { minLength: 12, maxLength: 12 }),
  })
  .map(({ messages, sleepsMs }) => {
    const datagrams = messages.map((m, i) => {
      const prefix = Uint8Array.from(`${i}:`, (ch) => ch.charCodeAt(0));
      const out = new Uint8Array(prefix.length + m.bytes.length);
      out.set(prefix);
      out.set(m.bytes, prefix.length);
      return out;
    });
    const clientSteps: Step[] = [{ op: 'socket', as: 'sock', type: 'udp' }];
    messages.forEach((m, i) => {
      const sleepMs = sleepsMs[i] ?? 0;
      if (sleepMs > 0 && i > 0) clientSteps.push({ op: 'sleep', ms: sleepMs });
      clientSteps.push({
        op: 'sendto',
        socket: 'sock',
        data: { concat: [`${i}:`, m.spec] },
        host: 'server',
        port: 9000,
      });
    });
    clientSteps.push({ op: 'close', socket: 'sock' });
    const scenario: Scenario = {
      format: 'wirestep-scenario',
      version: 1,
      id: 'generated-udp',
      title: texts('Generated UDP datagrams', 'Datagrammes UDP générés'),
      summary: texts('A client sends datagrams to a server.', 'Un client envoie des datagrammes.'),
      concepts: ['generated'],
      hosts,
      limits: { maxEvents: 200_000 },
      programs: [
        {
          host: 'server',
          steps: [
            { op: 'socket', as: 'sock', type: 'udp' },
            { op: 'bind', socket: 'sock', port: 9000 },
            { op: 'settimeout', socket: 'sock', seconds: UDP_SERVER_TIMEOUT_S },
            {
              op: 'loop',
              max: 1_000,
              steps: [{ op: 'recvfrom', socket: 'sock', max: 2048, as: 'data', onError: 'break' }],
            },
            { op: 'close', socket: 'sock' },
          ],
        },
        { host: 'client', startMs: 1, steps: clientSteps },
      ],
    };
    return { scenario, datagrams };
  });
