// The app state and every change to it as plain data, applied by one pure function. The cursor
// is a plain step count: everything on screen derives from the trace's events before it.
import type { Lang } from '../i18n';
import type { Trace } from '../trace/types';
import type { ImportedFrom } from './capture';
import { cleanConditions, type Conditions } from './conditions';
import {
  initialSourceState,
  parkSimulation,
  showSource,
  updateReal,
  type SourceState,
  type ViewSource,
} from './source';
import { cursorForEvent, nextPacketCursor, previousPacketCursor, totalSteps } from './timeline';

export type SeqMode = 'relative' | 'absolute';
export type Theme = 'light' | 'dark';
export type CodeLang = 'python' | 'go' | 'node';
export type ViewTab = 'diagram' | 'events';
export type PanelTab = 'tcb' | 'code' | 'bytes' | 'settings';

/** Playback speeds offered; 1 means one step per `baseStepMs`. */
export const speeds = [0.5, 1, 2, 4] as const;
export type Speed = (typeof speeds)[number];
export const baseStepMs = 800;

/** An address-bar parameter we could not use, kept to tell the learner what was ignored. */
export interface UrlProblem {
  param: string;
  value: string;
}

export interface AppState extends SourceState {
  lang: Lang;
  /** The selected built-in scenario, or null before the learner picks one. */
  scenarioId: string | null;
  /** The seed of the run shown; printed and kept in the URL so any run can be replayed. */
  seed: number;
  conditions: Conditions;
  /** The last good trace: a failed re-run keeps it on screen under an error banner. */
  trace: Trace | null;
  /** The latest simulation error, or null when the trace shown is the latest run. */
  error: string | null;
  /** Steps shown, 0..totalSteps(trace). */
  cursor: number;
  playing: boolean;
  speed: Speed;
  seqMode: SeqMode;
  theme: Theme;
  animate: boolean;
  presentation: boolean;
  codeLang: CodeLang;
  viewTab: ViewTab;
  panelTab: PanelTab;
  urlProblems: UrlProblem[];
  /** The file the trace shown was imported from (scenarioId is then null), or null for a simulation. */
  imported: ImportedFrom | null;
}

export type Action =
  | { type: 'setLanguage'; lang: Lang }
  | { type: 'selectScenario'; scenarioId: string; seed: number; cursor?: number; conditions?: Conditions }
  | { type: 'setSeed'; seed: number }
  | { type: 'setConditions'; conditions: Conditions }
  | { type: 'simulated'; trace: Trace }
  | { type: 'simulationFailed'; message: string }
  | { type: 'stepForward' }
  | { type: 'stepBack' }
  | { type: 'goTo'; cursor: number }
  | { type: 'first' }
  | { type: 'last' }
  | { type: 'nextSegment' }
  | { type: 'previousSegment' }
  | { type: 'selectEvent'; eventIndex: number }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'togglePlay' }
  | { type: 'tick' }
  | { type: 'setSpeed'; speed: Speed }
  | { type: 'setSeqMode'; seqMode: SeqMode }
  | { type: 'setTheme'; theme: Theme }
  | { type: 'setAnimate'; animate: boolean }
  | { type: 'setPresentation'; presentation: boolean }
  | { type: 'setCodeLang'; codeLang: CodeLang }
  | { type: 'setViewTab'; tab: ViewTab }
  | { type: 'setPanelTab'; tab: PanelTab }
  | { type: 'setUrlProblems'; problems: UrlProblem[] }
  | { type: 'dismissUrlProblems' }
  | { type: 'setSource'; source: ViewSource }
  | { type: 'realTrace'; trace: Trace | null }
  | { type: 'showImported'; trace: Trace; from: ImportedFrom; keepCursor?: boolean };

export const defaultSeed = 1;

export function initialState(lang: Lang): AppState {
  return {
    lang,
    scenarioId: null,
    seed: defaultSeed,
    conditions: {},
    trace: null,
    error: null,
    cursor: 0,
    playing: false,
    speed: 1,
    seqMode: 'relative',
    theme: 'light',
    animate: true,
    presentation: false,
    codeLang: 'python',
    viewTab: 'diagram',
    panelTab: 'tcb',
    urlProblems: [],
    imported: null,
    ...initialSourceState(),
  };
}

const clamp = (value: number, low: number, high: number) => Math.min(Math.max(Math.round(value), low), high);

