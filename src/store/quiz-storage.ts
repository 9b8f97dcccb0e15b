// Keeps each lesson's quiz answers in the browser (localStorage, one key per lesson id), so a
// reload or a later visit shows the same score; the reset button empties it. Storage that is
// refused (private mode, a sandboxed frame) or holds something else only loses the score.
import { dispatch, useAppStore, type AppStore } from './store';

export const quizStorageKey = (lesson: string): string => `wirestep.quiz.${lesson}`;

/** The answers kept for a lesson: `{ [questionKey]: right }`, anything malformed read as none. */
export function parseAnswers(text: string | null): Record<string, boolean> {
  if (text === null || text.length > 20_000) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const answers: Record<string, boolean> = {};
  for (const [key, right] of Object.entries(value).slice(0, 256))
    if (typeof right === 'boolean' && key.length <= 100) answers[key] = right;
  return answers;
}

function read(win: Window, lesson: string): Record<string, boolean> {
  try {
    return parseAnswers(win.localStorage.getItem(quizStorageKey(lesson)));
  } catch {
    return {};
  }
}

function write(win: Window, lesson: string, answers: Readonly<Record<string, boolean>>): void {
  try {
    if (Object.keys(answers).length === 0) win.localStorage.removeItem(quizStorageKey(lesson));
    else win.localStorage.setItem(quizStorageKey(lesson), JSON.stringify(answers));
  } catch {
    // Not kept: the score still counts for this visit.
  }
}

export function connectQuizStorage(win: Window): () => void {
  let loadedFor: string | null = null;
  let written: Readonly<Record<string, boolean>> | null = null;
  const sync = (state: AppStore): void => {
    if (!state.quiz || state.scenarioId === null) return;
    if (state.scenarioId !== loadedFor) {
      loadedFor = state.scenarioId;
      written = null;
      dispatch({ type: 'quizLoaded', lesson: loadedFor, answers: read(win, loadedFor) });
      return;
    }
    if (state.quizLesson === loadedFor && state.quizAnswers !== written) {
      written = state.quizAnswers;
      write(win, loadedFor, written);
    }
  };
  sync(useAppStore.getState());
  return useAppStore.subscribe(sync);
}
