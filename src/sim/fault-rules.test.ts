// Delay and duplicate fault rules (issue 13, break it yourself): a delayed packet arrives `ms`
// later than the link delivers it, so later ones overtake it and the receiver holds them out of
// order (RFC 9293 3.10.7.4, answered by a duplicate ACK with a SACK block, RFC 2018); a
// duplicated one arrives twice, the copy one link latency later, answered by an ACK at once. How
// the rules count packets among themselves and with drop rules (world.ts packetFaults).
import { describe, expect, it } from 'vitest';
import type { FaultRule, Scenario } from '../scenario/schema';
import { findScenario } from '../scenario/library';
import type { DeliverEvent, SegmentEvent, Trace, TraceEvent } from '../trace/types';
import { simulate } from './simulator';

const lesson = (id: string): Scenario => {
  const scenario = findScenario(id);
  if (scenario === undefined) throw new Error(`${id} is missing from the library`);
  return scenario;
};

const run = (id: string, faults: FaultRule[]): Trace => {
  const scenario = lesson(id);
  return simulate({ ...scenario, faults: [...(scenario.faults ?? []), ...faults] }, { seed: scenario.seed ?? 1 });
};

const segments = (trace: Trace, from: string): SegmentEvent[] =>
  trace.events.filter((e): e is SegmentEvent => e.kind === 'segment' && e.from === from);
const fates = (trace: Trace, id: number): TraceEvent[] =>
  trace.events.filter((e) => (e.kind === 'deliver' || e.kind === 'drop') && e.id === id);
/** What the host's recv() or recvfrom() calls returned, in order. */
const received = (trace: Trace, host: string, call: 'recv' | 'recvfrom' = 'recv'): string[] =>
  trace.events.flatMap((e) =>
    e.kind === 'return' && e.host === host && (e.call === 'recv' || e.call === 'recvfrom') && e.call === call
      ? [e.result?.payload ?? '']
      : [],
  );

describe('a delay rule', () => {
  // tcp-echo's server sends the echo and its FIN together: held back 50 ms, the echo is overtaken.
  const delay: FaultRule = { type: 'delay', from: 'server', to: 'client', nth: 3, ms: 50 };
  const plain = run('tcp-echo', []);
  const late = run('tcp-echo', [delay]);
  const echo = segments(plain, 'server').find((s) => s.len > 0)!;
  const lateEcho = segments(late, 'server').find((s) => s.len > 0)!;

  it('takes the nth packet of its direction and delivers it ms later, naming the rule', () => {
    expect(lateEcho).toMatchObject({ seq: echo.seq, len: echo.len, t: echo.t });
    const [before] = fates(plain, echo.id) as DeliverEvent[];
    const after = fates(late, lateEcho.id);
    expect(after).toEqual([{ ...before, t: before!.t + 50_000, reason: 'fault rule 1' }]);
  });

  it('is overtaken by the FIN sent after it: the client holds the FIN out of order and sends a duplicate ACK with SACK', () => {
    const fin = segments(late, 'server').find((s) => s.flags.includes('FIN'))!;
    const finArrives = late.events.findIndex((e) => e.kind === 'deliver' && e.id === fin.id);
    const echoArrives = late.events.findIndex((e) => e.kind === 'deliver' && e.id === lateEcho.id);
    expect(finArrives).toBeLessThan(echoArrives);
    // The client's answer to the FIN still acknowledges only up to the echo's first byte.
    const dupAck = segments(late, 'client').find((s) => late.events.indexOf(s) > finArrives)!;
    expect(late.events.indexOf(dupAck)).toBeLessThan(echoArrives);
    expect(dupAck.ack).toBe(lateEcho.seq);
    expect(dupAck.options.sack).toEqual([[fin.seq, fin.seq + 1]]);
    // Once the echo fills the hole, the client acknowledges the echo and the FIN at once.
    const after = segments(late, 'client').find((s) => late.events.indexOf(s) > echoArrives)!;
    expect(after.ack).toBe(fin.seq + 1);
    expect(received(plain, 'client')).toContain('SGVsbG8sIHNlcnZlciE=');
    expect(received(late, 'client')).toEqual(received(plain, 'client'));
  });
});

