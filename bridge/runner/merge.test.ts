import { describe, expect, it } from 'vitest';
import { validateTrace } from '../../src/trace/validate';
import { mergeRun, type RunnerEvent } from './merge';

const t0 = 1_700_000_000_000_000;

describe('mergeRun', () => {
  it('says which transports each host’s programs opened (Trace v2 hosts[].sockets), none for an idle host', () => {
    const api: RunnerEvent[] = [
      { t: t0 + 10, kind: 'call', host: 'server', socket: -1, call: 'socket', args: { type: 'SOCK_STREAM' } },
      { t: t0 + 20, kind: 'return', host: 'server', socket: 3, call: 'socket', result: 3 },
      { t: t0 + 30, kind: 'call', host: 'client', socket: -1, call: 'socket', args: { type: 'SOCK_DGRAM' } },
      { t: t0 + 40, kind: 'return', host: 'client', socket: 3, call: 'socket', result: 3 },
    ];
    const trace = mergeRun({
      scenarioId: 'hand-made',
      hosts: [
        { name: 'server', addr: '127.0.0.1' },
        { name: 'client', addr: '127.0.0.2' },
        { name: 'idle', addr: '127.0.0.3' },
      ],
      t0,
      api,
      ss: [],
      meta: {},
    });
    expect(trace.hosts.map((h) => [h.name, h.sockets])).toEqual([
      ['server', ['tcp']],
      ['client', ['udp']],
      ['idle', []],
    ]);
    expect(trace.events.map((e) => e.t)).toEqual([10, 20, 30, 40]);
    expect(validateTrace(trace).ok).toBe(true);
  });
});
