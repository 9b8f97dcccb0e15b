// The built-in lessons grouped by concept, each with its summary, as the landing page and as the
// dialog behind the header's "Scenarios" button.
import { conceptLabel } from '../i18n';
import { useT } from './useT';
import { builtinScenarios } from '../scenario/library';
import { selectLang, selectScenario, selectScenarioId, useAppStore } from '../store';
import { groupScenarios } from './scenarios/groups';

const groups = groupScenarios(builtinScenarios);

export function ScenarioPicker({ onPicked, headingLevel = 2 }: { onPicked?: () => void; headingLevel?: 2 | 3 }) {
  const t = useT();
  const lang = useAppStore(selectLang);
  const selectedId = useAppStore(selectScenarioId);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const GroupHeading = headingLevel === 2 ? 'h3' : 'h4';
  return (
    <nav className="scenarios" aria-labelledby="scenarios-heading">
      <Heading id="scenarios-heading">{t('scenarios.heading')}</Heading>
      <p className="muted">
        {t('scenarios.intro')} {t.count('scenarios.count', builtinScenarios.length)}
      </p>
      {builtinScenarios.length === 0 && <p>{t('scenarios.empty')}</p>}
      {groups.map((group) => (
        <section key={group.id} className="scenario-group" aria-labelledby={`group-${group.id}`}>
          <GroupHeading id={`group-${group.id}`}>{t(`groups.${group.id}`)}</GroupHeading>
          <ul className="scenario-list">
            {group.scenarios.map((scenario) => (
              <li key={scenario.id}>
                <button
                  type="button"
                  className="scenario-item"
                  data-testid="scenario-item"
                  data-scenario-id={scenario.id}
                  aria-current={scenario.id === selectedId ? 'true' : undefined}
                  aria-labelledby={`scenario-title-${scenario.id}`}
                  aria-describedby={`scenario-summary-${scenario.id}`}
                  onClick={() => {
                    if (scenario.id !== selectedId) selectScenario(scenario.id);
                    onPicked?.();
                  }}
                >
                  <span className="scenario-title" id={`scenario-title-${scenario.id}`}>
                    {scenario.title[lang]}
                  </span>
                  <span className="scenario-summary" id={`scenario-summary-${scenario.id}`}>
                    {scenario.summary[lang]}
                  </span>
                  <span className="concepts" aria-label={t('scenarios.concepts')}>
                    {scenario.concepts.map((concept) => (
                      <span key={concept} className="concept">
                        {conceptLabel(lang, concept)}
                      </span>
                    ))}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
