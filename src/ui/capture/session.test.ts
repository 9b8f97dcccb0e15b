// What an import does to the store: the capture slice keeps the whole trace, the lesson slice
// shows the first connection, picking and renaming change what is shown, a failure changes nothing.
import { beforeEach, describe, expect, it } from 'vitest';
import { initialState, useAppStore, type ImportedFrom } from '../../store';
import { importCapture } from '../../trace/import';
import { cleanNames, importFailed, pickConnection, renamed, showImport } from './session';
import { clientEndpoints, twoConnectionCapture } from './test-captures';

const from: ImportedFrom = { fileName: 'two.pcap', kind: 'capture', inferred: true };

beforeEach(() => {
  useAppStore.setState(initialState('en'));
});

describe('capture session', () => {
  it('shows the first of several connections, then the one picked, then all', () => {
    const full = importCapture(twoConnectionCapture(), { fileName: 'two.pcap' });
    showImport(full, from, null, true);
    expect(useAppStore.getState()).toMatchObject({ full, connectionId: 0, renamable: true });
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
    useAppStore.getState().dispatch({ type: 'renameStarted', names });
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
    // What is on screen (the lesson and the cursor) is the same, object for object.
    const after = useAppStore.getState();
    for (const key of ['trace', 'imported', 'scenarioId', 'cursor', 'playing', 'source'] as const) {
      expect(after[key]).toBe(before[key]);
    }
    expect(useAppStore.getState().problem).toEqual({
      fileName: 'bad.pcap',
      failure: { kind: 'capture', offset: 24, message: 'pcap record cut short' },
      shown: 0,
    });
    expect(useAppStore.getState().full).toBe(full);
  });

  it('shows an import and a connection picked in one store update each', () => {
    const full = importCapture(twoConnectionCapture());
    const seen: unknown[] = [];
    const unsubscribe = useAppStore.subscribe((state) => {
      // Never half an import: the lesson and the capture slices agree in every state seen.
      expect(state.full).toBe(full);
      expect(state.imported).toEqual(from);
      expect(state.trace?.meta.connection).toBe(state.connectionId ?? undefined);
      seen.push(state);
    });
    try {
      showImport(full, from, null, true);
      expect(seen).toHaveLength(1);
      pickConnection(1);
      expect(seen).toHaveLength(2);
    } finally {
      unsubscribe();
    }
  });

  it('shows a one-connection capture whole, and keeps names trimmed and non-empty', () => {
    const trace = importCapture(twoConnectionCapture());
    const pcap = trace.meta.pcap;
    if (pcap === undefined) throw new Error('capture metadata expected');
    const one = { ...trace, meta: { ...trace.meta, pcap: { ...pcap, connections: [], connectionCount: 0 } } };
    showImport(one, from, null, true);
    expect(useAppStore.getState().connectionId).toBeNull();
    expect(useAppStore.getState().trace).toBe(one);
    expect(cleanNames({ a: '  server ', b: '   ', c: '' })).toEqual({ a: 'server' });
  });
});
