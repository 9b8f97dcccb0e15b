import { describe, expect, it } from 'vitest';
import { validateScenario } from '../validate';
import { builtinScenarios, findScenario } from './index';

describe('built-in scenario library', () => {
  it.each(builtinScenarios.map((s) => [s.id, s] as const))(
    '%s passes the schema and the cross-checks',
    (_id, scenario) => {
      const result = validateScenario(scenario);
      expect(result.ok ? [] : result.problems).toEqual([]);
    },
  );

  it('has unique ids that findScenario resolves', () => {
    const ids = builtinScenarios.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(findScenario(id)?.id).toBe(id);
    expect(findScenario('no-such-lesson')).toBeUndefined();
  });

  it('holds every lesson the foundation issue asks for', () => {
    const required = [
      'tcp-echo',
      'tcp-echo-loop',
      'tcp-multi-client',
      'tcp-stream-framing',
      'tcp-refused',
      'tcp-timeout',
      'tcp-retransmission',
      'tcp-half-close',
      'tcp-abort-rst',
      'tcp-simultaneous-close',
      'time-wait-reuseaddr',
      'nagle',
      'nagle-nodelay',
      'keepalive',
      'udp-echo',
      'udp-discovery',
      'chat',
      'http-get',
    ];
    expect(builtinScenarios.map((s) => s.id)).toEqual(expect.arrayContaining(required));
  });
});
