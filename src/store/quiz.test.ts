// The quiz slice through the root reducer: a step that would show a question's event asks it
// instead, stepping waits for the answer, an answer counts once, playback pauses, answers kept
// for the lesson skip their questions, and the reset empties the score.
import { describe, expect, it } from 'vitest';
import { findScenario } from '../scenario/library';
import { simulate } from '../sim';
import { cursorForEvent } from '../trace/query';
import { parseAnswers } from './quiz-storage';
import {
  lessonQuestions,
  selectQuizAnswered,
  selectQuizChosen,
  selectQuizQuestion,
  selectQuizRight,
  selectQuizTotal,
  selectQuizVeilsNote,
  selectQuizWaiting,
} from './quiz';
import { initialState, reduce, type Action, type AppState } from './state';

const scenario = findScenario('tcp-echo')!;
const trace = simulate(scenario, { seed: 1 });

function opened(quiz: boolean): AppState {
  let state = initialState('en');
  state = reduce(state, { type: 'setQuiz', quiz });
  state = reduce(state, { type: 'selectScenario', scenarioId: 'tcp-echo', seed: 1 });
  return reduce(state, { type: 'simulated', trace });
}

const run = (state: AppState, ...actions: Action[]) => actions.reduce(reduce, state);

/** Steps forward until a question is asked (or the end). */
function untilAsked(state: AppState): AppState {
  for (let i = 0; i < 1000 && !selectQuizWaiting(state); i++) {
    const next = reduce(state, { type: 'stepForward' });
    if (next === state) break;
    state = next;
  }
  return state;
}

describe('quiz slice', () => {
  const questions = lessonQuestions(opened(true));

  it('has the lesson’s questions only with the quiz on', () => {
    expect(questions.length).toBeGreaterThan(3);
    expect(lessonQuestions(opened(false))).toHaveLength(0);
    expect(selectQuizTotal(opened(true))).toBe(questions.length);
  });

  it('steps as before with the quiz off', () => {
    const state = run(opened(false), ...Array<Action>(30).fill({ type: 'stepForward' }));
    expect(state.cursor).toBe(30);
  });

  it('asks nothing in an embed, which keeps quiz=1 for its full-app link', () => {
    const embedded = reduce(opened(true), { type: 'setEmbed', embed: true });
    expect(embedded.quiz).toBe(true);
    expect(lessonQuestions(embedded)).toHaveLength(0);
    expect(run(embedded, ...Array<Action>(30).fill({ type: 'stepForward' })).cursor).toBe(30);
  });

  it('stops before the first question’s event, waits for the answer, then goes on', () => {
    const first = questions[0]!;
    const asked = untilAsked(opened(true));
    expect(asked.cursor).toBe(cursorForEvent(trace, first.eventIndex) - 1);
    expect(selectQuizQuestion(asked)).toBe(first);
    expect(reduce(asked, { type: 'stepForward' })).toBe(asked);
    const wrong = (first.answer + 1) % first.choices.length;
    const answered = reduce(asked, { type: 'quizAnswer', choice: wrong });
    expect(selectQuizChosen(answered)).toBe(wrong);
    expect([selectQuizRight(answered), selectQuizAnswered(answered)]).toEqual([0, 1]);
    // A second answer to the same question changes nothing.
    expect(reduce(answered, { type: 'quizAnswer', choice: first.answer })).toBe(answered);
    const on = reduce(answered, { type: 'stepForward' });
    expect(on.cursor).toBe(asked.cursor + 1);
    expect(selectQuizQuestion(on)).toBeUndefined();
    // Back and forward again: an answered question is not asked again.
    expect(run(on, { type: 'stepBack' }, { type: 'stepForward' }).cursor).toBe(on.cursor);
  });

  it('scores a right answer, and the next question in turn', () => {
    let state = untilAsked(opened(true));
    state = reduce(state, { type: 'quizAnswer', choice: questions[0]!.answer });
    state = untilAsked(reduce(state, { type: 'stepForward' }));
    expect(selectQuizQuestion(state)).toBe(questions[1]);
    expect([selectQuizRight(state), selectQuizAnswered(state)]).toEqual([1, 1]);
  });

  it('pauses playback at a question', () => {
    let state = reduce(opened(true), { type: 'play' });
    for (let i = 0; i < 200 && state.playing; i++) state = reduce(state, { type: 'tick' });
    expect(state.playing).toBe(false);
    expect(selectQuizQuestion(state)).toBe(questions[0]);
    expect(reduce(state, { type: 'tick' })).toBe(state);
  });

  it('skips questions whose answers the browser kept, and forgets them on reset', () => {
    const kept = Object.fromEntries(questions.slice(0, 2).map((question) => [question.key, true]));
    const loaded = reduce(opened(true), { type: 'quizLoaded', lesson: 'tcp-echo', answers: kept });
    const asked = untilAsked(loaded);
    expect(selectQuizQuestion(asked)).toBe(questions[2]);
    expect([selectQuizRight(asked), selectQuizAnswered(asked)]).toEqual([2, 2]);
    const reset = reduce(asked, { type: 'quizReset' });
    expect([selectQuizRight(reset), selectQuizAnswered(reset)]).toEqual([0, 0]);
    expect(selectQuizQuestion(untilAsked(run(reset, { type: 'first' })))).toBe(questions[0]);
  });

  it('keeps no answer of another lesson', () => {
    const state = reduce(opened(true), { type: 'quizLoaded', lesson: 'nagle', answers: { 'segment:syn-ack': true } });
    expect(selectQuizAnswered(state)).toBe(0);
  });

  it('holds back the program note of a call whose return is asked about, until it is answered', () => {
    const eof = questions.find((question) => question.key === 'recv:eof')!;
    const call = trace.events.findIndex(
      (event, i) => i < eof.eventIndex && event.kind === 'call' && event.step === '1.4',
    );
    const atCall = run(opened(true), { type: 'goTo', cursor: cursorForEvent(trace, call) });
    expect(selectQuizVeilsNote(atCall)).toBe(true);
    expect(selectQuizVeilsNote(run(opened(false), { type: 'goTo', cursor: atCall.cursor }))).toBe(false);
    const answered = reduce(atCall, { type: 'quizLoaded', lesson: 'tcp-echo', answers: { [eof.key]: true } });
    expect(selectQuizVeilsNote(answered)).toBe(false);
  });

  it('reads stored answers defensively', () => {
    expect(parseAnswers('{"segment:syn-ack":true,"recv:eof":false}')).toEqual({
      'segment:syn-ack': true,
      'recv:eof': false,
    });
    expect(parseAnswers('{"a":1,"b":true}')).toEqual({ b: true });
    for (const bad of [null, 'not json', '[true]', 'null', '3']) expect(parseAnswers(bad)).toEqual({});
  });
});
