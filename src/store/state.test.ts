import { describe, expect, it } from 'vitest';
import type { Trace } from '../trace/types';
import { initialState, parseSeed, reduce } from './state';
import { simulationOutcome } from './store';

const trace: Trace = { format: 'wirestep-trace', version: 1, source: 'sim', meta: {}, hosts: [], events: [] };

describe('reduce', () => {
  it('selecting a scenario sets its seed and clears the previous result', () => {
    let state = reduce(initialState('en'), { type: 'simulated', trace });
    state = reduce(state, { type: 'selectScenario', scenarioId: 'tcp-echo', seed: 9 });
    expect(state).toMatchObject({ scenarioId: 'tcp-echo', seed: 9, result: { status: 'idle' } });
  });

  it('keeps a simulation error as a message', () => {
    const state = reduce(initialState('fr'), { type: 'simulationFailed', message: 'no route' });
    expect(state.result).toEqual({ status: 'error', message: 'no route' });
    expect(state.lang).toBe('fr');
  });

  it('does not mutate the previous state', () => {
    const before = initialState('en');
    reduce(before, { type: 'setLanguage', lang: 'fr' });
    expect(before.lang).toBe('en');
  });
});

describe('parseSeed', () => {
  it('accepts 32-bit unsigned integers only', () => {
    expect(parseSeed('0')).toBe(0);
    expect(parseSeed(' 12 ')).toBe(12);
    expect(parseSeed('1.5')).toBeUndefined();
    expect(parseSeed('-3')).toBeUndefined();
    expect(parseSeed('')).toBeUndefined();
    expect(parseSeed(null)).toBeUndefined();
  });
});

describe('simulationOutcome', () => {
  it('reports an unknown scenario as an error instead of throwing', () => {
    expect(simulationOutcome(undefined, 'nope', 1)).toEqual({
      type: 'simulationFailed',
      message: 'unknown scenario "nope"',
    });
  });
});