describe('a duplicate rule', () => {
  // tcp-stream-framing's fifth client packet is a 7-byte data segment.
  const duplicate: FaultRule = { type: 'duplicate', from: 'client', to: 'server', nth: 5 };
  const plain = run('tcp-stream-framing', []);
  const twice = run('tcp-stream-framing', [duplicate]);
  const data = segments(twice, 'client')[4]!;

  it('delivers the packet, then a copy one link latency later (5 ms), naming the rule on the copy', () => {
    expect(data.len).toBe(7);
    const [original, copy, ...more] = fates(twice, data.id) as DeliverEvent[];
    expect(more).toEqual([]);
    expect(original).toEqual(fates(plain, data.id)[0]);
    expect(copy).toEqual({ ...original, t: original!.t + 5_000, duplicate: true, reason: 'fault rule 1' });
  });

  it('makes the server answer the copy with an ACK at once that acknowledges nothing new, and read the bytes once', () => {
    const copyAt = twice.events.findIndex((e) => e.kind === 'deliver' && e.id === data.id && e.duplicate === true);
    const [first, second] = segments(twice, 'server').filter(
      (s) => s.ack === data.seq + data.len && twice.events.indexOf(s) > twice.events.indexOf(data),
    );
    expect(second).toBeDefined();
    expect(twice.events.indexOf(first!)).toBeLessThan(copyAt);
    expect(second!.t).toBe(twice.events[copyAt]!.t);
    expect(received(twice, 'server')).toEqual(received(plain, 'server'));
    // Linux reports the duplicate in a D-SACK block (RFC 2883 4.1; the real kernel does so in
    // wire-live's duplicate run); the first ACK carries none.
    expect(second!.options.sack).toEqual([[data.seq, data.seq + data.len]]);
    expect(first!.options.sack).toBeUndefined();
  });

  it('gives UDP the datagram twice: the server reads it twice', () => {
    const trace = run('udp-echo', [{ type: 'duplicate', from: 'client', to: 'server', nth: 1 }]);
    const reads = received(trace, 'server', 'recvfrom');
    expect(reads[0]).not.toBe('');
    expect(reads[1]).toBe(reads[0]);
  });
});

describe('how packet rules count', () => {
  it('a delay does not take the packet from the rules after it; a drop does, and wins', () => {
    const trace = run('tcp-echo', [
      { type: 'delay', from: 'client', to: 'server', nth: 3, ms: 50 },
      { type: 'drop', from: 'client', to: 'server', nth: 3 },
    ]);
    const third = segments(trace, 'client')[2]!;
    expect(fates(trace, third.id)).toMatchObject([{ kind: 'drop', reason: 'fault rule 2' }]);
  });

  it('after a drop, the next rule counts only what the drop left', () => {
    const trace = run('tcp-echo', [
      { type: 'drop', from: 'client', to: 'server', nth: 3 },
      { type: 'duplicate', from: 'client', to: 'server', nth: 3 },
    ]);
    // The dropped third packet is not the duplicate rule's; the fourth packet is its third.
    const fourth = segments(trace, 'client')[3]!;
    expect(fates(trace, fourth.id)).toMatchObject([{ kind: 'deliver' }, { duplicate: true, reason: 'fault rule 2' }]);
  });

  it('delays add up, and a delayed copy is delayed too', () => {
    const trace = run('tcp-echo', [
      { type: 'delay', from: 'client', to: 'server', nth: 3, ms: 50 },
      { type: 'duplicate', from: 'client', to: 'server', nth: 3 },
      { type: 'delay', from: 'client', to: 'server', nth: 3, ms: 20 },
    ]);
    const plain = run('tcp-echo', []);
    const third = segments(trace, 'client')[2]!;
    const base = fates(plain, segments(plain, 'client')[2]!.id)[0]!.t;
    expect(fates(trace, third.id)).toMatchObject([
      { kind: 'deliver', t: base + 70_000, reason: 'fault rule 1, fault rule 3' },
      {
        kind: 'deliver',
        t: base + 70_000 + 5_000,
        duplicate: true,
        reason: 'fault rule 1, fault rule 2, fault rule 3',
      },
    ]);
  });
});
