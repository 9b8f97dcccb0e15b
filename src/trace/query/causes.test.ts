import { describe, expect, it } from 'vitest';
import { builtinScenarios, findScenario } from '../../scenario/library';
import type { Scenario } from '../../scenario/schema';
import { simulate } from '../../sim';
import type { SegmentEvent, TraceEvent } from '../types';
import { packetCause } from './causes';
import { isPacket, packetIndex } from './packets';

const run = (id: string) => {
  const scenario = findScenario(id)!;
  return simulate(scenario, { seed: scenario.seed ?? 1 });
};
const segments = (events: readonly TraceEvent[], match: (segment: SegmentEvent) => boolean) =>
  events.flatMap((event, index) => (event.kind === 'segment' && match(event) ? [index] : []));

describe('packetCause', () => {
  it('finds a cause for every packet of every lesson, always an earlier event of the same instant on the sender', () => {
    for (const scenario of builtinScenarios) {
      const trace = simulate(scenario, { seed: scenario.seed ?? 1 });
      trace.events.forEach((event, index) => {
        if (!isPacket(event)) return;
        const cause = packetCause(trace, index);
        expect(cause, `${scenario.id} event ${index}`).toBeDefined();
        if (cause?.kind === 'crafted') throw new Error('a built-in lesson crafts no segment');
        const trigger = trace.events[cause!.eventIndex]!;
        expect(cause!.eventIndex).toBeLessThan(index);
        expect(trigger.t).toBe(event.t);
        expect(trigger.kind === 'deliver' ? trigger.host : 'host' in trigger ? trigger.host : '').toBe(event.from);
      });
    }
  });

  it('a SYN comes from connect(), data from send(), a FIN from close()', () => {
    const trace = run('tcp-echo');
    const [syn] = segments(trace.events, (s) => s.flags.includes('SYN') && !s.flags.includes('ACK'));
    expect(packetCause(trace, syn!)).toMatchObject({ kind: 'call', call: 'connect' });
    const [data] = segments(trace.events, (s) => s.len > 0);
    expect(packetCause(trace, data!)).toMatchObject({ kind: 'call', call: 'sendall' });
    const [fin] = segments(trace.events, (s) => s.flags.includes('FIN'));
    expect(packetCause(trace, fin!)).toMatchObject({ kind: 'call', call: 'close' });
  });

  it('a SYN,ACK and a pure ACK answer the packet that just arrived', () => {
    const trace = run('tcp-echo');
    const [synAck] = segments(trace.events, (s) => s.flags.includes('SYN') && s.flags.includes('ACK'));
    const cause = packetCause(trace, synAck!);
    expect(cause?.kind).toBe('arrival');
    const arrived = cause?.kind === 'arrival' ? packetIndex(trace).byId.get(cause.packet) : undefined;
    expect(arrived?.kind === 'segment' && arrived.flags).toEqual(['SYN']);
  });

  it('tcp-retransmission: every retransmission follows its RTO firing', () => {
    const trace = run('tcp-retransmission');
    const resent = segments(trace.events, (s) => s.retransmission === true);
    expect(resent.length).toBeGreaterThan(0);
    for (const index of resent) expect(packetCause(trace, index)).toMatchObject({ kind: 'timer', timer: 'retransmit' });
  });

  it('nagle: the held small segments leave on an ACK (Nagle), the lone ACKs on the delayed-ACK timer', () => {
    const trace = run('nagle');
    const causes = trace.events.map((_, index) => packetCause(trace, index));
    expect(causes.filter((c) => c?.kind === 'arrival' && c.heldBy === 'nagle').length).toBeGreaterThan(3);
    expect(causes.filter((c) => c?.kind === 'timer' && c.timer === 'delayed-ack').length).toBeGreaterThan(3);
    // With TCP_NODELAY nothing is held by Nagle.
    const nodelay = run('nagle-nodelay');
    expect(
      nodelay.events.some((_, i) => {
        const cause = packetCause(nodelay, i);
        return cause?.kind === 'arrival' && cause.heldBy === 'nagle';
      }),
    ).toBe(false);
  });

  it('congestion-control: data released by ACKs was held by a full congestion window', () => {
    const trace = run('congestion-control');
    const held = trace.events.flatMap((_, i) => {
      const cause = packetCause(trace, i);
      return cause?.kind === 'arrival' && cause.heldBy !== undefined ? [cause.heldBy] : [];
    });
    expect(held.length).toBeGreaterThan(50);
    expect(new Set(held)).toEqual(new Set(['congestion-window']));
  });

  it('tcp-refused: the RST answers the SYN that reached no socket; non-packets have no cause', () => {
    const trace = run('tcp-refused');
    const [rst] = segments(trace.events, (s) => s.flags.includes('RST'));
    expect(packetCause(trace, rst!)?.kind).toBe('arrival');
    const call = trace.events.findIndex((event) => event.kind === 'call');
    expect(packetCause(trace, call)).toBeUndefined();
    expect(packetCause(trace, -1)).toBeUndefined();
  });
});

describe('packetCause of a crafted segment (an inject fault rule)', () => {
  it('names the rule, not an event: no socket of its sender sent it', () => {
    const echo = builtinScenarios.find((s) => s.id === 'tcp-echo')!;
    const faults: Scenario['faults'] = [
      { type: 'inject', atMs: 13, from: 'server', to: 'client', flags: ['RST'], seq: 9 },
    ];
    const trace = simulate({ ...echo, faults });
    const index = trace.events.findIndex((e) => e.kind === 'segment' && e.crafted !== undefined);
    expect(packetCause(trace, index)).toEqual({ kind: 'crafted', rule: 1 });
  });
});
