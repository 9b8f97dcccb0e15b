// The lesson slice: what the learner studies (a built-in scenario, or a lesson loaded from a link
// or a file, with its seed and conditions; or an imported capture), the trace on screen and the
// latest simulation error. `scenarioId`, `loaded` and `imported` are the one record of where the
// trace on screen came from.
import { findScenario } from '../scenario/library';
import type { Problem } from '../scenario/validate';
import type { FaultRule, Scenario } from '../scenario/schema';
import type { Trace } from '../trace/types';
import type { ImportedFrom } from './capture';
import { cleanConditions, type Conditions } from './conditions';
import { maxLearnerFaults } from './faults';

/**
 * Where a lesson that is not built in came from: `?lesson=URL`, the `#lesson=` fragment, a file, or
 * the lesson editor (`from` is the id of the lesson edited; an edited lesson has no address).
 */
export type LessonOrigin =
  | { kind: 'url'; url: string }
  | { kind: 'link' }
  | { kind: 'file'; fileName: string }
  | { kind: 'edited'; from: string };

/** A validated scenario that is not one of the built-in lessons. */
export interface LoadedLesson {
  scenario: Scenario;
  origin: LessonOrigin;
}

/** Why a lesson from a link or a file could not be opened; what was on screen stays. */
export type LessonFailure =
  | { kind: 'fetch'; message: string; status?: number }
  | { kind: 'timeout'; ms: number }
  | { kind: 'too-big'; limit: number }
  | { kind: 'not-a-lesson'; message: string }
  /** The server answered with an HTML page (a mistyped path on a site that serves its app for every path). */
  | { kind: 'web-page' }
  | { kind: 'invalid'; problems: Problem[] };

export interface LessonProblem {
  origin: LessonOrigin;
  failure: LessonFailure;
}

export interface LessonState {
  /** The scenario studied (built in, or `loaded`'s), or null before the learner picks one (or while a capture is shown). */
  scenarioId: string | null;
  /** The lesson studied when it is not a built-in one (its id may then shadow a built-in id). */
  loaded: LoadedLesson | null;
  /** The seed of the run shown; printed and kept in the URL so any run can be replayed. */
  seed: number;
  conditions: Conditions;
  /** Faults the learner added ("break it yourself"), after the scenario's own; in the share link. */
  faults: FaultRule[];
  /** The trace on screen; a failed re-run keeps the last good one under an error banner. */
  trace: Trace | null;
  /** The latest simulation error, or null when the trace shown is the latest run. */
  error: string | null;
  /** The file the trace shown was imported from (scenarioId is then null), or null for a simulation. */
  imported: ImportedFrom | null;
  /** A lesson being fetched or read (shown as such), or null. */
  lessonLoading: LessonOrigin | null;
  /** The last lesson that could not be opened, until dismissed or another lesson opens. */
  lessonProblem: LessonProblem | null;
}

/** Actions that change the lesson slice alone; the others that touch it are in state.ts. */
export type LessonAction =
  | { type: 'setSeed'; seed: number }
  | { type: 'setConditions'; conditions: Conditions }
  | { type: 'setFaults'; faults: FaultRule[] }
  | { type: 'lessonLoading'; origin: LessonOrigin }
  | { type: 'lessonFailed'; problem: LessonProblem }
  | { type: 'dismissLessonProblem' };

export const defaultSeed = 1;

export function initialLesson(): LessonState {
  return {
    scenarioId: null,
    loaded: null,
    seed: defaultSeed,
    conditions: {},
    faults: [],
    trace: null,
    error: null,
    imported: null,
    lessonLoading: null,
    lessonProblem: null,
  };
}

export function reduceLesson<S extends LessonState>(state: S, action: LessonAction): S {
  switch (action.type) {
    case 'setSeed':
      return { ...state, seed: action.seed };
    case 'setConditions':
      return { ...state, conditions: cleanConditions(action.conditions) };
    case 'setFaults':
      return { ...state, faults: action.faults.slice(0, maxLearnerFaults) };
    case 'lessonLoading':
      return { ...state, lessonLoading: action.origin, lessonProblem: null };
    case 'lessonFailed':
      return { ...state, lessonLoading: null, lessonProblem: action.problem };
    case 'dismissLessonProblem':
      return state.lessonProblem === null ? state : { ...state, lessonProblem: null };
  }
}

/** Seeds are 32-bit unsigned integers (the scenario schema's range); anything else is rejected. */
export function parseSeed(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined || !/^\d{1,10}$/.test(text.trim())) return undefined;
  const seed = Number(text.trim());
  return seed <= 0xffffffff ? seed : undefined;
}

// Selectors typed by the slice they read, so a component's subscription says which slice it needs.
export const selectImported = (state: LessonState): ImportedFrom | null => state.imported;
export const selectHasTrace = (state: LessonState): boolean => state.trace !== null;
export const selectFailed = (state: LessonState): boolean => state.error !== null;

/** The scenario studied: the loaded lesson's, else the built-in one of that id. */
export function currentScenario(state: Pick<LessonState, 'scenarioId' | 'loaded'>): Scenario | undefined {
  if (state.loaded !== null) return state.loaded.scenario;
  return state.scenarioId === null ? undefined : findScenario(state.scenarioId);
}
export const selectLoadedLesson = (state: LessonState): LoadedLesson | null => state.loaded;
export const selectLessonLoading = (state: LessonState): LessonOrigin | null => state.lessonLoading;
export const selectLessonProblem = (state: LessonState): LessonProblem | null => state.lessonProblem;
export const selectFaults = (state: LessonState): FaultRule[] => state.faults;
