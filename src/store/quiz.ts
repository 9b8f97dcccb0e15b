// The quiz slice (issue 13, "predict, then see", `?quiz=1`): stepping forward stops before each
// question's event (src/quiz generates them from the Trace on screen and the lesson's own), the
// learner picks, the answer is scored once per question and kept per lesson (quiz-storage.ts
// writes it to the browser), then stepping goes on. The question asked is tied to the trace and
// cursor it was asked at, so any other move (a jump, a new run, another lesson) simply drops it.
import { quizQuestions, type QuizQuestion } from '../quiz';
import { callPartners, currentEventIndex, cursorForEvent, filterShowsKind, type EventFilter } from '../trace/query';
import type { Trace } from '../trace/types';
import { currentScenario, type LessonState } from './lesson';

export interface QuizAsked {
  key: string;
  trace: Trace;
  cursor: number;
  /** The choice picked, or null while the question waits for one. */
  chosen: number | null;
}

export interface QuizState {
  /** `?quiz=1`: stepping forward stops before each question. */
  quiz: boolean;
  /** The question on screen, valid only while the trace and cursor are the ones it was asked at. */
  quizAsked: QuizAsked | null;
  /** The lesson `quizAnswers` belong to. */
  quizLesson: string | null;
  /** Each answered question of that lesson, by key: right at its first answer or not. */
  quizAnswers: Readonly<Record<string, boolean>>;
}

export type QuizAction =
  | { type: 'setQuiz'; quiz: boolean }
  | { type: 'quizAnswer'; choice: number }
  | { type: 'quizReset' }
  /** The answers kept in the browser for a lesson (quiz-storage.ts). */
  | { type: 'quizLoaded'; lesson: string; answers: Readonly<Record<string, boolean>> };

/** What the quiz reads of the other slices. */
type Quizzed = QuizState &
  Pick<LessonState, 'scenarioId' | 'loaded' | 'trace' | 'seed'> & {
    cursor: number;
    playing: boolean;
    eventFilter: EventFilter;
    /** An embed (`?embed=1`) asks nothing: it has no room for a question and its page drives it. */
    embed?: boolean;
  };

/** Whether stepping asks: the quiz is on and this is not an embed (which keeps `quiz=1` for its full-app link). */
const asking = (state: Quizzed): boolean => state.quiz && state.embed !== true;

export function initialQuiz(): QuizState {
  return { quiz: false, quizAsked: null, quizLesson: null, quizAnswers: {} };
}

const noQuestions: readonly QuizQuestion[] = [];

/** The questions of the lesson on screen (none for a capture, or with the quiz off). */
export function lessonQuestions(state: Quizzed): readonly QuizQuestion[] {
  if (!asking(state) || state.trace === null || state.scenarioId === null) return noQuestions;
  const scenario = currentScenario(state);
  if (scenario === undefined) return noQuestions;
  return quizQuestions(state.trace, {
    seed: state.seed,
    nagle: scenario.concepts.includes('nagle'),
    written: scenario.questions,
  });
}

/** The answers that belong to the lesson on screen. */
const answersOf = (state: Quizzed): Readonly<Record<string, boolean>> =>
  state.quizLesson !== null && state.quizLesson === state.scenarioId ? state.quizAnswers : {};

/** The question asked at this very trace and cursor, if any. */
export function askedNow(state: Quizzed): QuizAsked | null {
  const asked = state.quizAsked;
  return asked !== null && asked.trace === state.trace && asked.cursor === state.cursor ? asked : null;
}

/** The first unanswered question whose event a move from `from` to `to` would show. */
function questionOnTheWay(state: Quizzed, from: number, to: number): QuizQuestion | undefined {
  const trace = state.trace;
  if (trace === null) return undefined;
  const answers = answersOf(state);
  return lessonQuestions(state).find((question) => {
    const step = cursorForEvent(trace, question.eventIndex);
    const event = trace.events[question.eventIndex];
    return (
      step > from &&
      step <= to &&
      answers[question.key] === undefined &&
      event !== undefined &&
      filterShowsKind(state.eventFilter, event.kind)
    );
  });
}

