// "Break it yourself" (issue 13): faults the learner adds to a lesson from the diagram, on top of
// the scenario's own. Each is a plain scenario fault rule (schema.ts), so the simulator, the
// bridge's wire and the share link all read the same thing: drop, delay or duplicate the n-th
// packet of a direction, or make a host vanish at a moment. Pure.
import type { FaultRule, Scenario } from '../scenario/schema';
import { perTrace } from '../trace/query';
import type { Trace } from '../trace/types';
import { formatInject, parseInject } from './inject-faults';

/** At most this many learner faults: enough to experiment, bounded for the link and the simulator. */
export const maxLearnerFaults = 16;

type PacketRule = Extract<FaultRule, { type: 'drop' | 'delay' | 'duplicate' }>;
type Position = Pick<PacketRule, 'from' | 'to'> & { nth: number };

/**
 * Where the packet of each event stands for a rule added after all the others: its position
 * among the packets its sender sent to that host, counted as world.ts packetFaults counts (every
 * transmission, retransmissions included, in send order; each copy of a broadcast on its own
 * direction; ICMP and crafted segments never). A packet a drop rule took is not counted by the
 * rules after it (the walk stops there), so it has no position, and neither has what is not a TCP
 * segment or UDP datagram. A delayed or duplicated packet still travels: it keeps its place.
 * One walk per Trace (the packet pane asks at every step: a walk per ask cost ~9 ms at 100,000
 * segments); 0 where an event has no position.
 */
const packetPositions = perTrace((trace: Trace): Int32Array => {
  const droppedByRule = new Set<number>();
  for (const event of trace.events) {
    if (event.kind === 'drop' && event.reason.startsWith('fault rule')) droppedByRule.add(event.id);
  }
  const positions = new Int32Array(trace.events.length);
  const counted = new Map<string, Map<string, number>>();
  trace.events.forEach((event, index) => {
    if (event.kind !== 'segment' && event.kind !== 'datagram') return;
    if (event.kind === 'segment' && event.crafted !== undefined) return;
    if (droppedByRule.has(event.id)) return;
    let byReceiver = counted.get(event.from);
    if (byReceiver === undefined) counted.set(event.from, (byReceiver = new Map()));
    const nth = (byReceiver.get(event.to) ?? 0) + 1;
    byReceiver.set(event.to, nth);
    positions[index] = nth;
  });
  return positions;
});

function packetPosition(trace: Trace, index: number): Position | undefined {
  const target = trace.events[index];
  const nth = packetPositions(trace)[index] ?? 0;
  if (nth === 0 || target === undefined || (target.kind !== 'segment' && target.kind !== 'datagram')) return undefined;
  return { from: target.from, to: target.to, nth };
}

/** The rule that drops the packet of event `index` (undefined where packetPosition has none). */
export function dropRuleFor(trace: Trace, index: number): Extract<FaultRule, { type: 'drop' }> | undefined {
  const at = packetPosition(trace, index);
  return at === undefined ? undefined : { type: 'drop', ...at };
}

/** The delays the packet pane offers: about an RTT of a slow path, several, and above the initial RTO (1 s). */
export const delayChoicesMs = [50, 200, 1000] as const;

/** The rule that makes the packet of event `index` arrive `ms` later than the link delivers it. */
export function delayRuleFor(
  trace: Trace,
  index: number,
  ms: number,
): Extract<FaultRule, { type: 'delay' }> | undefined {
  const at = packetPosition(trace, index);
  return at === undefined ? undefined : { type: 'delay', ...at, ms };
}

/** The rule that makes the packet of event `index` arrive twice. */
export function duplicateRuleFor(trace: Trace, index: number): Extract<FaultRule, { type: 'duplicate' }> | undefined {
  const at = packetPosition(trace, index);
  return at === undefined ? undefined : { type: 'duplicate', ...at };
}

/** The 1-based fault rules a delivery names (`fault rule 2, fault rule 3`: world.ts deliverFaulted). */
export function faultRulesOf(reason: string | undefined): number[] {
  return [...(reason ?? '').matchAll(/fault rule (\d+)/g)].map((match) => Number(match[1]));
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

// The share link's form, one part per fault joined by "_": `drop.client.server.3`,
// `delay.client.server.4.200` (ms), `duplicate.server.client.2`, `crash.server.12.5` (ms),
// `inject.server.client.13.001.r.n1` (a crafted segment: store/inject-faults.ts); links written
// before delay, duplicate and inject existed read the same. Host names are lower-case letters,
// digits and hyphens (schema.ts), so "." and "_" separate without escaping.
const hostPattern = '[a-z][a-z0-9-]{0,31}';
const nthPattern = '([1-9]\\d{0,8})';
const msPattern = '(\\d{1,8}(?:\\.\\d{1,3})?)';
const packetPattern = new RegExp(`^(drop|duplicate)\\.(${hostPattern})\\.(${hostPattern})\\.${nthPattern}$`);
const delayPattern = new RegExp(`^delay\\.(${hostPattern})\\.(${hostPattern})\\.${nthPattern}\\.${msPattern}$`);
const crashPattern = new RegExp(`^crash\\.(${hostPattern})\\.${msPattern}$`);

const msText = (ms: number): string => String(Number(ms.toFixed(3)));

/** One fault's part of the link. */
function formatFault(rule: FaultRule): string {
  switch (rule.type) {
    case 'crash':
      return `crash.${rule.host}.${msText(rule.atMs)}`;
    case 'drop':
    case 'duplicate':
    case 'delay': {
      const base = `${rule.type}.${rule.from}.${rule.to}.${Array.isArray(rule.nth) ? rule.nth[0] : rule.nth}`;
      return rule.type === 'delay' ? `${base}.${msText(rule.ms)}` : base;
    }
    case 'inject':
      return formatInject(rule);
  }
}

export function formatFaults(faults: readonly FaultRule[]): string {
  return faults.map(formatFault).join('_');
}

function parseFault(part: string): FaultRule | undefined {
  if (part.startsWith('inject.')) return parseInject(part);
  const packet = packetPattern.exec(part);
  if (packet !== null) {
    return { type: packet[1] as 'drop' | 'duplicate', from: packet[2]!, to: packet[3]!, nth: Number(packet[4]) };
  }
  const delay = delayPattern.exec(part);
  if (delay !== null) {
    const ms = Number(delay[4]);
    // The schema's bounds: 0 ms is no delay, and more than 60 s is no lesson.
    if (ms <= 0 || ms > 60_000) return undefined;
    return { type: 'delay', from: delay[1]!, to: delay[2]!, nth: Number(delay[3]), ms };
  }
  const crash = crashPattern.exec(part);
  return crash === null ? undefined : { type: 'crash', host: crash[1]!, atMs: Number(crash[2]) };
}

/** Reads the link's form; undefined when any part is not a fault this form writes. */
export function parseFaults(text: string): FaultRule[] | undefined {
  const parts = text.trim().split('_');
  if (parts.length === 0 || parts.length > maxLearnerFaults) return undefined;
  const rules: FaultRule[] = [];
  for (const part of parts) {
    const rule = parseFault(part);
    if (rule === undefined) return undefined;
    rules.push(rule);
  }
  return rules;
}

/** Faults naming a host the scenario does not have (a link edited by hand, or meant for another lesson). */
export function unknownFaultHosts(scenario: Scenario, faults: readonly FaultRule[]): string[] {
  const hosts = new Set(scenario.hosts.map((host) => host.name));
  const named = faults.flatMap((rule) => (rule.type === 'crash' ? [rule.host] : [rule.from, rule.to]));
  return [...new Set(named.filter((name) => !hosts.has(name)))];
}
