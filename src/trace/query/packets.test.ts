import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenario/library';
import { simulate } from '../../sim';
import type { Trace, TraceEvent } from '../types';
import { packetFates, packetIndex } from '.';

const traceOf = (events: TraceEvent[]): Trace => ({
  format: 'wirestep-trace',
  version: 2,
  source: 'pcap',
  meta: {},
  hosts: [],
  events,
});

const datagram = (id: number, t: number): TraceEvent => ({
  t,
  kind: 'datagram',
  id,
  from: 'a',
  to: 'b',
  src: '10.0.0.1:1',
  dst: '10.0.0.2:2',
  len: 0,
  payload: '',
});

describe('packetFates', () => {
  it('lists every deliver and drop of each packet id, in trace order', () => {
    const trace = traceOf([
      datagram(1, 0),
      datagram(2, 1),
      { t: 2, kind: 'deliver', id: 1, host: 'b' },
      { t: 3, kind: 'drop', id: 2, reason: 'loss' },
      { t: 4, kind: 'deliver', id: 1, host: 'b', duplicate: true },
      datagram(3, 5),
    ]);
    const fates = packetFates(trace);
    expect([...fates]).toEqual([
      [1, [2, 4]],
      [2, [3]],
    ]);
    // A packet still in flight at the end has no fate at all.
    expect(fates.get(3)).toBeUndefined();
  });

  it('starts with the first fate packetIndex gives, and is computed once per trace', () => {
    const trace = simulate(findScenario('tcp-retransmission')!, { seed: 1 });
    const fates = packetFates(trace);
    const { fateOf } = packetIndex(trace);
    expect([...fates].map(([id, list]) => [id, list[0]])).toEqual([...fateOf]);
    expect(packetFates(trace)).toBe(fates);
  });
});
