// "Break it yourself" (issue 13), in the packet pane: drop this packet, or make its sender or
// receiver vanish at this moment. Either adds a fault rule to the lesson and simulates it again at
// the same step (store/faults.ts computes the rule from the Trace; nothing is re-derived here).
import type { Lang } from '../../i18n';
import { translator } from '../../i18n';
import { formatInstant } from '../../diagram';
import {
  crashRuleAt,
  dropRuleFor,
  maxLearnerFaults,
  sameFault,
  selectFaults,
  setFaults,
  useAppStore,
  type AppStore,
} from '../../store';
import type { FaultRule } from '../../scenario/schema';
import './faults.css';

/** Faults can be added to a simulated lesson only: not to a capture or a real run. */
export const selectCanBreak = (state: AppStore): boolean =>
  state.imported === null && state.source === 'sim' && state.scenarioId !== null && state.trace !== null;

function add(rule: FaultRule): void {
  const faults = useAppStore.getState().faults;
  if (faults.length >= maxLearnerFaults || faults.some((fault) => sameFault(fault, rule))) return;
  setFaults([...faults, rule]);
}

export function FaultActions({ eventIndex, lang }: { eventIndex: number; lang: Lang }) {
  const t = translator(lang);
  const canBreak = useAppStore(selectCanBreak);
  const trace = useAppStore((state) => state.trace);
  const count = useAppStore(selectFaults).length;
  if (!canBreak || trace === null) return null;
  const event = trace.events[eventIndex];
  if (event === undefined || (event.kind !== 'segment' && event.kind !== 'datagram')) return null;
  const drop = dropRuleFor(trace, eventIndex);
  const full = count >= maxLearnerFaults;
  const at = formatInstant(event.t, lang);
  return (
    <div className="fault-actions" role="group" aria-label={t('faults.group')} data-testid="fault-actions">
      <span className="fault-actions-label">{t('faults.group')}</span>
      <button
        type="button"
        className="button"
        data-testid="fault-drop"
        disabled={drop === undefined || full}
        title={drop === undefined ? t('faults.alreadyDropped') : t('faults.dropTitle')}
        onClick={() => drop !== undefined && add(drop)}
      >
        {t('faults.drop')}
      </button>
      {[event.from, event.to].map((host) => (
        <button
          key={host}
          type="button"
          className="button"
          data-testid={`fault-crash-${host}`}
          disabled={full}
          title={t('faults.crashTitle', { host, at })}
          onClick={() => add(crashRuleAt(trace, eventIndex, host))}
        >
          {t('faults.crash', { host })}
        </button>
      ))}
      {full && <span className="muted small">{t('faults.full', { n: maxLearnerFaults })}</span>}
    </div>
  );
}
