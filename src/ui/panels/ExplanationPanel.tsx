// The current event in words: what happened, what it means, the program step behind it and the
// RFC section it follows.
import { useMemo } from 'react';
import { useT } from '../useT';
import {
  selectCurrentEventIndex,
  selectLang,
  selectCurrentScenario,
  selectQuizVeilsNote,
  selectTrace,
  useAppStore,
} from '../../store';
import { explainAt, rfcUrl } from '../explain';
import { resolveStep } from '../code/program';
import { formatTime } from '../format/events';
import { eventRow } from '../format/rows';
import { HostStates } from './HostStates';

export function ExplanationPanel() {
  const t = useT();
  const lang = useAppStore(selectLang);
  const trace = useAppStore(selectTrace);
  const index = useAppStore(selectCurrentEventIndex);
  const scenario = useAppStore(selectCurrentScenario);
  const event = index < 0 ? undefined : trace?.events[index];
  // With ?quiz=1, a note that would give away the answer to come waits until it is answered.
  const veiled = useAppStore(selectQuizVeilsNote);

  const details = useMemo(() => {
    if (trace === null || event === undefined) return undefined;
    return {
      row: eventRow(trace, index, lang),
      meaning: explainAt(trace, index),
      step: event.step !== undefined && scenario !== undefined ? resolveStep(scenario, event.step) : undefined,
    };
  }, [trace, event, index, lang, scenario]);
  const hostIndex = useMemo(() => new Map(trace?.hosts.map((host, i) => [host.name, i % 6]) ?? []), [trace]);

  return (
    <section className="panel explanation" data-testid="explanation" aria-labelledby="explanation-heading">
      <h2 id="explanation-heading" className="visually-hidden">
        {t('explain.heading')}
      </h2>
      <HostStates />
      {event === undefined || details === undefined ? (
        <div className="explanation-body">
          {scenario !== undefined && <p className="scenario-summary-text">{scenario.summary[lang]}</p>}
          <p className="hint">{trace === null ? t('explain.noTrace') : t('explain.start')}</p>
        </div>
      ) : (
        <div className="explanation-body" aria-live="polite">
          {details.row !== undefined && (
            <p className="event-line">
              <span className="event-time">{t('explain.at', { time: formatTime(event.t) })}</span>
              {details.row.host !== '' && (
                <span className={`host host-${hostIndex.get(details.row.host) ?? 'other'}`}>{details.row.host}</span>
              )}
              <span className={`kind-badge badge-${details.row.kind}`}>{details.row.kindLabel}</span>
              {details.row.parts.map((part, i) => (
                <span key={i} className={`tone-${part.tone}`}>
                  {part.text}
                </span>
              ))}
            </p>
          )}
          {details.meaning !== undefined && (
            <p className="meaning" data-testid="meaning" data-explain={details.meaning.id}>
              {details.meaning.text[lang]}
            </p>
          )}
          {details.step?.step.explain !== undefined && (
            <p className="program-step" data-testid="program-note">
              <span className="fact-label">{t('explain.program')}</span>{' '}
              {veiled ? <span className="muted">{t('quiz.veiled')}</span> : details.step.step.explain[lang]}
            </p>
          )}
          {details.meaning !== undefined && details.meaning.rfc.length > 0 && (
            <p className="rfc-refs">
              <span className="fact-label">{t('explain.rfc')}</span>
              {details.meaning.rfc.map((reference) => (
                <a
                  key={reference}
                  className="rfc-chip"
                  href={rfcUrl(reference)}
                  target="_blank"
                  rel="noreferrer"
                  data-testid="rfc-ref"
                >
                  {reference}
                </a>
              ))}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
