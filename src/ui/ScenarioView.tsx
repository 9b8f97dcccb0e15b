import { useState } from 'react';
import { useT } from '../i18n/useT';
import { findScenario } from '../scenario/library';
import { parseSeed, selectLang, selectResult, selectScenarioId, selectSeed, setSeed, useAppStore } from '../store';
import { TraceTable } from './TraceTable';

export function ScenarioView() {
  const t = useT();
  const lang = useAppStore(selectLang);
  const scenarioId = useAppStore(selectScenarioId);
  const result = useAppStore(selectResult);
  const seed = useAppStore(selectSeed);
  const scenario = scenarioId === null ? undefined : findScenario(scenarioId);

  if (scenarioId === null) {
    return (
      <section className="view panel placeholder">
        <p>{t('scenario.none')}</p>
      </section>
    );
  }

  return (
    <section className="view" aria-labelledby="scenario-heading">
      <div className="panel scenario-head">
        <h2 id="scenario-heading">{scenario?.title[lang] ?? scenarioId}</h2>
        {scenario && <p>{scenario.summary[lang]}</p>}
        <div className="scenario-facts">
          {scenario && (
            <p>
              <span className="fact-label">{t('scenario.hosts')}</span>{' '}
              {scenario.hosts.map((host, i) => (
                <span key={host.name} className={`host-chip host host-${i % 6}`}>
                  {host.name} <span className="muted">{host.addr}</span>
                </span>
              ))}
            </p>
          )}
          <SeedInput key={scenarioId} />
        </div>
      </div>
      {result.status === 'error' && (
        <div className="panel trace-error" role="alert" data-testid="trace-error">
          {t('trace.error', { message: result.message })}
        </div>
      )}
      {result.status === 'idle' && <p className="muted">{t('trace.running')}</p>}
      {result.status === 'ok' && <TraceTable key={`${scenarioId}:${seed}`} trace={result.trace} />}
    </section>
  );
}

function SeedInput() {
  const t = useT();
  const seed = useAppStore(selectSeed);
  const [draft, setDraft] = useState(String(seed));
  const valid = parseSeed(draft) !== undefined;
  return (
    <p className="seed">
      <label htmlFor="seed-input" className="fact-label">
        {t('scenario.seed')}
      </label>{' '}
      <input
        id="seed-input"
        data-testid="seed-input"
        inputMode="numeric"
        value={draft}
        aria-invalid={!valid}
        aria-describedby="seed-hint"
        onChange={(event) => {
          setDraft(event.target.value);
          const next = parseSeed(event.target.value);
          if (next !== undefined && next !== seed) setSeed(next);
        }}
      />{' '}
      <span id="seed-hint" className="muted">
        {t('scenario.seedHint')}
      </span>
    </p>
  );
}
