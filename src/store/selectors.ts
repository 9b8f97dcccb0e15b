// Module-level selectors, so components subscribe to the smallest slice and selectors keep their identity.
import type { AppStore } from './store';

export const selectLang = (state: AppStore) => state.lang;
export const selectScenarioId = (state: AppStore) => state.scenarioId;
export const selectSeed = (state: AppStore) => state.seed;
export const selectResult = (state: AppStore) => state.result;
