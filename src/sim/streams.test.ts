// The run's random streams (src/sim/streams.ts): one per purpose, forked from the seed in a fixed
// order, so that moving one knob never moves another (TigerBeetle's vopr.zig). fast-check runs with
// a fixed seed; every failure message names the simulator seed and the link, to replay the run.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { builtinScenarios } from '../scenario/library';
import type { LinkOptions, Scenario } from '../scenario/schema';
import type { Trace } from '../trace/types';
import { simulate } from './index';
import { Rng } from './rng';
import { forkStreams } from './streams';
import { lossyLink, propertyLessons, simSeed } from './test-generators';

/** fast-check's own seed: the same cases on every machine. */
const FC_SEED = 42;
const RUNS = 200;

const percent = (min: number, max: number): fc.Arbitrary<number> => fc.integer({ min, max }).map((p) => p / 100);

const replay = (scenario: Scenario, seed: number, link: unknown): string =>
  `simulator seed ${seed} — scenario ${scenario.id}, link ${JSON.stringify(link)}`;

/** Every ISS of a run, keyed by the host that chose it and the connection's 4-tuple, in order. */
function issByConnection(trace: Trace): Map<string, number[]> {
  const byConnection = new Map<string, number[]>();
  for (const event of trace.events) {
    if (event.kind !== 'segment' || !event.flags.includes('SYN')) continue;
    const key = `${event.from} ${event.src} > ${event.dst}`;
    const chosen = byConnection.get(key) ?? [];
    if (chosen[chosen.length - 1] !== event.seq) chosen.push(event.seq); // a retransmitted SYN repeats it
    byConnection.set(key, chosen);
  }
  return byConnection;
}

/** What became of each packet the link from `from` to `to` carried, in sending order. */
interface Fate {
  lost: boolean;
  /** Microseconds from sending to the first copy's arrival (null when lost). */
  delayUs: number | null;
  duplicated: boolean;
}

function linkFates(trace: Trace, from: string, to: string): Fate[] {
  const sentAt = new Map<number, number>();
  const lost = new Set<number>();
  const notCarried = new Set<number>(); // dropped by a fault rule before the link drew anything
  const arrivals = new Map<number, number>();
  const duplicated = new Set<number>();
  for (const event of trace.events) {
    if (event.kind === 'segment' || event.kind === 'datagram' || event.kind === 'icmp') {
      if (event.from === from && event.to === to) sentAt.set(event.id, event.t);
    } else if (event.kind === 'drop') {
      if (event.reason === 'lost on the link') lost.add(event.id);
      else if (event.reason.startsWith('fault rule')) notCarried.add(event.id);
    } else if (event.kind === 'deliver') {
      if (event.duplicate) duplicated.add(event.id);
      else arrivals.set(event.id, event.t);
    }
  }
  return [...sentAt]
    .filter(([id]) => !notCarried.has(id))
    .map(([id, t]) => {
      const arrival = arrivals.get(id);
      return {
        lost: lost.has(id),
        delayUs: arrival === undefined ? null : arrival - t,
        duplicated: duplicated.has(id),
      };
    });
}

/** The scenario with its own loss on each direction between its first two hosts. */
function withDirectionLoss(scenario: Scenario, lossForward: number, lossBackward: number): Scenario {
  const [a, b] = scenario.hosts;
  if (!a || !b) throw new Error(`${scenario.id} has fewer than two hosts`);
  return {
    ...scenario,
    links: [
      { from: a.name, to: b.name, options: { lossProbability: lossForward } },
      { from: b.name, to: a.name, options: { lossProbability: lossBackward } },
      ...(scenario.links ?? []),
    ],
  };
}

/** Built-in lessons are drawn by id, so that a counterexample reads as one. */
const lessonId = (scenarios: readonly Scenario[]): fc.Arbitrary<string> =>
  fc.constantFrom(...scenarios.map((s) => s.id));
const anyLesson = lessonId(propertyLessons);
const lessonWithoutCrash = lessonId(propertyLessons.filter((s) => !(s.faults ?? []).some((f) => f.type === 'crash')));

function lesson(id: string): Scenario {
  const scenario = builtinScenarios.find((s) => s.id === id);
  if (!scenario) throw new Error(`no lesson ${id}`);
  return scenario;
}

describe('Rng.fork and forkStreams', () => {
  test('a fork is a stream of its own: reproducible, unlike its parent and unlike its sibling', () => {
    const draw = (rng: Rng): number[] => Array.from({ length: 8 }, () => rng.nextUint32());
    const parent = new Rng(7);
    const first = draw(parent.fork());
    const second = draw(parent.fork());
    expect(draw(new Rng(7).fork()), 'the same seed forks the same stream').toEqual(first);
    expect(second, 'two forks of one parent').not.toEqual(first);
    expect(draw(parent), 'the parent after forking').not.toEqual(first);
    expect(draw(new Rng(7)), 'the parent before forking').not.toEqual(first);
  });

  test('the ephemeral port draws come first, as when one PRNG served everything (port numbers stay)', () => {
    fc.assert(
      fc.property(simSeed, fc.integer({ min: 1, max: 5 }), (seed, count) => {
        const root = new Rng(seed);
        const expected = Array.from({ length: count }, () => root.next());
        const hosts = Array.from({ length: count }, (_, i) => i);
        expect(forkStreams(seed, hosts).map((s) => s.random.ephemeralStart)).toEqual(expected);
      }),
      { seed: FC_SEED, numRuns: 50 },
    );
  });

  test('equal seeds fork equal streams; each host and direction gets its own', () => {
    const draws = (seed: number): number[] =>
      forkStreams(seed, ['a', 'b']).flatMap((s) => [
        s.random.issKey,
        ...s.links
          .flatMap(({ streams }) => [streams.loss, streams.duplicate, streams.reorder, streams.jitter])
          .map((rng) => rng.nextUint32()),
      ]);
    expect(draws(3)).toEqual(draws(3));
    expect(new Set(draws(3)).size).toBe(draws(3).length);
  });
});

