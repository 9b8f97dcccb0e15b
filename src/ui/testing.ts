// `window.wirestep`, for Playwright users (e2e/wirestep.ts): a read-only view of what the page
// shows, installed only with `?testing=1` so a normal visit exposes nothing. Its shape is a
// contract, versioned by `version` (README "Testing your own lessons with Playwright").
import { selectTotalSteps, useAppStore } from '../store';
import { shownEventCount } from '../trace/query';
import type { Trace, TraceEvent } from '../trace/types';

/** Bumped when a field of `window.wirestep` changes meaning or goes away (new fields do not bump it). */
export const TESTING_API_VERSION = 1;

export interface WirestepTestingView {
  readonly version: number;
  /** The built-in lesson shown, or null (an imported file, a scenario not from the library). */
  readonly lesson: string | null;
  readonly seed: number;
  /** The cursor (the step counter's first number) and the last step. */
  readonly step: number;
  readonly totalSteps: number;
  /** How many of the Trace's events are drawn at this step. */
  readonly shownEvents: number;
  /** The events this step shows that the step before did not (a step reveals one or a few). */
  readonly stepEvents: readonly TraceEvent[];
  /** The Trace on screen (simulated, real or imported); never changed once produced. */
  readonly trace: Trace | null;
}

declare global {
  interface Window {
    wirestep?: WirestepTestingView;
  }
}

export function installTestingView(target: Window): void {
  const state = () => useAppStore.getState();
  const view: WirestepTestingView = {
    version: TESTING_API_VERSION,
    get lesson() {
      return state().scenarioId;
    },
    get seed() {
      return state().seed;
    },
    get step() {
      return state().cursor;
    },
    get totalSteps() {
      return selectTotalSteps(state());
    },
    get shownEvents() {
      const { trace, cursor } = state();
      return trace === null ? 0 : shownEventCount(trace, cursor);
    },
    get stepEvents() {
      const { trace, cursor } = state();
      if (trace === null || cursor <= 0) return [];
      return trace.events.slice(shownEventCount(trace, cursor - 1), shownEventCount(trace, cursor));
    },
    get trace() {
      return state().trace;
    },
  };
  Object.defineProperty(target, 'wirestep', { value: Object.freeze(view), writable: false, configurable: false });
}
