// Tells which link parameters were ignored, and why; dismissible.
import type { MessageKey } from '../i18n';
import { useT } from './useT';
import { dispatch, selectUrlProblems, useAppStore } from '../store';

const expectations: Readonly<Record<string, MessageKey>> = {
  lang: 'url.expect.lang',
  scenario: 'url.expect.scenario',
  lesson: 'url.expect.lesson',
  faults: 'url.expect.faults',
  seed: 'url.expect.seed',
  step: 'url.expect.step',
  latency: 'url.expect.ms',
  jitter: 'url.expect.ms',
  loss: 'url.expect.probability',
  duplicate: 'url.expect.probability',
  reorder: 'url.expect.probability',
  bandwidth: 'url.expect.bandwidth',
  nagle: 'url.expect.flag',
  present: 'url.expect.flag',
  embed: 'url.expect.flag',
  animate: 'url.expect.flag',
  profile: 'url.expect.profile',
  seq: 'url.expect.seq',
  theme: 'url.expect.theme',
  code: 'url.expect.code',
  speed: 'url.expect.speed',
  range: 'url.expect.range',
};

export function UrlProblems() {
  const t = useT();
  const problems = useAppStore(selectUrlProblems);
  if (problems.length === 0) return null;
  return (
    <div className="banner warning-banner" role="alert" data-testid="url-problems">
      <ul>
        {problems.map((problem) => (
          <li key={problem.param} data-param={problem.param}>
            {t('url.problem', {
              param: problem.param,
              value: problem.value.length > 40 ? `${problem.value.slice(0, 40)}…` : problem.value,
              expected: t(expectations[problem.param] ?? 'url.expect.other'),
            })}
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="button"
        data-testid="url-problems-dismiss"
        onClick={() => dispatch({ type: 'dismissUrlProblems' })}
      >
        {t('panels.dismiss')}
      </button>
    </div>
  );
}
