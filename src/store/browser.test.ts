// @vitest-environment jsdom
// The page mirror writes <html>'s lang, data-theme and data-presentation only when they change:
// any write to them, even of the same value, makes the browser restyle the whole page, and the
// store changes at every step.
import { afterEach, describe, expect, it } from 'vitest';
import { cursorForEvent } from '../trace/query';
import { sampleTrace } from '../trace/test-fixtures';
import { connectStoreToPage } from './browser';
import { initialState } from './state';
import { dispatch, useAppStore } from './store';

let disconnect = (): void => {};
afterEach(() => disconnect());

/** The attributes of <html> written while `run` runs (a MutationObserver sees every write). */
async function htmlWrites(run: () => void): Promise<string[]> {
  const written: string[] = [];
  const observer = new MutationObserver((records) => {
    for (const record of records) written.push(record.attributeName ?? '');
  });
  observer.observe(document.documentElement, { attributes: true });
  run();
  await Promise.resolve();
  observer.disconnect();
  return written;
}

describe('connectStoreToPage', () => {
  it('leaves <html> alone on a step and writes what a setting changes', async () => {
    const trace = sampleTrace();
    useAppStore.setState({ ...initialState('en'), trace, cursor: cursorForEvent(trace, 1) });
    disconnect = connectStoreToPage(window);
    expect(document.documentElement.lang).toBe(useAppStore.getState().lang);
    const theme = useAppStore.getState().theme;
    expect(document.documentElement.dataset.theme).toBe(theme);
    expect(await htmlWrites(() => dispatch({ type: 'stepForward' }))).toEqual([]);
    const other = theme === 'dark' ? 'light' : 'dark';
    expect(await htmlWrites(() => dispatch({ type: 'setTheme', theme: other }))).toEqual(['data-theme', 'style']);
    expect(document.documentElement.dataset.theme).toBe(other);
    expect(await htmlWrites(() => dispatch({ type: 'setPresentation', presentation: true }))).toEqual([
      'data-presentation',
    ]);
  });
});
