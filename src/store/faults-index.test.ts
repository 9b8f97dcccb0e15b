// The packet positions the fault rules are built from are one index per Trace (faults.ts
// packetPositions): over every event of every lesson's Trace, and of one with a learner's drop and a
// crafted segment, the rules equal those of the walk over the trace each call made before.
import { describe, expect, it } from 'vitest';
import type { FaultRule } from '../scenario/schema';
import { builtinScenarios, findScenario } from '../scenario/library';
import { simulate } from '../sim';
import type { Trace } from '../trace/types';
import { delayRuleFor, dropRuleFor, duplicateRuleFor, withLearnerFaults } from './faults';

/** The walk faults.ts made per call before the index: the reference the index must agree with. */
function walkedPosition(trace: Trace, index: number): { from: string; to: string; nth: number } | undefined {
  const target = trace.events[index];
  if (target === undefined || (target.kind !== 'segment' && target.kind !== 'datagram')) return undefined;
  if (target.kind === 'segment' && target.crafted !== undefined) return undefined;
  const droppedByRule = new Set<number>();
  for (const event of trace.events) {
    if (event.kind === 'drop' && event.reason.startsWith('fault rule')) droppedByRule.add(event.id);
  }
  if (droppedByRule.has(target.id)) return undefined;
  let nth = 0;
  for (let i = 0; i <= index; i++) {
    const event = trace.events[i];
    if (event === undefined || (event.kind !== 'segment' && event.kind !== 'datagram')) continue;
    if (event.kind === 'segment' && event.crafted !== undefined) continue;
    if (event.from === target.from && event.to === target.to && !droppedByRule.has(event.id)) nth++;
  }
  return { from: target.from, to: target.to, nth };
}

function expectSameRules(trace: Trace): void {
  // Every event of the short lessons; about 3,000 spread over the long ones (the walk is quadratic).
  const every = trace.events.length <= 3000 ? 1 : Math.ceil(trace.events.length / 3000);
  for (let index = 0; index < trace.events.length; index += every) {
    const at = walkedPosition(trace, index);
    const drop = at === undefined ? undefined : { type: 'drop', ...at };
    expect(dropRuleFor(trace, index), `event ${index}`).toEqual(drop);
    expect(delayRuleFor(trace, index, 200)).toEqual(at === undefined ? undefined : { type: 'delay', ...at, ms: 200 });
    expect(duplicateRuleFor(trace, index)).toEqual(at === undefined ? undefined : { type: 'duplicate', ...at });
  }
}

describe('packet positions (one index per Trace)', () => {
  it.each(builtinScenarios.map((scenario) => [scenario.id] as const))('%s: the rules of the old walk', (id) => {
    const scenario = findScenario(id)!;
    expectSameRules(simulate(scenario, { seed: scenario.seed ?? 1 }));
  });

  it('passes over a packet a drop rule took and a crafted segment, as the walk did', () => {
    const faults: FaultRule[] = [
      { type: 'drop', from: 'client', to: 'server', nth: 3 },
      { type: 'inject', atMs: 13, from: 'server', to: 'client', flags: ['RST'], seq: { rel: 'rcv.nxt', offset: 1 } },
    ];
    const trace = simulate(withLearnerFaults(findScenario('tcp-echo')!, faults), { seed: 1 });
    const kinds = trace.events.map((event) =>
      event.kind === 'segment' && event.crafted !== undefined ? 'crafted' : event.kind === 'drop' ? event.reason : '',
    );
    expect(kinds).toContain('crafted');
    expect(kinds).toContain('fault rule 1');
    expectSameRules(trace);
  });
});
