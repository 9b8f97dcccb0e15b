import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../src/scenario/library';
import type { Scenario } from '../../src/scenario/schema';
import { simulate, SimulationError, type SimOptions } from '../../src/sim';
import { sampleTrace } from '../../src/trace/test-fixtures';
import { validateTrace } from '../../src/trace/validate';
import { type CliDeps } from './commands';
import { UsageError } from './errors';
import type { CliIo } from './io';
import { runCli } from './main';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with in-memory files and the given simulator. */
async function run(argv: string[], overrides: Partial<CliDeps> = {}, files: Record<string, string> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readTextFile: async (path) => {
      const text = files[path];
      if (text === undefined) throw new UsageError(`${path}: no such file`);
      return text;
    },
  };
  const deps: CliDeps = {
    scenarios: builtinScenarios,
    simulate,
    isSimulationError: (error) => error instanceof SimulationError,
    bench: async () => ({ simEventsPerSecond: 1 }),
    ...overrides,
  };
  const code = await runCli(argv, io, deps);
  return { code, stdout, stderr };
}

/** A simulator stand-in that records what it was asked. */
function recordingSimulator() {
  const calls: { scenario: Scenario; options: SimOptions }[] = [];
  return {
    calls,
    simulate: (scenario: Scenario, options: SimOptions) => {
      calls.push({ scenario, options });
      return { ...sampleTrace(), meta: { scenario: scenario.id } };
    },
  };
}

const firstScenario = builtinScenarios[0] as Scenario;

function expectOneLineError(result: Run, code: number, message: string | RegExp): void {
  expect(result.code).toBe(code);
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd()).not.toContain('\n');
  expect(result.stderr.trimEnd()).toMatch(message);
}

