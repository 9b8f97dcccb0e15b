// Following the cursor: where each event is drawn across, how much a slightly too wide drawing
// shrinks, and where the scroll viewport should move so the newest event stays in sight. Pure
// geometry; src/ui/diagram/Diagram.tsx reads the DOM and scrolls.
import type { DiagramLayout } from './model';

/** [left, right, focus] in layout units; focus is the end to show first when both do not fit. */
export type Span = readonly [number, number, number];

/** A drawing at most this much wider than the viewport is scaled down to fit instead of scrolling sideways. */
const maxShrink = 0.75;
/** How far back from the cursor to look for an event drawn across (a timer or TCB has no span). */
const spanLookback = 8;
const marginPx = 24;

/** Each event's span across, by event index: a Span, null for a note (recentSpan passes over it), or none. */
export interface EventSpans {
  get(index: number): Span | null | undefined;
}

/**
 * Spans as three columns by event index, NaN where an event has none and -Infinity for a note:
 * 24 bytes an event, sent with a big capture's layout from its worker (the page holds only the
 * items near the view, so it cannot work them out).
 */
export interface SpanColumns {
  left: Float64Array;
  right: Float64Array;
  focus: Float64Array;
}

export function spanColumns(layout: DiagramLayout): SpanColumns {
  const events = layout.eventY.length;
  const columns = {
    left: new Float64Array(events).fill(NaN),
    right: new Float64Array(events),
    focus: new Float64Array(events),
  };
  const set = (index: number, left: number, right: number, focus: number, first = false) => {
    if (index < 0 || index >= events || (first && !Number.isNaN(columns.left[index]!))) return;
    columns.left[index] = left;
    columns.right[index] = right;
    columns.focus[index] = focus;
  };
  const beside = 90;
  for (const item of layout.items) {
    switch (item.type) {
      case 'arrow': {
        const [left, right] = item.x1 < item.x2 ? [item.x1, item.x2] : [item.x2, item.x1];
        set(item.eventIndex, left, right, item.x1);
        if (item.endIndex >= 0) set(item.endIndex, left, right, item.fate === 'dropped' ? item.crossX : item.x2);
        break;
      }
      case 'band':
      case 'bar':
      case 'timer':
        set(item.eventIndex, item.x - beside, item.x + beside, item.x, true);
        if (item.type === 'bar' && item.endIndex >= 0)
          set(item.endIndex, item.x - beside, item.x + beside, item.x, true);
        break;
      case 'note':
        // Drawn across the lanes, not at one: following it sideways would leave the packets it
        // is about (a capture's closing TIME-WAIT notes) out of view. recentSpan passes over it.
        set(item.eventIndex, -Infinity, 0, 0);
        break;
      default:
        break;
    }
  }
  return columns;
}

export function spansOf({ left, right, focus }: SpanColumns): EventSpans {
  return {
    get(index) {
      const x0 = left[index];
      if (x0 === undefined || Number.isNaN(x0)) return undefined;
      return x0 === -Infinity ? null : [x0, right[index]!, focus[index]!];
    },
  };
}

/** Where each event is drawn across: sent with the layout, or worked out from its items. */
export function eventSpans(layout: DiagramLayout): EventSpans {
  return spansOf(layout.spans ?? spanColumns(layout));
}

/**
 * Slightly too wide (long state labels at the edge, a narrow window): shrink to fit rather than
 * clip or scroll sideways. Much too wide: keep the size and let the viewport scroll.
 */
export function fitScale(clientWidth: number, layoutWidth: number): number {
  const ratio = clientWidth > 0 ? clientWidth / layoutWidth : 1;
  return ratio < 1 && ratio >= maxShrink ? ratio : 1;
}

/**
 * The span of the newest shown event that has one, looking back a few events; notes (null) are
 * passed over without counting, so a trace ending in many notes (a capture's TIME-WAIT and limit
 * notes) still shows its last packets at the end.
 */
export function recentSpan(spans: EventSpans, shownEvents: number): Span | undefined {
  let looked = 0;
  for (let index = shownEvents - 1; index >= 0 && looked < spanLookback; index--) {
    const span = spans.get(index);
    if (span === null) continue;
    if (span !== undefined) return span;
    looked++;
  }
  return undefined;
}

export interface ScrollBox {
  top: number;
  left: number;
  width: number;
  height: number;
  scrollWidth: number;
}

/**
 * Where to scroll so the cursor (at `cursor`, already scaled) stays below the sticky headers
 * (`header` tall) and, when the drawing is wider than the viewport, the newest event's span
 * (in layout units, times `scale`) is in view.
 */
export function scrollTarget(
  box: ScrollBox,
  cursor: number,
  header: number,
  span: Span | undefined,
  scale: number,
): { top: number; left: number } {
  const { width, height } = box;
  let top = box.top;
  if (cursor < top + header + 20 || cursor > top + height - 60) {
    top = Math.max(0, cursor - header - (height - header) * 0.6);
    // Never a scroll shorter than the headers: the sticky copy would cover the first rows while
    // the real headers are still half in view. Stay at the top while the cursor fits there.
    if (top > 0 && top < header) top = cursor <= height - 60 ? 0 : header;
  }
  let left = box.left;
  if (box.scrollWidth > width + 1 && span !== undefined) {
    const [x0, x1, focus] = span.map((x) => x * scale) as [number, number, number];
    if (x0 < left + marginPx || x1 > left + width - marginPx) {
      const centre = x1 - x0 <= width - 2 * marginPx ? (x0 + x1) / 2 : focus;
      left = Math.max(0, Math.min(box.scrollWidth - width, centre - width / 2));
    }
  }
  return { top, left };
}
