// What an import does to both stores: the capture store keeps the whole trace, the app shows
// the first connection, picking and renaming change what is shown, a failure changes nothing.
import { beforeEach, describe, expect, it } from 'vitest';
import { initialCaptureState, initialState, useAppStore, useCaptureStore, type ImportedFrom } from '../../store';
import { importCapture } from '../../trace/import';
import { cleanNames, importFailed, pickConnection, renamed, showImport } from './session';
import { clientEndpoints, twoConnectionCapture } from './test-captures';

const from: ImportedFrom = { fileName: 'two.pcap', kind: 'capture', inferred: true };

beforeEach(() => {
  useAppStore.setState(initialState('en'));
  useCaptureStore.setState(initialCaptureState());
});

describe('capture session', () => {
  it('shows the first of several connections, then the one picked, then all', () => {
    const full = importCapture(twoConnectionCapture(), { fileName: 'two.pcap' });
    showImport(full, from, null, true);
    expect(useCaptureStore.getState()).toMatchObject({ full, connectionId: 0, renamable: true });
    const app = () => useAppStore.getState();
    expect(app().imported).toEqual(from);
    expect(app().scenarioId).toBeNull();
    expect(app().trace?.meta.connection).toBe(0);

    useAppStore.getState().dispatch({ type: 'goTo', cursor: 4 });
    pickConnection(1);
    expect(app().trace?.meta.connection).toBe(1);
    expect(app().cursor).toBe(0);
    expect(app().trace?.events.some((e) => e.kind === 'segment' && e.src === clientEndpoints[1])).toBe(true);

    pickConnection(null);
    expect(app().trace).toBe(full);
  });

  it('applies names on the connection shown and keeps the step', () => {
    const full = importCapture(twoConnectionCapture());
    showImport(full, from, null, true);
    pickConnection(1);
    useAppStore.getState().dispatch({ type: 'goTo', cursor: 5 });
    const names = { [clientEndpoints[1]]: 'client B', '10.0.0.1:8080': 'server' };
    useCaptureStore.getState().dispatch({ type: 'renameStarted', names });
    renamed(importCapture(twoConnectionCapture(), { names }));
    const shown = useAppStore.getState().trace;
    expect(shown?.meta.connection).toBe(1);
    expect(shown?.hosts.map((h) => h.name).sort()).toEqual(['client B', 'server']);
    expect(useAppStore.getState().cursor).toBe(5);
  });

  it('leaves the screen as it was when an import fails', () => {
    const full = importCapture(twoConnectionCapture());
    showImport(full, from, null, true);
    const before = useAppStore.getState();
    importFailed('bad.pcap', { kind: 'capture', offset: 24, message: 'pcap record cut short' });
    expect(useAppStore.getState()).toBe(before);
    expect(useCaptureStore.getState().problem).toEqual({
      fileName: 'bad.pcap',
      failure: { kind: 'capture', offset: 24, message: 'pcap record cut short' },
      shown: 0,
    });
    expect(useCaptureStore.getState().full).toBe(full);
  });

  it('shows a one-connection capture whole, and keeps names trimmed and non-empty', () => {
    const trace = importCapture(twoConnectionCapture());
    const one = { ...trace, meta: { ...trace.meta, connections: [], connectionCount: 0 } };
    showImport(one, from, null, true);
    expect(useCaptureStore.getState().connectionId).toBeNull();
    expect(useAppStore.getState().trace).toBe(one);
    expect(cleanNames({ a: '  server ', b: '   ', c: '' })).toEqual({ a: 'server' });
  });
});
