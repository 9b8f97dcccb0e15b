export {
  useAppStore,
  dispatch,
  setLanguage,
  selectScenario,
  setSeed,
  setConditions,
  simulationOutcome,
  resimulateDelayMs,
} from './store';
export type { AppStore, SelectOptions } from './store';
export * from './selectors';
export { reduce, initialState, parseSeed, defaultSeed, speeds, baseStepMs } from './state';
export type { Action, AppState, CodeLang, PanelTab, SeqMode, Speed, Theme, UrlProblem, ViewTab } from './state';
export { parseUrlSettings, toSearch, conditionParams } from './url';
export type { UrlSettings, SharedState } from './url';
export { connectStoreToPage } from './browser';
export { toSimOptions, isValidCondition, conditionLimits } from './conditions';
export type { Conditions, NumericCondition, Profile } from './conditions';
export * from './timeline';
export { useCaptureStore, captureDispatch, reduceCapture, initialCaptureState, selectImported } from './capture';
export type {
  CaptureAction,
  CaptureState,
  ImportedFrom,
  ImportFailure,
  ImportKind,
  ImportLoading,
  ImportProblem,
  ImportStage,
} from './capture';
