import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../src/scenario/library';
import type { Scenario } from '../../src/scenario/schema';
import { simulate, SimulationError, type SimOptions } from '../../src/sim';
import { sampleTrace } from '../../src/trace/test-fixtures';
import type { Trace } from '../../src/trace/types';
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

/** Runs the CLI in-process with in-memory files (text or bytes) and the given simulator. */
async function run(
  argv: string[],
  overrides: Partial<CliDeps> = {},
  files: Record<string, string | Uint8Array> = {},
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const file = (path: string): string | Uint8Array => {
    const content = files[path];
    if (content === undefined) throw new UsageError(`${path}: no such file`);
    return content;
  };
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readTextFile: async (path) => {
      const content = file(path);
      return typeof content === 'string' ? content : new TextDecoder().decode(content);
    },
    readBinaryFile: async (path) => {
      const content = file(path);
      return typeof content === 'string' ? new TextEncoder().encode(content) : content;
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
  it('rejects an unknown command', async () => {
    expectOneLineError(await run(['simulat']), 2, 'unknown command "simulat"; run "help" for the list of commands');
  });

  it('prints the bench report as JSON', async () => {
    const result = await run(['bench']);
    expect(JSON.parse(result.stdout)).toEqual({ simEventsPerSecond: 1 });
  });
});

