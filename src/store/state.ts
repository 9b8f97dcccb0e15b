// The app state: the join of five slices (zustand's slices pattern), each in its own module with
// its state, its actions and a pure reducer: lesson.ts (what is studied and the trace on screen),
// playback.ts (cursor and playback), settings.ts, capture.ts (an imported file's session) and
// bridge.ts with source.ts (the real run, its trace and which trace is shown), and quiz.ts (the
// questions asked on the way, issue 13). Every change is a
// plain-data action applied by reduce(). An action that affects several slices is reduced here,
// at once: the store applies it in one set(), so no subscriber ever sees half of it.
import type { Lang } from '../i18n';
import type { FaultRule } from '../scenario/schema';
import type { Trace } from '../trace/types';
import { reduceBridge, initialBridgeState, type BridgeAction, type BridgeState } from './bridge';
import {
  closedCapture,
  initialCaptureState,
  reduceCapture,
  type CaptureAction,
  type CaptureState,
  type ImportedFrom,
  type ImportProblem,
} from './capture';
import { cleanConditions, type Conditions } from './conditions';
import { initialLesson, reduceLesson, type LessonAction, type LessonState, type LoadedLesson } from './lesson';
import {
  clampStep,
  initialPlayback,
  placeCursor,
  reducePlayback,
  type PlaybackAction,
  type PlaybackState,
} from './playback';
import { initialQuiz, reduceQuiz, stepWithQuiz, type QuizAction, type QuizState } from './quiz';
import { initialSettings, reduceSettings, type SettingsAction, type SettingsState } from './settings';
import {
  followReal,
  initialSourceState,
  parkSimulation,
  showSource,
  type SourceState,
  type ViewSource,
} from './source';
import { totalSteps } from '../trace/query';

export { defaultSeed, parseSeed } from './lesson';

export type AppState = LessonState &
  PlaybackState &
  SettingsState &
  CaptureState &
  BridgeState &
  SourceState &
  QuizState;

/** Actions that change several slices, each reduced as one update. */
export type CrossSliceAction =
  /** A built-in scenario by id, or (`loaded`) a lesson from a link or a file, whose id it then is. */
  | {
      type: 'selectScenario';
      scenarioId: string;
      loaded?: LoadedLesson;
      seed: number;
      cursor?: number;
      conditions?: Conditions;
      faults?: FaultRule[];
    }
  | { type: 'simulated'; trace: Trace }
  | { type: 'simulationFailed'; message: string }
  /**
   * A capture or Trace file read: `full` is the whole of it (kept by the capture slice), `trace`
   * what goes on screen (the connection picked, or all of it).
   */
  | {
      type: 'imported';
      full: Trace;
      trace: Trace;
      from: ImportedFrom;
      problem: ImportProblem | null;
      renamable: boolean;
      connectionId: number | null;
    }
  /** Another connection of the imported capture (null: all of them), `trace` being it alone. */
  | { type: 'pickConnection'; connectionId: number | null; trace: Trace }
  /** The capture built again with endpoint names: `full` and the connection shown, `trace`. */
  | { type: 'renamed'; full: Trace; trace: Trace }
  | { type: 'setSource'; source: ViewSource };

export type Action =
  LessonAction | PlaybackAction | SettingsAction | CaptureAction | BridgeAction | QuizAction | CrossSliceAction;

export function initialState(lang: Lang): AppState {
  return {
    ...initialLesson(),
    ...initialPlayback(),
    ...initialSettings(lang),
    ...initialCaptureState(),
    ...initialBridgeState(),
    ...initialSourceState(),
    ...initialQuiz(),
  };
}

/** A scenario replaces what was shown: its trace comes with the simulation that follows. */
function selectScenario(state: AppState, action: Extract<Action, { type: 'selectScenario' }>): AppState {
  // The real run belongs to the previous selection, unless it is of this scenario and showed nothing yet.
  const loaded = action.loaded ?? null;
  const keepRun =
    state.real === null && state.run?.scenarioId === action.scenarioId && loaded === null && state.loaded === null;
  return {
    ...state,
    ...(state.imported === null ? {} : closedCapture(state)),
    scenarioId: action.scenarioId,
    loaded,
    lessonLoading: null,
    lessonProblem: null,
    seed: action.seed,
    conditions: cleanConditions(action.conditions ?? {}),
    faults: action.faults ?? [],
    trace: null,
    error: null,
    imported: null,
    cursor: Math.max(0, action.cursor ?? 0),
    playing: false,
    run: keepRun ? state.run : null,
    real: null,
    ...initialSourceState(),
  };
}

