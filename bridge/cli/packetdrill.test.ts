// `packetdrill <file.pkt|dir>` in-process: the command line, a file, a directory, the JSON it
// prints and the exit status (1 only for a failure no stack-differences entry explains).
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../src/scenario/library';
import { simulate, SimulationError } from '../../src/sim';
import { parseCommandLine } from './args';
import type { CliDeps } from './commands';
import { UsageError } from './errors';
import type { CliIo } from './io';
import { runCli } from './main';
import { validateTrace } from '../../src/trace/validate';

const passing = [
  '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3',
  '+0 fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0',
  '+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)',
  '+0 > S 0:0(0)',
  '+0.1 < S. 0:0(0) ack 1 win 32767 <mss 1460>',
  '+0 > . 1:1(0) ack 1',
  '+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0',
].join('\n');
const failing = ['0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3', '+0 close(3) = -1 EBADF'].join('\n');
const unsupported = '0 socket(..., SOCK_DGRAM, IPPROTO_UDP) = 3';

async function run(
  argv: string[],
  files: Record<string, string>,
  dirs: Record<string, string[]> = {},
  written: Record<string, string> = {},
) {
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
    readBinaryFile: async () => new Uint8Array(0),
    listFiles: async (path) => dirs[path] ?? null,
  };
  const deps: CliDeps = {
    scenarios: builtinScenarios,
    simulate,
    isSimulationError: (e) => e instanceof SimulationError,
    bench: async () => ({}),
    writeTextFile: async (path, text) => void (written[path] = text),
  };
  const code = await runCli(argv, io, deps);
  return { code, stdout, stderr };
}

describe('packetdrill command', () => {
  it('parses its command line', () => {
    expect(parseCommandLine(['packetdrill', 'a.pkt'])).toEqual({ name: 'packetdrill', target: 'a.pkt' });
    expect(parseCommandLine(['packetdrill', 'dir', '--profile', 'rfc'])).toEqual({
      name: 'packetdrill',
      target: 'dir',
      profile: 'rfc',
    });
    expect(() => parseCommandLine(['packetdrill'])).toThrow('packetdrill needs a file.pkt or a directory of them');
    expect(() => parseCommandLine(['packetdrill', 'a.pkt', '--profile', 'bsd'])).toThrow('unknown profile "bsd"');
  });

  it('runs one script and prints its result and the totals', async () => {
    const result = await run(['packetdrill', 'ok.pkt'], { 'ok.pkt': passing });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      scripts: [{ path: 'ok.pkt', status: 'pass' }],
      totals: { total: 1, pass: 1, fail: 0, unsupported: 0, 'expected-difference': 0, knownGaps: 0 },
    });
  });

  it('runs a directory: a failure with its line, expected and got, exits 1', async () => {
    const result = await run(
      ['packetdrill', 'suite/', '--profile', 'rfc'],
      { 'suite/a.pkt': passing, 'suite/b/c.pkt': failing, 'suite/d.pkt': unsupported },
      { 'suite/': ['a.pkt', 'b/c.pkt', 'd.pkt'] },
    );
    expect(result.code).toBe(1);
    const printed = JSON.parse(result.stdout);
    expect(printed.scripts).toEqual([
      { path: 'suite/a.pkt', status: 'pass' },
      { path: 'suite/b/c.pkt', status: 'fail', line: 2, column: 1, expected: '= -1 EBADF', got: '= 0' },
      { path: 'suite/d.pkt', status: 'unsupported', line: 1, column: 1, reason: 'socket type SOCK_DGRAM' },
    ]);
    expect(printed.totals).toMatchObject({ total: 3, pass: 1, fail: 1, unsupported: 1 });
  });

  it('calls a failure the stack-differences file explains an expected difference, exit 0', async () => {
    // FreeBSD answers the peer's FIN in FIN-WAIT-1 with its FIN again; the simulator sends an ACK.
    const closing = [
      passing,
      '+0.1 shutdown(3, SHUT_WR) = 0',
      '+0 > F. 1:1(0) ack 1',
      '+0.1 < F. 1:1(0) ack 1 win 32767',
      '+0 > F. 1:1(0) ack 2',
    ].join('\n');
    const result = await run(['packetdrill', 'rcv-syn-closing/x.pkt'], { 'rcv-syn-closing/x.pkt': closing });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).scripts[0]).toMatchObject({
      status: 'expected-difference',
      difference: 'fin-again-in-closing',
      line: 11,
    });
  });

  it('writes the run of one script as a valid Trace with --trace', async () => {
    const written: Record<string, string> = {};
    const result = await run(['packetdrill', 'ok.pkt', '--trace', 'ok.json'], { 'ok.pkt': passing }, {}, written);
    expect(result.code).toBe(0);
    const trace = JSON.parse(written['ok.json'] ?? 'null');
    expect(validateTrace(trace).ok).toBe(true);
    expect(trace.meta.packetdrill).toEqual({ path: 'ok.pkt', status: 'pass' });
    const dir = await run(['packetdrill', 'd', '--trace', 'x.json'], { 'd/a.pkt': passing }, { d: ['a.pkt'] });
    expect(dir).toEqual({ code: 2, stdout: '', stderr: '--trace takes one script, not a directory\n' });
  });

  it('says so when a directory holds no script', async () => {
    const result = await run(['packetdrill', 'empty'], {}, { empty: [] });
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'empty: no .pkt file in this directory\n' });
  });
});
