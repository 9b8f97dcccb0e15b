// The faults the learner added, above the diagram whenever there are any: the run on screen is
// not the lesson as written, and this says so. Each can be undone (the lesson is simulated again).
import { formatInstant } from '../../diagram';
import type { FaultRule } from '../../scenario/schema';
import { selectFaults, selectLang, setFaults, useAppStore } from '../../store';
import { useT } from '../useT';
import { injectText } from './CraftSegment';
import './faults.css';

export function FaultBar() {
  const t = useT();
  const lang = useAppStore(selectLang);
  const faults = useAppStore(selectFaults);
  if (faults.length === 0) return null;
  const text = (rule: FaultRule): string => {
    switch (rule.type) {
      case 'crash':
        return t('faults.item.crash', { host: rule.host, at: formatInstant(rule.atMs * 1000, lang) });
      case 'delay':
        return t('faults.item.delay', { from: rule.from, to: rule.to, nth: String(rule.nth), ms: rule.ms });
      case 'duplicate':
      case 'drop':
        return t(`faults.item.${rule.type}`, { from: rule.from, to: rule.to, nth: String(rule.nth) });
      case 'inject':
        return injectText(rule, t, lang);
    }
  };
  return (
    <div className="fault-bar" role="region" aria-label={t('faults.heading')} data-testid="fault-list">
      <span className="fault-bar-heading">{t('faults.heading')}</span>
      <ul>
        {faults.map((rule, i) => (
          <li key={i} data-testid="fault" data-fault={rule.type}>
            <span>{text(rule)}</span>
            <button
              type="button"
              className="fault-undo"
              data-testid="fault-undo"
              aria-label={t('faults.undoTitle', { fault: text(rule) })}
              title={t('faults.undoTitle', { fault: text(rule) })}
              onClick={() => setFaults(faults.filter((_, k) => k !== i))}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      {faults.length > 1 && (
        <button type="button" className="button fault-clear" data-testid="fault-clear" onClick={() => setFaults([])}>
          {t('faults.clear')}
        </button>
      )}
    </div>
  );
}
