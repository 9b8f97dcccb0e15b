// The event filter in the store: stepping, playing and the scrubber stop only at the steps the
// filter shows, and a new filter keeps the learner on a step it shows.
import { describe, expect, it } from 'vitest';
import { findScenario } from '../scenario/library';
import { simulate } from '../sim';
import { currentEventIndex, shownCursors, totalSteps } from '../trace/query';
import { selectShownPosition, selectShownStepCount } from './filter-selectors';
import { initialState, reduce, type Action, type AppState } from './state';
import type { AppStore } from './store';

const trace = simulate(findScenario('tcp-echo')!, { seed: 1 });
const loaded = (): AppState =>
  reduce(reduce(initialState('en'), { type: 'selectScenario', scenarioId: 'tcp-echo', seed: 1 }), {
    type: 'simulated',
    trace,
  });
const run = (state: AppState, ...actions: Action[]) => actions.reduce(reduce, state);
const kindAt = (state: AppState) => trace.events[currentEventIndex(trace, state.cursor)!]?.kind;
const asStore = (state: AppState) => state as AppStore;

describe('event filter in the store', () => {
  it('is "all" by default: one step at a time', () => {
    const state = run(loaded(), { type: 'stepForward' }, { type: 'stepForward' });
    expect(state.eventFilter).toBe('all');
    expect(state.cursor).toBe(2);
  });

  it('with "packets", → and ← land on segments only, and stop at the last one', () => {
    let state = run(loaded(), { type: 'setEventFilter', filter: 'packets' });
    const segments = trace.events.filter((event) => event.kind === 'segment').length;
    const seen: number[] = [];
    for (let i = 0; i < segments + 3; i++) {
      const next = reduce(state, { type: 'stepForward' });
      if (next === state) break;
      state = next;
      expect(kindAt(state)).toBe('segment');
      seen.push(state.cursor);
    }
    expect(seen).toHaveLength(segments);
    expect(selectShownPosition(asStore(state))).toBe(segments);
    expect(selectShownStepCount(asStore(state))).toBe(segments);
    state = reduce(state, { type: 'stepBack' });
    expect(state.cursor).toBe(seen.at(-2));
    expect(kindAt(state)).toBe('segment');
  });

  it('plays through the shown steps and stops at the last one', () => {
    let state = run(loaded(), { type: 'setEventFilter', filter: 'calls' }, { type: 'play' });
    const stops = [...shownCursors(trace, 'calls')];
    for (const expected of stops) {
      expect(state.playing).toBe(true);
      state = reduce(state, { type: 'tick' });
      expect(state.cursor).toBe(expected);
    }
    expect(state.playing).toBe(false);
    // Play at the end starts over.
    expect(reduce(state, { type: 'play' }).cursor).toBe(0);
  });

  it('a new filter moves the cursor back to the latest step it shows; "all" leaves it', () => {
    const onState = trace.events.findIndex((event) => event.kind === 'state' && event.to === 'ESTABLISHED');
    let state = run(loaded(), { type: 'selectEvent', eventIndex: onState });
    const before = state.cursor;
    expect(kindAt(state)).toBe('state');
    state = reduce(state, { type: 'setEventFilter', filter: 'packets' });
    expect(state.cursor).toBeLessThan(before);
    expect(kindAt(state)).toBe('segment');
    const back = reduce(state, { type: 'setEventFilter', filter: 'all' });
    expect(back.cursor).toBe(state.cursor);
    expect(reduce(back, { type: 'setEventFilter', filter: 'all' })).toBe(back);
  });

  it('under a filter, last goes to the last step it shows; first to the start', () => {
    const state = run(loaded(), { type: 'setEventFilter', filter: 'packets' }, { type: 'last' });
    expect(state.cursor).toBe(shownCursors(trace, 'packets').at(-1));
    expect(kindAt(state)).toBe('segment');
    expect(run(state, { type: 'first' }).cursor).toBe(0);
    expect(run(loaded(), { type: 'last' }).cursor).toBe(totalSteps(trace));
  });

  it('a link’s step under a filter lands, once simulated, on the latest step the filter shows', () => {
    const hidden = shownCursors(trace, 'packets')[3]! + 1;
    const linked = run(
      initialState('en'),
      { type: 'setEventFilter', filter: 'packets' },
      { type: 'selectScenario', scenarioId: 'tcp-echo', seed: 1, cursor: hidden },
    );
    expect(linked.cursor).toBe(hidden);
    const shown = reduce(linked, { type: 'simulated', trace });
    expect(shown.cursor).toBe(shownCursors(trace, 'packets')[3]);
    // Without a filter the link's step is kept as it is.
    const all = run(initialState('en'), { type: 'selectScenario', scenarioId: 'tcp-echo', seed: 1, cursor: hidden });
    expect(reduce(all, { type: 'simulated', trace }).cursor).toBe(hidden);
  });
});
