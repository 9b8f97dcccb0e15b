// The lesson editor's own state: the draft's undo history, which program and step are open, and
// what it last put on screen. It lives beside the app's store, not in it: the app's store holds
// the lesson on screen (a valid scenario); the draft may be invalid while the learner types.
import { create } from 'zustand';
import type { Scenario } from '../../scenario/schema';
import {
  openLoadedLesson,
  selectScenario,
  openLoadedLessonIfItRuns,
  useAppStore,
  type LoadedLesson,
  type SelectOptions,
} from '../../store';
import { record, redo, startHistory, undo, type History, type Json } from './edit-model';

export interface EditorState {
  history: History;
  /** The lesson the draft started from, and how it was loaded (null: built in). */
  base: Scenario | null;
  baseLoaded: LoadedLesson | null;
  /** The id an edited lesson says it came from. */
  from: string;
  /** The scenario the editor last put on screen (a lesson on screen that is neither is new). */
  produced: Scenario | null;
  program: number;
  /** The path of the step whose fields are open, or null. */
  open: string | null;
  /** Why the latest valid draft could not be simulated, or null. */
  simError: string | null;
}

export const useEditor = create<EditorState>()(() => ({
  history: startHistory(null),
  base: null,
  baseLoaded: null,
  from: '',
  produced: null,
  program: 0,
  open: null,
  simError: null,
}));

/**
 * Follows the lesson on screen: another lesson (picked, opened, or the built-in one again) starts
 * a new draft; the lesson the editor itself put there keeps the draft and its history.
 */
export function followLesson(current: Scenario | undefined, loaded: LoadedLesson | null): void {
  const state = useEditor.getState();
  if (current === undefined || current === state.produced) return;
  if (current === state.base && state.produced === null) return;
  useEditor.setState({
    history: startHistory(current),
    base: current,
    baseLoaded: loaded,
    from: loaded?.origin.kind === 'edited' ? loaded.origin.from : current.id,
    produced: null,
    program: state.program < current.programs.length ? state.program : 0,
    open: null,
    simError: null,
  });
}

export function edit(next: Json, key?: string): void {
  useEditor.setState((state) => ({ history: record(state.history, next, key) }));
}

export function undoEdit(): void {
  useEditor.setState((state) => ({ history: undo(state.history) }));
}

export function redoEdit(): void {
  useEditor.setState((state) => ({ history: redo(state.history) }));
}

/**
 * Puts a valid draft on screen as an edited lesson, at the same step, seed, conditions and faults.
 * The draft is simulated first: one the simulator refuses leaves the last good diagram on screen
 * and says why. Undoing back to the lesson first opened shows that lesson again, as it was.
 */
export function showDraft(scenario: Scenario, isBase: boolean): void {
  const app = useAppStore.getState();
  const { base, baseLoaded, from } = useEditor.getState();
  const options: SelectOptions = { seed: app.seed, cursor: app.cursor, conditions: app.conditions, faults: app.faults };
  if (isBase && base !== null) {
    // The lesson first opened was on screen before: it runs.
    useEditor.setState({ produced: base, simError: null });
    if (baseLoaded === null) selectScenario(base.id, options);
    else openLoadedLesson(baseLoaded, options);
    return;
  }
  const refused = openLoadedLessonIfItRuns({ scenario, origin: { kind: 'edited', from } }, options);
  useEditor.setState(refused === null ? { produced: scenario, simError: null } : { simError: refused });
}
