import { describe, expect, it } from 'vitest';
import { builtinScenarios, findScenario } from '../src/scenario/library';
import type { Scenario, Step } from '../src/scenario/schema';
import { validateScenario } from '../src/scenario/validate';
import { bridgeLimits, checkBridgeLimits, dataBytes, loopbackPlan, mapAddress } from './limits';

function echo(): Scenario {
  const scenario = findScenario('tcp-echo');
  if (scenario === undefined) throw new Error('tcp-echo is missing from the library');
  return structuredClone(scenario);
}

/** tcp-echo with the client's program replaced by these steps. */
function withClientSteps(steps: Step[]): Scenario {
  const scenario = echo();
  const client = scenario.programs.find((p) => p.host === 'client');
  if (client === undefined) throw new Error('tcp-echo has no client program');
  client.steps = [{ op: 'socket', as: 'c', type: 'tcp' }, ...steps];
  const checked = validateScenario(scenario);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return checked.scenario;
}

const paths = (scenario: Scenario): string[] => checkBridgeLimits(scenario).map((p) => p.path);

describe('checkBridgeLimits', () => {
  it('accepts every built-in scenario', () => {
    for (const scenario of builtinScenarios)
      expect([scenario.id, checkBridgeLimits(scenario)]).toEqual([scenario.id, []]);
  });

  it('refuses a connect to a public address, in English and French', () => {
    const problems = checkBridgeLimits(
      withClientSteps([{ op: 'connect', socket: 'c', host: '8.8.8.8', port: 53_000 }]),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toMatch(/\.host$/);
    expect(problems[0]?.text.en).toContain('connect to 8.8.8.8 refused');
    expect(problems[0]?.text.en).toContain('127.0.0.0/8');
    expect(problems[0]?.text.fr).toContain('8.8.8.8');
  });

  it('accepts loopback and the scenario hosts, by name or address', () => {
    const steps: Step[] = [
      { op: 'connect', socket: 'c', host: '127.0.0.9', port: 8080 },
      { op: 'connect', socket: 'c', host: '10.0.0.1', port: 8080 },
      { op: 'connect', socket: 'c', host: 'server', port: 8080 },
    ];
    expect(paths(withClientSteps(steps))).toEqual([]);
  });

  it('refuses an undeclared private address and a public bind', () => {
    const scenario = withClientSteps([
      { op: 'connect', socket: 'c', host: '10.0.0.77', port: 8080 },
      { op: 'bind', socket: 'c', addr: '1.2.3.4', port: 0 },
    ]);
    expect(paths(scenario)).toEqual(['$.programs[1].steps[1].host', '$.programs[1].steps[2].addr']);
  });

  it('refuses a host with a public address', () => {
    const scenario = echo();
    scenario.hosts[0] = { name: 'server', addr: '93.184.216.34' };
    expect(paths(scenario)).toContain('$.hosts[0].addr');
  });

  it('refuses privileged ports but allows bind to port 0', () => {
    const scenario = withClientSteps([
      { op: 'bind', socket: 'c', port: 0 },
      { op: 'connect', socket: 'c', host: 'server', port: 80 },
    ]);
    expect(checkBridgeLimits(scenario).map((p) => p.text.en)).toEqual([
      'port 80 refused: real runs use unprivileged ports (1024..65535)',
    ]);
  });

  it('refuses long sleeps, long timeouts and loops that sleep too long in all', () => {
    const scenario = withClientSteps([
      { op: 'sleep', ms: 31_000 },
      { op: 'settimeout', socket: 'c', seconds: 60 },
      { op: 'repeat', times: 10, steps: [{ op: 'sleep', ms: 20_000 }] },
    ]);
    const problems = checkBridgeLimits(scenario);
    expect(problems.map((p) => p.path)).toEqual([
      '$.programs[1].steps[1].ms',
      '$.programs[1].steps[2].seconds',
      '$.programs[1]',
    ]);
    expect(problems[2]?.text.en).toContain('may wait 231 s');
  });

  it('counts backoff sleeps as they grow', () => {
    const scenario = withClientSteps([{ op: 'repeat', times: 8, steps: [{ op: 'sleep', ms: 1000, backoff: 2 }] }]);
    // 1 + 2 + ... + 128 = 255 s
    expect(checkBridgeLimits(scenario)[0]?.text.en).toContain('may wait 255 s');
  });

  it('refuses a send over 1 MiB and a total over the limit', () => {
    const big = withClientSteps([{ op: 'send', socket: 'c', data: { bytes: bridgeLimits.maxSendBytes + 1 } }]);
    expect(paths(big)).toEqual(['$.programs[1].steps[1].data']);
    const many = withClientSteps([
      { op: 'repeat', times: 100, steps: [{ op: 'send', socket: 'c', data: { bytes: bridgeLimits.maxSendBytes } }] },
    ]);
    expect(paths(many)).toEqual(['$.programs[1]']);
  });

  it('counts nested steps', () => {
    const inner: Step[] = Array.from({ length: 250 }, () => ({ op: 'sleep', ms: 0 }));
    const scenario = withClientSteps(
      Array.from({ length: 9 }, () => ({ op: 'repeat', times: 1, steps: inner }) satisfies Step),
    );
    const problems = checkBridgeLimits(scenario);
    expect(problems.map((p) => p.path)).toEqual(['$.programs']);
    expect(problems[0]?.text.en).toMatch(/the scenario has \d+ steps/);
  });
});

describe('loopbackPlan', () => {
  it('gives the server 127.0.0.1 and the others the next addresses', () => {
    const plan = loopbackPlan(echo());
    expect([...plan.hosts]).toEqual([
      ['server', '127.0.0.1'],
      ['client', '127.0.0.2'],
    ]);
    expect(mapAddress(plan, '10.0.0.1')).toBe('127.0.0.1');
    expect(mapAddress(plan, '10.0.0.255')).toBe('127.255.255.255');
    expect(mapAddress(plan, '127.0.0.5')).toBe('127.0.0.5');
    expect(mapAddress(plan, '8.8.8.8')).toBeUndefined();
    expect(mapAddress(plan, '255.255.255.255')).toBeUndefined();
  });

  it('without a host named server, picks the first that listens', () => {
    const scenario = echo();
    scenario.hosts = scenario.hosts.map((h) => ({ ...h, name: h.name === 'server' ? 'web' : h.name })).reverse();
    for (const program of scenario.programs) if (program.host === 'server') program.host = 'web';
    expect(loopbackPlan(scenario).hosts.get('web')).toBe('127.0.0.1');
  });
});

describe('dataBytes', () => {
  it('measures every kind of data', () => {
    expect(dataBytes('héllo')).toBe(6);
    expect(dataBytes({ hex: '00ff' })).toBe(2);
    expect(dataBytes({ var: 'x' })).toBe(0);
    expect(dataBytes({ json: { a: 1 } })).toBe(7);
    expect(dataBytes({ lengthPrefixed: { concat: ['ab', { bytes: 3 }] } })).toBe(9);
  });
});
