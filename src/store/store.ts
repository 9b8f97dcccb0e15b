// The one zustand store. Its state is the join of the five slices (state.ts, zustand's slices
// pattern) and it has one dispatch: every change is a plain-data action applied by the pure root
// reducer in a single set(), so an action that affects several slices is one update and one
// notification. Simulation is the only effect here; it runs the pure simulator and turns its
// outcome (a Trace or an error) into an action, so the page never blanks.
import { create } from 'zustand';
import { findScenario } from '../scenario/library';
import type { FaultRule, Scenario } from '../scenario/schema';
import { simulate } from '../sim';
import type { Lang } from '../i18n';
import { toSimOptions, type Conditions } from './conditions';
import { withLearnerFaults } from './faults';
import { currentScenario, type LoadedLesson } from './lesson';
import { defaultSeed, initialState, reduce, type Action, type AppState } from './state';

export interface AppStore extends AppState {
  dispatch: (action: Action) => void;
}

export const useAppStore = create<AppStore>()((set) => ({
  ...initialState('en'),
  // A reducer that changes nothing returns the same state: zustand then notifies no one.
  dispatch: (action) => set((state) => reduce(state, action)),
}));

export const dispatch = (action: Action): void => useAppStore.getState().dispatch(action);

/** Runs the simulator for a scenario, seed and conditions; never throws. */
export function simulationOutcome(
  scenario: Scenario | undefined,
  id: string,
  seed: number,
  conditions: Conditions = {},
): Action {
  if (scenario === undefined) return { type: 'simulationFailed', message: `unknown scenario "${id}"` };
  try {
    return { type: 'simulated', trace: simulate(scenario, toSimOptions(seed, conditions)) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { type: 'simulationFailed', message: message === '' ? 'unknown error' : message };
  }
}

let pending: ReturnType<typeof setTimeout> | undefined;

function runSimulation(): void {
  clearTimeout(pending);
  pending = undefined;
  const state = useAppStore.getState();
  if (state.scenarioId === null) return;
  const scenario = currentScenario(state);
  const broken = scenario === undefined ? undefined : withLearnerFaults(scenario, state.faults);
  dispatch(simulationOutcome(broken, state.scenarioId, state.seed, state.conditions));
}

/** Live edits re-run the simulation once typing pauses, not on every keystroke. */
export const resimulateDelayMs = 150;

function scheduleSimulation(): void {
  clearTimeout(pending);
  pending = setTimeout(runSimulation, resimulateDelayMs);
}

export function setLanguage(lang: Lang): void {
  dispatch({ type: 'setLanguage', lang });
}

export interface SelectOptions {
  seed?: number;
  cursor?: number;
  conditions?: Conditions;
  faults?: FaultRule[];
}

/** Selects a scenario and simulates it with the given seed (or the scenario's own), step and conditions. */
export function selectScenario(scenarioId: string, options: SelectOptions = {}): void {
  dispatch({
    type: 'selectScenario',
    scenarioId,
    seed: options.seed ?? findScenario(scenarioId)?.seed ?? defaultSeed,
    cursor: options.cursor,
    conditions: options.conditions,
    faults: options.faults,
  });
  runSimulation();
}

/** Opens a lesson that is not built in (already validated), with its own seed unless one is given. */
function openAction(loaded: LoadedLesson, options: SelectOptions): Action {
  return {
    type: 'selectScenario',
    scenarioId: loaded.scenario.id,
    loaded,
    seed: options.seed ?? loaded.scenario.seed ?? defaultSeed,
    cursor: options.cursor,
    conditions: options.conditions,
    faults: options.faults,
  };
}

export function openLoadedLesson(loaded: LoadedLesson, options: SelectOptions = {}): void {
  dispatch(openAction(loaded, options));
  runSimulation();
}

/**
 * Opens a lesson only if the simulator accepts it, with the learner's faults, seed and
 * conditions: the Trace of that one simulation is the one shown (the editor checked each draft
 * and then simulated it again). Returns the simulator's refusal, leaving the screen as it was.
 */
export function openLoadedLessonIfItRuns(loaded: LoadedLesson, options: SelectOptions = {}): string | null {
  const action = openAction(loaded, options);
  const next = reduce(useAppStore.getState(), action);
  const scenario = currentScenario(next);
  const broken = scenario === undefined ? undefined : withLearnerFaults(scenario, next.faults);
  const outcome = simulationOutcome(broken, loaded.scenario.id, next.seed, next.conditions);
  if (outcome.type === 'simulationFailed') return outcome.message;
  clearTimeout(pending);
  pending = undefined;
  dispatch(action);
  dispatch(outcome);
  return null;
}

/**
 * Replaces the learner's faults and re-simulates at once, keeping the step: the learner sees what
 * the fault changes from the moment it strikes.
 */
export function setFaults(faults: FaultRule[]): void {
  dispatch({ type: 'setFaults', faults });
  runSimulation();
}

export function setSeed(seed: number): void {
  dispatch({ type: 'setSeed', seed });
  scheduleSimulation();
}

/** Replaces the overrides (an empty object restores the scenario's own conditions) and re-simulates. */
export function setConditions(conditions: Conditions): void {
  dispatch({ type: 'setConditions', conditions });
  scheduleSimulation();
}
