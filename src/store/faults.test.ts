// Faults the learner adds: the rule computed from a clicked packet drops, delays or duplicates
// exactly that packet when the lesson is simulated again (every packet of every lesson tried): the
// store counts packets as world.ts packetFaults does. And the link form reads back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinScenarios, findScenario } from '../scenario/library';
import { simulate } from '../sim';
import type { Trace, TraceEvent } from '../trace/types';
import { linkConfig } from '../sim/link';
import type { FaultRule, Scenario } from '../scenario/schema';
import {
  crashRuleAt,
  delayRuleFor,
  dropRuleFor,
  duplicateRuleFor,
  formatFaults,
  parseFaults,
  unknownFaultHosts,
  withLearnerFaults,
} from './faults';

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
    expect(delayRuleFor(simulate(findScenario('tcp-echo')!, { seed: 1 }), 0, 50)).toBeUndefined();
    const trace = simulate(findScenario('tcp-echo')!, { seed: 1 });
    const call = trace.events.findIndex((event) => event.kind === 'call');
    expect(dropRuleFor(trace, call)).toBeUndefined();
    expect(dropRuleFor(trace, trace.events.length)).toBeUndefined();
  });
});

/** The packets of a lesson the tests try: all of a short one, 12 spread over a long one. */
function triedPackets(trace: Trace): number[] {
  const indices = packetIndices(trace);
  return indices.length <= 40 ? indices : indices.filter((_, k) => k % Math.ceil(indices.length / 12) === 0);
}

const fatesOf = (trace: Trace, id: number) =>
  trace.events.filter((e) => (e.kind === 'deliver' || e.kind === 'drop') && e.id === id);

/** One link latency of the packet's direction, as the simulator takes it (the copy's gap). */
function latencyUs(scenario: Scenario, from: string, to: string): number {
  const specific = scenario.links?.find((l) => l.from === from && l.to === to)?.options;
  return Math.max(linkConfig(scenario.link, specific).latencyUs, 1);
}

describe.each(['delay', 'duplicate'] as const)('%sRuleFor', (kind) => {
  const ruleFor = (trace: Trace, index: number): FaultRule | undefined =>
    kind === 'delay' ? delayRuleFor(trace, index, 200) : duplicateRuleFor(trace, index);

  it.each(builtinScenarios.map((scenario) => [scenario.id] as const))(
    `%s: the rule for a packet ${kind === 'delay' ? 'delays' : 'duplicates'} that packet, counted as drops count`,
    (id) => {
      const scenario = findScenario(id)!;
      const seed = scenario.seed ?? 1;
      const trace = simulate(scenario, { seed });
      for (const index of triedPackets(trace)) {
        const rule = ruleFor(trace, index);
        const packet = trace.events[index] as { id: number; from: string; to: string };
        // The same packets have a position for every kind of rule: none where a drop rule took it.
        expect(rule === undefined, `${id} event ${index}`).toBe(dropRuleFor(trace, index) === undefined);
        if (rule === undefined) continue;
        const broken = simulate(withLearnerFaults(scenario, [rule]), { seed });
        expect(shape(broken.events[index])).toEqual(shape(trace.events[index]));
        const reason = `fault rule ${(scenario.faults?.length ?? 0) + 1}`;
        const [before] = fatesOf(trace, packet.id);
        const after = fatesOf(broken, (broken.events[index] as { id: number }).id);
        // A packet the link delivered; one sent to a crashed host is lost the same way whatever.
        if (before?.kind !== 'deliver') continue;
        // Arriving 200 ms later, it may find its socket gone: when and why it arrives are compared.
        if (kind === 'delay') {
          if (after[0]?.kind === 'drop')
            expect(after[0], `${id} event ${index}`).toMatchObject({ reason: 'host down' });
          else
            expect(after[0], `${id} event ${index}`).toMatchObject({
              id: before.id,
              host: before.host,
              t: before.t + 200_000,
              reason,
            });
        } else {
          expect(after[0], `${id} event ${index}`).toEqual(before);
          const copy = after.find((e) => e.kind === 'deliver' && e.reason === reason);
          const at = before.t + latencyUs(scenario, packet.from, packet.to);
          if (copy === undefined) expect(after.at(-1), `${id} event ${index}`).toMatchObject({ reason: 'host down' });
          else expect(copy, `${id} event ${index}`).toMatchObject({ duplicate: true, t: at });
        }
      }
    },
  );
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
  const nth = fc.integer({ min: 1, max: 999_999_999 });
  const rule = fc.oneof(
    fc.record({ type: fc.constantFrom('drop' as const, 'duplicate' as const), from: host, to: host, nth }),
    fc.record({
      type: fc.constant('delay' as const),
      from: host,
      to: host,
      nth,
      ms: fc.integer({ min: 1, max: 60_000_000 }).map((n) => n / 1000),
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

  it('reads a link written before delay and duplicate as it did', () => {
    expect(parseFaults('drop.client.server.3_crash.server.12.5')).toEqual([
      { type: 'drop', from: 'client', to: 'server', nth: 3 },
      { type: 'crash', host: 'server', atMs: 12.5 },
    ]);
    expect(formatFaults([{ type: 'delay', from: 'server', to: 'client', nth: 3, ms: 50 }])).toBe(
      'delay.server.client.3.50',
    );
  });

  it.each([
    '',
    'drop.client.server.0',
    'drop.Client.server.1',
    'crash.server.-1',
    'lose.a.b.1',
    'drop.a.b.1_',
    'delay.a.b.1',
    'delay.a.b.1.0',
    'delay.a.b.1.60000.5',
    'duplicate.a.b.1.50',
  ])('refuses %j', (text) => expect(parseFaults(text)).toBeUndefined());

  it('names the hosts a lesson does not have', () => {
    const scenario = findScenario('tcp-echo')!;
    expect(unknownFaultHosts(scenario, parseFaults('drop.client.server.2_crash.router.5')!)).toEqual(['router']);
  });
});
