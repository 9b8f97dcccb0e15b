import { useMemo, useState } from 'react';
import { useT } from '../i18n/useT';
import type { Trace } from '../trace/types';
import { selectLang, useAppStore } from '../store';
import { describeTrace, traceDuration } from './format/events';

/** Rows drawn at first and added per click: long traces stay responsive. */
const pageSize = 1000;

export function TraceTable({ trace }: { trace: Trace }) {
  const t = useT();
  const lang = useAppStore(selectLang);
  const [limit, setLimit] = useState(pageSize);
  const rows = useMemo(() => describeTrace(trace, lang, limit), [trace, lang, limit]);
  const hostIndex = useMemo(() => new Map(trace.hosts.map((host, i) => [host.name, i % 6])), [trace]);
  const remaining = trace.events.length - rows.length;

  return (
    <div className="panel trace">
      <h3>{t('trace.heading')}</h3>
      <p>{t.count('trace.summary', trace.events.length, { duration: traceDuration(trace) })}</p>
      <p className="muted">{t('trace.relativeSeq')}</p>
      <table className="events">
        <thead>
          <tr>
            <th scope="col" className="col-time">
              {t('trace.col.time')}
            </th>
            <th scope="col">{t('trace.col.host')}</th>
            <th scope="col">{t('trace.col.kind')}</th>
            <th scope="col">{t('trace.col.details')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.index} data-testid="event-row" data-kind={row.kind} className={`kind-${row.kind}`}>
              <td className="col-time">{row.time}</td>
              <td className="col-host">
                {row.host !== '' && (
                  <span className={`host host-${hostIndex.get(row.host) ?? 'other'}`}>{row.host}</span>
                )}
                {row.socket !== undefined && row.socket >= 0 && (
                  <span className="socket muted">{t('event.socket', { socket: row.socket })}</span>
                )}
              </td>
              <td className="col-kind">
                <span className={`kind-badge badge-${row.kind}`}>{row.kindLabel}</span>
              </td>
              <td className="col-details">
                {row.parts.map((part, i) => (
                  <span key={i} className={`tone-${part.tone}`}>
                    {part.text}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {remaining > 0 && (
        <button type="button" className="button" onClick={() => setLimit((n) => n + pageSize)}>
          {t.count('trace.showMore', Math.min(remaining, pageSize))}
        </button>
      )}
    </div>
  );
}
