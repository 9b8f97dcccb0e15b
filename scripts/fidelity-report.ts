// Prints the per-lesson match table of the `linux` profile against the recorded real runs
// (src/sim/tcp/fixtures/linux-*.json): real and simulated segments, and every difference.
// Run: npx tsx scripts/fidelity-report.ts [--json]
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { builtinScenarios } from '../src/scenario/library';
import { simulate } from '../src/sim';
import { fixtureDifferences, fixtureSegments, type FidelityFixture } from '../src/sim/tcp/fidelity-fixture';
import type { SegmentEvent } from '../src/trace/types';

const dir = fileURLToPath(new URL('../src/sim/tcp/fixtures/', import.meta.url));
const report: Record<string, string[]> = {};
for (const file of readdirSync(dir).filter((f) => /^linux-.+\.json$/.test(f) && f !== 'linux-differences.json')) {
  const fixture = JSON.parse(readFileSync(dir + file, 'utf8')) as FidelityFixture;
  const scenario = builtinScenarios.find((s) => s.id === fixture.scenario);
  if (!scenario || fixture.segments[0]?.options === undefined) continue;
  const { latencyMs, mss, mtuBytes } = fixture.simulate;
  const trace = simulate({ ...scenario, tcp: { ...scenario.tcp, mss } }, { link: { latencyMs, mtuBytes } });
  const sim = fixtureSegments(trace.events.filter((e): e is SegmentEvent => e.kind === 'segment'));
  const differences = fixtureDifferences(fixture.segments, sim);
  report[fixture.scenario] = differences;
  if (!process.argv.includes('--json'))
    console.log(
      `${fixture.scenario.padEnd(24)} real ${String(fixture.segments.length).padStart(3)}  simulated ${String(sim.length).padStart(3)}  ${differences.length === 0 ? 'match' : `${differences.length} differences`}`,
    );
}
if (process.argv.includes('--json')) console.log(JSON.stringify(report, null, 2));
