// The wire's fates in the real Trace: deliveries at the wire's time, drops with its reason, and a
// broadcast as one copy per recipient, as the simulator records it.
import { describe, expect, it } from 'vitest';
import type { DatagramEvent, SegmentEvent, TraceEvent } from '../../src/trace/types';
import { applyWireFates } from './fates';

const syn: SegmentEvent = {
  t: 100,
  kind: 'segment',
  id: 1,
  from: 'client',
  to: 'server',
  src: '10.0.0.2:40000',
  dst: '10.0.0.1:8080',
  flags: ['SYN'],
  seq: 0,
  ack: 0,
  window: 64240,
  len: 0,
  options: {},
  payload: '',
};
const hello: DatagramEvent = {
  t: 200,
  kind: 'datagram',
  id: 2,
  from: 'client',
  to: '10.0.0.255',
  src: '10.0.0.2:5000',
  dst: '10.0.0.255:5000',
  len: 5,
  payload: 'aGVsbG8=',
};
const rel = (t: number): number => t - 1_000_000;

describe('applyWireFates', () => {
  it('delivers when the wire delivered, or drops with its reason, in place of the capture instant', () => {
    const events: TraceEvent[] = [syn, { t: 100, kind: 'deliver', id: 1, host: 'server', socket: 3 }];
    const delivered = applyWireFates(events, [{ kind: 'deliver', index: 0, to: 'server', t: 1_005_100 }], rel);
    expect(delivered).toEqual([syn, { t: 5100, kind: 'deliver', id: 1, host: 'server', socket: 3 }]);
    const dropped = applyWireFates(
      events,
      [{ kind: 'drop', index: 0, to: 'server', t: 1_000_100, reason: 'fault rule 1' }],
      rel,
    );
    expect(dropped).toEqual([syn, { t: 100, kind: 'drop', id: 1, reason: 'fault rule 1' }]);
  });

  it('keeps the rule a delay or duplicate names on its deliveries; the second one is the duplicate', () => {
    const events: TraceEvent[] = [syn, { t: 100, kind: 'deliver', id: 1, host: 'server', socket: 3 }];
    const fates = [
      { kind: 'deliver' as const, index: 0, to: 'server', t: 1_205_100, reason: 'fault rule 1' },
      { kind: 'deliver' as const, index: 0, to: 'server', t: 1_210_100, reason: 'fault rule 1, fault rule 2' },
    ];
    expect(applyWireFates(events, fates, rel)).toEqual([
      syn,
      { t: 205_100, kind: 'deliver', id: 1, host: 'server', socket: 3, reason: 'fault rule 1' },
      {
        t: 210_100,
        kind: 'deliver',
        id: 1,
        host: 'server',
        socket: 3,
        duplicate: true,
        reason: 'fault rule 1, fault rule 2',
      },
    ]);
  });

  it('gives each recipient of a broadcast its own copy, in the order the hosts are declared', () => {
    const events: TraceEvent[] = [syn, { ...hello }, { t: 200, kind: 'deliver', id: 2, host: '10.0.0.255' }];
    const fates = [
      { kind: 'deliver' as const, index: 1, to: 'nas', t: 1_002_200 },
      { kind: 'deliver' as const, index: 1, to: 'printer', t: 1_005_200 },
    ];
    const out = applyWireFates(events, fates, rel, ['printer', 'client', 'nas']);
    const copies = out.filter((e): e is DatagramEvent => e.kind === 'datagram');
    expect(copies.map((c) => [c.id, c.to, c.broadcast, c.copyOf])).toEqual([
      [2, 'printer', true, undefined],
      [3, 'nas', true, 2],
    ]);
    const deliveries = out.filter((e) => e.kind === 'deliver').map((e) => [e.t, e.id, e.host]);
    expect(deliveries).toEqual([
      [2200, 3, 'nas'],
      [5200, 2, 'printer'],
    ]);
  });
});