/** Moves the cursor within the trace; without a trace the cursor waits as requested (a shared link's step). */
function moveTo(state: AppState, cursor: number): AppState {
  const total = state.trace === null ? Number.MAX_SAFE_INTEGER : totalSteps(state.trace);
  const next = clamp(cursor, 0, total);
  // Playback stops at the end; it never runs past it.
  const playing = state.playing && next < total;
  return next === state.cursor && playing === state.playing ? state : { ...state, cursor: next, playing };
}

/** A new run of the same scenario keeps the learner at the same fraction of the timeline. */
function placeCursor(state: AppState, trace: Trace): number {
  const total = totalSteps(trace);
  if (state.trace === null) return clamp(state.cursor, 0, total);
  const before = totalSteps(state.trace);
  return before === 0 ? 0 : clamp((state.cursor / before) * total, 0, total);
}

export function reduce(state: AppState, action: Action): AppState {
  switch (action.type) {
    case 'setLanguage':
      return { ...state, lang: action.lang };
    case 'selectScenario':
      return {
        ...state,
        scenarioId: action.scenarioId,
        seed: action.seed,
        conditions: cleanConditions(action.conditions ?? {}),
        trace: null,
        error: null,
        cursor: Math.max(0, action.cursor ?? 0),
        playing: false,
        imported: null,
        ...initialSourceState(),
      };
    case 'setSeed':
      return { ...state, seed: action.seed };
    case 'setConditions':
      return { ...state, conditions: cleanConditions(action.conditions) };
    case 'simulated':
      if (state.source === 'real') return parkSimulation(state, action.trace);
      return { ...state, trace: action.trace, error: null, cursor: placeCursor(state, action.trace) };
    case 'simulationFailed':
      return { ...state, error: action.message, playing: false };
    case 'stepForward':
      return moveTo(state, state.cursor + 1);
    case 'stepBack':
      return moveTo(state, state.cursor - 1);
    case 'goTo':
      return moveTo(state, action.cursor);
    case 'first':
      return moveTo(state, 0);
    case 'last':
      return moveTo(state, Number.MAX_SAFE_INTEGER);
    case 'nextSegment':
      return state.trace === null ? state : moveTo(state, nextPacketCursor(state.trace, state.cursor));
    case 'previousSegment':
      return state.trace === null ? state : moveTo(state, previousPacketCursor(state.trace, state.cursor));
    case 'selectEvent':
      return state.trace === null ? state : moveTo(state, cursorForEvent(state.trace, action.eventIndex));
    case 'play': {
      if (state.trace === null || totalSteps(state.trace) === 0) return state;
      // Play at the end starts over, as a media player does.
      const cursor = state.cursor >= totalSteps(state.trace) ? 0 : state.cursor;
      return { ...state, cursor, playing: true };
    }
    case 'pause':
      return state.playing ? { ...state, playing: false } : state;
    case 'togglePlay':
      return reduce(state, { type: state.playing ? 'pause' : 'play' });
    case 'tick':
      return state.playing ? moveTo(state, state.cursor + 1) : state;
    case 'setSpeed':
      return { ...state, speed: action.speed };
    case 'setSeqMode':
      return { ...state, seqMode: action.seqMode };
    case 'setTheme':
      return { ...state, theme: action.theme };
    case 'setAnimate':
      return { ...state, animate: action.animate };
    case 'setPresentation':
      return { ...state, presentation: action.presentation };
    case 'setCodeLang':
      return { ...state, codeLang: action.codeLang };
    case 'setViewTab':
      return { ...state, viewTab: action.tab };
    case 'setPanelTab':
      return { ...state, panelTab: action.tab };
    case 'setUrlProblems':
      return { ...state, urlProblems: action.problems };
    case 'dismissUrlProblems':
      return { ...state, urlProblems: [] };
    case 'setSource':
      return showSource(state, action.source);
    case 'realTrace':
      return updateReal(state, action.trace);
    case 'showImported':
      // An imported trace replaces the scenario: the URL then carries no scenario (files stay local).
      return {
        ...state,
        scenarioId: null,
        conditions: {},
        imported: action.from,
        trace: action.trace,
        error: null,
        cursor: action.keepCursor === true ? clamp(state.cursor, 0, totalSteps(action.trace)) : 0,
        playing: false,
        ...initialSourceState(),
      };
  }
}

/** Seeds are 32-bit unsigned integers (the scenario schema's range); anything else is rejected. */
export function parseSeed(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined || !/^\d{1,10}$/.test(text.trim())) return undefined;
  const seed = Number(text.trim());
  return seed <= 0xffffffff ? seed : undefined;
}
