// Property-based tests of the simulator (TigerBeetle's habit: seeded runs over faulty links, with
// invariants checked on every trace). fast-check runs with a fixed seed so CI is deterministic;
// every failure message names the simulator seed and link so the run can be replayed exactly.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { builtinScenarios, findScenario } from '../scenario/library';
import type { LinkOptions, Scenario } from '../scenario/schema';
import { validateScenario } from '../scenario/validate';
import { decodeBase64 } from '../trace/base64';
import type { SegmentEvent, StateEvent, TcpState, Trace } from '../trace/types';
import { simulate } from './index';
import type { ProfileName } from './profiles';
import { anyLink, lossyLink, profile, simSeed, tcpStreamCase, udpCase } from './test-generators';
import {
  checkEventsAndPackets,
  checkEveryRunEnds,
  checkStateChains,
  concat,
  duplicatesPossible,
  gaveUp,
  hexPreview,
  returnedBytes,
  returnsOf,
  stateHistories,
} from './test-invariants';

/** fast-check's own seed: the same cases on every machine. */
const FC_SEED = 42;

interface Run {
  scenario: Scenario;
  seed: number;
  profile: ProfileName;
  link: LinkOptions;
  noDelay?: boolean | undefined;
}

function simulateRun(run: Run): Trace {
  return simulate(run.scenario, { seed: run.seed, profile: run.profile, link: run.link, noDelay: run.noDelay });
}

/** What a failure message needs to replay the run: the simulator seed first. */
function replay(run: Run): string {
  const options = JSON.stringify({ seed: run.seed, profile: run.profile, link: run.link, noDelay: run.noDelay });
  return `simulator seed ${run.seed} — scenario ${run.scenario.id}, simulate(scenario, ${options})`;
}

const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

const startsWith = (whole: Uint8Array, prefix: Uint8Array): boolean =>
  prefix.length <= whole.length && prefix.every((b, i) => whole[i] === b);

// ---- Runs ---------------------------------------------------------------------------------

const builtinRun: fc.Arbitrary<Run> = fc.record({
  scenario: fc.constantFrom(...builtinScenarios),
  seed: simSeed,
  profile,
  link: anyLink,
});

const tcpStreamRun: fc.Arbitrary<Run> = fc.record({
  scenario: tcpStreamCase.map((c) => c.scenario),
  seed: simSeed,
  profile,
  link: anyLink,
  noDelay: fc.constantFrom(undefined, true, false),
});

const udpRun: fc.Arbitrary<Run> = fc.record({
  scenario: udpCase.map((c) => c.scenario),
  seed: simSeed,
  profile,
  link: anyLink,
});

/** Built-in lessons and generated scenarios, over random seeds and faulty links. */
const anyRun: fc.Arbitrary<Run> = fc.oneof(builtinRun, tcpStreamRun, udpRun);

// ---- Generated scenarios are valid ------------------------------------------------------------

test('generated scenarios pass the scenario validator', () => {
  fc.assert(
    fc.property(fc.oneof(tcpStreamCase, udpCase), (c) => {
      const result = validateScenario(JSON.parse(JSON.stringify(c.scenario)));
      expect(result.ok ? [] : result.problems).toEqual([]);
    }),
    { seed: FC_SEED, numRuns: 100 },
  );
});

// ---- 1. Reliable stream ---------------------------------------------------------------------

