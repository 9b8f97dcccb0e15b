// Which trace the viewer shows: the simulation, the real run of the same scenario (the bridge
// slice's `real`), or both side by side. `trace` and `cursor` are always what is on screen, so
// every panel, control and shortcut works on the real trace unchanged; the side not shown keeps
// its cursor in `parked` (and, while the real trace is shown, the simulation itself). Pure: used
// by reduce() in state.ts.
import type { Trace } from '../trace/types';
import type { AppState } from './state';
import { totalSteps } from '../trace/query';

/** 'sim': the simulation; 'real': the real run; 'compare': both (the main cursor is the simulation's). */
export type ViewSource = 'sim' | 'real' | 'compare';

export interface SourceState {
  source: ViewSource;
  /** The side not on screen: its cursor, and the simulation while the real trace is shown (else null). */
  parked: { trace: Trace | null; cursor: number };
}

export function initialSourceState(): SourceState {
  return { source: 'sim', parked: { trace: null, cursor: 0 } };
}

const clampCursor = (cursor: number, trace: Trace | null): number =>
  Math.min(Math.max(0, Math.round(cursor)), trace === null ? 0 : totalSteps(trace));

/** Shows another source; the cursor of each side is kept for when it comes back. */
export function showSource(state: AppState, source: ViewSource): AppState {
  if (source === state.source) return state;
  if (source === 'real' && state.real === null) return state;
  const realShown = state.source === 'real';
  if ((source === 'real') === realShown) return { ...state, source };
  // Swap what is on screen with the side that waited.
  const incoming = realShown ? state.parked.trace : state.real;
  return {
    ...state,
    source,
    trace: incoming,
    cursor: clampCursor(state.parked.cursor, incoming),
    playing: false,
    parked: { trace: realShown ? null : state.trace, cursor: state.cursor },
  };
}

/** Where the cursor goes on a new version of a trace: one at the end follows it as it grows. */
function follow(cursor: number, before: Trace | null, after: Trace): number {
  const total = totalSteps(after);
  if (before === null || cursor >= totalSteps(before)) return total;
  return Math.min(cursor, total);
}

/**
 * The viewer after a new version of the real trace (`state.real`; `before` was the previous one):
 * one more batch of live events, or the final trace. Shown at once when the real trace is on
 * screen; otherwise its parked cursor follows it.
 */
export function followReal(state: AppState, before: Trace | null): AppState {
  const real = state.real;
  if (real === null) return state;
  if (state.source !== 'real') {
    return { ...state, parked: { ...state.parked, cursor: follow(state.parked.cursor, before, real) } };
  }
  return { ...state, trace: real, cursor: follow(state.cursor, state.trace, real) };
}

/** A new simulation while the real trace is on screen: parked, its cursor at the same fraction. */
export function parkSimulation(state: AppState, trace: Trace): AppState {
  const before = state.parked.trace;
  const total = totalSteps(trace);
  const old = before === null ? 0 : totalSteps(before);
  const cursor =
    before === null ? clampCursor(state.parked.cursor, trace) : old === 0 ? 0 : (state.parked.cursor / old) * total;
  return { ...state, error: null, parked: { trace, cursor: clampCursor(cursor, trace) } };
}

export const selectSource = (state: SourceState): ViewSource => state.source;
export const selectComparing = (state: SourceState): boolean => state.source === 'compare';
