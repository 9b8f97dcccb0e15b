// Descriptor numbers (issue 15, finding 10): the lowest free number, as POSIX open()/socket() and
// Linux's alloc_fd give it, found without scanning every open descriptor; 20,000 sockets in one
// program cost work in proportion to 20,000 (the scan was 200 million lookups, about a second).
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findScenario } from '../scenario/library';
import type { Scenario } from '../scenario/schema';
import { DescriptorNumbers } from './descriptor-numbers';
import { simulate } from './index';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('DescriptorNumbers', () => {
  it('takes the lowest free number, as a scan from 3 would, for any sequence of opens and closes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat(40)), { maxLength: 300 }), (ops) => {
        const numbers = new DescriptorNumbers();
        const open = new Set<number>();
        for (const [opens, pick] of ops) {
          if (opens || open.size === 0) {
            let lowest = 3;
            while (open.has(lowest)) lowest++;
            const fd = numbers.take();
            expect(fd).toBe(lowest);
            open.add(fd);
          } else {
            const fd = [...open][pick % open.size] as number;
            open.delete(fd);
            numbers.give(fd);
          }
        }
      }),
      { seed: 15, numRuns: 300 },
    );
  });
});

function manySockets(count: number): Scenario {
  const base = structuredClone(findScenario('udp-echo')) as Scenario;
  const host = base.hosts[0]?.name ?? 'server';
  return {
    ...base,
    limits: { maxEvents: 2_000_000 },
    programs: [
      {
        host,
        steps: [
          { op: 'socket', as: 'first', type: 'udp' },
          { op: 'close', socket: 'first' },
          { op: 'repeat', times: count, steps: [{ op: 'socket', as: 's', type: 'udp' }] },
        ],
      },
    ],
  };
}

describe('a program that opens 20,000 sockets', () => {
  it('numbers them 3 to 20,002 (3 again after its close) with work in proportion', () => {
    const has = vi.spyOn(Map.prototype, 'has');
    const trace = simulate(manySockets(20_000), { seed: 1 });
    const lookups = has.mock.calls.length;
    has.mockRestore();
    const fds = trace.events.flatMap((e) => (e.kind === 'return' && e.call === 'socket' ? [e.result] : []));
    expect(fds.length).toBe(20_001);
    expect(fds.slice(0, 3)).toEqual([3, 3, 4]);
    expect(fds[fds.length - 1]).toBe(20_002);
    expect(lookups).toBeLessThan(50 * 20_000);
  }, 60_000);
});
