// The merge of a real run fed in deltas (issue 15, finding 7): what the live stream hands out
// plus what the run's end adds is exactly the whole run merged once, whether the merge runs on
// the event loop or in a worker thread, and the loop is handed at most one batch per turn.
import { describe, expect, it } from 'vitest';
import type { SsObservation } from '../capture/ss';
import type { TraceEvent } from '../../src/trace/types';
import { validateTrace } from '../../src/trace/validate';
import { RunMerge, type MergeSources } from './live-merge';
import { mergeRun, type RunnerEvent } from './merge';
import { MergeState, type MergeContext } from './merge-state';
import { manySendsRun, runHosts, runT0, type RunInputs } from './test-run-inputs';
import { parseCapture } from '../../src/trace/import';

const context: MergeContext = {
  scenarioId: 'many-sends',
  hosts: runHosts,
  t0: runT0,
  ports: [8080],
  capture: true,
  meta: { capture: true },
};

function wholeRun(inputs: RunInputs): TraceEvent[] {
  const { scenarioId, hosts, t0, ports, meta } = context;
  return mergeRun({
    scenarioId,
    hosts,
    t0,
    ports,
    meta,
    api: inputs.api,
    ss: inputs.ss,
    capture: parseCapture(inputs.pcap),
  }).events;
}

/**
 * The run's inputs revealed in `steps` parts of its time span, as they would have arrived by
 * then; the capture also holds 7 bytes of its next record (tcpdump's pipe cuts records anywhere).
 */
function growingSources(inputs: RunInputs, steps: number): { sources: MergeSources; advance: () => number } {
  const api: RunnerEvent[] = [];
  const ss: SsObservation[] = [];
  let bytes = 0;
  let step = 0;
  const last = inputs.api[inputs.api.length - 1]?.t ?? runT0;
  const sources: MergeSources = {
    api,
    ss,
    records: () => [],
    pcap: () => inputs.pcap.subarray(0, bytes),
    fates: () => [],
  };
  const advance = (): number => {
    step++;
    const until = step === steps ? Number.POSITIVE_INFINITY : runT0 + ((last - runT0) * step) / steps;
    while (api.length < inputs.api.length && (inputs.api[api.length] as RunnerEvent).t <= until) {
      api.push(inputs.api[api.length] as RunnerEvent);
    }
    while (ss.length < inputs.ss.length && (inputs.ss[ss.length] as SsObservation).t <= until) {
      ss.push(inputs.ss[ss.length] as SsObservation);
    }
    const whole = inputs.records.filter((r) => r.t <= until).pop()?.end ?? 24;
    bytes = Math.min(inputs.pcap.length, whole + 7);
    return Math.min(until, last) - runT0;
  };
  return { sources, advance };
}

/** Streams the run in `steps` parts (200 µs behind the newest event), then finishes it. */
async function streamed(merge: RunMerge, inputs: RunInputs, advance: () => number, steps: number) {
  const out: TraceEvent[] = [];
  for (let i = 1; i < steps; i++) await merge.stream(context, advance() - 200, (e) => out.push(e));
  advance();
  const trace = await merge.finish(context, (e) => out.push(e));
  await merge.dispose();
  return { out, trace, inputs };
}

describe('MergeState', () => {
  it('hands out, over seven feeds and a final merge, exactly the events of one merge of the whole run', () => {
    const inputs = manySendsRun(200);
    const { sources, advance } = growingSources(inputs, 8);
    const state = new MergeState();
    const fed = { api: 0, ss: 0, pcap: 0 };
    const feed = (): void => {
      const pcap = sources.pcap() as Uint8Array;
      state.feed({
        api: sources.api.slice(fed.api),
        ss: sources.ss.slice(fed.ss),
        records: [],
        pcap: pcap.slice(fed.pcap),
        fates: [],
      });
      [fed.api, fed.ss, fed.pcap] = [sources.api.length, sources.ss.length, pcap.length];
    };
    const handed: TraceEvent[] = [];
    for (let i = 1; i < 8; i++) {
      const upTo = advance() - 200;
      feed();
      const fresh = state.live(context, upTo);
      expect(fresh.every((e) => e.t < upTo)).toBe(true);
      handed.push(...fresh);
    }
    expect(handed.length).toBeGreaterThan(0);
    advance();
    feed();
    const final = state.final(context);
    expect(final.replace).toBe(false);
    const whole = wholeRun(inputs);
    expect([...handed, ...final.events]).toEqual(whole);
    expect(validateTrace({ ...final.header, events: whole }).ok).toBe(true);
  });

  it('replaces what it handed out when a late input lands before it (the Trace is the final merge)', () => {
    const inputs = manySendsRun(20);
    const state = new MergeState();
    state.feed({ api: inputs.api, ss: [], records: [], pcap: inputs.pcap, fates: [] });
    const handed = state.live({ ...context, capture: true }, Number.POSITIVE_INFINITY);
    // ss reports late: its first observation is older than most handed events.
    state.feed({ api: [], ss: inputs.ss, records: [], pcap: new Uint8Array(), fates: [] });
    const final = state.final(context);
    expect(final.replace).toBe(true);
    expect(final.events).toEqual(wholeRun(inputs));
    expect(final.events).not.toEqual(handed);
  });
});

