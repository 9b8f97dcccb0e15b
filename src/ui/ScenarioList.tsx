import { conceptLabel } from '../i18n';
import { useT } from '../i18n/useT';
import { builtinScenarios } from '../scenario/library';
import { selectLang, selectScenario, selectScenarioId, useAppStore } from '../store';

export function ScenarioList() {
  const t = useT();
  const lang = useAppStore(selectLang);
  const selectedId = useAppStore(selectScenarioId);
  return (
    <nav className="scenarios" aria-labelledby="scenarios-heading">
      <h2 id="scenarios-heading">{t('scenarios.heading')}</h2>
      <p className="muted">{t.count('scenarios.count', builtinScenarios.length)}</p>
      {builtinScenarios.length === 0 && <p>{t('scenarios.empty')}</p>}
      <ul className="scenario-list">
        {builtinScenarios.map((scenario) => (
          <li key={scenario.id}>
            <button
              type="button"
              className="scenario-item"
              data-testid="scenario-item"
              data-scenario-id={scenario.id}
              aria-current={scenario.id === selectedId ? 'true' : undefined}
              aria-labelledby={`scenario-title-${scenario.id}`}
              aria-describedby={`scenario-summary-${scenario.id}`}
              onClick={() => selectScenario(scenario.id)}
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
    </nav>
  );
}
