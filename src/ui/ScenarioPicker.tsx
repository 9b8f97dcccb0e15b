// The built-in lessons as a guided path (issue 13): one numbered list in the course's order, each
// card naming its stage, its goals and its length; the landing page, and the dialog behind the
// header's "Scenarios" button. One grid rather than a section per stage: stages of one or two
// lessons left most of a 1280 px row empty, and the path read as a list of groups.
import { interpolate } from '../i18n';
import { useT } from './useT';
import { builtinScenarios } from '../scenario/library';
import { selectLang, selectScenario, selectScenarioId, useAppStore } from '../store';
import { guidedPath } from './guide/path';
import { formatDuration, pathTexts, stageTexts } from './guide/texts';
import { FileIcon } from './capture/OpenCapture';
import { openLazily } from './capture/lazy';
import './guide/guide.css';

const path = guidedPath(builtinScenarios);
const totalMinutes = builtinScenarios.reduce((sum, scenario) => sum + (scenario.guide?.minutes ?? 0), 0);

/** A lesson of one's own beside the built-in ones (issue 13, hook `open-lesson`): the file is read like any opened file. */
function OpenLesson({ onOpened }: { onOpened: (() => void) | undefined }) {
  const t = useT();
  return (
    <label className="button open-lesson" title={t('scenarios.openLessonTitle')}>
      <FileIcon />
      <span>{t('scenarios.openLesson')}</span>
      <input
        type="file"
        className="visually-hidden"
        data-testid="open-lesson"
        accept=".json,application/json"
        aria-label={t('scenarios.openLessonTitle')}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file === undefined) return;
          openLazily(file);
          onOpened?.();
        }}
      />
    </label>
  );
}

export function ScenarioPicker({ onPicked, headingLevel = 2 }: { onPicked?: () => void; headingLevel?: 2 | 3 }) {
  const t = useT();
  const lang = useAppStore(selectLang);
  const selectedId = useAppStore(selectScenarioId);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <nav className="scenarios guide-path" data-testid="guide-path" aria-labelledby="scenarios-heading">
      <Heading id="scenarios-heading">{pathTexts.heading[lang]}</Heading>
      <p className="muted guide-intro">
        {pathTexts.intro[lang]}{' '}
        <span className="guide-total" data-testid="guide-total">
          {interpolate(pathTexts.total[lang], {
            count: builtinScenarios.length,
            time: formatDuration(totalMinutes),
          })}
        </span>
      </p>
      <OpenLesson onOpened={onPicked} />
      {builtinScenarios.length === 0 && <p>{t('scenarios.empty')}</p>}
      <ol className="scenario-list guide-lessons">
        {path.flatMap((stage, stageIndex) =>
          stage.lessons.map(({ number, scenario }, indexInStage) => {
            const minutes = scenario.guide?.minutes;
            return (
              <li
                key={scenario.id}
                data-stage={stage.id}
                className={indexInStage === 0 ? 'guide-stage-first' : undefined}
              >
                <button
                  type="button"
                  className="scenario-item guide-card"
                  data-testid="scenario-item"
                  data-scenario-id={scenario.id}
                  data-number={number}
                  aria-current={scenario.id === selectedId ? 'true' : undefined}
                  aria-labelledby={`scenario-number-${scenario.id} scenario-title-${scenario.id}`}
                  aria-describedby={`scenario-stage-${scenario.id} scenario-goals-${scenario.id}`}
                  title={scenario.summary[lang]}
                  onClick={() => {
                    if (scenario.id !== selectedId) selectScenario(scenario.id);
                    onPicked?.();
                  }}
                >
                  <span className="guide-stage-label" id={`scenario-stage-${scenario.id}`} data-testid="guide-stage">
                    {`${stageIndex + 1} · ${stageTexts[stage.id][lang]}`}
                  </span>
                  <span className="guide-card-head">
                    <span className="guide-number" id={`scenario-number-${scenario.id}`}>
                      <span className="visually-hidden">{interpolate(pathTexts.number[lang], { number })}</span>
                      <span aria-hidden="true">{number}</span>
                    </span>
                    <span className="scenario-title" id={`scenario-title-${scenario.id}`}>
                      {scenario.title[lang]}
                    </span>
                    {minutes !== undefined && (
                      <span
                        className="guide-minutes"
                        data-testid="guide-minutes"
                        title={interpolate(pathTexts.minutesTitle[lang], { minutes })}
                      >
                        {interpolate(pathTexts.minutes[lang], { minutes })}
                      </span>
                    )}
                  </span>
                  <span className="guide-goals" id={`scenario-goals-${scenario.id}`}>
                    {(scenario.guide?.goals ?? [scenario.summary]).map((goal) => (
                      <span key={goal.en} className="guide-goal" data-testid="guide-goal">
                        {goal[lang]}
                      </span>
                    ))}
                  </span>
                </button>
              </li>
            );
          }),
        )}
      </ol>
    </nav>
  );
}
