// One badge per host with the TCP state of its connection socket at the cursor.
import { useMemo } from 'react';
import { useT } from '../useT';
import { hostStates, selectShownEvents, selectTrace, useAppStore } from '../../store';

export function HostStates() {
  const t = useT();
  const trace = useAppStore(selectTrace);
  const shown = useAppStore(selectShownEvents);
  const states = useMemo(() => (trace === null ? [] : hostStates(trace, shown)), [trace, shown]);
  // Hosts that never hold a TCP socket in this trace (UDP lessons) have no TCP state to show.
  const tcpHosts = useMemo(
    () => new Set(trace?.events.flatMap((e) => (e.kind === 'state' ? [e.host] : [])) ?? []),
    [trace],
  );
  if (states.length === 0) return null;
  return (
    <ul className="host-states" aria-label={t('explain.states')}>
      {states.map((entry, i) => (
        <li key={entry.host}>
          <span className={`host host-${i % 6}`}>{entry.host}</span>
          {tcpHosts.has(entry.host) ? (
            <span className={`state-badge state-${entry.state}`} data-testid={`state-${entry.host}`}>
              {entry.state}
            </span>
          ) : (
            <span className="state-badge" data-testid={`state-${entry.host}`} title={t('explain.noTcp')}>
              {t('explain.udpOnly')}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
