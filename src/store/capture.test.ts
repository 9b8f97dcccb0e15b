// The import session's reducer, and what an imported trace does to the app state.
import { describe, expect, it } from 'vitest';
import { sampleTrace } from '../trace/test-fixtures';
import type { Trace } from '../trace/types';
import { initialCaptureState, reduceCapture, type CaptureState, type ImportedFrom } from './capture';
import { initialState, reduce, type AppState } from './state';
import { totalSteps } from './timeline';

const from: ImportedFrom = { fileName: 'echo.pcap', kind: 'capture', inferred: true };

function imported(trace: Trace, state: CaptureState = initialCaptureState()): CaptureState {
  return reduceCapture(state, { type: 'imported', trace, from, problem: null, renamable: true, connectionId: 0 });
}

describe('reduceCapture', () => {
  it('tracks a file from its first byte to its trace', () => {
    let state = reduceCapture(initialCaptureState(), { type: 'importStarted', fileName: 'echo.pcap' });
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
    expect(state).toMatchObject({ loading: null, full: trace, from, connectionId: 0, renamable: true, names: {} });
  });

  it('ignores progress when nothing is loading', () => {
    const state = initialCaptureState();
    expect(reduceCapture(state, { type: 'importProgress', stage: 'read', fraction: 0.2 })).toBe(state);
  });

  it('keeps the imported trace when a later import fails, and the problem until dismissed', () => {
    const shown = imported(sampleTrace());
    let state = reduceCapture(shown, { type: 'importStarted', fileName: 'bad.pcap' });
    const problem = { fileName: 'bad.pcap', failure: { kind: 'noPackets' as const }, shown: 0 };
    state = reduceCapture(state, { type: 'importFailed', problem });
    expect(state.full).toBe(shown.full);
    expect(state.from).toBe(from);
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
    expect(reduceCapture(initialCaptureState(), { type: 'pickConnection', connectionId: 3 }).connectionId).toBeNull();
    let state = reduceCapture(imported(sampleTrace()), { type: 'pickConnection', connectionId: null });
    expect(state.connectionId).toBeNull();
    state = reduceCapture(state, { type: 'renameStarted', names: { '10.0.0.1:80': 'server' } });
    expect(state).toMatchObject({ renaming: true, names: { '10.0.0.1:80': 'server' } });
    const renamedTrace = sampleTrace();
    state = reduceCapture(state, { type: 'renamed', trace: renamedTrace });
    expect(state).toMatchObject({ renaming: false, full: renamedTrace });
    // A Trace JSON has no packets to rename.
    const json = reduceCapture(initialCaptureState(), {
      type: 'imported',
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
    const closed = reduceCapture(loading, { type: 'closed' });
    expect(closed.full).toBeNull();
    expect(closed.from).toBeNull();
    expect(closed.loading?.fileName).toBe('next.pcap');
  });
});

describe('reduce: showImported', () => {
  const simulated = (): AppState => {
    let state = reduce(initialState('en'), { type: 'selectScenario', scenarioId: 'tcp-echo', seed: 7 });
    state = reduce(state, { type: 'simulated', trace: sampleTrace() });
    return reduce(state, { type: 'goTo', cursor: 3 });
  };

  it('replaces the scenario by the imported trace, from its first step', () => {
    const trace = sampleTrace();
    const state = reduce({ ...simulated(), playing: true, error: 'old' }, { type: 'showImported', trace, from });
    expect(state).toMatchObject({ scenarioId: null, imported: from, trace, cursor: 0, playing: false, error: null });
    expect(state.conditions).toEqual({});
  });

  it('keeps the step when the same capture is shown again with names', () => {
    const trace = sampleTrace();
    const shown = reduce(reduce(simulated(), { type: 'showImported', trace, from }), { type: 'goTo', cursor: 2 });
    const again = reduce(shown, { type: 'showImported', trace: sampleTrace(), from, keepCursor: true });
    expect(again.cursor).toBe(Math.min(2, totalSteps(trace)));
  });

  it('selecting a scenario returns to simulations', () => {
    const shown = reduce(simulated(), { type: 'showImported', trace: sampleTrace(), from });
    const back = reduce(shown, { type: 'selectScenario', scenarioId: 'tcp-echo', seed: 1 });
    expect(back.imported).toBeNull();
    expect(back.scenarioId).toBe('tcp-echo');
    expect(back.trace).toBeNull();
  });
});
