// Faults the learner adds: the rule computed from a clicked packet drops exactly that packet when
// the lesson is simulated again (every packet of every lesson tried), and the link form reads back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinScenarios, findScenario } from '../scenario/library';
import { simulate } from '../sim';
import type { Trace, TraceEvent } from '../trace/types';
import { crashRuleAt, dropRuleFor, formatFaults, parseFaults, unknownFaultHosts, withLearnerFaults } from './faults';

const packetIndices = (trace: Trace): number[] =>
  trace.events.flatMap((event, i) => (event.kind === 'segment' || event.kind === 'datagram' ? [i] : []));

/** What identifies a packet across two runs that agree up to it. */
const shape = (event: TraceEvent | undefined) =>
  event === undefined ? undefined : { kind: event.kind, t: event.t, from: 'from' in event ? event.from : '' };

describe('dropRuleFor', () => {
  it.each(builtinScenarios.map((scenario) => [scenario.id] as const))(
    '%s: the rule for a packet drops that packet and no other before it',
    (id) => {
      const scenario = findScenario(id)!;
      const seed = scenario.seed ?? 1;
      const trace = simulate(scenario, { seed });
      const indices = packetIndices(trace);
      // Every packet of short lessons; 12 spread over the long ones (the bulk transfer has thousands).
      const tried = indices.length <= 40 ? indices : indices.filter((_, k) => k % Math.ceil(indices.length / 12) === 0);
      const dropped = new Set(
        trace.events.flatMap((e) => (e.kind === 'drop' && e.reason.startsWith('fault') ? [e.id] : [])),
      );
      for (const index of tried) {
        const rule = dropRuleFor(trace, index);
        if (dropped.has((trace.events[index] as { id: number }).id)) {
          expect(rule).toBeUndefined(); // already dropped by the lesson's own rule
          continue;
        }
        if (rule === undefined) throw new Error(`${id}: no rule for event ${index}`);
        const broken = simulate(withLearnerFaults(scenario, [rule]), { seed });
        // The same run up to the packet, which is then dropped by the added rule.
        expect(shape(broken.events[index])).toEqual(shape(trace.events[index]));
        const packet = broken.events[index] as { id: number };
        const faultNumber = (scenario.faults?.length ?? 0) + 1;
        const drop = broken.events.find((event) => event.kind === 'drop' && event.id === packet.id);
        expect(drop, `${id} event ${index}`).toMatchObject({ reason: `fault rule ${faultNumber}` });
      }
    },
  );

  it('has no rule for what is not a segment or a datagram', () => {
    const trace = simulate(findScenario('tcp-echo')!, { seed: 1 });
    const call = trace.events.findIndex((event) => event.kind === 'call');
    expect(dropRuleFor(trace, call)).toBeUndefined();
    expect(dropRuleFor(trace, trace.events.length)).toBeUndefined();
  });
});

describe('crashRuleAt', () => {
  it('makes the host vanish at the moment of the event', () => {
    const scenario = findScenario('tcp-echo')!;
    const trace = simulate(scenario, { seed: 1 });
    const index = trace.events.findIndex((event) => event.kind === 'segment' && event.len > 0);
    const rule = crashRuleAt(trace, index, 'server');
    expect(rule).toEqual({ type: 'crash', host: 'server', atMs: trace.events[index]!.t / 1000 });
    const broken = simulate(withLearnerFaults(scenario, [rule]), { seed: 1 });
    // The server never answers the data: nothing is sent by it after the crash.
    const after = broken.events.filter((event) => event.t > rule.atMs * 1000 && event.kind === 'segment');
    expect(after.every((event) => event.kind === 'segment' && event.from !== 'server')).toBe(true);
    expect(after.length).toBeGreaterThan(0);
  });
});

describe('the link form (faults=)', () => {
  const host = fc.stringMatching(/^[a-z][a-z0-9-]{0,31}$/);
  const rule = fc.oneof(
    fc.record({
      type: fc.constant('drop' as const),
      from: host,
      to: host,
      nth: fc.integer({ min: 1, max: 999_999_999 }),
    }),
    fc.record({
      type: fc.constant('crash' as const),
      host,
      atMs: fc.integer({ min: 0, max: 99_999_999_999 }).map((n) => n / 1000),
    }),
  );

  it('reads back what it writes', () => {
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 16 }), (rules) => {
        expect(parseFaults(formatFaults(rules))).toEqual(rules);
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });

  it.each(['', 'drop.client.server.0', 'drop.Client.server.1', 'crash.server.-1', 'lose.a.b.1', 'drop.a.b.1_'])(
    'refuses %j',
    (text) => expect(parseFaults(text)).toBeUndefined(),
  );

  it('names the hosts a lesson does not have', () => {
    const scenario = findScenario('tcp-echo')!;
    expect(unknownFaultHosts(scenario, parseFaults('drop.client.server.2_crash.router.5')!)).toEqual(['router']);
  });
});
