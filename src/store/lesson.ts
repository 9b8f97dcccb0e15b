// The lesson slice: what the learner studies (a built-in scenario with its seed and conditions, or
// an imported file), the trace on screen and the latest simulation error. `scenarioId` and
// `imported` are the one record of where the trace on screen came from.
import type { Trace } from '../trace/types';
import type { ImportedFrom } from './capture';
import { cleanConditions, type Conditions } from './conditions';

export interface LessonState {
  /** The selected built-in scenario, or null before the learner picks one (or while a file is shown). */
  scenarioId: string | null;
  /** The seed of the run shown; printed and kept in the URL so any run can be replayed. */
  seed: number;
  conditions: Conditions;
  /** The trace on screen; a failed re-run keeps the last good one under an error banner. */
  trace: Trace | null;
  /** The latest simulation error, or null when the trace shown is the latest run. */
  error: string | null;
  /** The file the trace shown was imported from (scenarioId is then null), or null for a simulation. */
  imported: ImportedFrom | null;
}

/** Actions that change the lesson slice alone; the others that touch it are in state.ts. */
export type LessonAction = { type: 'setSeed'; seed: number } | { type: 'setConditions'; conditions: Conditions };

export const defaultSeed = 1;

export function initialLesson(): LessonState {
  return { scenarioId: null, seed: defaultSeed, conditions: {}, trace: null, error: null, imported: null };
}

export function reduceLesson<S extends LessonState>(state: S, action: LessonAction): S {
  switch (action.type) {
    case 'setSeed':
      return { ...state, seed: action.seed };
    case 'setConditions':
      return { ...state, conditions: cleanConditions(action.conditions) };
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
