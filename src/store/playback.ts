// The cursor and playback slice. The cursor is a plain step count over the trace on screen (the
// lesson slice's `trace`): everything on screen derives from the trace's events before it.
import type { Trace } from '../trace/types';
import {
  cursorForEvent,
  nextPacketCursor,
  nextShownCursor,
  previousPacketCursor,
  previousShownCursor,
  shownCursorAtOrBefore,
  shownCursors,
  totalSteps,
  type EventFilter,
} from '../trace/query';

/** Playback speeds offered; 1 means one step per `baseStepMs`. */
export const speeds = [0.5, 1, 2, 4] as const;
export type Speed = (typeof speeds)[number];
export const baseStepMs = 800;

export interface PlaybackState {
  /** Steps shown, 0..totalSteps(trace). */
  cursor: number;
  playing: boolean;
  speed: Speed;
  /** Which events stepping stops at and the views draw (`show=` in the link); 'all' by default. */
  eventFilter: EventFilter;
}

export type PlaybackAction =
  | { type: 'stepForward' }
  | { type: 'stepBack' }
  | { type: 'goTo'; cursor: number }
  | { type: 'first' }
  | { type: 'last' }
  | { type: 'nextSegment' }
  | { type: 'previousSegment' }
  | { type: 'selectEvent'; eventIndex: number }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'togglePlay' }
  | { type: 'tick' }
  | { type: 'setSpeed'; speed: Speed }
  | { type: 'setEventFilter'; filter: EventFilter };

/** The playback slice and the one field of the lesson slice it reads. */
type Stepped = PlaybackState & { trace: Trace | null };

export function initialPlayback(): PlaybackState {
  return { cursor: 0, playing: false, speed: 1, eventFilter: 'all' };
}

export const clampStep = (value: number, low: number, high: number): number =>
  Math.min(Math.max(Math.round(value), low), high);

/** The last cursor playback may reach: the end, or under a filter the last step it shows. */
function lastStop(state: Stepped): number {
  if (state.trace === null) return Number.MAX_SAFE_INTEGER;
  const filter = state.eventFilter;
  if (filter === 'all') return totalSteps(state.trace);
  return shownCursors(state.trace, filter).at(-1) ?? 0;
}

/** Moves the cursor within the trace; without a trace the cursor waits as requested (a shared link's step). */
function moveTo<S extends Stepped>(state: S, cursor: number): S {
  const total = state.trace === null ? Number.MAX_SAFE_INTEGER : totalSteps(state.trace);
  const next = clampStep(cursor, 0, total);
  // Playback stops at the end (a filter's last shown step); it never runs past it.
  const playing = state.playing && next < lastStop(state);
  return next === state.cursor && playing === state.playing ? state : { ...state, cursor: next, playing };
}

/**
 * A new run of the same scenario keeps the learner at the same fraction of the timeline; a link's
 * step waits for its trace. Under a filter the cursor then goes back to a step the filter shows,
 * so what the panels explain is never an event the views hide.
 */
export function placeCursor(state: Stepped, trace: Trace): number {
  const total = totalSteps(trace);
  const before = state.trace === null ? 0 : totalSteps(state.trace);
  const placed =
    state.trace === null
      ? clampStep(state.cursor, 0, total)
      : before === 0
        ? 0
        : clampStep((state.cursor / before) * total, 0, total);
  return state.eventFilter === 'all' ? placed : shownCursorAtOrBefore(trace, state.eventFilter, placed);
}

/** One step on: the next step the filter shows (every step with 'all'). */
function forward(state: Stepped): number {
  if (state.trace === null || state.eventFilter === 'all') return state.cursor + 1;
  return nextShownCursor(state.trace, state.eventFilter, state.cursor);
}

/** One step back: the shown step before the current one, else the start. */
function back(state: Stepped): number {
  if (state.trace === null || state.eventFilter === 'all') return state.cursor - 1;
  return previousShownCursor(state.trace, state.eventFilter, state.cursor);
}

export function reducePlayback<S extends Stepped>(state: S, action: PlaybackAction): S {
  switch (action.type) {
    case 'stepForward':
      return moveTo(state, forward(state));
    case 'stepBack':
      return moveTo(state, back(state));
    case 'goTo':
      return moveTo(state, action.cursor);
    case 'first':
      return moveTo(state, 0);
    case 'last':
      // Under a filter, the last step it shows (the very end may be an event it hides).
      return moveTo(state, state.eventFilter === 'all' ? Number.MAX_SAFE_INTEGER : lastStop(state));
    case 'nextSegment':
      return state.trace === null ? state : moveTo(state, nextPacketCursor(state.trace, state.cursor));
    case 'previousSegment':
      return state.trace === null ? state : moveTo(state, previousPacketCursor(state.trace, state.cursor));
    case 'selectEvent':
      return state.trace === null ? state : moveTo(state, cursorForEvent(state.trace, action.eventIndex));
    case 'play': {
      if (state.trace === null || lastStop(state) === 0) return state;
      // Play at the end starts over, as a media player does.
      const cursor = state.cursor >= lastStop(state) ? 0 : state.cursor;
      return { ...state, cursor, playing: true };
    }
    case 'pause':
      return state.playing ? { ...state, playing: false } : state;
    case 'togglePlay':
      return reducePlayback(state, { type: state.playing ? 'pause' : 'play' });
    case 'tick':
      return state.playing ? moveTo(state, forward(state)) : state;
    case 'setSpeed':
      return { ...state, speed: action.speed };
    case 'setEventFilter': {
      if (action.filter === state.eventFilter) return state;
      // The current event stays one the new filter shows: the latest shown step at or before it.
      const cursor =
        state.trace === null ? state.cursor : shownCursorAtOrBefore(state.trace, action.filter, state.cursor);
      return { ...state, eventFilter: action.filter, cursor, playing: false };
    }
  }
}
