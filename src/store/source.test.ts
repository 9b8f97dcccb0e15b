import { describe, expect, it } from 'vitest';
import { sampleTrace } from '../trace/test-fixtures';
import type { Trace, TraceEvent } from '../trace/types';
import { initialState, reduce, type Action, type AppState } from './state';
import { totalSteps } from '../trace/query';

const apply = (state: AppState, ...actions: Action[]): AppState => actions.reduce(reduce, state);

const sim = (): Trace => sampleTrace();
const real = (events = sampleTrace().events): Trace => ({ ...sampleTrace(), source: 'real', events });

// Real traces arrive through the bridge slice: a bridge ready to run, a run of tcp-echo started
// as r1, then its streamed events or its final trace.
const runStarted: Action[] = [
  { type: 'connecting' },
  { type: 'opened' },
  {
    type: 'message',
    message: { type: 'welcome', version: '0.1.0', protocol: 1, capabilities: { capture: true, python: true } },
  },
  { type: 'runRequested', scenarioId: 'tcp-echo', hosts: [] },
  { type: 'message', message: { type: 'run-started', runId: 'r1' } },
];
const streamed = (events: TraceEvent[]): Action => ({ type: 'events', runId: 'r1', events });
const finished = (trace: Trace): Action => ({ type: 'message', message: { type: 'run-finished', runId: 'r1', trace } });

function simulated(): AppState {
  return apply(
    initialState('en'),
    { type: 'selectScenario', scenarioId: 'tcp-echo', seed: 1 },
    { type: 'simulated', trace: sim() },
    { type: 'goTo', cursor: 3 },
  );
}

describe('the trace source', () => {
  it('cannot show the real trace before a run', () => {
    const state = simulated();
    expect(apply(state, { type: 'setSource', source: 'real' })).toBe(state);
  });

  it('swaps the real trace on screen and back, each with its own cursor', () => {
    // The run's trace came on screen by itself; the learner went back to the simulation.
    const withReal = apply(simulated(), ...runStarted, finished(real()), { type: 'setSource', source: 'sim' });
    expect(withReal.trace?.source).toBe('sim');
    const shown = apply(withReal, { type: 'setSource', source: 'real' });
    expect(shown.trace?.source).toBe('real');
    // A real trace that arrived shows from its end (the run as it finished).
    expect(shown.cursor).toBe(totalSteps(real()));
    const stepped = apply(shown, { type: 'goTo', cursor: 5 });
    const back = apply(stepped, { type: 'setSource', source: 'sim' });
    expect(back.trace?.source).toBe('sim');
    expect(back.cursor).toBe(3);
    expect(apply(back, { type: 'setSource', source: 'real' }).cursor).toBe(5);
  });

  it('compares with the simulation as the main trace', () => {
    const state = apply(simulated(), ...runStarted, finished(real()), { type: 'setSource', source: 'compare' });
    expect(state.source).toBe('compare');
    expect(state.trace?.source).toBe('sim');
    expect(state.cursor).toBe(3);
  });

  it('follows a live run at its end, and leaves a cursor put earlier where it is', () => {
    const events = sampleTrace().events;
    let state = apply(simulated(), ...runStarted, streamed(events.slice(0, 4)));
    state = apply(state, { type: 'setSource', source: 'real' }, streamed(events.slice(4, 8)));
    expect(state.cursor).toBe(totalSteps(real(events.slice(0, 8))));
    state = apply(state, { type: 'goTo', cursor: 2 }, finished(real(events)));
    expect(state.cursor).toBe(2);
  });

  it('parks a new simulation while the real trace is shown', () => {
    const state = apply(
      simulated(),
      ...runStarted,
      finished(real()),
      { type: 'setSource', source: 'real' },
      { type: 'simulated', trace: sim() },
    );
    expect(state.trace?.source).toBe('real');
    expect(state.parked.trace?.source).toBe('sim');
    expect(apply(state, { type: 'setSource', source: 'sim' }).cursor).toBe(3);
  });

  it('drops the real trace with the scenario or when an import replaces it', () => {
    const shown = apply(simulated(), ...runStarted, finished(real()), { type: 'setSource', source: 'real' });
    const other = apply(shown, { type: 'selectScenario', scenarioId: 'chat', seed: 1 });
    expect(other.source).toBe('sim');
    expect(other.real).toBeNull();
    expect(other.run).toBeNull();
    const from = { fileName: 'echo.pcap', kind: 'capture' as const, inferred: true };
    const dropped = apply(shown, {
      type: 'imported',
      full: sim(),
      trace: sim(),
      from,
      problem: null,
      renamable: true,
      connectionId: null,
    });
    expect(dropped.source).toBe('sim');
    expect(dropped.real).toBeNull();
    expect(dropped.run).toBeNull();
    expect(dropped.trace?.source).toBe('sim');
    expect(dropped.cursor).toBe(0);
  });

  it('brings the first trace of a run on screen by itself, but not while comparing', () => {
    const shown = apply(simulated(), ...runStarted, streamed(sampleTrace().events.slice(0, 4)));
    expect(shown).toMatchObject({ source: 'real', cursor: totalSteps(real(sampleTrace().events.slice(0, 4))) });
    expect(shown.trace).toBe(shown.real);
    expect(shown.parked.cursor).toBe(3);
    expect(shown.parked.trace?.source).toBe('sim');
    const comparing = apply(
      simulated(),
      { type: 'setSource', source: 'compare' },
      ...runStarted,
      streamed(sampleTrace().events.slice(0, 4)),
    );
    expect(comparing).toMatchObject({ source: 'compare', cursor: 3 });
    expect(comparing.trace?.source).toBe('sim');
  });

  it('keeps the previous run’s trace on screen until the next run shows something', () => {
    const first = apply(simulated(), ...runStarted, finished(real()));
    const again = apply(
      first,
      { type: 'runRequested', scenarioId: 'tcp-echo', hosts: [] },
      { type: 'message', message: { type: 'run-started', runId: 'r2' } },
    );
    expect(again.real).toBe(first.real);
    expect(again.trace).toBe(first.real);
    const refused = apply(again, {
      type: 'message',
      message: { type: 'run-failed', runId: 'r2', error: { en: 'no', fr: 'non' } },
    });
    expect(refused.real).toBe(first.real);
    const streaming = apply(again, { type: 'events', runId: 'r2', events: sampleTrace().events.slice(0, 2) });
    expect(streaming.real?.events).toHaveLength(2);
    expect(streaming.trace).toBe(streaming.real);
  });
});