describe('a knob moves only its own stream', () => {
  test('every ISS is the same whatever the latency, loss, duplication, reordering and jitter', () => {
    let shared = 0;
    fc.assert(
      fc.property(anyLesson, simSeed, lossyLink, (id, seed, link) => {
        const scenario = lesson(id);
        const calm = issByConnection(simulate(scenario, { seed }));
        const faulty = issByConnection(simulate(scenario, { seed, link }));
        for (const [connection, chosen] of faulty) {
          const expected = calm.get(connection);
          if (!expected) continue; // a connection only the faulty run made (a connect() retried)
          const n = Math.min(expected.length, chosen.length);
          expect(chosen.slice(0, n), `${replay(scenario, seed, link)}: ISS of ${connection}`).toEqual(
            expected.slice(0, n),
          );
          shared++;
        }
        if (calm.size > 0) expect(faulty.size, `${replay(scenario, seed, link)}: no SYN at all`).toBeGreaterThan(0);
      }),
      { seed: FC_SEED, numRuns: RUNS },
    );
    expect(shared, 'too few connections were compared').toBeGreaterThan(RUNS);
  });

  test('a loss so small that nothing is lost leaves every lesson byte-identical (the CLI --loss 0.000001)', () => {
    for (const scenario of builtinScenarios) {
      const plain = JSON.stringify(simulate(scenario));
      const tiny = JSON.stringify(simulate(scenario, { link: { lossProbability: 0.000001 } }));
      expect(tiny === plain, `scenario ${scenario.id}, seed ${String(scenario.seed)}: the trace changed`).toBe(true);
    }
  });

  test("changing one direction's loss leaves the other direction's drop decisions identical", () => {
    let compared = 0;
    fc.assert(
      fc.property(
        anyLesson,
        simSeed,
        fc.tuple(percent(0, 60), percent(0, 60)),
        percent(1, 50),
        (id, seed, [forwardOne, forwardTwo], backward) => {
          const scenario = lesson(id);
          const [a, b] = scenario.hosts;
          if (!a || !b) return;
          const fates = (forward: number): boolean[] =>
            linkFates(simulate(withDirectionLoss(scenario, forward, backward), { seed }), b.name, a.name).map(
              (f) => f.lost,
            );
          const one = fates(forwardOne);
          const two = fates(forwardTwo);
          const n = Math.min(one.length, two.length);
          const context = replay(scenario, seed, { [`${a.name}>${b.name}`]: [forwardOne, forwardTwo], backward });
          expect(two.slice(0, n), `${context}: ${b.name}->${a.name} fates`).toEqual(one.slice(0, n));
          compared += n;
        },
      ),
      { seed: FC_SEED, numRuns: RUNS },
    );
    expect(compared, 'too few packets were compared').toBeGreaterThan(RUNS);
  });

  test('changing the loss never changes the jitter and reordering delays nor the duplication of a packet', () => {
    let compared = 0;
    const noisy = fc.record({
      latencyMs: fc.integer({ min: 0, max: 20 }),
      jitterMs: fc.integer({ min: 1, max: 20 }),
      duplicateProbability: percent(0, 50),
      reorderProbability: percent(0, 50),
    });
    fc.assert(
      fc.property(
        lessonWithoutCrash,
        simSeed,
        noisy,
        fc.tuple(percent(0, 40), percent(0, 40)),
        (id, seed, link, [lossOne, lossTwo]) => {
          const scenario = lesson(id);
          const one = simulate(scenario, { seed, link: { ...link, lossProbability: lossOne } });
          const two = simulate(scenario, { seed, link: { ...link, lossProbability: lossTwo } });
          for (const from of scenario.hosts) {
            for (const to of scenario.hosts) {
              const first = linkFates(one, from.name, to.name);
              const second = linkFates(two, from.name, to.name);
              for (let i = 0; i < Math.min(first.length, second.length); i++) {
                const [x, y] = [first[i], second[i]];
                if (!x || !y || x.lost || y.lost) continue;
                const context = `${replay(scenario, seed, { ...link, loss: [lossOne, lossTwo] })}: ${from.name}->${to.name} packet ${i}`;
                expect(y, context).toEqual(x);
                compared++;
              }
            }
          }
        },
      ),
      { seed: FC_SEED, numRuns: RUNS },
    );
    expect(compared, 'too few packets were compared').toBeGreaterThan(RUNS);
  });

  test('equal seeds and options still give byte-identical traces over faulty links', () => {
    fc.assert(
      fc.property(anyLesson, simSeed, lossyLink, (id, seed, link: LinkOptions) => {
        const scenario = lesson(id);
        const first = JSON.stringify(simulate(scenario, { seed, link }));
        expect(JSON.stringify(simulate(scenario, { seed, link })) === first, replay(scenario, seed, link)).toBe(true);
      }),
      { seed: FC_SEED, numRuns: 100 },
    );
  });
});
