import { describe, expect, it } from 'vitest';
import { sampleTrace } from '../trace/test-fixtures';
import type { Trace } from '../trace/types';
import { initialState, reduce, type Action, type AppState } from './state';
import { totalSteps } from './timeline';

const apply = (state: AppState, ...actions: Action[]): AppState => actions.reduce(reduce, state);

const sim = (): Trace => sampleTrace();
const real = (events = sampleTrace().events): Trace => ({ ...sampleTrace(), source: 'real', events });

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
    const withReal = apply(simulated(), { type: 'realTrace', trace: real() });
    expect(withReal.trace?.source).toBe('sim');
    const shown = apply(withReal, { type: 'setSource', source: 'real' });
    expect(shown.trace?.source).toBe('real');
    // A real trace that arrived while parked shows from its end (the run as it finished).
    expect(shown.cursor).toBe(totalSteps(real()));
    const stepped = apply(shown, { type: 'goTo', cursor: 5 });
    const back = apply(stepped, { type: 'setSource', source: 'sim' });
    expect(back.trace?.source).toBe('sim');
    expect(back.cursor).toBe(3);
    expect(apply(back, { type: 'setSource', source: 'real' }).cursor).toBe(5);
  });

  it('compares with the simulation as the main trace', () => {
    const state = apply(simulated(), { type: 'realTrace', trace: real() }, { type: 'setSource', source: 'compare' });
    expect(state.source).toBe('compare');
    expect(state.trace?.source).toBe('sim');
    expect(state.cursor).toBe(3);
  });

  it('follows a live run at its end, and leaves a cursor put earlier where it is', () => {
    const events = sampleTrace().events;
    let state = apply(simulated(), { type: 'realTrace', trace: real(events.slice(0, 4)) });
    state = apply(state, { type: 'setSource', source: 'real' }, { type: 'realTrace', trace: real(events.slice(0, 8)) });
    expect(state.cursor).toBe(totalSteps(real(events.slice(0, 8))));
    state = apply(state, { type: 'goTo', cursor: 2 }, { type: 'realTrace', trace: real(events) });
    expect(state.cursor).toBe(2);
  });

  it('parks a new simulation while the real trace is shown', () => {
    const state = apply(
      simulated(),
      { type: 'realTrace', trace: real() },
      { type: 'setSource', source: 'real' },
      { type: 'simulated', trace: sim() },
    );
    expect(state.trace?.source).toBe('real');
    expect(state.parked.trace?.source).toBe('sim');
    expect(apply(state, { type: 'setSource', source: 'sim' }).cursor).toBe(3);
  });

  it('drops the real trace with the scenario or when the run goes', () => {
    const shown = apply(simulated(), { type: 'realTrace', trace: real() }, { type: 'setSource', source: 'real' });
    const other = apply(shown, { type: 'selectScenario', scenarioId: 'chat', seed: 1 });
    expect(other.source).toBe('sim');
    expect(other.real).toBeNull();
    const dropped = apply(shown, { type: 'realTrace', trace: null });
    expect(dropped.source).toBe('sim');
    expect(dropped.trace?.source).toBe('sim');
    expect(dropped.cursor).toBe(3);
  });
});
