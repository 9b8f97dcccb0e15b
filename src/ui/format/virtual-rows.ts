// Which rows of a virtualized list to draw (TraceTable.tsx): rows of one fixed height; past what
// a browser can scroll (an element's height is capped near 33.5 million px in Chromium) the scroll
// range is scaled, one scrolled pixel standing for several rows' pixels. Pure arithmetic, tested
// without a DOM.

/** Rows drawn beyond the view on each side. */
const overscan = 8;
/** The tallest scroll range used, well under the browser's cap. */
const maxScrollPx = 8_000_000;
/** Up to this many rows all are drawn (a lesson's list: cheap, and every row findable in the page). */
const drawAllUpTo = 1000;

export interface Geometry {
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
export function scrollTopFor(geometry: Geometry, row: number, current: number): number | undefined {
  const { rowHeight, viewport } = geometry;
  const { scale } = scrollRange(geometry);
  const top = current * scale;
  const rowTop = row * rowHeight;
  if (rowTop >= top && rowTop + rowHeight <= top + viewport) return undefined;
  // Nearest edge, as scrollIntoView({ block: 'nearest' }) would.
  const wanted = rowTop < top ? rowTop : rowTop + rowHeight - viewport;
  return Math.max(0, wanted / scale);
}

/**
 * The scroll position that keeps `row` in view from `top` (a row out of the list keeps `top`):
 * scrollTopFor's, rounded to a whole pixel as Chromium rounds a scrollTop it is given (half up),
 * so the list draws the rows of where its scroller will be in the same render that moves it.
 */
export function followedTop(geometry: Geometry, row: number, top: number): number {
  if (row < 0 || row >= geometry.rowCount) return top;
  const wanted = scrollTopFor(geometry, row, top);
  return wanted === undefined ? top : Math.round(wanted);
}
