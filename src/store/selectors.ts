// Module-level selectors, so components subscribe to the smallest slice and selectors keep their
// identity. Derived values are primitives or references into the trace, so they compare equal.
import { currentScenario } from './lesson';
import type { TimeScaleChoice } from './settings';
import type { AppStore } from './store';
import { currentEventIndex, shownEventCount, totalSteps } from '../trace/query';

export const selectLang = (state: AppStore) => state.lang;
export const selectScenarioId = (state: AppStore) => state.scenarioId;
export const selectSeed = (state: AppStore) => state.seed;
export const selectConditions = (state: AppStore) => state.conditions;
export const selectTrace = (state: AppStore) => state.trace;
export const selectError = (state: AppStore) => state.error;
export const selectCursor = (state: AppStore) => state.cursor;
export const selectPlaying = (state: AppStore) => state.playing;
export const selectSpeed = (state: AppStore) => state.speed;
export const selectSeqMode = (state: AppStore) => state.seqMode;
/** The time scale in force: the learner's choice, else the lesson's (nagle opens proportional). */
export const selectTimeScale = (state: AppStore): TimeScaleChoice =>
  state.timeScale ?? currentScenario(state)?.display?.timeScale ?? 'compressed';
/** The scenario studied (built in or loaded), or undefined while none is (or a capture is shown). */
export const selectCurrentScenario = (state: AppStore) => currentScenario(state);
export const selectTheme = (state: AppStore) => state.theme;
export const selectAnimate = (state: AppStore) => state.animate;
export const selectPresentation = (state: AppStore) => state.presentation;
export const selectEmbed = (state: AppStore) => state.embed;
export const selectCodeLang = (state: AppStore) => state.codeLang;
export const selectViewTab = (state: AppStore) => state.viewTab;
export const selectTsgRange = (state: AppStore) => state.tsgRange;
export const selectPanelTab = (state: AppStore) => state.panelTab;
export const selectUrlProblems = (state: AppStore) => state.urlProblems;

export const selectTotalSteps = (state: AppStore) => (state.trace === null ? 0 : totalSteps(state.trace));
/** How many events of the trace are drawn (TCB snapshots ride along with their step). */
export const selectShownEvents = (state: AppStore) =>
  state.trace === null ? 0 : shownEventCount(state.trace, state.cursor);
/** Index of the current event in trace.events, or -1 before the first step. */
export const selectCurrentEventIndex = (state: AppStore) =>
  state.trace === null ? -1 : (currentEventIndex(state.trace, state.cursor) ?? -1);
export const selectCurrentEvent = (state: AppStore) => {
  const index = selectCurrentEventIndex(state);
  return index < 0 ? undefined : state.trace?.events[index];
};
