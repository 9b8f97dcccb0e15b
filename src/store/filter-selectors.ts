// Selectors of the event filter (`show=`): the filter, and the step counter and scrubber in its
// terms (position k of n shown steps). The cursors themselves come from the query layer.
import { shownPosition, shownStepCount } from '../trace/query';
import type { AppStore } from './store';

export const selectEventFilter = (state: AppStore) => state.eventFilter;
/** How many steps the filter shows up to the cursor (the counter's k). */
export const selectShownPosition = (state: AppStore) =>
  state.trace === null ? 0 : shownPosition(state.trace, state.eventFilter, state.cursor);
/** How many steps the filter shows in all (the counter's n, the scrubber's end). */
export const selectShownStepCount = (state: AppStore) =>
  state.trace === null ? 0 : shownStepCount(state.trace, state.eventFilter);
