// The `linux` profile against the real kernel. Every lesson the runner can run on loopback was
// captured three times with the project's own `capture` (scripts/record-linux-fixtures.ts, which
// writes fixtures/linux-<id>.json with the kernel and its configuration). The simulation of the same
// lesson under what loopback offers (0.01 ms latency, MSS 65495) must give the same segments,
// pure ACKs included: direction, flags, length, relative seq/ack, window and options, in the same
// order, with the same stalls. What still differs is listed, with its reason, in
// fixtures/linux-differences.json; the test fails on any difference not listed there, and on a
// listed one that no longer happens.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenario/library';
import type { SegmentEvent } from '../../trace/types';
import { simulate } from '../simulator';
import { fixtureDifferences, fixtureSegments, type FidelityFixture, type FixtureSegment } from './fidelity-fixture';

const fixtureDir = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixtures: FidelityFixture[] = readdirSync(fixtureDir)
  .filter((f) => /^linux-.+\.json$/.test(f) && f !== 'linux-differences.json')
  .map((f) => JSON.parse(readFileSync(fixtureDir + f, 'utf8')) as FidelityFixture);

interface ListedDifference {
  difference: string;
  reason: string;
}
const listing = JSON.parse(readFileSync(`${fixtureDir}linux-differences.json`, 'utf8')) as {
  differences: Record<string, ListedDifference[]>;
  notRecorded: Record<string, string>;
};

function simulated(fixture: FidelityFixture): FixtureSegment[] {
  const scenario = builtinScenarios.find((s) => s.id === fixture.scenario);
  if (!scenario) throw new Error(`no lesson ${fixture.scenario}`);
  const { latencyMs, mss, mtuBytes } = fixture.simulate;
  const lesson = { ...scenario, tcp: { ...scenario.tcp, mss } };
  const trace = simulate(lesson, { link: { latencyMs, mtuBytes } });
  return fixtureSegments(trace.events.filter((e): e is SegmentEvent => e.kind === 'segment'));
}

describe('linux profile against loopback captures (kernel and configuration in each fixture)', () => {
  it('has a recording of every TCP lesson, or says why not', () => {
    const tcpLessons = builtinScenarios.filter((s) => JSON.stringify(s.programs).includes('"type":"tcp"'));
    const recorded = new Set(fixtures.map((f) => f.scenario));
    const unaccounted = tcpLessons.filter((s) => !recorded.has(s.id) && !(s.id in listing.notRecorded));
    expect(unaccounted.map((s) => s.id)).toEqual([]);
    for (const reason of Object.values(listing.notRecorded)) expect(reason.length).toBeGreaterThan(20);
  });

  describe.each(fixtures.map((f) => [f.scenario, f] as const))('%s', (id, fixture) => {
    const real = fixture.segments;
    const sim = simulated(fixture);
    const found = fixtureDifferences(real, sim);
    const known = (listing.differences[id] ?? []).map((d) => d.difference);

    it('differs from the kernel only as linux-differences.json says, with its reason', () => {
      expect(found.filter((d) => !known.includes(d))).toEqual([]);
    });

    it('lists no difference that no longer happens', () => {
      expect(known.filter((d) => !found.includes(d))).toEqual([]);
    });
  });
});
