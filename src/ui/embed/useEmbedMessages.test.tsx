// @vitest-environment jsdom
// The embed's side of the message API with a stand-in window and parent: a step message once the
// lesson is on screen and after each change (not twice for the same step), commands only from the
// parent, malformed ones dropped, and nothing at all when the page is not in a frame.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { findScenario } from '../../scenario/library';
import { simulate } from '../../sim';
import { dispatch } from '../../store';
import { initialState } from '../../store/state';
import { useAppStore } from '../../store/store';
import { totalSteps } from '../../trace/query';
import { useEmbedMessages } from './useEmbedMessages';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const trace = simulate(findScenario('tcp-echo')!, { seed: 1 });
const total = totalSteps(trace);

/** A frame's window: its parent records what it is sent; `receive` plays a message arriving. */
function framedWindow(framed = true) {
  const posted: unknown[] = [];
  const listeners = new Set<(event: MessageEvent) => void>();
  const parent = { postMessage: (data: unknown, target: string) => posted.push({ data, target }) };
  const win = {
    addEventListener: (_type: string, listener: (event: MessageEvent) => void) => listeners.add(listener),
    removeEventListener: (_type: string, listener: (event: MessageEvent) => void) => listeners.delete(listener),
  } as unknown as Window;
  Object.assign(win, { parent: framed ? parent : win });
  const receive = (data: unknown, source: unknown = parent) =>
    act(() => {
      for (const listener of listeners) listener({ data, source } as MessageEvent);
    });
  return { win, posted, listeners, parent, receive };
}

let root: Root | undefined;
afterEach(() => act(() => root?.unmount()));

function mount(win: Window, withTrace = true): void {
  act(() => useAppStore.setState({ ...initialState('en'), scenarioId: 'tcp-echo', trace: withTrace ? trace : null }));
  function Probe() {
    useEmbedMessages(win);
    return null;
  }
  root = createRoot(document.createElement('div'));
  act(() => root!.render(<Probe />));
}

describe('useEmbedMessages', () => {
  it('posts the step once the lesson is on screen and after every change, to any origin', () => {
    const frame = framedWindow();
    mount(frame.win, false);
    expect(frame.posted).toEqual([]);
    act(() => useAppStore.setState({ trace }));
    act(() => dispatch({ type: 'stepForward' }));
    // Another change of the store that leaves the step as it was posts nothing.
    act(() => dispatch({ type: 'setTheme', theme: 'dark' }));
    expect(frame.posted).toEqual([
      { data: { wirestep: 'step', step: 0, total }, target: '*' },
      { data: { wirestep: 'step', step: 1, total }, target: '*' },
    ]);
  });

  it('obeys goto, play and pause from its parent, and nobody else', () => {
    const frame = framedWindow();
    mount(frame.win);
    frame.receive({ wirestep: 'goto', step: 7 });
    expect(useAppStore.getState().cursor).toBe(7);
    frame.receive({ wirestep: 'goto', step: 3 }, frame.win);
    frame.receive({ wirestep: 'goto', step: 3 }, null);
    frame.receive({ wirestep: 'goto', step: 3 }, { postMessage: () => undefined });
    expect(useAppStore.getState().cursor).toBe(7);
    frame.receive({ wirestep: 'goto', step: 10_000 });
    expect(useAppStore.getState().cursor).toBe(total);
    frame.receive({ wirestep: 'goto', step: 2 });
    frame.receive({ wirestep: 'play' });
    expect(useAppStore.getState().playing).toBe(true);
    frame.receive({ wirestep: 'pause' });
    expect(useAppStore.getState().playing).toBe(false);
    expect(frame.posted.map((message) => (message as { data: { step: number } }).data.step)).toEqual([0, 7, total, 2]);
  });

  it('drops malformed messages without throwing', () => {
    const frame = framedWindow();
    mount(frame.win);
    for (const data of [undefined, 'play', { wirestep: 'goto', step: '4' }, { wirestep: 'rewind' }, [{}]])
      expect(() => frame.receive(data)).not.toThrow();
    expect(useAppStore.getState()).toMatchObject({ cursor: 0, playing: false });
  });

  it('does nothing outside a frame, and stops listening when unmounted', () => {
    const alone = framedWindow(false);
    mount(alone.win);
    expect(alone.listeners.size).toBe(0);
    act(() => root?.unmount());
    const frame = framedWindow();
    mount(frame.win);
    expect(frame.listeners.size).toBe(1);
    act(() => root?.unmount());
    root = undefined;
    expect(frame.listeners.size).toBe(0);
  });
});
