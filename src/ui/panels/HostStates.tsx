// One badge per host: the TCP state of its connection socket at the cursor, or what the Trace
// says the host holds instead (only UDP sockets, or no socket at all). The facts come from the
// query layer; this component only draws them.
import { useMemo } from 'react';
import { selectShownEvents, selectTrace, useAppStore } from '../../store';
import { hostStates, type HostState } from '../../trace/query';
import type { Translate } from '../../i18n';
import { useT } from '../useT';
import { HostCrash } from '../faults/HostCrash';

function badge(entry: HostState, t: Translate) {
  const testId = `state-${entry.host}`;
  switch (entry.kind) {
    case 'tcp':
      return (
        <span className={`state-badge state-${entry.state}`} data-testid={testId}>
          {entry.state}
        </span>
      );
    case 'udp':
      return (
        <span className="state-badge" data-testid={testId} title={t('explain.noTcp')}>
          {t('explain.udpOnly')}
        </span>
      );
    case 'none':
      return (
        <span className="state-badge" data-testid={testId} title={t('explain.noSocketTitle')}>
          {t('explain.noSocket')}
        </span>
      );
  }
}

export function HostStates() {
  const t = useT();
  const trace = useAppStore(selectTrace);
  const shown = useAppStore(selectShownEvents);
  const states = useMemo(() => (trace === null ? [] : hostStates(trace, shown)), [trace, shown]);
  if (states.length === 0) return null;
  return (
    <ul className="host-states" aria-label={t('explain.states')}>
      {states.map((entry, i) => (
        <li key={entry.host}>
          <span className={`host host-${i % 6}`}>{entry.host}</span>
          {badge(entry, t)}
          <HostCrash host={entry.host} lang={t.lang} />
        </li>
      ))}
    </ul>
  );
}
