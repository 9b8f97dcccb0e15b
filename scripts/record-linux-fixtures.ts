// Records the real-kernel fixtures of the `linux` profile fidelity suite
// (src/sim/tcp/linux-fidelity.test.ts): every lesson the runner can run on loopback, captured
// five times with the project's own `capture` (the shape at least three runs agree on), reduced to what the comparison needs (per segment:
// direction, flags, length, relative seq/ack, scaled window, options; the gaps of each run).
// Needs root (tcpdump, tracefs). Run: npx tsx scripts/record-linux-fixtures.ts [lesson ...]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { captureForCli } from '../bridge/runner/cli-capture';
import { runnability } from '../bridge/runner/run-scenario';
import { builtinScenarios } from '../src/scenario/library';
import type { SegmentEvent, Trace } from '../src/trace/types';
import { fixtureSegments, type FidelityFixture, type FixtureSegment } from '../src/sim/tcp/fidelity-fixture';

const RUNS = 5;
const MAJORITY = 3;
const dir = fileURLToPath(new URL('../src/sim/tcp/fixtures/', import.meta.url));

function sysctl(name: string): string {
  return readFileSync(`/proc/sys/${name.replaceAll('.', '/')}`, 'utf8')
    .trim()
    .replace(/\s+/g, ' ');
}

function kernelConfig(): Record<string, string> {
  const names = [
    'net.ipv4.tcp_congestion_control',
    'net.ipv4.tcp_rmem',
    'net.ipv4.tcp_wmem',
    'net.ipv4.tcp_timestamps',
    'net.ipv4.tcp_sack',
    'net.ipv4.tcp_window_scaling',
  ];
  return Object.fromEntries(names.map((n) => [n, sysctl(n)]));
}

function shapeKey(s: FixtureSegment): string {
  return JSON.stringify({ ...s, gapMs: undefined });
}

async function record(id: string): Promise<string> {
  const scenario = builtinScenarios.find((s) => s.id === id);
  if (!scenario) return `${id}: no such lesson`;
  const check = runnability(scenario);
  if (!check.runnable) return `${id}: skipped (${check.reasons.map((r) => r.en).join('; ')})`;
  // Loopback loses nothing: a lesson whose story is a loss or a crash needs the lesson's own link.
  const link = scenario.link ?? {};
  const lossy = (link.lossProbability ?? 0) + (link.duplicateProbability ?? 0) + (link.reorderProbability ?? 0) > 0;
  if ((scenario.faults ?? []).length > 0 || lossy)
    return `${id}: skipped (faults or a lossy link: loopback cannot lose)`;
  if (!scenario.programs.some((p) => JSON.stringify(p.steps).includes('"type":"tcp"')))
    return `${id}: skipped (no TCP)`;
  const runs: FixtureSegment[][] = [];
  for (let i = 0; i < RUNS; i++) {
    const trace: Trace = await captureForCli(scenario, {});
    runs.push(fixtureSegments(trace.events.filter((e): e is SegmentEvent => e.kind === 'segment')));
  }
  // A loaded machine may stretch one run's timers (a delayed ACK merged into a late reply): keep
  // the shape most runs agree on, and say how many did.
  const shape = (r: FixtureSegment[]): string => r.map(shapeKey).join('\n');
  const counts = new Map<string, FixtureSegment[][]>();
  for (const r of runs) counts.set(shape(r), [...(counts.get(shape(r)) ?? []), r]);
  const agreeing = [...counts.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  const first = agreeing[0];
  if (!first || agreeing.length < MAJORITY)
    return `${id}: no ${MAJORITY} of ${RUNS} runs agree (${runs.map((r) => r.length).join('/')} segments): not recorded`;
  const fixture: FidelityFixture = {
    scenario: id,
    kernel: execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim(),
    config: kernelConfig(),
    capture: `npx tsx scripts/record-linux-fixtures.ts ${id}: ${agreeing.length} of ${RUNS} runs on loopback with identical segments`,
    simulate: { latencyMs: 0.01, mss: 65_495, mtuBytes: 65_536 },
    segments: first.map((s, i) => ({ ...s, gapMs: agreeing.map((r) => r[i]?.gapMs[0] ?? 0) })),
  };
  // One segment per line: a reviewer reads the fixture like a capture.
  const { segments, ...head } = fixture;
  const body = segments.map((seg) => `    ${JSON.stringify(seg)}`).join(',\n');
  const text = JSON.stringify(head, null, 2).replace(/\n}$/, `,\n  "segments": [\n${body}\n  ]\n}\n`);
  writeFileSync(`${dir}linux-${id}.json`, text);
  return `${id}: ${first.length} segments recorded`;
}

const wanted = process.argv.slice(2);
const ids = wanted.length > 0 ? wanted : builtinScenarios.map((s) => s.id);
for (const id of ids) console.log(await record(id));
