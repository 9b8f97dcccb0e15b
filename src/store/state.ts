// The app state and every change to it as plain data, applied by one pure function.
import type { Lang } from '../i18n';
import type { Trace } from '../trace/types';

export type SimulationResult =
  { status: 'idle' } | { status: 'ok'; trace: Trace } | { status: 'error'; message: string };

export interface AppState {
  lang: Lang;
  /** The selected built-in scenario, or null before the learner picks one. */
  scenarioId: string | null;
  /** The seed of the run shown; printed and kept in the URL so any run can be replayed. */
  seed: number;
  result: SimulationResult;
}

export type Action =
  | { type: 'setLanguage'; lang: Lang }
  | { type: 'selectScenario'; scenarioId: string; seed: number }
  | { type: 'setSeed'; seed: number }
  | { type: 'simulated'; trace: Trace }
  | { type: 'simulationFailed'; message: string };

export const defaultSeed = 1;

export function initialState(lang: Lang): AppState {
  return { lang, scenarioId: null, seed: defaultSeed, result: { status: 'idle' } };
}

export function reduce(state: AppState, action: Action): AppState {
  switch (action.type) {
    case 'setLanguage':
      return { ...state, lang: action.lang };
    case 'selectScenario':
      return { ...state, scenarioId: action.scenarioId, seed: action.seed, result: { status: 'idle' } };
    case 'setSeed':
      return { ...state, seed: action.seed, result: { status: 'idle' } };
    case 'simulated':
      return { ...state, result: { status: 'ok', trace: action.trace } };
    case 'simulationFailed':
      return { ...state, result: { status: 'error', message: action.message } };
  }
}

/** Seeds are 32-bit unsigned integers (the scenario schema's range); anything else is rejected. */
export function parseSeed(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined || !/^\d{1,10}$/.test(text.trim())) return undefined;
  const seed = Number(text.trim());
  return seed <= 0xffffffff ? seed : undefined;
}