describe('import', () => {
  const fixture = new Uint8Array(
    readFileSync(new URL('../../src/trace/import/fixtures/print-flags.pcap', import.meta.url)),
  );

  function checkedTrace(stdout: string): Trace {
    expect(stdout.endsWith('\n')).toBe(true);
    expect(stdout.trimEnd()).not.toContain('\n');
    const checked = validateTrace(JSON.parse(stdout));
    expect(checked.ok ? [] : checked.problems.slice(0, 5)).toEqual([]);
    if (!checked.ok) throw new Error('invalid trace');
    return checked.trace;
  }

  it('turns a pcap capture into a Trace with segments and inferred states', async () => {
    // The name says JSON; the magic number says pcap, and wins.
    const result = await run(['import', 'captures/flags.json'], {}, { 'captures/flags.json': fixture });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const trace = checkedTrace(result.stdout);
    expect(trace.source).toBe('pcap');
    expect(trace.meta.file).toBe('flags.json');
    expect(trace.meta.pcap).toMatchObject({ format: 'pcap', packets: 10 });
    expect(trace.meta.pcap?.error).toBeUndefined();
    expect(trace.events.filter((e) => e.kind === 'segment')).toHaveLength(10);
    const states = trace.events.filter((e) => e.kind === 'state');
    expect(states.length).toBeGreaterThan(0);
    expect(states.every((e) => e.inferred === true)).toBe(true);
    expect(states.map((e) => e.to)).toEqual(expect.arrayContaining(['SYN-SENT', 'ESTABLISHED']));
  });

  it('names hosts with --name, by endpoint or by address', async () => {
    const argv = ['import', 'f.pcap', '--name', '127.0.0.1:55920=client', '--name', '127.0.0.1:80=server'];
    const trace = checkedTrace((await run(argv, {}, { 'f.pcap': fixture })).stdout);
    expect(trace.hosts.map((h) => h.name).sort()).toEqual(['client', 'server']);
    const first = trace.events.find((e) => e.kind === 'segment');
    expect(first).toMatchObject({ from: 'client', to: 'server' });

    const byAddress = await run(['import', 'f.pcap', '--name', '127.0.0.1=loopback'], {}, { 'f.pcap': fixture });
    expect(checkedTrace(byAddress.stdout).hosts).toEqual([{ name: 'loopback', addr: '127.0.0.1' }]);
  });

  it('prints the partial Trace of a capture cut short, the cut on stderr, and exits 1', async () => {
    const cut = fixture.subarray(0, 3000);
    const result = await run(['import', 'cut.pcap'], {}, { 'cut.pcap': cut });
    expect(result.code).toBe(1);
    const trace = checkedTrace(result.stdout);
    expect(trace.meta.pcap).toMatchObject({ packets: 5, error: { offset: 660 } });
    expect(trace.events.filter((e) => e.kind === 'segment')).toHaveLength(5);
    expect(trace.events[0]).toMatchObject({ kind: 'note' });
    expect(result.stderr).toMatch(/^cut\.pcap: cut at byte 660: .*runs past the end of the file.*\n$/);
    expect(result.stderr.trimEnd()).not.toContain('\n');
  });

  it('reads a Trace JSON back unchanged (simulate then import)', async () => {
    const simulated = await run(['simulate', 'tcp-echo']);
    expect(simulated.code).toBe(0);
    const result = await run(['import', 'echo.json'], {}, { 'echo.json': simulated.stdout });
    expect(result).toEqual({ code: 0, stdout: simulated.stdout, stderr: '' });
    // A byte order mark and indentation are fine.
    const pretty = `\ufeff${JSON.stringify(JSON.parse(simulated.stdout), null, 2)}`;
    expect(await run(['import', 'echo.json'], {}, { 'echo.json': pretty })).toEqual(result);
  });

  it('reports an invalid Trace JSON by JSON path', async () => {
    const broken = { ...sampleTrace(), events: [{ t: -1, kind: 'note', text: { en: 'x', fr: 'x' } }] };
    const result = await run(['import', 'bad.json'], {}, { 'bad.json': JSON.stringify(broken) });
    expectOneLineError(result, 1, /^bad\.json: \$\.events\[0\]\.t: /);
    expectOneLineError(
      await run(['import', 'bad.json'], {}, { 'bad.json': '{ "format": ' }),
      1,
      /^bad\.json: \$: not valid JSON: /,
    );
  });

  it('says when a file is neither a capture nor a Trace JSON', async () => {
    const files = { 'x.pcap': new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]), 'empty.pcap': new Uint8Array() };
    expectOneLineError(
      await run(['import', 'x.pcap'], {}, files),
      1,
      'x.pcap: not a pcap or pcapng capture, nor a Trace JSON (it starts with bytes 50 4b 03 04)',
    );
    expectOneLineError(
      await run(['import', 'empty.pcap'], {}, files),
      1,
      'empty.pcap: not a pcap or pcapng capture, nor a Trace JSON (the file is empty)',
    );
  });

  it('rejects a bad --name with exit status 2, before reading the file', async () => {
    expectOneLineError(
      await run(['import', 'f.pcap', '--name', 'localhost=server'], {}, { 'f.pcap': fixture }),
      2,
      '--name: "localhost" is not an address or address:port (write an IPv6 endpoint as [ADDR]:PORT)',
    );
    expectOneLineError(
      await run(['import', 'f.pcap', '--name', '127.0.0.1:80'], {}, { 'f.pcap': fixture }),
      2,
      '--name expects ADDR:PORT=LABEL or ADDR=LABEL, got "127.0.0.1:80"',
    );
    expectOneLineError(
      await run(['import', 't.json', '--name', '10.0.0.1=a'], {}, { 't.json': JSON.stringify(sampleTrace()) }),
      2,
      't.json: --name applies to a pcap or pcapng capture, not to a Trace JSON',
    );
  });

  it('reports a missing file as a usage error', async () => {
    expectOneLineError(await run(['import', 'nowhere.pcap']), 2, 'nowhere.pcap: no such file');
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

describe('compare', () => {
  /** tcp-echo as the simulation tells it, retold by a stand-in "real run" 1 ms later. */
  const capture = async (scenario: Scenario): Promise<Trace> => {
    const trace = simulate(scenario, { profile: 'linux' });
    return { ...trace, source: 'real', events: trace.events.map((e) => ({ ...e, t: e.t + 1000 })) };
  };

  it('prints every difference, and with --out writes the two traces compared and the report', async () => {
    const written = new Map<string, string>();
    const writeTextFile = async (path: string, text: string): Promise<void> => void written.set(path, text);
    const result = await run(['compare', 'tcp-echo', '--out', 'out/echo/'], { capture, writeTextFile });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { scenario: string; match: boolean; aligned: number };
    expect(report).toMatchObject({ scenario: 'tcp-echo', match: true, differences: [], timing: [], states: [] });
    expect([...written.keys()]).toEqual(['out/echo/sim.json', 'out/echo/real.json', 'out/echo/report.json']);
    const sim = validateTrace(JSON.parse(written.get('out/echo/sim.json') ?? ''));
    const real = validateTrace(JSON.parse(written.get('out/echo/real.json') ?? ''));
    expect(sim.ok && sim.trace.source).toBe('sim');
    expect(real.ok && real.trace.source).toBe('real');
    expect(JSON.parse(written.get('out/echo/report.json') ?? '')).toEqual(report);
  });

  it('says what differs when the real run does', async () => {
    const slower = async (scenario: Scenario): Promise<Trace> => {
      const trace = simulate(scenario, { profile: 'linux' });
      return { ...trace, source: 'real', events: trace.events.map((e) => ({ ...e, t: e.t * 3 })) };
    };
    const result = await run(['compare', 'tcp-echo'], { capture: slower });
    const report = JSON.parse(result.stdout) as { match: boolean; timing: { code: string; a: { event: number } }[] };
    expect(report.match).toBe(false);
    expect(report.timing.length).toBeGreaterThan(0);
    expect(report.timing[0]?.a.event).toBeGreaterThan(0);
  });

  it('refuses --out where it cannot write', async () => {
    expectOneLineError(
      await run(['compare', 'tcp-echo', '--out', 'dir'], { capture }),
      1,
      '--out is not available in this build',
    );
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
