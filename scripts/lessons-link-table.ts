// The per-lesson table of real runs under each lesson's own link (issue 10 item 5): every built-in
// lesson run for real (each host in its own network namespace, joined by the wire), one after the
// other, beside its simulation (profile linux, the lesson's link): real and simulated packets,
// the simulation's state transitions the kernel went through too, and `compare`'s verdict with
// its most frequent difference codes. Needs root, /dev/net/tun and tracefs.
// Run: npx tsx scripts/lessons-link-table.ts [id...] [--json]
import { builtinScenarios } from '../src/scenario/library';
import { simulate } from '../src/sim';
import { diffTraces } from '../src/trace/diff';
import type { Trace } from '../src/trace/types';
import { reproducedTransitions, stateStories } from '../bridge/runner/lesson-stories';
import { runReal } from '../bridge/runner/run-scenario';

interface Row {
  lesson: string;
  link: string;
  states: string;
  realSegments: number;
  simSegments: number;
  reproduced: number;
  simulated: number;
  match: boolean;
  differences: number;
  codes: string;
  seconds: number;
}

/** Packets sent: TCP segments, UDP datagrams and ICMP messages. */
const segments = (trace: Trace): number =>
  trace.events.filter((e) => e.kind === 'segment' || e.kind === 'datagram' || e.kind === 'icmp').length;

async function row(id: string): Promise<Row> {
  const scenario = builtinScenarios.find((s) => s.id === id);
  if (scenario === undefined) throw new Error(`unknown lesson ${id}`);
  const started = performance.now();
  const real = await runReal(
    scenario,
    { signal: new AbortController().signal, onEvent: () => {}, onStatus: () => {} },
    { link: true },
  );
  const seconds = (performance.now() - started) / 1000;
  const sim = simulate(scenario, { profile: 'linux' });
  const diff = diffTraces(sim, real);
  const codes = new Map<string, number>();
  // A state after the other run stopped watching is not a disagreement (diffTraces' `unobserved`).
  const states = diff.states.filter((d) => d.unobserved !== true);
  const all = [...diff.differences, ...diff.timing, ...states];
  for (const d of all) codes.set(d.code, (codes.get(d.code) ?? 0) + 1);
  const top = [...codes].sort((a, b) => b[1] - a[1]).slice(0, 3);
  const count = all.length;
  return {
    lesson: id,
    link: `${String(real.meta.link)}${real.meta.subnet !== undefined ? ` ${String(real.meta.subnet)}` : ''}`,
    states: String(real.meta.states),
    realSegments: segments(real),
    simSegments: segments(sim),
    ...reproducedTransitions(stateStories(sim), stateStories(real)),
    match: diff.match,
    differences: count,
    codes: top.map(([code, n]) => `${code}×${n}`).join(', '),
    seconds,
  };
}

const json = process.argv.includes('--json');
const ids = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const rows: Row[] = [];
for (const id of ids.length > 0 ? ids : builtinScenarios.map((s) => s.id)) {
  try {
    rows.push(await row(id));
  } catch (error) {
    console.error(`${id}: ${(error as Error).message}`);
  }
  if (!json && rows.length === 1 && rows[0]?.lesson === id) {
    console.log(
      '| lesson | link | states | real packets | simulated | states reproduced | compare | top differences | s |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  }
  const r = rows.at(-1);
  if (!json && r?.lesson === id) {
    const verdict = r.match ? 'match' : `${r.differences} differences`;
    console.log(
      `| ${r.lesson} | ${r.link} | ${r.states} | ${r.realSegments} | ${r.simSegments} | ${r.reproduced}/${r.simulated} | ${verdict} | ${r.codes} | ${r.seconds.toFixed(1)} |`,
    );
  }
}
if (json) console.log(JSON.stringify(rows, null, 2));
