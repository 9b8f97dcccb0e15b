// The one store: an action that affects several slices is one update, seen by subscribers once
// and whole. Every notified state is checked for agreement between the slices.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { totalSteps } from '../trace/query';
import { sampleTrace } from '../trace/test-fixtures';
import type { Trace } from '../trace/types';
import type { ImportedFrom } from './capture';
import { initialState, type Action, type AppState } from './state';
import { dispatch, useAppStore } from './store';

const from: ImportedFrom = { fileName: 'two.pcap', kind: 'capture', inferred: true };
const welcome: Action = {
  type: 'message',
  message: { type: 'welcome', version: '0.1.0', protocol: 1, capabilities: { capture: true, python: true } },
};

/** What must hold between the slices in every state a subscriber can see. */
function slicesAgree(state: AppState): void {
  if (state.imported !== null) {
    expect(state.scenarioId).toBeNull();
    expect(state.full).not.toBeNull();
  } else {
    expect(state.full).toBeNull();
  }
  if (state.trace !== null) expect(state.cursor).toBeLessThanOrEqual(totalSteps(state.trace));
  if (state.source === 'real') expect(state.trace).toBe(state.real);
  if (state.run?.traced === true) expect(state.real).not.toBeNull();
  if (state.run !== null) expect(state.run.scenarioId).toBe(state.scenarioId);
}

let notified: AppState[] = [];
let unsubscribe = (): void => {};

/** Counts notifications from now on, checking each state seen. */
function listen(): void {
  notified = [];
  unsubscribe = useAppStore.subscribe((state) => {
    slicesAgree(state);
    notified.push(state);
  });
}

function simulatedScenario(): Trace {
  const trace = sampleTrace();
  dispatch({ type: 'selectScenario', scenarioId: 'tcp-echo', seed: 1 });
  dispatch({ type: 'simulated', trace });
  dispatch({ type: 'goTo', cursor: 3 });
  dispatch({ type: 'play' });
  return trace;
}

function realRunStarted(): void {
  for (const action of [{ type: 'connecting' }, { type: 'opened' }, welcome] as Action[]) dispatch(action);
  dispatch({ type: 'runRequested', scenarioId: 'tcp-echo', hosts: [] });
  dispatch({ type: 'message', message: { type: 'run-started', runId: 'r1' } });
}

beforeEach(() => useAppStore.setState(initialState('en')));
afterEach(() => unsubscribe());

describe('one store, atomic actions', () => {
  it('an import sets the lesson, the cursor, the capture and the bridge slices in one notification', () => {
    simulatedScenario();
    realRunStarted();
    const full = sampleTrace();
    const shown: Trace = { ...full, meta: { ...full.meta, connection: 0 } };
    listen();
    dispatch({ type: 'imported', full, trace: shown, from, problem: null, renamable: true, connectionId: 0 });
    expect(notified).toHaveLength(1);
    const state = useAppStore.getState();
    expect(notified[0]).toBe(state);
    expect(state).toMatchObject({ scenarioId: null, imported: from, trace: shown, error: null });
    expect(state).toMatchObject({ cursor: 0, playing: false });
    expect(state).toMatchObject({ full, connectionId: 0, renamable: true, loading: null, problem: null });
    expect(state).toMatchObject({ run: null, real: null, source: 'sim' });
  });

  it('picking a connection and applying names are one notification each', () => {
    const full = sampleTrace();
    dispatch({ type: 'imported', full, trace: full, from, problem: null, renamable: true, connectionId: null });
    dispatch({ type: 'goTo', cursor: 4 });
    listen();
    const one = { ...full, meta: { ...full.meta, connection: 1 } };
    dispatch({ type: 'pickConnection', connectionId: 1, trace: one });
    expect(notified).toHaveLength(1);
    expect(useAppStore.getState()).toMatchObject({ connectionId: 1, trace: one, cursor: 0 });
    dispatch({ type: 'goTo', cursor: 4 });
    dispatch({ type: 'renameStarted', names: { '10.0.0.1:80': 'server' } });
    const renamed = sampleTrace();
    notified = [];
    dispatch({ type: 'renamed', full: renamed, trace: renamed });
    expect(notified).toHaveLength(1);
    expect(useAppStore.getState()).toMatchObject({ full: renamed, trace: renamed, renaming: false, cursor: 4 });
  });

  it('a real run’s first events put its trace on screen in the same notification', () => {
    const simulation = simulatedScenario();
    realRunStarted();
    listen();
    dispatch({ type: 'events', runId: 'r1', events: sampleTrace().events.slice(0, 6) });
    expect(notified).toHaveLength(1);
    const state = useAppStore.getState();
    expect(state.run?.traced).toBe(true);
    expect(state.real?.events).toHaveLength(6);
    expect(state).toMatchObject({ source: 'real', trace: state.real, playing: false });
    expect(state.cursor).toBe(totalSteps(state.real as Trace));
    expect(state.parked).toEqual({ trace: simulation, cursor: 3 });
    // The final trace replaces the live one, again in one update.
    const final: Trace = { ...sampleTrace(), source: 'real' };
    dispatch({ type: 'message', message: { type: 'run-finished', runId: 'r1', trace: final } });
    expect(notified).toHaveLength(2);
    expect(useAppStore.getState()).toMatchObject({ real: final, trace: final });
    expect(useAppStore.getState().run?.phase).toBe('finished');
  });

  it('selecting a scenario closes the import, or drops the real run, in one notification', () => {
    const full = sampleTrace();
    dispatch({ type: 'imported', full, trace: full, from, problem: null, renamable: true, connectionId: null });
    dispatch({ type: 'importStarted', fileName: 'next.pcap' });
    listen();
    dispatch({ type: 'selectScenario', scenarioId: 'chat', seed: 2 });
    expect(notified).toHaveLength(1);
    expect(useAppStore.getState()).toMatchObject({ scenarioId: 'chat', imported: null, full: null, trace: null });
    expect(useAppStore.getState().loading?.fileName).toBe('next.pcap');

    dispatch({ type: 'selectScenario', scenarioId: 'tcp-echo', seed: 1 });
    dispatch({ type: 'simulated', trace: sampleTrace() });
    realRunStarted();
    dispatch({ type: 'events', runId: 'r1', events: sampleTrace().events.slice(0, 3) });
    notified = [];
    dispatch({ type: 'selectScenario', scenarioId: 'chat', seed: 1 });
    expect(notified).toHaveLength(1);
    expect(useAppStore.getState()).toMatchObject({ run: null, real: null, source: 'sim', trace: null });
  });

  it('an action that changes nothing notifies no one', () => {
    listen();
    dispatch({ type: 'stepBack' });
    dispatch({ type: 'importProgress', stage: 'parse', fraction: 0.5 });
    dispatch({ type: 'pickConnection', connectionId: 1, trace: sampleTrace() });
    dispatch({ type: 'events', runId: 'r1', events: sampleTrace().events });
    dispatch({ type: 'setSource', source: 'real' });
    expect(notified).toHaveLength(0);
  });
});
