// bind() conflicts as Linux's inet_bind_conflict decides them, driven through whole runs.
import { describe, expect, it } from 'vitest';
import type { Scenario, Step } from '../scenario/schema';
import type { ReturnEvent } from '../trace/types';
import { simulate } from './index';

/** A server that accepts one client and closes first (TIME-WAIT), then binds port 8080 again. */
function restartScenario(firstServerReuse: boolean, secondServerReuse: boolean, keepListening = false): Scenario {
  const reuse = (socket: string): Step[] =>
    [{ op: 'setsockopt', socket, option: 'SO_REUSEADDR', value: 1 }] satisfies Step[];
  return {
    format: 'wirestep-scenario',
    version: 1,
    id: 'bind-test',
    title: { en: 'bind', fr: 'bind' },
    summary: { en: 'bind', fr: 'bind' },
    concepts: ['reuseaddr'],
    hosts: [
      { name: 'server', addr: '10.0.0.1' },
      { name: 'client', addr: '10.0.0.2' },
    ],
    programs: [
      {
        host: 'server',
        steps: [
          { op: 'socket', as: 'srv', type: 'tcp' },
          ...(firstServerReuse ? reuse('srv') : []),
          { op: 'bind', socket: 'srv', port: 8080 },
          { op: 'listen', socket: 'srv', backlog: 1 },
          { op: 'accept', socket: 'srv', as: 'conn' },
          { op: 'close', socket: 'conn' },
          ...(keepListening ? [] : [{ op: 'close', socket: 'srv' } as Step]),
          { op: 'sleep', ms: 100 },
          { op: 'socket', as: 'again', type: 'tcp' },
          ...(secondServerReuse ? reuse('again') : []),
          { op: 'bind', socket: 'again', port: 8080, expect: 'EADDRINUSE' },
          { op: 'close', socket: 'again' },
          ...(keepListening ? [{ op: 'close', socket: 'srv' } as Step] : []),
        ],
      },
      {
        host: 'client',
        startMs: 1,
        steps: [
          { op: 'socket', as: 's', type: 'tcp' },
          { op: 'connect', socket: 's', host: 'server', port: 8080 },
          { op: 'recv', socket: 's', max: 10 },
          { op: 'close', socket: 's' },
        ],
      },
    ],
  };
}

function secondBind(scenario: Scenario): ReturnEvent {
  const binds = simulate(scenario).events.filter(
    (e): e is ReturnEvent => e.kind === 'return' && e.host === 'server' && e.call === 'bind',
  );
  expect(binds).toHaveLength(2);
  return binds[1] as ReturnEvent;
}

describe('bind() while an old connection of the port is in TIME-WAIT', () => {
  it('fails with EADDRINUSE when the new socket has no SO_REUSEADDR', () => {
    expect(secondBind(restartScenario(true, false)).errno).toBe('EADDRINUSE');
  });

  it('succeeds when both the old listener (inherited by TIME-WAIT) and the new socket set SO_REUSEADDR', () => {
    const ret = secondBind(restartScenario(true, true));
    expect(ret.errno).toBeUndefined();
    expect(ret.result).toBe(0);
  });

  it('fails when only the new socket sets SO_REUSEADDR (Linux checks both sides)', () => {
    expect(secondBind(restartScenario(false, true)).errno).toBe('EADDRINUSE');
  });

  it('fails while a socket still LISTENs on the port, even with SO_REUSEADDR on both', () => {
    expect(secondBind(restartScenario(true, true, true)).errno).toBe('EADDRINUSE');
  });
});
