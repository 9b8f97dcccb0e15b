// Under the header: the progress of the file being read, and the last import's problem (what
// stopped it, at which byte or JSON path, and what is shown regardless).
import type { Translate } from '../../i18n';
import { useT } from '../useT';
import {
  dispatch,
  selectImportLoading,
  selectImportProblem,
  useAppStore,
  type ImportLoading,
  type ImportProblem,
} from '../../store';
import { loadImporter } from './lazy';
import { problemMessage } from '../format/problem-text';

/** Where each stage sits on the one progress bar, in percent. */
const stageSpan = { read: [0, 40], parse: [40, 90], build: [90, 96], prepare: [96, 100] } as const;

export function progressPercent(loading: ImportLoading): number {
  const [start, end] = stageSpan[loading.stage];
  return Math.round(start + (end - start) * loading.fraction);
}

const mebibytes = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);

function ProblemText({ problem, t }: { problem: ImportProblem; t: Translate }) {
  const file = problem.fileName;
  const failure = problem.failure;
  switch (failure.kind) {
    case 'capture': {
      // The parser's text in the user's language; `message` (English) for an error without one.
      const message = failure.text?.[t.lang] ?? failure.message;
      return (
        <p>
          {problem.shown > 0
            ? t.count('capture.error.cut', problem.shown, { offset: failure.offset, message })
            : t('capture.error.nothing', { file, offset: failure.offset, message })}
        </p>
      );
    }
    case 'noPackets':
      return <p>{t('capture.error.noPackets', { file })}</p>;
    case 'tooLarge':
      return (
        <p>{t('capture.error.tooLarge', { file, size: mebibytes(failure.bytes), limit: mebibytes(failure.limit) })}</p>
      );
    case 'unreadable':
      return <p>{t('capture.error.unreadable', { file, message: failure.message })}</p>;
    case 'traceProblems': {
      const more = failure.total - failure.problems.length;
      return (
        <>
          <p>{t('capture.error.trace', { file })}</p>
          <ul className="import-problems">
            {failure.problems.map((item, i) => (
              <li key={i}>
                <code>{item.path}</code> {problemMessage(item, t.lang)}
              </li>
            ))}
          </ul>
          {more > 0 && <p>{t.count('capture.error.traceMore', more)}</p>}
        </>
      );
    }
  }
}

export function ImportStatus() {
  const t = useT();
  const loading = useAppStore(selectImportLoading);
  const problem = useAppStore(selectImportProblem);
  return (
    <>
      {loading !== null && (
        <div className="banner import-banner" data-testid="import-loading">
          <span id="import-progress-label" className="import-progress-label">
            {t('capture.reading', { file: loading.fileName, stage: t(`capture.stage.${loading.stage}`) })}
          </span>
          <div
            className="import-progress"
            role="progressbar"
            data-testid="import-progress"
            aria-labelledby="import-progress-label"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={progressPercent(loading)}
          >
            <div className="import-progress-fill" style={{ width: `${progressPercent(loading)}%` }} />
          </div>
          <button
            type="button"
            className="button"
            data-testid="import-cancel"
            onClick={() => void loadImporter().then((importer) => importer.cancel())}
          >
            {t('capture.cancel')}
          </button>
        </div>
      )}
      {problem !== null && (
        <div className="banner error-banner import-error" role="alert" data-testid="import-error">
          <div className="import-error-text">
            <ProblemText problem={problem} t={t} />
          </div>
          <button
            type="button"
            className="button"
            data-testid="import-error-dismiss"
            onClick={() => dispatch({ type: 'dismissProblem' })}
          >
            {t('panels.dismiss')}
          </button>
        </div>
      )}
    </>
  );
}
