// runner.py's framed reads are linear in the bytes read (issue 15, finding 4, the real runner's
// side of src/sim/recv-work.test.ts): 16 MB arriving in 1 KB chunks, read by recvuntil and by
// recvexact. Copying and searching the whole buffer for every chunk, as before, is about 16,000
// passes over megabytes (minutes of CPU); linear reading takes a fraction of a second. The
// Python process's own CPU time is measured, so a loaded machine does not change the verdict.
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const runnerDir = dirname(fileURLToPath(new URL('./runner.py', import.meta.url)));

/** Runs `step` on runner.Program's own method with a recv that hands out `stream` in 1 KB chunks. */
function readCpuSeconds(step: Record<string, unknown>, stream: string): { cpu: number; result: unknown } {
  const code = [
    'import json, sys, time, types',
    'sys.path.insert(0, sys.argv[1])',
    'import runner',
    'step = json.loads(sys.argv[2])',
    `stream = ${stream}`,
    'state = {"at": 0}',
    'def op_recv(fd, n):',
    '    part = stream[state["at"]:state["at"] + n]',
    '    state["at"] += len(part)',
    '    return ({}, part)',
    'me = types.SimpleNamespace(leftovers={}, op_recv=op_recv, say=lambda *a, **k: None,',
    '    sock=lambda vars_, name: 3, outcome=lambda s, e: "outcome", eof=lambda on: "eof")',
    'me.recv_exact = lambda fd, n, chunk: runner.Program.recv_exact(me, fd, n, chunk)',
    'me.framed_result = lambda s, v, r: runner.Program.framed_result(me, s, v, r)',
    'vars_ = {}',
    'started = time.process_time()',
    'outcome = getattr(runner.Program, "step_" + step["op"])(me, step, "0", vars_, 0)',
    'cpu = time.process_time() - started',
    'value = vars_.get("v", (None, b""))[1]',
    'left = me.leftovers.get(3, b"")',
    'print(json.dumps({"cpu": cpu, "result": [outcome, len(value), left.decode()]}))',
  ];
  const run = spawnSync('python3', ['-B', '-c', code.join('\n'), runnerDir, JSON.stringify(step)], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr || String(run.error)}`);
  return JSON.parse(run.stdout) as { cpu: number; result: unknown };
}

const megabytes16 = 16 * 1024 * 1024;

describe('runner.py framed reads of 16 MB in 1 KB chunks', () => {
  it('recvuntil finds the delimiter after 16 MB, keeps the rest, in linear time', () => {
    const { cpu, result } = readCpuSeconds(
      { op: 'recvuntil', socket: 'conn', delimiter: '\r\n', chunk: 1024, as: 'v' },
      `b"a" * ${megabytes16} + b"\\r\\nrest"`,
    );
    expect(result).toEqual(['next', megabytes16, 'rest']);
    expect(cpu).toBeLessThan(5);
  }, 130_000);

  it('recvuntil finds a delimiter cut across two chunks', () => {
    const { result } = readCpuSeconds(
      { op: 'recvuntil', socket: 'conn', delimiter: '\r\n', chunk: 1024, as: 'v' },
      `b"a" * 1023 + b"\\r\\nrest"`,
    );
    expect(result).toEqual(['next', 1023, 'rest']);
  });

  it('recvexact reads 16 MB in linear time', () => {
    const { cpu, result } = readCpuSeconds(
      { op: 'recvexact', socket: 'conn', bytes: megabytes16, chunk: 1024, as: 'v' },
      `b"a" * ${megabytes16} + b"rest"`,
    );
    expect(result).toEqual(['next', megabytes16, '']); // recvexact asks for no more than it needs
    expect(cpu).toBeLessThan(5);
  }, 130_000);
});
