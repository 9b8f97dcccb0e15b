// "Click a host → crash it at that moment" (issue 13): a button on each host's card beside its
// state, adding the same crash rule as the packet pane's "Crash … here", at the cursor's instant.
import { formatInstant } from '../../diagram';
import type { Lang } from '../../i18n';
import { translator } from '../../i18n';
import { crashRuleAt, selectCurrentEventIndex, selectFaults, useAppStore } from '../../store';
import { addLearnerFault, selectCanBreak } from './FaultActions';

export function HostCrash({ host, lang }: { host: string; lang: Lang }) {
  const t = translator(lang);
  const canBreak = useAppStore(selectCanBreak);
  const trace = useAppStore((state) => state.trace);
  const current = useAppStore(selectCurrentEventIndex);
  const faults = useAppStore(selectFaults);
  if (!canBreak || trace === null || current < 0) return null;
  // The cursor's instant: the current event's.
  const rule = crashRuleAt(trace, current, host);
  const crashed = faults.some((f) => f.type === 'crash' && f.host === host && f.atMs <= rule.atMs);
  const at = formatInstant(trace.events[current]?.t ?? 0, lang);
  return (
    <button
      type="button"
      className="button host-crash"
      data-testid="host-crash"
      data-host={host}
      disabled={crashed}
      title={t('faults.crashTitle', { host, at })}
      aria-label={t('faults.crashNow', { host })}
      onClick={() => addLearnerFault(rule)}
    >
      {t('faults.crashShort')}
    </button>
  );
}
