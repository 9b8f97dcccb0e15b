// The pcapng export read by Wireshark's own dissectors (tshark): no malformed packet, every IPv4,
// TCP, UDP and ICMP checksum good, the flags, relative seq/ack, lengths and times of the Trace.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../src/scenario/library';
import { simulate, SimulationError } from '../../src/sim';
import { relativeNumbers } from '../../src/trace/query';
import type { SegmentEvent, TraceEvent } from '../../src/trace/types';
import type { CliIo } from './io';
import { runCli } from './main';

const tshark = spawnSync('tshark', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'wirestep-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function exportLesson(id: string): Promise<{ file: string; report: { packets: number } }> {
  const file = join(dir, `${id}.pcapng`);
  let stdout = '';
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stdout += text),
    readTextFile: () => Promise.reject(new Error('no files')),
    readBinaryFile: () => Promise.reject(new Error('no files')),
  };
  const code = await runCli(['export', id, '--pcapng', file], io, {
    scenarios: builtinScenarios,
    simulate,
    isSimulationError: (error) => error instanceof SimulationError,
    bench: async () => ({}),
    writeBinaryFile: async (path, bytes) => writeFileSync(path, bytes),
  });
  expect(code, stdout).toBe(0);
  return { file, report: JSON.parse(stdout) as { packets: number } };
}

const checksums = ['-o', 'ip.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'];

function tsharkRun(file: string, args: string[]): { stdout: string; stderr: string } {
  const run = spawnSync('tshark', ['-r', file, ...checksums, ...args], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  // tshark warns on stderr when it runs as root; anything else there is a problem with the file.
  const stderr = run.stderr.replace(/^Running as user .*dangerous\.\n?/m, '');
  return { stdout: run.stdout, stderr };
}

/** The expert-info groups at `severity` or above, as "Severity: summary" lines. */
function expert(file: string, severity: 'warn' | 'error', extra: string[] = []): string[] {
  const { stdout, stderr } = tsharkRun(file, ['-q', '-z', `expert,${severity}`, ...extra]);
  expect(stderr).toBe('');
  let group = '';
  const out: string[] = [];
  for (const line of stdout.split('\n')) {
    const heading = /^(Errors|Warns) \(\d+\)/.exec(line);
    if (heading !== null) group = heading[1] ?? '';
    const row = /^\s+\d+\s+\S+\s+\S+\s+(.*)$/.exec(line);
    if (row !== null && group !== '') out.push(`${group}: ${row[1]}`);
  }
  return out;
}

describe.skipIf(!tshark)('export --pcapng, read by tshark', () => {
  it.each(['tcp-echo', 'nagle', 'udp-echo'])('%s: no error, no warning, the same segments', async (id) => {
    const { file, report } = await exportLesson(id);
    expect(expert(file, 'warn')).toEqual([]);
    const trace = simulate(
      builtinScenarios.find((s) => s.id === id)!,
      { seed: 1 },
    );
    const fields = ['frame.time_relative', 'tcp.flags', 'tcp.seq', 'tcp.ack', 'tcp.len', 'udp.length'];
    fields.push('ip.checksum.status', 'tcp.checksum.status', 'udp.checksum.status');
    const { stdout } = tsharkRun(file, ['-T', 'fields', ...fields.flatMap((f) => ['-e', f])]);
    const rows = stdout.trim().split('\n');
    expect(rows).toHaveLength(report.packets);
    const wire = trace.events.filter(
      (e): e is Extract<TraceEvent, { kind: 'segment' | 'datagram' | 'icmp' }> =>
        e.kind === 'segment' || (e.kind === 'datagram' && e.copyOf === undefined) || e.kind === 'icmp',
    );
    const relative = relativeNumbers(trace);
    const t0 = wire[0]?.t ?? 0;
    rows.forEach((row, i) => {
      const [time, flags, seq, ack, tcpLen, udpLen, ipSum, tcpSum, udpSum] = row.split('\t');
      const event = wire[i]!;
      expect(Math.round(Number(time) * 1e6)).toBe(event.t - t0);
      if (event.kind === 'icmp') return; // its quoted header has a checksum too: checked below
      expect(ipSum).toBe('1'); // PROTO_CHECKSUM_E_GOOD
      if (event.kind === 'datagram') {
        expect([Number(udpLen) - 8, udpSum]).toEqual([event.len, '1']);
        return;
      }
      const numbers = relative.get(event.id);
      expect(Number(flags)).toBe(flagValue(event));
      expect([Number(tcpLen), tcpSum]).toEqual([event.len, '1']);
      expect(Number(seq)).toBe(numbers?.seq);
      if (numbers?.ack !== undefined && numbers.ackAbsolute !== true) expect(Number(ack)).toBe(numbers.ack);
    });
  });

  // Every lesson: no malformed packet. Two kinds of finding are the lesson, not the file: a RST
  // is a warning ("Connection reset"), and on port 8080 Wireshark's HTTP dissector reassembles
  // the body across a fast retransmission and reports an overlap of identical bytes, so the
  // lessons' port 8080 is read as plain data there.
  it.each(builtinScenarios.map((s) => s.id))('%s: no error, warnings only for resets', async (id) => {
    const { file } = await exportLesson(id);
    expect(expert(file, 'error', ['-d', 'tcp.port==8080,data'])).toEqual([]);
    const warnings = expert(file, 'warn', ['-d', 'tcp.port==8080,data']).filter(
      (w) => !w.includes('Connection reset (RST)'),
    );
    expect(warnings).toEqual([]);
    const bad = tsharkRun(file, [
      '-d',
      'tcp.port==8080,data',
      '-Y',
      'ip.checksum.status==0 || tcp.checksum.status==0 || udp.checksum.status==0 || icmp.checksum.status==0 || _ws.malformed',
    ]);
    expect(bad.stdout).toBe('');
  });
});

function flagValue(event: SegmentEvent): number {
  const bits: Record<string, number> = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16, URG: 32 };
  return event.flags.reduce((sum, f) => sum + (bits[f] ?? 0), 0);
}

describe('export (command line)', () => {
  it('writes the same bytes for a lesson and for its Trace JSON, and refuses another format', async () => {
    const trace = simulate(
      builtinScenarios.find((s) => s.id === 'tcp-echo')!,
      { seed: 1 },
    );
    const written: Record<string, Uint8Array> = {};
    const run = async (argv: string[]) => {
      let stderr = '';
      const io: CliIo = {
        stdout: () => undefined,
        stderr: (text) => void (stderr += text),
        readTextFile: async () => JSON.stringify(trace),
        readBinaryFile: async () => new TextEncoder().encode(JSON.stringify(trace)),
      };
      const code = await runCli(argv, io, {
        scenarios: builtinScenarios,
        simulate,
        isSimulationError: (error) => error instanceof SimulationError,
        bench: async () => ({}),
        writeBinaryFile: async (path, bytes) => void (written[path] = bytes),
      });
      return { code, stderr };
    };
    expect((await run(['export', 'tcp-echo', '--pcapng', 'a.pcapng'])).code).toBe(0);
    expect((await run(['export', 'trace.json', '--format', 'pcapng', '--out', 'b.pcapng'])).code).toBe(0);
    expect(written['b.pcapng']).toEqual(written['a.pcapng']);
    expect(await run(['export', 'tcp-echo', '--format', 'csv', '--out', 'c'])).toEqual({
      code: 2,
      stderr: 'unknown export format "csv"; expected pcapng\n',
    });
    expect((await run(['export', 'tcp-echo'])).stderr).toBe('export needs --out FILE (or --pcapng FILE)\n');
  });
});