describe('help', () => {
  it('prints the usage on stdout', async () => {
    const result = await run(['help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run --silent cli -- <command>/);
    expect(result.stdout).toContain('simulate <id|file.json>');
    expect(result.stderr).toBe('');
  });
});

describe('scenarios', () => {
  it('lists every built-in scenario with id, title and concepts', async () => {
    const result = await run(['scenarios']);
    expect(result.code).toBe(0);
    const listing = JSON.parse(result.stdout) as unknown;
    expect(listing).toEqual(
      builtinScenarios.map((s) => ({ id: s.id, title: { en: s.title.en, fr: s.title.fr }, concepts: s.concepts })),
    );
  });
});

describe('simulate', () => {
  it('maps the flags to SimOptions', async () => {
    const sim = recordingSimulator();
    const argv = [
      'simulate',
      firstScenario.id,
      '--seed',
      '7',
      '--loss',
      '0.1',
      '--latency-ms',
      '20',
      '--profile',
      'rfc',
    ];
    const result = await run(argv, { simulate: sim.simulate });
    expect(result.code).toBe(0);
    expect(sim.calls).toHaveLength(1);
    expect(sim.calls[0]?.scenario).toBe(firstScenario);
    expect(sim.calls[0]?.options).toEqual({ seed: 7, profile: 'rfc', link: { lossProbability: 0.1, latencyMs: 20 } });
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'wirestep-trace', meta: { scenario: firstScenario.id } });
  });

  it('passes no options when no flags are given, so the scenario seed applies', async () => {
    const sim = recordingSimulator();
    await run(['simulate', firstScenario.id], { simulate: sim.simulate });
    expect(sim.calls[0]?.options).toEqual({});
  });

  it('prints one JSON document on one line', async () => {
    const sim = recordingSimulator();
    const result = await run(['simulate', firstScenario.id], { simulate: sim.simulate });
    expect(result.stdout.trimEnd()).not.toContain('\n');
    expect(validateTrace(JSON.parse(result.stdout)).ok).toBe(true);
  });

  it('reads and validates a scenario file', async () => {
    const sim = recordingSimulator();
    const custom = { ...firstScenario, id: 'my-lesson' };
    const result = await run(
      ['simulate', 'lessons/my.json'],
      { simulate: sim.simulate },
      {
        'lessons/my.json': JSON.stringify(custom),
      },
    );
    expect(result.code).toBe(0);
    expect(sim.calls[0]?.scenario.id).toBe('my-lesson');
  });

  it('reports the first problem of an invalid file and how many more', async () => {
    const broken = { ...firstScenario, version: 2, hosts: [] };
    const result = await run(['simulate', 'bad.json'], {}, { 'bad.json': JSON.stringify(broken) });
    expectOneLineError(result, 1, /^bad\.json: \$\.version: .+ \(and 1 more\)$/);
  });

  it('reports a single problem without a count', async () => {
    const result = await run(
      ['simulate', 'bad.json'],
      {},
      { 'bad.json': JSON.stringify({ ...firstScenario, seed: -1 }) },
    );
    expectOneLineError(result, 1, /^bad\.json: \$\.seed: [^(]+$/);
  });

  it('reports a JSON syntax error in a file', async () => {
    const result = await run(['simulate', 'bad.json'], {}, { 'bad.json': '{ "format": ' });
    expectOneLineError(result, 1, /^bad\.json: \$: not valid JSON: /);
  });

  it('reports a missing file as a usage error', async () => {
    expectOneLineError(await run(['simulate', 'nowhere.json']), 2, 'nowhere.json: no such file');
  });

  it('suggests the closest id for an unknown scenario', async () => {
    const typo = `${firstScenario.id.slice(0, -1)}x`;
    const result = await run(['simulate', typo]);
    expectOneLineError(
      result,
      2,
      `unknown scenario "${typo}"; did you mean "${firstScenario.id}"? (run "scenarios" for the list)`,
    );
  });

  it('reports a bad flag value with exit status 2', async () => {
    expectOneLineError(await run(['simulate', firstScenario.id, '--loss', '2']), 2, /^--loss must be a probability/);
  });

  it('reports a simulation error as a failure, without a stack', async () => {
    const failing = () => {
      throw new SimulationError('event limit reached');
    };
    const result = await run(['simulate', firstScenario.id], { simulate: failing });
    expectOneLineError(result, 1, `simulation of ${firstScenario.id} failed: event limit reached`);
  });

  it('reports a bug as one line too', async () => {
    const buggy = () => {
      throw new TypeError('x is undefined\n    at somewhere');
    };
    const result = await run(['simulate', firstScenario.id], { simulate: buggy });
    expectOneLineError(result, 1, 'internal error: TypeError: x is undefined at somewhere');
  });

  it('produces a valid trace with the real simulator', async () => {
    const result = await run(['simulate', firstScenario.id, '--seed', '3']);
    expect(result.stderr).toBe('');
    const checked = validateTrace(JSON.parse(result.stdout));
    expect(checked.ok ? [] : checked.problems.slice(0, 5)).toEqual([]);
    expect(checked.ok && checked.trace.meta.seed).toBe(3);
  });
});

describe('other commands', () => {
  it.each([['import']])('%s is not available yet', async (command) => {
    expectOneLineError(await run([command]), 2, `"${command}" is not available yet in this version of Wirestep`);
  });

  it('rejects an unknown command', async () => {
    expectOneLineError(await run(['simulat']), 2, 'unknown command "simulat"; run "help" for the list of commands');
  });

  it('prints the bench report as JSON', async () => {
    const result = await run(['bench']);
    expect(JSON.parse(result.stdout)).toEqual({ simEventsPerSecond: 1 });
  });
});

describe('serve', () => {
  it('prints one line, the URL, and exits 0 once stopped', async () => {
    const ports: number[] = [];
    const serve = async (port: number, onListening: (url: string) => void): Promise<void> => {
      ports.push(port);
      onListening('http://127.0.0.1:5173/?token=abc');
    };
    expect(await run(['serve'], { serve })).toEqual({
      code: 0,
      stdout: 'http://127.0.0.1:5173/?token=abc\n',
      stderr: '',
    });
    await run(['serve', '--port', '0'], { serve });
    expect(ports).toEqual([5173, 0]);
  });

  it('explains a port in use', async () => {
    const serve = (): Promise<void> =>
      Promise.reject(Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' }));
    expectOneLineError(
      await run(['serve', '--port', '8080'], { serve }),
      1,
      'port 8080 on 127.0.0.1 is already in use; pass --port N (0 picks a free port)',
    );
  });

  it('checks --port', async () => {
    expectOneLineError(
      await run(['serve', '--port', '65536']),
      2,
      '--port must be an integer from 0 to 65535, got "65536"',
    );
    expectOneLineError(await run(['serve', 'x']), 2, 'unexpected argument "x" for serve');
  });
});

describe('bridge/cli.ts as a process', () => {
  const exec = promisify(execFile);
  const cli = new URL('../cli.ts', import.meta.url).pathname;

  it('exits with status 2 and one line on stderr for a bad command', async () => {
    const failure = await exec('npx', ['tsx', cli, 'simulate', 'no-such-lesson'], { timeout: 30_000 }).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stdout).toBe('');
    expect(failure?.stderr).toMatch(/^unknown scenario "no-such-lesson"; did you mean "[a-z0-9-]+"\? .*\n$/);
  }, 30_000);
});