describe('TCP reliable stream', () => {
  test('every byte the client queued reaches the server application once and in order', () => {
    fc.assert(
      fc.property(
        tcpStreamCase,
        simSeed,
        profile,
        lossyLink,
        fc.constantFrom(undefined, true, false),
        (streamCase, seed, profileName, link, noDelay) => {
          const run: Run = { scenario: streamCase.scenario, seed, profile: profileName, link, noDelay };
          const trace = simulateRun(run);
          const context = replay(run);
          const sent = concat(streamCase.messages.map((m) => m.bytes));

          // The trace agrees with the generator about what sendall was given.
          const given = concat(
            trace.events.flatMap((e) =>
              e.kind === 'call' && e.host === 'client' && e.call === 'sendall' && typeof e.args.payload === 'string'
                ? [decodeBase64(e.args.payload)]
                : [],
            ),
          );
          expect(startsWith(sent, given), `${context}: sendall calls do not match the messages`).toBe(true);

          const reads = returnsOf(trace, 'server', 'recv').map(returnedBytes);
          for (const read of reads) {
            if (read !== null) expect(read.data.length, `${context}: recv payload cut`).toBe(read.bytes);
          }
          const received = concat(reads.flatMap((r) => (r === null ? [] : [r.data])));

          if (gaveUp(trace)) {
            // Retransmissions exhausted: what arrived must still be an in-order, duplicate-free prefix.
            expect(
              startsWith(sent, received),
              `${context}: after ETIMEDOUT, received ${hexPreview(received)} is not a prefix of sent ${hexPreview(sent)}`,
            ).toBe(true);
            return;
          }
          expect(toHex(received), `${context}: bytes read by the server differ from bytes sent`).toBe(toHex(sent));
          const last = reads[reads.length - 1];
          expect(last?.bytes, `${context}: the server's last recv should be the EOF (0 bytes)`).toBe(0);
          const clientSends = returnsOf(trace, 'client', 'sendall');
          expect(
            clientSends.filter((r) => r.errno !== undefined).map((r) => r.errno),
            `${context}: a sendall failed`,
          ).toEqual([]);
          expect(clientSends.length, context).toBe(streamCase.messages.length);
          expect(toHex(given), context).toBe(toHex(sent));
        },
      ),
      { seed: FC_SEED, numRuns: 200 },
    );
  });
});

// ---- 2, 3, 5. Invariants of every trace -----------------------------------------------------

describe('trace invariants over built-in and generated scenarios, random seeds and faulty links', () => {
  test('every run ends: each socket ends CLOSED or in TIME-WAIT', () => {
    fc.assert(
      fc.property(anyRun, (run) => {
        expect(checkEveryRunEnds(simulateRun(run)), replay(run)).toEqual([]);
      }),
      { seed: FC_SEED, numRuns: 300 },
    );
  });

  test('every state change is an RFC 9293 transition and the changes of a socket chain', () => {
    fc.assert(
      fc.property(anyRun, (run) => {
        expect(checkStateChains(simulateRun(run)), replay(run)).toEqual([]);
      }),
      { seed: FC_SEED, numRuns: 300 },
    );
  });

  test('events are in time order, and every packet is sent once and then delivered or dropped', () => {
    fc.assert(
      fc.property(anyRun, (run) => {
        const trace = simulateRun(run);
        expect(checkEventsAndPackets(trace, duplicatesPossible(run.scenario, run.link)), replay(run)).toEqual([]);
      }),
      { seed: FC_SEED, numRuns: 300 },
    );
  });
});

// ---- 4. Determinism ---------------------------------------------------------------------------

describe('determinism', () => {
  test('the same scenario, seed and options give byte-identical traces', () => {
    fc.assert(
      fc.property(anyRun, (run) => {
        const first = JSON.stringify(simulateRun(run));
        const second = JSON.stringify(simulateRun(run));
        expect(first === second, `${replay(run)}: two runs differ`).toBe(true);
      }),
      { seed: FC_SEED, numRuns: 100 },
    );
  });

  test('different seeds give different initial sequence numbers', () => {
    const echo = findScenario('tcp-echo');
    if (!echo) throw new Error('tcp-echo is missing from the library');
    const firstSyn = (seed: number): SegmentEvent => {
      const syn = simulate(echo, { seed }).events.find((e): e is SegmentEvent => e.kind === 'segment');
      if (!syn) throw new Error(`seed ${seed}: no segment`);
      return syn;
    };
    fc.assert(
      fc.property(
        fc.uniqueArray(simSeed, { minLength: 2, maxLength: 2 }),
        ([a = 0, b = 0]) => {
          expect(firstSyn(a).seq, `simulator seeds ${a} and ${b} chose the same ISN`).not.toBe(firstSyn(b).seq);
        },
      ),
      { seed: FC_SEED, numRuns: 50 },
    );
  });
});

// ---- 6. UDP keeps datagram boundaries -------------------------------------------------------

