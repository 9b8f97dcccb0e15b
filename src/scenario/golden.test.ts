// Golden summaries: every built-in scenario, simulated with its own seed, must render exactly as
// src/scenario/golden/<id>.txt. After an intended change, review the diff and regenerate with
//   UPDATE_GOLDEN=1 npx vitest run src/scenario/golden.test.ts
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { simulate } from '../sim';
import { summarizeTrace } from '../trace/summary';
import { validateTrace } from '../trace/validate';
import { builtinScenarios } from './library';

const goldenDir = fileURLToPath(new URL('./golden/', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';
const regenerate = 'UPDATE_GOLDEN=1 npx vitest run src/scenario/golden.test.ts';

function goldenPath(id: string): string {
  return `${goldenDir}${id}.txt`;
}

describe('golden summaries', () => {
  it.each(builtinScenarios.map((s) => [s.id, s] as const))('%s', (id, scenario) => {
    const trace = simulate(scenario, { seed: scenario.seed });
    const checked = validateTrace(trace);
    expect(checked.ok ? [] : checked.problems.slice(0, 5), 'the trace breaks the Trace contract').toEqual([]);
    const actual = summarizeTrace(trace);
    const path = goldenPath(id);
    if (update) {
      mkdirSync(goldenDir, { recursive: true });
      writeFileSync(path, actual);
      return;
    }
    if (!existsSync(path)) {
      expect.fail(`no golden file src/scenario/golden/${id}.txt; create it with: ${regenerate}`);
    }
    const expected = readFileSync(path, 'utf8');
    expect(actual, `seed ${String(scenario.seed)}; if the change is intended: ${regenerate}`).toBe(expected);
  });

  it('has no golden file without a built-in scenario', () => {
    const ids = new Set(builtinScenarios.map((s) => s.id));
    const files = existsSync(goldenDir) ? readdirSync(goldenDir).filter((f) => f.endsWith('.txt')) : [];
    const orphans = files.filter((file) => !ids.has(file.slice(0, -'.txt'.length)));
    expect(orphans, 'delete the golden files of removed scenarios').toEqual([]);
  });
});