/**
 * Counts the turns of the event loop (a setImmediate chain) and, per turn, the events handed to
 * `onEvent`; `each` runs first for every event (a slow client). `stop` ends the chain.
 */
function turnCounter(each: () => void = () => {}) {
  let turns = 0;
  let ticking = true;
  const tick = (): void => {
    turns++;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  const perTurn = new Map<number, number>();
  const seen: TraceEvent[] = [];
  const onEvent = (e: TraceEvent): void => {
    each();
    seen.push(e);
    perTurn.set(turns, (perTurn.get(turns) ?? 0) + 1);
  };
  return { seen, perTurn, onEvent, stop: () => void (ticking = false) };
}

describe('RunMerge', () => {
  it('streams and finishes a run the same on the event loop and in a worker thread', async () => {
    const inputs = manySendsRun(300);
    const onLoop = growingSources(inputs, 6);
    const loop = new RunMerge(onLoop.sources);
    const a = await streamed(loop, inputs, onLoop.advance, 6);
    const inWorker = growingSources(inputs, 6);
    const worker = new RunMerge(inWorker.sources, { offThreadAbove: { events: 0, pcapBytes: 0 } });
    const first: TraceEvent[] = [];
    await worker.stream(context, inWorker.advance() - 200, (e) => first.push(e));
    expect(worker.offThread).toBe(true);
    expect(loop.offThread).toBe(false);
    const b = await streamed(worker, inputs, inWorker.advance, 5);
    const whole = wholeRun(inputs);
    expect(a.trace.events).toEqual(whole);
    expect(b.trace.events).toEqual(whole);
    expect(a.out).toEqual(whole); // every event streamed once, in order
    expect([...first, ...b.out]).toEqual(whole);
    expect(b.trace.meta).toEqual(a.trace.meta);
  });

  it('moves to the worker once the run outgrows the loop, and hands over one batch per turn', async () => {
    const inputs = manySendsRun(500); // 2,000+ runner events, past the bound given here
    const { sources, advance } = growingSources(inputs, 4);
    const merge = new RunMerge(sources, { batch: 200, offThreadAbove: { events: 1500, pcapBytes: 1 << 30 } });
    const { seen, perTurn, onEvent, stop } = turnCounter();
    await merge.stream(context, advance() - 200, onEvent);
    const wasOffThread = merge.offThread;
    for (let i = 2; i < 4; i++) await merge.stream(context, advance() - 200, onEvent);
    const movedOff = merge.offThread;
    advance();
    const trace = await merge.finish(context, onEvent);
    stop();
    await merge.dispose();
    expect(wasOffThread).toBe(false);
    expect(movedOff).toBe(true);
    expect(seen).toEqual(wholeRun(inputs));
    expect(trace.events).toEqual(seen);
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(200);
  });

  it('yields to the loop within a batch once a turn has spent its budget (a slow client writes each frame)', async () => {
    const inputs = manySendsRun(100);
    const { sources, advance } = growingSources(inputs, 1);
    const merge = new RunMerge(sources, { batch: 10_000, offThreadAbove: { events: 1 << 30, pcapBytes: 1 << 30 } });
    // Each event costs at least 1 ms, as encoding and writing a frame can under load.
    const { seen, perTurn, onEvent, stop } = turnCounter(() => {
      const until = performance.now() + 1;
      while (performance.now() < until);
    });
    advance();
    const trace = await merge.finish(context, onEvent);
    stop();
    await merge.dispose();
    expect(seen).toEqual(wholeRun(inputs));
    expect(trace.events).toEqual(seen);
    expect(seen.length).toBeGreaterThan(64);
    // The budget is checked every 32 events: no turn hands over more than 32 of these.
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(32);
  });
});
