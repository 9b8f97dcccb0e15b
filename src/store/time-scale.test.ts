import { describe, expect, it } from 'vitest';
import { selectTimeScale } from './selectors';
import { initialState } from './state';
import type { AppStore } from './store';

const store = (overrides: Partial<AppStore>): AppStore => ({ ...initialState('en'), ...overrides }) as AppStore;

describe('selectTimeScale', () => {
  it('follows the lesson: nagle opens proportional, the others compressed', () => {
    expect(selectTimeScale(store({ scenarioId: 'nagle' }))).toBe('proportional');
    expect(selectTimeScale(store({ scenarioId: 'tcp-echo' }))).toBe('compressed');
    expect(selectTimeScale(store({ scenarioId: null }))).toBe('compressed');
  });

  it('the learner’s choice wins over the lesson’s', () => {
    expect(selectTimeScale(store({ scenarioId: 'nagle', timeScale: 'compressed' }))).toBe('compressed');
    expect(selectTimeScale(store({ scenarioId: 'tcp-echo', timeScale: 'proportional' }))).toBe('proportional');
  });
});
