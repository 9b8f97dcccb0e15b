import { describe, expect, it } from 'vitest';
import type { InjectRule } from '../scenario/inject';
import { findScenario } from '../scenario/library';
import type { Scenario } from '../scenario/schema';
import { validateScenario } from '../scenario/validate';
import { simulate } from '../sim';
import { craftRuleAt, formatInject, parseInject } from './inject-faults';

const target = { to: 'client', toPort: 38279, from: 'server', fromPort: 8080 };

describe('craftRuleAt', () => {
  const trace = simulate(findScenario('tcp-echo') as Scenario);
  const index = trace.events.findIndex((e) => e.kind === 'return' && e.host === 'client' && e.call === 'connect');

  it('writes a rule 1 µs after the cursor’s event, relative to the receiver, that the schema accepts', () => {
    const rule = craftRuleAt(trace, index, target, { kind: 'rst', place: 'in-window' });
    expect(rule).toEqual({
      type: 'inject',
      atMs: 11.001,
      from: 'server',
      to: 'client',
      fromPort: 8080,
      toPort: 38279,
      flags: ['RST'],
      seq: { rel: 'rcv.nxt', offset: 1 },
    });
    expect(validateScenario({ ...findScenario('tcp-echo'), faults: [rule] }).ok).toBe(true);
  });

  it('places the sequence number exactly, inside the window, or just past it', () => {
    const seq = (place: 'exact' | 'in-window' | 'out-of-window') =>
      craftRuleAt(trace, index, target, { kind: 'syn', place }).seq;
    expect(seq('exact')).toEqual({ rel: 'rcv.nxt', offset: 0 });
    expect(seq('out-of-window')).toEqual({ rel: 'rcv.end', offset: 0 });
  });

  it('carries the data only for a data segment, cut to 64 characters', () => {
    const data = craftRuleAt(trace, index, target, { kind: 'data', place: 'exact', data: 'x'.repeat(100) });
    expect(data.flags).toEqual(['ACK', 'PSH']);
    expect(data.data).toHaveLength(64);
    expect(craftRuleAt(trace, index, target, { kind: 'fin', place: 'exact', data: 'no' }).data).toBeUndefined();
  });
});

describe('the share link’s inject part', () => {
  const rules: InjectRule[] = [
    { type: 'inject', atMs: 13.001, from: 'server', to: 'client', flags: ['RST'], seq: { rel: 'rcv.nxt', offset: 1 } },
    {
      type: 'inject',
      atMs: 0,
      from: 'client',
      to: 'server',
      fromPort: 40000,
      toPort: 8080,
      flags: ['ACK', 'PSH'],
      seq: { rel: 'rcv.end', offset: -3 },
      ack: { rel: 'snd.una', offset: 2 },
      window: 512,
      data: 'héllo. _x',
    },
    { type: 'inject', atMs: 5, from: 'a', to: 'b', flags: ['SYN', 'ACK'], seq: 4294967295, ack: 7 },
  ];

  it('reads back every rule it writes', () => {
    for (const rule of rules) expect(parseInject(formatInject(rule))).toEqual(rule);
    expect(formatInject(rules[0]!)).toBe('inject.server.client.13.001.r.n1');
  });

  it('needs no escaping in a query string: only letters, digits, "." and "-"', () => {
    for (const rule of rules) expect(formatInject(rule)).toMatch(/^[a-z0-9.-]+$/);
  });

  it('refuses what the schema would', () => {
    expect(parseInject('inject.server.server.1.r.n0')).toBeUndefined(); // to itself
    expect(parseInject('inject.a.b.1.r.n0.kn0')).toBeUndefined(); // an ack without ACK
    expect(parseInject('inject.a.b.1.r.x4294967296')).toBeUndefined(); // past 32 bits
    expect(parseInject('inject.a.b.1.r.n0.p0-80')).toBeUndefined(); // port 0
    expect(parseInject('inject.a.b.1.r.n0.dff')).toBeUndefined(); // not UTF-8
    expect(parseInject('inject.a.b.1.q.n0')).toBeUndefined(); // no such flag
  });
});