/** An imported trace replaces the scenario: the URL then carries no scenario (files stay local). */
function showImported(state: AppState, action: Extract<Action, { type: 'imported' }>): AppState {
  return {
    ...state,
    scenarioId: null,
    loaded: null,
    conditions: {},
    imported: action.from,
    trace: action.trace,
    error: null,
    cursor: 0,
    playing: false,
    loading: null,
    problem: action.problem,
    full: action.full,
    connectionId: action.connectionId,
    names: {},
    renamable: action.renamable,
    renaming: false,
    run: null,
    real: null,
    ...initialSourceState(),
  };
}

/** Another view of the imported capture: a connection picked (from its first step) or names applied (same step). */
function showCapture(state: AppState, trace: Trace, keepCursor: boolean): AppState {
  const cursor = keepCursor ? clampStep(state.cursor, 0, totalSteps(trace)) : 0;
  return { ...state, trace, error: null, cursor, playing: false };
}

/** A bridge action; a new version of the real trace moves the viewer in the same update. */
function reduceBridgeAction(state: AppState, action: BridgeAction): AppState {
  const next = reduceBridge(state, action);
  if (next.real === state.real) return next;
  const viewed = followReal(next, state.real);
  // The first trace of a run comes on screen by itself, unless the learner is comparing.
  const first = next.run?.traced === true && state.run?.traced !== true;
  return first && viewed.source === 'sim' ? showSource(viewed, 'real') : viewed;
}

export function reduce(state: AppState, action: Action): AppState {
  switch (action.type) {
    case 'selectScenario':
      return selectScenario(state, action);
    case 'simulated':
      if (state.source === 'real') return parkSimulation(state, action.trace);
      return { ...state, trace: action.trace, error: null, cursor: placeCursor(state, action.trace) };
    case 'simulationFailed':
      return { ...state, error: action.message, playing: false };
    case 'imported':
      return showImported(state, action);
    case 'pickConnection':
      if (state.full === null || state.imported === null) return state;
      return { ...showCapture(state, action.trace, false), connectionId: action.connectionId };
    case 'renamed':
      if (state.full === null || state.imported === null) return state;
      return { ...showCapture(state, action.trace, true), full: action.full, renaming: false };
    case 'setSource':
      return showSource(state, action.source);
    case 'setSeed':
    case 'setConditions':
    case 'setFaults':
    case 'lessonLoading':
    case 'lessonFailed':
    case 'dismissLessonProblem':
      return reduceLesson(state, action);
    case 'stepForward':
    case 'tick':
      // With the quiz on, a step that would show a question's event asks it first (quiz.ts).
      return stepWithQuiz(state, (before) => reducePlayback(before, action));
    case 'stepBack':
    case 'goTo':
    case 'first':
    case 'last':
    case 'nextSegment':
    case 'previousSegment':
    case 'selectEvent':
    case 'play':
    case 'pause':
    case 'togglePlay':
    case 'setSpeed':
    case 'setEventFilter':
      return reducePlayback(state, action);
    case 'setQuiz':
    case 'quizAnswer':
    case 'quizReset':
    case 'quizLoaded':
      return reduceQuiz(state, action);
    case 'setLanguage':
    case 'setSeqMode':
    case 'setTheme':
    case 'setAnimate':
    case 'setPresentation':
    case 'setEmbed':
    case 'setCodeLang':
    case 'setViewTab':
    case 'setPanelTab':
    case 'setTsgRange':
    case 'setTimeScale':
    case 'setUrlProblems':
    case 'dismissUrlProblems':
      return reduceSettings(state, action);
    case 'importStarted':
    case 'importProgress':
    case 'importCancelled':
    case 'importFailed':
    case 'renameStarted':
    case 'renameFailed':
    case 'dismissProblem':
      return reduceCapture(state, action);
    case 'connecting':
    case 'opened':
    case 'down':
    case 'message':
    case 'events':
    case 'runRequested':
    case 'cancelRequested':
      return reduceBridgeAction(state, action);
  }
}