describe('UDP datagrams', () => {
  test('each datagram reaches the server whole, none is invented, duplicates only on a duplicating link', () => {
    fc.assert(
      fc.property(udpCase, simSeed, profile, lossyLink, (c, seed, profileName, link) => {
        const run: Run = { scenario: c.scenario, seed, profile: profileName, link };
        const trace = simulateRun(run);
        const context = replay(run);
        const sent = new Map(c.datagrams.map((d) => [toHex(d), 0]));
        const reads = returnsOf(trace, 'server', 'recvfrom');
        const received = reads.flatMap((r) => {
          const read = returnedBytes(r);
          return read === null ? [] : [read];
        });
        for (const read of received) {
          expect(read.data.length, `${context}: recvfrom payload cut`).toBe(read.bytes);
          const key = toHex(read.data);
          const count = sent.get(key);
          expect(count, `${context}: the server read a datagram nobody sent: ${hexPreview(read.data)}`).toBeDefined();
          sent.set(key, (count ?? 0) + 1);
        }
        const maxCopies = (link.duplicateProbability ?? 0) > 0 ? 2 : 1;
        for (const [hex, count] of sent) {
          expect(count, `${context}: datagram ${hex} read ${count} times`).toBeLessThanOrEqual(maxCopies);
        }
        // Nothing is lost inside the server host: every copy the link delivered is read.
        const toServer = new Set(
          trace.events.flatMap((e) => (e.kind === 'datagram' && e.to === 'server' ? [e.id] : [])),
        );
        const delivered = trace.events.filter((e) => e.kind === 'deliver' && toServer.has(e.id)).length;
        expect(received.length, `${context}: datagrams delivered to the server host vs read`).toBe(delivered);
        // The loop ended on the timeout, after the last datagram.
        expect(reads[reads.length - 1]?.errno, context).toBe('EAGAIN');
      }),
      { seed: FC_SEED, numRuns: 200 },
    );
  });
});

// ---- Examples with the built-in lessons -------------------------------------------------------

function statePath(history: readonly StateEvent[] | undefined): TcpState[] {
  return (history ?? []).map((e) => e.to);
}

describe('tcp-echo, as the lesson tells it', () => {
  const echo = findScenario('tcp-echo');
  if (!echo) throw new Error('tcp-echo is missing from the library');
  const trace = simulate(echo);
  const histories = stateHistories(trace);

  test('the listening socket goes LISTEN then CLOSED', () => {
    expect(statePath(histories.get('server/3'))).toEqual(['LISTEN', 'CLOSED']);
  });

  test('the client closes second: SYN-SENT, ESTABLISHED, CLOSE-WAIT, LAST-ACK, CLOSED', () => {
    expect(statePath(histories.get('client/3'))).toEqual(['SYN-SENT', 'ESTABLISHED', 'CLOSE-WAIT', 'LAST-ACK', 'CLOSED']);
  });

  test('the accepted socket closes first and leaves TIME-WAIT 60 s later', () => {
    const history = histories.get('server/4') ?? [];
    expect(statePath(history)).toEqual(['SYN-RECEIVED', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT', 'CLOSED']);
    const timeWait = history.find((e) => e.to === 'TIME-WAIT');
    const closed = history.find((e) => e.to === 'CLOSED');
    expect(closed && timeWait && closed.t - timeWait.t).toBe(60_000_000);
  });

  test('the server reads and echoes the 14 bytes the client sent', () => {
    const read = returnsOf(trace, 'server', 'recv').map(returnedBytes)[0];
    expect(read && new TextDecoder().decode(read.data)).toBe('Hello, server!');
    const reply = returnsOf(trace, 'client', 'recv').map(returnedBytes);
    expect(reply.map((r) => r?.bytes)).toEqual([14, 0]);
  });

  test('its trace passes every invariant', () => {
    expect(checkEveryRunEnds(trace)).toEqual([]);
    expect(checkStateChains(trace)).toEqual([]);
    expect(checkEventsAndPackets(trace, false)).toEqual([]);
  });
});

describe('every built-in lesson, with its own seed and link', () => {
  test.each(builtinScenarios.map((s) => [s.id, s] as const))('%s passes every invariant', (_id, scenario) => {
    const trace = simulate(scenario);
    const context = `scenario ${scenario.id}, simulator seed ${trace.meta.seed}`;
    expect(checkEveryRunEnds(trace), context).toEqual([]);
    expect(checkStateChains(trace), context).toEqual([]);
    expect(checkEventsAndPackets(trace, duplicatesPossible(scenario, undefined)), context).toEqual([]);
    expect(JSON.stringify(simulate(scenario)), `${context}: not deterministic`).toBe(JSON.stringify(trace));
  });
});
