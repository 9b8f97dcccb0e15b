// "Break it yourself" (issue 13): faults the learner adds to a lesson from the diagram, on top of
// the scenario's own. Each is a plain scenario fault rule (schema.ts), so the simulator, the
// bridge's wire and the share link all read the same thing: drop the n-th packet of a direction,
// or make a host vanish at a moment. Pure.
import type { FaultRule, Scenario } from '../scenario/schema';
import type { Trace } from '../trace/types';

/** At most this many learner faults: enough to experiment, bounded for the link and the simulator. */
export const maxLearnerFaults = 16;

/**
 * The rule that drops the packet of event `index`: its position among the packets its sender sent
 * to that host (the simulator counts every transmission, retransmissions included, in send order;
 * world.ts matchingFault; each copy of a broadcast counts on its own direction). Undefined for
 * what is not a TCP segment or UDP datagram (ICMP is not counted by drop rules), or a packet a
 * fault rule already drops.
 */
export function dropRuleFor(trace: Trace, index: number): Extract<FaultRule, { type: 'drop' }> | undefined {
  const target = trace.events[index];
  if (target === undefined || (target.kind !== 'segment' && target.kind !== 'datagram')) return undefined;
  // A packet a rule drops is not counted by the rules after it (the simulator stops at the first
  // rule that matches); the new rule comes after all of them.
  const droppedByRule = new Set<number>();
  for (const event of trace.events) {
    if (event.kind === 'drop' && event.reason.startsWith('fault rule')) droppedByRule.add(event.id);
  }
  if (droppedByRule.has(target.id)) return undefined;
  let nth = 0;
  for (let i = 0; i <= index; i++) {
    const event = trace.events[i];
    if (event === undefined || (event.kind !== 'segment' && event.kind !== 'datagram')) continue;
    if (event.from === target.from && event.to === target.to && !droppedByRule.has(event.id)) nth++;
  }
  return { type: 'drop', from: target.from, to: target.to, nth };
}

/** The rule that makes `host` vanish at the moment of event `index` (trace time is in µs). */
export function crashRuleAt(trace: Trace, index: number, host: string): Extract<FaultRule, { type: 'crash' }> {
  const t = trace.events[index]?.t ?? 0;
  return { type: 'crash', host, atMs: t / 1000 };
}

export const sameFault = (a: FaultRule, b: FaultRule): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The scenario with the learner's faults after its own (each drop rule counts its own matches). */
export function withLearnerFaults(scenario: Scenario, faults: readonly FaultRule[]): Scenario {
  if (faults.length === 0) return scenario;
  return { ...scenario, faults: [...(scenario.faults ?? []), ...faults] };
}

// The share link's form: `faults=drop.client.server.3_crash.server.12.5`. Host names are lower-case
// letters, digits and hyphens (schema.ts), so "." and "_" separate without escaping.
const hostPattern = '[a-z][a-z0-9-]{0,31}';
const dropPattern = new RegExp(`^drop\\.(${hostPattern})\\.(${hostPattern})\\.([1-9]\\d{0,8})$`);
const crashPattern = new RegExp(`^crash\\.(${hostPattern})\\.(\\d{1,8}(?:\\.\\d{1,3})?)$`);

export function formatFaults(faults: readonly FaultRule[]): string {
  return faults
    .map((rule) =>
      rule.type === 'crash'
        ? `crash.${rule.host}.${Number(rule.atMs.toFixed(3))}`
        : `drop.${rule.from}.${rule.to}.${Array.isArray(rule.nth) ? rule.nth[0] : rule.nth}`,
    )
    .join('_');
}

/** Reads the link's form; undefined when any part is not a fault this form writes. */
export function parseFaults(text: string): FaultRule[] | undefined {
  const parts = text.trim().split('_');
  if (parts.length === 0 || parts.length > maxLearnerFaults) return undefined;
  const rules: FaultRule[] = [];
  for (const part of parts) {
    const drop = dropPattern.exec(part);
    if (drop !== null) {
      rules.push({ type: 'drop', from: drop[1]!, to: drop[2]!, nth: Number(drop[3]) });
      continue;
    }
    const crash = crashPattern.exec(part);
    if (crash === null) return undefined;
    rules.push({ type: 'crash', host: crash[1]!, atMs: Number(crash[2]) });
  }
  return rules;
}

/** Faults naming a host the scenario does not have (a link edited by hand, or meant for another lesson). */
export function unknownFaultHosts(scenario: Scenario, faults: readonly FaultRule[]): string[] {
  const hosts = new Set(scenario.hosts.map((host) => host.name));
  const named = faults.flatMap((rule) => (rule.type === 'crash' ? [rule.host] : [rule.from, rule.to]));
  return [...new Set(named.filter((name) => !hosts.has(name)))];
}
