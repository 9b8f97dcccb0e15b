// The Event list, virtualized: only the rows in view (and a few around them) are in the DOM and
// described, so a million-event capture opens and steps as fast as a lesson. Rows have one fixed
// height; past what a browser can scroll (an element's height is capped near 33.5 million px in
// Chromium) the scroll range is scaled, a pixel of scrollbar standing for several rows.
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type UIEvent } from 'react';
import { useT } from './useT';
import { shownEventIndices, type EventFilter } from '../trace/query';
import type { Trace } from '../trace/types';
import { dispatch, selectLang, useAppStore } from '../store';
import { traceDuration } from './format/events';
import { eventRow, rowAtOrAfter, rowEvents } from './format/rows';
import type { EventRow } from './format/events';
import { scrollTopFor, windowAt, type Geometry } from './format/virtual-rows';
import './trace-table.css';

/** One row's height in px (trace-table.css sets the same); measured once drawn. */
const defaultRowHeight = 29;

interface Props {
  trace: Trace;
  /** Events before this index have happened; later rows are shown dimmed. */
  shownEvents: number;
  currentIndex: number;
  /** The event filter (`show=`): only the events it shows are rows; every one by default. */
  show?: EventFilter;
}

const Row = memo(function Row({
  row,
  future,
  current,
  hostIndex,
}: {
  row: EventRow;
  future: boolean;
  current: boolean;
  hostIndex: number | undefined;
}) {
  const t = useT();
  return (
    <tr
      data-testid="event-row"
      data-kind={row.kind}
      data-index={row.index}
      className={`kind-${row.kind}${future ? ' future' : ''}`}
      aria-current={current ? 'step' : undefined}
      onClick={() => dispatch({ type: 'selectEvent', eventIndex: row.index })}
    >
      <td className="col-time">{row.time}</td>
      <td className="col-host">
        {row.host !== '' && <span className={`host host-${hostIndex ?? 'other'}`}>{row.host}</span>}
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
  );
});

export function TraceTable({ trace, shownEvents, currentIndex, show = 'all' }: Props) {
  const t = useT();
  const lang = useAppStore(selectLang);
  const rows = show === 'all' ? rowEvents(trace) : shownEventIndices(trace, show);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const [rowHeight, setRowHeight] = useState(defaultRowHeight);
  const geometry: Geometry = { rowCount: rows.length, rowHeight, viewport };
  const hostIndex = useMemo(() => new Map(trace.hosts.map((host, i) => [host.name, i % 6])), [trace]);

  // The viewport follows the scroller's size; the row height is measured from a drawn row.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    const measure = () => {
      const header = element.querySelector('thead')?.getBoundingClientRect().height ?? 0;
      setViewport(Math.max(rowHeight, element.clientHeight - header));
      const drawn = element.querySelector<HTMLElement>('tr[data-testid="event-row"]')?.getBoundingClientRect().height;
      if (drawn !== undefined && drawn > 0 && Math.abs(drawn - rowHeight) > 0.5) setRowHeight(drawn);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [rowHeight]);

  // Keeps the current row in view while stepping (inside the scrolling list, not the page).
  const currentRow = currentIndex < 0 ? -1 : rowAtOrAfter(rows, currentIndex);
  useEffect(() => {
    const element = scroller.current;
    if (element === null || currentRow < 0 || currentRow >= rows.length) return;
    const wanted = scrollTopFor(geometry, currentRow, element.scrollTop);
    if (wanted === undefined) return;
    element.scrollTop = wanted;
    setScrollTop(element.scrollTop);
    // Only a step (or a new trace or size) scrolls; the learner's own scrolling is left alone.
  }, [currentRow, rows, rowHeight, viewport]);

  const onScroll = useCallback((event: UIEvent<HTMLDivElement>) => setScrollTop(event.currentTarget.scrollTop), []);
  const { first, last, above, below } = windowAt(geometry, scrollTop);
  const drawn: EventRow[] = [];
  for (let row = first; row < last; row++) {
    const described = eventRow(trace, rows[row]!, lang);
    if (described !== undefined) drawn.push(described);
  }

  return (
    <div className="trace">
      <p>{t.count('trace.summary', rows.length, { duration: traceDuration(trace) })}</p>
      <p className="muted">{t('trace.relativeSeq')}</p>
      <div
        className="events-scroll"
        ref={scroller}
        onScroll={onScroll}
        data-testid="event-list"
        data-rows={rows.length}
      >
        <table className="events">
          <colgroup>
            <col className="col-time" />
            <col className="col-host" />
            <col className="col-kind" />
            <col />
          </colgroup>
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
            {above > 0 && <tr className="events-spacer" aria-hidden="true" style={{ height: above }} />}
            {drawn.map((row) => (
              <Row
                key={row.index}
                row={row}
                future={row.index >= shownEvents}
                current={row.index === currentIndex}
                hostIndex={hostIndex.get(row.host)}
              />
            ))}
            {below > 0 && <tr className="events-spacer" aria-hidden="true" style={{ height: below }} />}
          </tbody>
        </table>
      </div>
    </div>
  );
}