/**
 * A step forward (the → key, the button, or playback's tick) with the quiz on: when it would show
 * the event of an unanswered question, the cursor stays and the question is asked (playback
 * pauses); while a question waits for its answer, stepping waits too.
 */
export function stepWithQuiz<S extends Quizzed>(state: S, step: (state: S) => S): S {
  if (!asking(state) || state.trace === null) return step(state);
  const asked = askedNow(state);
  if (asked !== null && asked.chosen === null) return state.playing ? { ...state, playing: false } : state;
  const next = step(state);
  const question = questionOnTheWay(state, state.cursor, next.cursor);
  if (question === undefined) return next;
  return {
    ...state,
    playing: false,
    quizAsked: { key: question.key, trace: state.trace, cursor: state.cursor, chosen: null },
  };
}

function answer<S extends Quizzed>(state: S, choice: number): S {
  const asked = askedNow(state);
  if (asked === null || asked.chosen !== null || state.scenarioId === null) return state;
  const question = lessonQuestions(state).find((candidate) => candidate.key === asked.key);
  if (question === undefined || choice < 0 || choice >= question.choices.length) return state;
  const answers = answersOf(state);
  // A question counts once, by its first answer.
  const quizAnswers =
    answers[question.key] === undefined ? { ...answers, [question.key]: choice === question.answer } : answers;
  return { ...state, quizAsked: { ...asked, chosen: choice }, quizLesson: state.scenarioId, quizAnswers };
}

export function reduceQuiz<S extends Quizzed>(state: S, action: QuizAction): S {
  switch (action.type) {
    case 'setQuiz':
      return action.quiz === state.quiz ? state : { ...state, quiz: action.quiz, quizAsked: null };
    case 'quizAnswer':
      return answer(state, action.choice);
    case 'quizReset':
      return { ...state, quizAsked: null, quizLesson: state.scenarioId, quizAnswers: {} };
    case 'quizLoaded':
      // Answers already given in this lesson before the browser's copy arrived are kept.
      return {
        ...state,
        quizLesson: action.lesson,
        quizAnswers: { ...action.answers, ...(state.quizLesson === action.lesson ? state.quizAnswers : {}) },
      };
  }
}

// Selectors: references and primitives, so subscribers compare them cheaply.
export const selectQuizOn = (state: Quizzed): boolean => asking(state) && state.scenarioId !== null;
/** The question on screen and its choice (null while it waits). */
export function selectQuizQuestion(state: Quizzed): QuizQuestion | undefined {
  const asked = askedNow(state);
  return asked === null ? undefined : lessonQuestions(state).find((question) => question.key === asked.key);
}
export const selectQuizChosen = (state: Quizzed): number | null => askedNow(state)?.chosen ?? null;
export const selectQuizWaiting = (state: Quizzed): boolean => askedNow(state)?.chosen === null;
export const selectQuizTotal = (state: Quizzed): number => lessonQuestions(state).length;
export const selectQuizAnswered = (state: Quizzed): number => Object.keys(answersOf(state)).length;
export const selectQuizRight = (state: Quizzed): number =>
  Object.values(answersOf(state)).filter((right) => right).length;

/**
 * Whether the program note of the current step would tell an unanswered question's answer: the
 * current event is a call whose return is asked about (tcp-echo's note on the second recv() says
 * it returns 0). The explanation panel holds such a note back until the question is answered.
 */
export function selectQuizVeilsNote(state: Quizzed): boolean {
  if (!asking(state) || state.trace === null) return false;
  const current = currentEventIndex(state.trace, state.cursor);
  if (current === undefined || state.trace.events[current]?.kind !== 'call') return false;
  const returned = callPartners(state.trace)[current];
  const answers = answersOf(state);
  return lessonQuestions(state).some(
    (question) => question.eventIndex === returned && answers[question.key] === undefined,
  );
}
