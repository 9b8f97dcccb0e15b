// The import session's reducer, and what an imported trace does to the app state. The capture
// slice and the lesson slice are one state: `imported` (where the trace came from) is kept once.
import { describe, expect, it } from 'vitest';
import { sampleTrace } from '../trace/test-fixtures';
import type { Trace } from '../trace/types';
import { reduceCapture, type ImportedFrom } from './capture';
import { initialState, reduce, type Action, type AppState } from './state';
import { totalSteps } from '../trace/query';

const from: ImportedFrom = { fileName: 'echo.pcap', kind: 'capture', inferred: true };

const importedAction = (trace: Trace): Action => ({
  type: 'imported',
  full: trace,
  trace,
  from,
  problem: null,
  renamable: true,
  connectionId: 0,
});

function imported(trace: Trace, state: AppState = initialState('en')): AppState {
  return reduce(state, importedAction(trace));
}

describe('reduceCapture', () => {
  it('tracks a file from its first byte to its trace', () => {
    let state = reduceCapture(initialState('en'), { type: 'importStarted', fileName: 'echo.pcap' });
    expect(state.loading).toEqual({ fileName: 'echo.pcap', stage: 'read', fraction: 0 });
    state = reduceCapture(state, { type: 'importProgress', stage: 'parse', fraction: 0.5 });
    expect(state.loading).toEqual({ fileName: 'echo.pcap', stage: 'parse', fraction: 0.5 });
    // Out-of-range fractions are clamped.
    state = reduceCapture(state, { type: 'importProgress', stage: 'parse', fraction: 7 });
    expect(state.loading?.fraction).toBe(1);
    state = reduceCapture(state, { type: 'importProgress', stage: 'parse', fraction: Number.NaN });
    expect(state.loading?.fraction).toBe(0);
    const trace = sampleTrace();
    state = imported(trace, state);
    expect(state).toMatchObject({
      loading: null,
      full: trace,
      imported: from,
      connectionId: 0,
      renamable: true,
      names: {},
    });
  });

  it('ignores progress when nothing is loading', () => {
    const state = initialState('en');
    expect(reduceCapture(state, { type: 'importProgress', stage: 'read', fraction: 0.2 })).toBe(state);
  });

  it('keeps the imported trace when a later import fails, and the problem until dismissed', () => {
    const shown = imported(sampleTrace());
    let state = reduceCapture(shown, { type: 'importStarted', fileName: 'bad.pcap' });
    const problem = { fileName: 'bad.pcap', failure: { kind: 'noPackets' as const }, shown: 0 };
    state = reduceCapture(state, { type: 'importFailed', problem });
    expect(state.full).toBe(shown.full);
    expect(state.imported).toBe(from);
    expect(state.loading).toBeNull();
    expect(state.problem).toEqual(problem);
    // A new import clears the old problem; so does dismissing it.
    expect(reduceCapture(state, { type: 'importStarted', fileName: 'x.pcap' }).problem).toBeNull();
    expect(reduceCapture(state, { type: 'dismissProblem' }).problem).toBeNull();
  });

  it('cancels a load without touching what is shown', () => {
    const shown = imported(sampleTrace());
    const loading = reduceCapture(shown, { type: 'importStarted', fileName: 'big.pcap' });
    const cancelled = reduceCapture(loading, { type: 'importCancelled' });
    expect(cancelled.loading).toBeNull();
    expect(cancelled.full).toBe(shown.full);
  });

  it('picks connections and applies names only to an imported capture', () => {
    const pick = (connectionId: number | null): Action => ({
      type: 'pickConnection',
      connectionId,
      trace: sampleTrace(),
    });
    expect(reduce(initialState('en'), pick(3)).connectionId).toBeNull();
    let state = reduce(imported(sampleTrace()), pick(null));
    expect(state.connectionId).toBeNull();
    state = reduceCapture(state, { type: 'renameStarted', names: { '10.0.0.1:80': 'server' } });
    expect(state).toMatchObject({ renaming: true, names: { '10.0.0.1:80': 'server' } });
    const renamedTrace = sampleTrace();
    state = reduce(state, { type: 'renamed', full: renamedTrace, trace: renamedTrace });
    expect(state).toMatchObject({ renaming: false, full: renamedTrace });
    // A Trace JSON has no packets to rename.
    const json = reduce(initialState('en'), {
      type: 'imported',
      full: sampleTrace(),
      trace: sampleTrace(),
      from: { fileName: 't.json', kind: 'trace', inferred: false },
      problem: null,
      renamable: false,
      connectionId: null,
    });
    expect(reduceCapture(json, { type: 'renameStarted', names: { a: 'b' } })).toBe(json);
  });

  it('forgets the capture when it leaves the screen, but not a file being read', () => {
    const loading = reduceCapture(imported(sampleTrace()), { type: 'importStarted', fileName: 'next.pcap' });
    // The imported trace leaves the screen when a scenario is selected: the same action closes the capture.
    const closed = reduce(loading, { type: 'selectScenario', scenarioId: 'tcp-echo', seed: 1 });
    expect(closed.full).toBeNull();
    expect(closed.imported).toBeNull();
    expect(closed.loading?.fileName).toBe('next.pcap');
  });
});

describe('reduce: an imported trace on screen', () => {
  const simulated = (): AppState => {
    let state = reduce(initialState('en'), { type: 'selectScenario', scenarioId: 'tcp-echo', seed: 7 });
    state = reduce(state, { type: 'simulated', trace: sampleTrace() });
    return reduce(state, { type: 'goTo', cursor: 3 });
  };

  it('replaces the scenario by the imported trace, from its first step', () => {
    const trace = sampleTrace();
    const state = reduce({ ...simulated(), playing: true, error: 'old' }, importedAction(trace));
    expect(state).toMatchObject({ scenarioId: null, imported: from, trace, cursor: 0, playing: false, error: null });
    expect(state.conditions).toEqual({});
  });

  it('keeps the step when the same capture is shown again with names', () => {
    const trace = sampleTrace();
    const shown = reduce(reduce(simulated(), importedAction(trace)), { type: 'goTo', cursor: 2 });
    const again = reduce(shown, { type: 'renamed', full: sampleTrace(), trace: sampleTrace() });
    expect(again.cursor).toBe(Math.min(2, totalSteps(trace)));
  });

  it('selecting a scenario returns to simulations', () => {
    const shown = reduce(simulated(), importedAction(sampleTrace()));
    const back = reduce(shown, { type: 'selectScenario', scenarioId: 'tcp-echo', seed: 1 });
    expect(back.imported).toBeNull();
    expect(back.scenarioId).toBe('tcp-echo');
    expect(back.trace).toBeNull();
  });
});
