// Predict, then see (issue 13): the question the lesson stopped at, its choices, then whether the
// pick was right, with the explanation and the clauses it rests on; the lesson's score and its
// reset. Everything shown comes from src/quiz through the store: nothing is worked out here.
import type { JSX } from 'react';
import type { MessageKey } from '../../i18n';
import type { QuizQuestion } from '../../quiz';
import {
  dispatch,
  selectLang,
  selectQuizAnswered,
  selectQuizChosen,
  selectQuizQuestion,
  selectQuizRight,
  selectQuizTotal,
  useAppStore,
} from '../../store';
import { rfcUrl } from '../explain';
import { useT } from '../useT';
import './quiz.css';

const kindLabel: Record<QuizQuestion['kind'], MessageKey> = {
  segment: 'quiz.kind.segment',
  state: 'quiz.kind.state',
  recv: 'quiz.kind.recv',
  nagle: 'quiz.kind.nagle',
  written: 'quiz.kind.written',
};

function Clauses({ clauses }: { clauses: readonly string[] }) {
  const t = useT();
  if (clauses.length === 0) return null;
  return (
    <p className="rfc-refs quiz-rfc" data-testid="quiz-rfc">
      <span className="fact-label">{t('explain.rfc')}</span>
      {clauses.map((clause) => {
        const href = rfcUrl(clause);
        return href === undefined ? (
          <span key={clause} className="rfc-chip">
            {clause}
          </span>
        ) : (
          <a key={clause} className="rfc-chip" href={href} target="_blank" rel="noreferrer">
            {clause}
          </a>
        );
      })}
    </p>
  );
}

function Feedback({ question, chosen }: { question: QuizQuestion; chosen: number }) {
  const t = useT();
  const lang = useAppStore(selectLang);
  const right = chosen === question.answer;
  const answer = question.choices[question.answer]?.text[lang] ?? '';
  return (
    <div className={`quiz-feedback ${right ? 'is-right' : 'is-wrong'}`} data-testid="quiz-feedback" data-right={right}>
      <p className="quiz-verdict" role="status">
        <strong>{right ? t('quiz.right') : t('quiz.wrong')}</strong>{' '}
        {right ? t('quiz.continue') : t('quiz.answerWas', { answer })}
      </p>
      <p className="quiz-explanation">{question.explanation[lang]}</p>
      <Clauses clauses={question.rfc} />
      {!right && <p className="hint">{t('quiz.continue')}</p>}
    </div>
  );
}

function Question({ question }: { question: QuizQuestion }) {
  const t = useT();
  const lang = useAppStore(selectLang);
  const chosen = useAppStore(selectQuizChosen);
  return (
    <div
      className="quiz-question"
      data-testid="quiz-question"
      data-key={question.key}
      role="group"
      aria-labelledby="quiz-prompt"
    >
      <p className="quiz-kind">{t(kindLabel[question.kind])}</p>
      <p className="quiz-prompt" id="quiz-prompt">
        {question.prompt[lang]}
      </p>
      <ol className="quiz-choices">
        {question.choices.map((choice, i) => {
          const state =
            chosen === null ? '' : i === question.answer ? ' is-answer' : i === chosen ? ' is-chosen-wrong' : '';
          return (
            <li key={choice.value}>
              <button
                type="button"
                className={`quiz-choice${state}`}
                data-testid="quiz-choice"
                data-index={i}
                aria-pressed={chosen === i}
                disabled={chosen !== null}
                onClick={() => dispatch({ type: 'quizAnswer', choice: i })}
              >
                <span className="quiz-letter" aria-hidden="true">
                  {String.fromCharCode(65 + i)}
                </span>
                <span>{choice.text[lang]}</span>
              </button>
            </li>
          );
        })}
      </ol>
      {chosen === null ? <p className="hint">{t('quiz.pick')}</p> : <Feedback question={question} chosen={chosen} />}
    </div>
  );
}

export function QuizCard(): JSX.Element {
  const t = useT();
  const question = useAppStore(selectQuizQuestion);
  const right = useAppStore(selectQuizRight);
  const answered = useAppStore(selectQuizAnswered);
  const total = useAppStore(selectQuizTotal);
  return (
    <section className="panel quiz-card" data-testid="quiz" aria-labelledby="quiz-heading">
      <div className="quiz-head">
        <h2 id="quiz-heading">{t('quiz.title')}</h2>
        <span className="quiz-tools">
          <span className="quiz-score" data-testid="quiz-score" data-right={right} data-answered={answered}>
            {t('quiz.score', { right, answered })}
          </span>
          <button
            type="button"
            className="quiz-reset"
            data-testid="quiz-reset"
            aria-label={t('quiz.reset')}
            title={t('quiz.reset')}
            disabled={answered === 0}
            onClick={() => dispatch({ type: 'quizReset' })}
          >
            <span aria-hidden="true">↺</span>
          </button>
        </span>
      </div>
      {question !== undefined ? (
        <Question question={question} />
      ) : (
        <p className="hint quiz-idle">
          {answered >= total && total > 0 ? t('quiz.done') : t.count('quiz.idle', total - Math.min(answered, total))}
        </p>
      )}
    </section>
  );
}
