export { useAppStore, setLanguage, selectScenario, setSeed, simulationOutcome } from './store';
export type { AppStore } from './store';
export * from './selectors';
export { reduce, initialState, parseSeed, defaultSeed } from './state';
export type { Action, AppState, SimulationResult } from './state';
export { parseUrlSettings, toSearch } from './url';
export type { UrlSettings } from './url';
export { connectStoreToPage } from './browser';
