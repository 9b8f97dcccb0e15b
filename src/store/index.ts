export {
  useAppStore,
  dispatch,
  setLanguage,
  selectScenario,
  openLoadedLesson,
  openLoadedLessonIfItRuns,
  setFaults,
  setSeed,
  setConditions,
  simulationOutcome,
  resimulateDelayMs,
} from './store';
export type { AppStore, SelectOptions } from './store';
export * from './selectors';
export { reduce, initialState } from './state';
export type { Action, AppState, CrossSliceAction } from './state';
export {
  currentScenario,
  defaultSeed,
  initialLesson,
  parseSeed,
  selectFailed,
  selectHasTrace,
  selectImported,
  selectLessonLoading,
  selectLessonProblem,
  selectLoadedLesson,
  selectFaults,
} from './lesson';
export {
  crashRuleAt,
  delayChoicesMs,
  delayRuleFor,
  dropRuleFor,
  duplicateRuleFor,
  faultRulesOf,
  maxLearnerFaults,
  sameFault,
} from './faults';
export type { LessonAction, LessonFailure, LessonOrigin, LessonProblem, LessonState, LoadedLesson } from './lesson';
export { baseStepMs, speeds } from './playback';
export type { PlaybackAction, PlaybackState, Speed } from './playback';
export type {
  CodeLang,
  PanelTab,
  SeqMode,
  SettingsAction,
  SettingsState,
  Theme,
  TimeRange,
  UrlProblem,
  ViewTab,
} from './settings';
export { parseUrlSettings, toSearch, conditionParams } from './url';
export type { UrlSettings, SharedState } from './url';
export { connectStoreToPage } from './browser';
export { toSimOptions, isValidCondition, conditionLimits } from './conditions';
export type { Conditions, NumericCondition, Profile } from './conditions';
export {
  initialCaptureState,
  reduceCapture,
  selectConnectionId,
  selectEndpointNames,
  selectFullCapture,
  selectImportLoading,
  selectImportProblem,
  selectRenamable,
  selectRenaming,
} from './capture';
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
export {
  isRunActive,
  selectBridgeLink,
  selectHasReal,
  selectReal,
  selectRealCaptured,
  selectRealLive,
  selectRealRun,
  selectRunBlocker,
  selectRunEventCount,
} from './bridge';
export type { BridgeAction, BridgeLink, BridgeState, RealRun, RunBlocker } from './bridge';
export { cancelReal, runReal, startBridge } from './bridge-commands';
export { selectComparing, selectSource } from './source';
export type { SourceState, ViewSource } from './source';
export {
  initialQuiz,
  reduceQuiz,
  selectQuizAnswered,
  selectQuizChosen,
  selectQuizOn,
  selectQuizQuestion,
  selectQuizRight,
  selectQuizTotal,
  selectQuizVeilsNote,
  selectQuizWaiting,
} from './quiz';
export type { QuizAction, QuizAsked, QuizState } from './quiz';
export { parseAnswers, quizStorageKey } from './quiz-storage';
export { lessonLink, openLessonFile, openLessonFragment, openLessonUrl } from './lesson-open';
