// Which trace the viewer shows: the simulation, the real run of the same scenario (from the
// bridge), or both side by side. `trace` and `cursor` in the app state are always what is on
// screen, so every panel, control and shortcut works on the real trace unchanged; the trace that
// is not shown waits in `parked` with its own cursor. Pure: used by reduce() in state.ts.
import type { Trace } from '../trace/types';
import type { AppState } from './state';
import { totalSteps } from './timeline';

/** 'sim': the simulation; 'real': the real run; 'compare': both (the main cursor is the simulation's). */
export type ViewSource = 'sim' | 'real' | 'compare';

/** The real run's trace and the simulation while the other is on screen. */
export interface SourceState {
  source: ViewSource;
  /** The real run's trace (growing while the run streams), or null before any run. */
  real: Trace | null;
  /** The trace not on screen (the simulation while the real trace is shown, else the real one) and its cursor. */
  parked: { trace: Trace | null; cursor: number };
}

export function initialSourceState(): SourceState {
  return { source: 'sim', real: null, parked: { trace: null, cursor: 0 } };
}

const clampCursor = (cursor: number, trace: Trace | null): number =>
  Math.min(Math.max(0, Math.round(cursor)), trace === null ? 0 : totalSteps(trace));

/** The simulation, wherever it is. */
export function simulationOf(state: AppState): Trace | null {
  return state.source === 'real' ? state.parked.trace : state.trace;
}

/** Shows another source; the cursor of each side is kept for when it comes back. */
export function showSource(state: AppState, source: ViewSource): AppState {
  if (source === state.source) return state;
  if (source === 'real' && state.real === null) return state;
  const realShown = state.source === 'real';
  if ((source === 'real') === realShown) return { ...state, source };
  // Swap what is on screen with what is parked.
  const incoming = realShown ? state.parked.trace : state.real;
  return {
    ...state,
    source,
    trace: incoming,
    cursor: clampCursor(state.parked.cursor, incoming),
    playing: false,
    parked: { trace: state.trace, cursor: state.cursor },
  };
}

/** Where the cursor goes on a new version of a trace: one at the end follows it as it grows. */
function follow(cursor: number, before: Trace | null, after: Trace): number {
  const total = totalSteps(after);
  if (before === null || cursor >= totalSteps(before)) return total;
  return Math.min(cursor, total);
}

/**
 * A new version of the real trace (one more batch of live events, or the final trace): shown at
 * once when the real trace is on screen, else parked. Null drops it (another scenario).
 */
export function updateReal(state: AppState, trace: Trace | null): AppState {
  if (trace === null) {
    if (state.source !== 'real') return { ...state, real: null, source: 'sim', parked: { trace: null, cursor: 0 } };
    return {
      ...state,
      real: null,
      source: 'sim',
      trace: state.parked.trace,
      cursor: clampCursor(state.parked.cursor, state.parked.trace),
      parked: { trace: null, cursor: 0 },
      playing: false,
    };
  }
  if (state.source !== 'real') {
    return { ...state, real: trace, parked: { trace, cursor: follow(state.parked.cursor, state.real, trace) } };
  }
  return { ...state, real: trace, trace, cursor: follow(state.cursor, state.trace, trace) };
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
