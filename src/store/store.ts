// The zustand store: state plus one dispatch. Simulation is the only effect; it runs the pure
// simulator and turns its outcome (a Trace or an error) into an action, so the page never blanks.
import { create } from 'zustand';
import { findScenario } from '../scenario/library';
import type { Scenario } from '../scenario/schema';
import { simulate } from '../sim';
import type { Lang } from '../i18n';
import { defaultSeed, initialState, reduce, type Action, type AppState } from './state';

export interface AppStore extends AppState {
  dispatch: (action: Action) => void;
}

export const useAppStore = create<AppStore>()((set) => ({
  ...initialState('en'),
  dispatch: (action) => set((state) => reduce(state, action)),
}));

const dispatch = (action: Action): void => useAppStore.getState().dispatch(action);

/** Runs the simulator for a scenario and seed; never throws. */
export function simulationOutcome(scenario: Scenario | undefined, id: string, seed: number): Action {
  if (scenario === undefined) return { type: 'simulationFailed', message: `unknown scenario "${id}"` };
  try {
    return { type: 'simulated', trace: simulate(scenario, { seed }) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { type: 'simulationFailed', message: message === '' ? 'unknown error' : message };
  }
}

function runSimulation(): void {
  const { scenarioId, seed } = useAppStore.getState();
  if (scenarioId === null) return;
  dispatch(simulationOutcome(findScenario(scenarioId), scenarioId, seed));
}

export function setLanguage(lang: Lang): void {
  dispatch({ type: 'setLanguage', lang });
}

/** Selects a scenario and simulates it with the given seed, or the scenario's own seed. */
export function selectScenario(scenarioId: string, seed?: number): void {
  dispatch({ type: 'selectScenario', scenarioId, seed: seed ?? findScenario(scenarioId)?.seed ?? defaultSeed });
  runSimulation();
}

export function setSeed(seed: number): void {
  dispatch({ type: 'setSeed', seed });
  runSimulation();
}
