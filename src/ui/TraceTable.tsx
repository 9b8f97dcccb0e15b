// The Event list, virtualized: only the rows in view (and a few around them) are in the DOM and
// described, so a million-event capture opens and steps as fast as a lesson. Rows have one fixed
// height; past what a browser can scroll (an element's height is capped near 33.5 million px in
// Chromium) the scroll range is scaled, a pixel of scrollbar standing for several rows.
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type UIEvent } from 'react';
import { useT } from './useT';
import type { Trace } from '../trace/types';
import { dispatch, selectLang, useAppStore } from '../store';
import { traceDuration } from './format/events';
import { eventRow, rowAtOrAfter, rowEvents } from './format/rows';
import type { EventRow } from './format/events';
import './trace-table.css';

/** One row's height in px (trace-table.css sets the same); measured once drawn. */
const defaultRowHeight = 29;
/** Rows drawn beyond the view on each side. */
const overscan = 8;
/** The tallest scroll range used, well under the browser's cap. */
const maxScrollPx = 8_000_000;
/** Up to this many rows all are drawn (a lesson's list: cheap, and every row findable in the page). */
const drawAllUpTo = 1000;

interface Props {
  trace: Trace;
  /** Events before this index have happened; later rows are shown dimmed. */
  shownEvents: number;
  currentIndex: number;
}

interface Geometry {
  rowCount: number;
  rowHeight: number;
  /** The rows' viewport (the scroller's height minus the sticky header). */
  viewport: number;
}

/** The scroll range and how many row pixels one scrolled pixel stands for. */
function scrollRange({ rowCount, rowHeight, viewport }: Geometry): { height: number; scale: number } {
  const full = rowCount * rowHeight;
  if (full <= maxScrollPx) return { height: full, scale: 1 };
  return { height: maxScrollPx, scale: (full - viewport) / (maxScrollPx - viewport) };
}

/** The rows to draw at this scroll position, and the space above and below them. */
export function windowAt(
  geometry: Geometry,
  scrollTop: number,
): { first: number; last: number; above: number; below: number } {
  const { rowCount, rowHeight, viewport } = geometry;
  if (rowCount <= drawAllUpTo) return { first: 0, last: rowCount, above: 0, below: 0 };
  const { height, scale } = scrollRange(geometry);
  const top = Math.max(0, Math.min(scrollTop, height - viewport)) * scale;
  const inView = Math.floor(top / rowHeight);
  const first = Math.max(0, inView - overscan);
  const last = Math.min(rowCount, inView + Math.ceil(viewport / rowHeight) + 1 + overscan);
  // The first row in view starts where it would be at scale 1, shifted into the scaled range.
  const above = Math.max(0, scrollTop - (top - first * rowHeight));
  return { first, last, above, below: Math.max(0, height - above - (last - first) * rowHeight) };
}

/** The scrollTop that shows row `row` (its top at scale 1, mapped into a scaled range). */
function scrollTopFor(geometry: Geometry, row: number, current: number): number | undefined {
  const { rowHeight, viewport } = geometry;
  const { scale } = scrollRange(geometry);
  const top = current * scale;
  const rowTop = row * rowHeight;
  if (rowTop >= top && rowTop + rowHeight <= top + viewport) return undefined;
  // Nearest edge, as scrollIntoView({ block: 'nearest' }) would.
  const wanted = rowTop < top ? rowTop : rowTop + rowHeight - viewport;
  return Math.max(0, wanted / scale);
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

export function TraceTable({ trace, shownEvents, currentIndex }: Props) {
  const t = useT();
  const lang = useAppStore(selectLang);
  const rows = rowEvents(trace);
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
