import { useEffect, useMemo, useRef, useState } from 'react';
import { useT } from './useT';
import type { Trace } from '../trace/types';
import { dispatch, selectLang, useAppStore } from '../store';
import { traceDuration } from './format/events';
import { rowsByEvent } from './format/rows';

/** Rows drawn at first and added per click: long traces stay responsive. */
const pageSize = 1000;

interface Props {
  trace: Trace;
  /** Events before this index have happened; later rows are shown dimmed. */
  shownEvents: number;
  currentIndex: number;
}

export function TraceTable({ trace, shownEvents, currentIndex }: Props) {
  const t = useT();
  const lang = useAppStore(selectLang);
  const [limit, setLimit] = useState(pageSize);
  const allRows = useMemo(() => [...rowsByEvent(trace, lang).values()], [trace, lang]);
  const rows = allRows.slice(0, Math.max(limit, allRows.findIndex((row) => row.index >= shownEvents) + 50));
  const hostIndex = useMemo(() => new Map(trace.hosts.map((host, i) => [host.name, i % 6])), [trace]);
  const remaining = allRows.length - rows.length;
  const body = useRef<HTMLTableSectionElement>(null);

  // Keeps the current row in view while stepping (inside the scrolling list, not the page).
  useEffect(() => {
    const row = body.current?.querySelector<HTMLElement>('tr[aria-current="step"]');
    row?.scrollIntoView({ block: 'nearest' });
  }, [currentIndex]);

  return (
    <div className="trace">
      <p>{t.count('trace.summary', allRows.length, { duration: traceDuration(trace) })}</p>
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
        <tbody ref={body}>
          {rows.map((row) => (
            <tr
              key={row.index}
              data-testid="event-row"
              data-kind={row.kind}
              data-index={row.index}
              className={`kind-${row.kind}${row.index >= shownEvents ? ' future' : ''}`}
              aria-current={row.index === currentIndex ? 'step' : undefined}
              onClick={() => dispatch({ type: 'selectEvent', eventIndex: row.index })}
            >
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
