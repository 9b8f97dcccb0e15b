// A lesson from a link or a file: "opening…" while it is read, then, if it could not be opened,
// why, with each problem's JSON path (the lesson on screen stays). Dismissible.
import type { LessonFailure, LessonOrigin } from '../../store';
import { dispatch, selectLessonLoading, selectLessonProblem, useAppStore } from '../../store';
import { problemMessage } from '../format/problem-text';
import { useT } from '../useT';
import './lesson.css';

type T = ReturnType<typeof useT>;

/** Problems listed at most; the rest are counted (a file can have hundreds). */
const shownProblems = 8;

export function lessonSource(t: T, origin: LessonOrigin): string {
  switch (origin.kind) {
    case 'url':
      return origin.url.length > 80 ? `${origin.url.slice(0, 80)}…` : origin.url;
    case 'file':
      return t('lesson.source.file', { name: origin.fileName });
    case 'link':
      return t('lesson.source.link');
    case 'edited':
      return t('lesson.source.edited', { from: origin.from });
  }
}

function reason(t: T, failure: LessonFailure): string {
  switch (failure.kind) {
    case 'fetch':
      return t('lesson.failure.fetch', { message: failure.message });
    case 'timeout':
      return t('lesson.failure.timeout', { seconds: String(Math.round(failure.ms / 1000)) });
    case 'too-big':
      return t('lesson.failure.tooBig', { limit: String(failure.limit / (1 << 20)) });
    case 'not-a-lesson':
      return t('lesson.failure.notLesson', { message: failure.message });
    case 'web-page':
      return t('lesson.failure.webPage');
    case 'invalid':
      return t('lesson.failure.invalid');
  }
}

export function LessonStatus() {
  const t = useT();
  const loading = useAppStore(selectLessonLoading);
  const problem = useAppStore(selectLessonProblem);
  if (loading !== null) {
    return (
      <div className="banner" role="status" data-testid="lesson-loading">
        {t('lesson.loading', { source: lessonSource(t, loading) })}
      </div>
    );
  }
  if (problem === null) return null;
  const problems = problem.failure.kind === 'invalid' ? problem.failure.problems : [];
  return (
    <div className="banner warning-banner" role="alert" data-testid="lesson-problem">
      <div>
        <p>{t('lesson.problem', { source: lessonSource(t, problem.origin), reason: reason(t, problem.failure) })}</p>
        {problems.length > 0 && (
          <ul className="lesson-problems">
            {problems.slice(0, shownProblems).map((item, i) => (
              <li key={i} data-testid="lesson-problem-item" data-path={item.path}>
                <code>{item.path}</code> {problemMessage(item, t.lang)}
              </li>
            ))}
            {problems.length > shownProblems && <li>… (+{problems.length - shownProblems})</li>}
          </ul>
        )}
      </div>
      <button
        type="button"
        className="button"
        data-testid="lesson-problem-dismiss"
        onClick={() => dispatch({ type: 'dismissLessonProblem' })}
      >
        {t('panels.dismiss')}
      </button>
    </div>
  );
}
