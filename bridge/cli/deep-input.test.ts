// Hostile files given to the CLI: deep nesting, endless loops and huge data specs end in one
// readable line with the JSON path and the limit, never in "internal error".
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../src/scenario/library';
import { scenarioLimits } from '../../src/scenario/limits';
import { simulate, SimulationError } from '../../src/sim';
import { sampleTrace } from '../../src/trace/test-fixtures';
import { traceLimits } from '../../src/trace/validate';
import type { CliDeps } from './commands';
import { UsageError } from './errors';
import type { CliIo } from './io';
import { runCli } from './main';

/** Runs the CLI in-process on in-memory text files with the real simulator. */
async function run(
  argv: string[],
  files: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const read = async (path: string): Promise<string> => {
    const content = files[path];
    if (content === undefined) throw new UsageError(`${path}: no such file`);
    return content;
  };
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readTextFile: read,
    readBinaryFile: async (path) => new TextEncoder().encode(await read(path)),
  };
  const deps: CliDeps = {
    scenarios: [],
    simulate,
    isSimulationError: (error) => error instanceof SimulationError,
    bench: async () => ({ simEventsPerSecond: 1 }),
  };
  const code = await runCli(argv, io, deps);
  return { code, stdout, stderr };
}

function echoWith(mutate: (steps: unknown[]) => void): string {
  const scenario = structuredClone(findScenario('tcp-echo')) as unknown as { programs: { steps: unknown[] }[] };
  const steps = scenario.programs[0]?.steps;
  if (steps === undefined) throw new Error('tcp-echo has no program');
  mutate(steps);
  return JSON.stringify(scenario);
}

function nested(levels: number, leaf: unknown): unknown {
  let step = leaf;
  for (let i = 0; i < levels; i++) step = { op: 'repeat', times: 100_000, steps: [step] };
  return step;
}

describe('hostile files on the CLI', () => {
  it('a scenario with 1,500 nested repeats: the JSON path and the limit', async () => {
    const result = await run(['simulate', 'deep.json'], {
      'deep.json': echoWith((s) => s.unshift(nested(1500, { op: 'exit' }))),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^deep\\.json: \\$\\.programs\\[0\\]\\.steps(\\[0\\]\\.steps)+\\[0\\]: nested deeper than ${scenarioLimits.maxNestingDepth} levels \\(the limit\\)\\n$`,
      ),
    );
  });

  it('a Trace with 100,000 nested arrays in a call’s args: the JSON path and the limit', async () => {
    const trace = structuredClone(sampleTrace()) as unknown as { events: Record<string, unknown>[] };
    const call = trace.events.find((e) => e.kind === 'call');
    if (call === undefined) throw new Error('the sample trace has no call');
    call.args = { deep: 'MARK' };
    const text = JSON.stringify(trace).replace('"MARK"', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    const result = await run(['import', 'deep.json'], { 'deep.json': text });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^deep\.json: \$\.events\[\d+\]\.args\.deep(\[0\])+: nested deeper than/);
    expect(result.stderr).toContain(`${traceLimits.maxNestingDepth} levels`);
    expect(result.stderr).not.toContain('internal error');
  });

  it('three nested repeats of 100,000 with an empty body end with the step bound', async () => {
    const result = await run(['simulate', 'spin.json'], {
      'spin.json': echoWith((s) => s.unshift(nested(2, { op: 'repeat', times: 100_000, steps: [] }))),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${scenarioLimits.maxExecutedSteps} steps`);
  });
});
