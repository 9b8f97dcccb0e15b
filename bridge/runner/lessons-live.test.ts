// Every lesson loopback can run, run for real (issue 10 item 4): the kernel's own state changes
// (tracepoints) per socket must be the ones the `linux` profile simulates for the same lesson
// under what loopback offers (0.01 ms latency, MSS 65495). Needs root, tcpdump and tracefs:
// skipped with the reason otherwise, except under CI (CI=true), which must trace.
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../src/scenario/library';
import type { Scenario } from '../../src/scenario/schema';
import { simulate } from '../../src/sim';
import type { Trace } from '../../src/trace/types';
import { captureAvailability } from '../capture/tcpdump';
import { tracepointAvailability } from '../capture/tracepoints';
import { stateStories as stories } from './lesson-stories';
import { runnability, runReal } from './run-scenario';

const tracing = await tracepointAvailability();
const capture = await captureAvailability();
const inCi = process.env.CI === 'true';
const reason = tracing.ok ? (capture.ok ? '' : capture.reason) : tracing.reason;
if (reason) console.warn(`every-lesson live tests ${inCi ? 'will fail (CI must trace)' : 'skipped'}: ${reason}`);

/** Lessons whose story loopback can tell: no loss, no crash, no broadcast (the wire's job). */
const lessons = builtinScenarios.filter((s) => {
  const link = s.link ?? {};
  const lossy = (link.lossProbability ?? 0) + (link.duplicateProbability ?? 0) + (link.reorderProbability ?? 0) > 0;
  return (
    runnability(s).runnable &&
    (s.faults ?? []).length === 0 &&
    !lossy &&
    JSON.stringify(s.programs).includes('"type":"tcp"')
  );
});

/**
 * Known, explained differences of the state stories (the same as the segment ones in
 * src/sim/tcp/fixtures/linux-differences.json): on loopback tcp-timeout's server is reset before
 * its close() can send a FIN (CLOSE-WAIT -> CLOSED), where the simulation's close() follows the
 * send at once (CLOSE-WAIT -> LAST-ACK -> CLOSED).
 */
const KNOWN: Record<string, { real: string; sim: string }> = {
  'tcp-timeout': { real: 'CLOSE-WAIT>CLOSED', sim: 'CLOSE-WAIT>LAST-ACK>CLOSED' },
};

function simulated(scenario: Scenario): Trace {
  return simulate(
    { ...scenario, tcp: { ...scenario.tcp, mss: 65_495 } },
    { link: { latencyMs: 0.01, mtuBytes: 65_536 } },
  );
}

describe.runIf(!reason || inCi)('every lesson loopback can run: the kernel tells the simulated state story', () => {
  it('has lessons to run', () => {
    expect(lessons.length).toBeGreaterThanOrEqual(10);
  });

  it.each(lessons.map((s) => [s.id, s] as const))(
    '%s',
    async (id, scenario) => {
      if (reason) throw new Error(`CI=true but real runs cannot trace: ${reason}`);
      const portOffset = 20_000 + Math.floor(Math.random() * 30_000);
      const real = await runReal(
        scenario,
        { signal: new AbortController().signal, onEvent: () => {}, onStatus: () => {} },
        { portOffset },
      );
      expect(real.meta.states).toBe('tracepoints');
      const want = stories(simulated(scenario));
      const got = stories(real);
      const known = KNOWN[id];
      // The race goes either way from run to run: the known story is accepted beside the simulated one.
      const alternative: Record<string, string[]> = {};
      for (const [host, list] of Object.entries(want))
        alternative[host] = list.map((story) => (known ? story.replace(known.sim, known.real) : story)).sort();
      expect([want, alternative]).toContainEqual(got);
    },
    60_000,
  );
});
