import { describe, expect, it } from 'vitest';
import { findScenario } from './library';
import { dataSpecBytes, scenarioLimits } from './limits';
import { parseScenario, validateScenario } from './validate';

function echo(): Record<string, unknown> & { programs: { steps: unknown[] }[] } {
  const scenario = findScenario('tcp-echo');
  if (scenario === undefined) throw new Error('tcp-echo is missing from the library');
  return structuredClone(scenario) as unknown as Record<string, unknown> & { programs: { steps: unknown[] }[] };
}

function withStep(step: unknown): unknown {
  const scenario = echo();
  scenario.programs[0]?.steps.unshift(step);
  return scenario;
}

function nestedRepeats(levels: number): unknown {
  let step: unknown = { op: 'exit' };
  for (let i = 0; i < levels; i++) step = { op: 'repeat', times: 1, steps: [step] };
  return step;
}

function problemsOf(input: unknown): string[] {
  const result = validateScenario(input);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
}

/** The problems of the data specs alone (the steps added here use a socket not yet opened). */
const dataProblemsOf = (input: unknown): string[] => problemsOf(input).filter((p) => p.includes('.data: '));

describe('nesting depth', () => {
  it('refuses 1,500 nested repeats with one problem at the JSON path of the first level too deep', () => {
    const problems = problemsOf(withStep(nestedRepeats(1500)));
    expect(problems).toHaveLength(1);
    // $ (1) programs (2) [0] (3) steps (4) then a step object and its steps array per level.
    const path = `$.programs[0].steps${'[0].steps'.repeat(30)}[0]`;
    expect(problems[0]).toBe(`${path}: nested deeper than ${scenarioLimits.maxNestingDepth} levels (the limit)`);
  });

  it('refuses 100,000 nested arrays as json data from text, without overflowing the stack', () => {
    const scenario = JSON.stringify(withStep({ op: 'send', socket: 'sock', data: { json: 'MARK' } }));
    const text = scenario.replace('"MARK"', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    const result = parseScenario(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.path).toMatch(/^\$\.programs\[0\]\.steps\[0\]\.data\.json(\[0\])+$/);
  });

  it('accepts the nesting the lessons use', () => {
    expect(problemsOf(withStep(nestedRepeats(20)))).toEqual([]);
  });
});

describe('bytes a data spec makes', () => {
  it('refuses 64 × 100,000,000 bytes before allocating, at the data path', () => {
    const data = { concat: Array.from({ length: 64 }, () => ({ bytes: 100_000_000 })) };
    expect(dataProblemsOf(withStep({ op: 'send', socket: 'sock', data }))).toEqual([
      `$.programs[0].steps[0].data: makes 6400000000 bytes; a data spec may make at most ${scenarioLimits.maxDataBytes}`,
    ]);
  });

  it('refuses one spec over the bound inside a loop', () => {
    const send = { op: 'sendall', socket: 'sock', data: { lengthPrefixed: { bytes: scenarioLimits.maxDataBytes } } };
    const problems = dataProblemsOf(withStep({ op: 'loop', max: 2, steps: [send] }));
    expect(problems).toEqual([
      `$.programs[0].steps[0].steps[0].data: makes ${scenarioLimits.maxDataBytes + 4} bytes; a data spec may make at most ${scenarioLimits.maxDataBytes}`,
    ]);
  });

  it('counts every kind of spec', () => {
    expect(dataSpecBytes('héllo')).toBe(6);
    expect(dataSpecBytes({ hex: '00ff' })).toBe(2);
    expect(dataSpecBytes({ var: 'x' })).toBe(0);
    expect(dataSpecBytes({ json: { a: 1 } })).toBe(7);
    expect(dataSpecBytes({ lengthPrefixed: { concat: ['ab', { bytes: 3 }] } })).toBe(9);
  });
});

describe('limits.maxEvents', () => {
  it(`may be raised to ${scenarioLimits.maxEvents} and no further`, () => {
    expect(problemsOf({ ...echo(), limits: { maxEvents: scenarioLimits.maxEvents } })).toEqual([]);
    const problems = problemsOf({ ...echo(), limits: { maxEvents: 10_000_000 } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\$\.limits\.maxEvents: /);
  });
});
