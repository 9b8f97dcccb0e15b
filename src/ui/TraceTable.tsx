// The Event list, virtualized: only the rows in view (and a few around them) are in the DOM and
// described, so a million-event capture opens and steps as fast as a lesson. Rows have one fixed
// height; past what a browser can scroll (an element's height is capped near 33.5 million px in
// Chromium) the scroll range is scaled, a pixel of scrollbar standing for several rows.
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type RefObject, type UIEvent } from 'react';
import { flushSync } from 'react-dom';
import { useT } from './useT';
import { listRows, type EventFilter, type ListRows } from '../trace/query';
import type { Trace } from '../trace/types';
import { dispatch, selectLang, useAppStore } from '../store';
import { traceDuration } from './format/events';
import { eventRow, rowAtOrAfter } from './format/rows';
import type { EventRow } from './format/events';
import { followedTop, windowAt } from './format/virtual-rows';
import './trace-table.css';

interface Size {
  /** The rows' viewport (the scroller's height minus the sticky header), in px. */
  viewport: number;
  /** One row's height in px. */
  rowHeight: number;
}

/** Until measured (after the first layout): trace-table.css's row height, and a guess. */
const assumed: Size = { viewport: 600, rowHeight: 29 };

interface View {
  /** The scroll position the rows are drawn for. */
  top: number;
  /** What it last followed: it follows again when one of these changes. */
  followed?: { row: number; rows: ListRows; size: Size };
}

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

/**
 * The viewport follows the scroller's size; the row height is measured from a drawn row. A
 * ResizeObserver runs after layout, when reading sizes is free (its first run comes after the first
 * layout), and flushSync draws the measured rows before that frame is painted.
 */
function useListSize(scroller: RefObject<HTMLDivElement | null>): Size {
  const [size, setSize] = useState<Size>(assumed);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    const observer = new ResizeObserver(() => {
      const header = element.querySelector('thead')?.getBoundingClientRect().height ?? 0;
      const drawn = element.querySelector<HTMLElement>('tr[data-testid="event-row"]')?.getBoundingClientRect().height;
      const clientHeight = element.clientHeight;
      flushSync(() =>
        setSize((current) => {
          const rowHeight =
            drawn !== undefined && drawn > 0 && Math.abs(drawn - current.rowHeight) > 0.5 ? drawn : current.rowHeight;
          const viewport = Math.max(rowHeight, clientHeight - header);
          return rowHeight === current.rowHeight && viewport === current.viewport ? current : { rowHeight, viewport };
        }),
      );
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [scroller]);
  return size;
}

const followFrom = (followed: View['followed'], top: number): number =>
  followed === undefined ? top : followedTop({ rowCount: followed.rows.length, ...followed.size }, followed.row, top);

/**
 * The scroll position to draw the rows for, keeping the current row in view while stepping (inside
 * the scrolling list, not the page). It follows in the render of the step itself: the rows drawn
 * are those of where the scroller goes (state derived in render, React's way), and the layout
 * effect moves the scroller there; before, an effect read scrollTop after React changed the rows
 * and a second render drew the rows of the new position (issue 9). Only a step, a new trace,
 * filter or size follows; the learner's own scrolling is left alone.
 */
function useFollowedTop(
  scroller: RefObject<HTMLDivElement | null>,
  rows: ListRows,
  currentRow: number,
  size: Size,
): { top: number; onScroll: (event: UIEvent<HTMLDivElement>) => void } {
  /** Where the scroller is, as far as our writes and its scroll events tell. */
  const position = useRef(0);
  const [view, setView] = useState<View>({ top: 0 });
  let top = view.top;
  const followed = view.followed;
  if (followed?.row !== currentRow || followed.rows !== rows || followed.size !== size) {
    const next = { row: currentRow, rows, size };
    top = followFrom(next, top);
    setView({ top, followed: next });
  }
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    // Read before the write: it lays out this commit's rows once, which the write needs anyway.
    const actual = element.scrollTop;
    if (actual !== position.current) {
      // Scrolled since we knew, its event still to come (a click scrolls its row in first): follow from there.
      position.current = actual;
      setView({ top: followFrom(view.followed, actual), followed: view.followed });
      return;
    }
    if (view.top === actual) return;
    element.scrollTop = view.top;
    position.current = element.scrollTop;
    // The browser clamps a position past the end: draw the rows of where it landed.
    if (position.current !== view.top) setView({ ...view, top: position.current });
  }, [scroller, view]);
  const onScroll = useCallback((event: UIEvent<HTMLDivElement>) => {
    const landed = event.currentTarget.scrollTop;
    // The scroll event of our own write says what is known already.
    if (landed === position.current) return;
    position.current = landed;
    setView((current) => ({ ...current, top: landed }));
  }, []);
  return { top, onScroll };
}

export function TraceTable({ trace, shownEvents, currentIndex, show = 'all' }: Props) {
  const t = useT();
  const lang = useAppStore(selectLang);
  const rows = listRows(trace, show);
  const scroller = useRef<HTMLDivElement>(null);
  const size = useListSize(scroller);
  const currentRow = currentIndex < 0 ? -1 : rowAtOrAfter(rows, currentIndex);
  const { top, onScroll } = useFollowedTop(scroller, rows, currentRow, size);
  const hostIndex = useMemo(() => new Map(trace.hosts.map((host, i) => [host.name, i % 6])), [trace]);
  const { first, last, above, below } = windowAt({ rowCount: rows.length, ...size }, top);
  const drawn: EventRow[] = [];
  for (let row = first; row < last; row++) {
    const described = eventRow(trace, rows.event(row), lang);
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
