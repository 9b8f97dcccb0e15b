// The sequence diagram's layout: a pure function of the Trace (and of the text measurement
// passed in) that returns lanes, arrows, bands, bars, timers, gaps and placed labels with their
// coordinates. No DOM, no React, no module state: memoize it per trace and options.
// It runs in named passes (mermaid's sequenceRenderer habit), each in its own module:
//   index     trace-index.ts  what the layout reads from the query layer, and each event's lane
//   rows      vertical.ts     rows per instant and the time scale: every event's y
//   items     items.ts, arrows.ts  bands, bars, timer brackets, notes, arrows and drop crosses
//   ticks     ticks.ts        the time column, whose width the lanes pass needs
//   lanes     positions.ts    lanes and host headers across, from the labels' widths
//   labels    labels.ts, arrow-labels.ts  every item's x and its label's place
// Given a width (the screen's), notes wrap to it, and a scene still wider than it is laid out
// again with one lane per host (trace-index.ts mergeHostLanes): nothing scrolls sideways.
import type { Trace } from '../trace/types';
import { layoutContext } from './context';
import { buildItems, noteItems, noteSpans, sideWidths } from './items';
import { placeLabels } from './labels';
import type { DiagramItem, DiagramLayout, LayoutOptions } from './model';
import { placeLanes } from './positions';
import { timeTicks, withTimeColumn } from './ticks';
import { indexTrace } from './trace-index';
import { indexedLayout } from './transfer';
import { YIndex } from './boxes';
import { placeRows } from './vertical';

export function cursorY(layout: DiagramLayout, shownEvents: number): number {
  if (shownEvents <= 0 || layout.eventY.length === 0) return layout.top;
  return layout.eventY[Math.min(shownEvents, layout.eventY.length) - 1]!;
}

export function layoutTrace(trace: Trace, options: LayoutOptions = {}): DiagramLayout {
  const layout = layoutWith(trace, options, false);
  // Wider than the screen: one lane per host rather than a drawing that scrolls sideways.
  const available = options.width ?? 0;
  if (available > 0 && layout.width > available && layout.lanes.some((lane) => lane.shared))
    return layoutWith(trace, options, true);
  return layout;
}

function layoutWith(trace: Trace, options: LayoutOptions, merge: boolean): DiagramLayout {
  const measured = layoutContext(options);
  const index = indexTrace(trace, measured.presentation, merge);
  // Notes first: one that wraps takes several rows.
  const notes = noteItems(measured, index, options.width ?? 0);
  const { rowPx, labelHeight } = measured.metrics;
  const spans = noteSpans(notes, rowPx, labelHeight);
  const vertical = placeRows(index, measured.metrics, spans, options.timeScale, options.show);
  const items = buildItems(measured, index, vertical, notes);
  const ticks = timeTicks(measured, vertical);
  // From here on the time column's width is known.
  const context = { ...measured, metrics: withTimeColumn(measured.metrics, ticks) };
  const sides = sideWidths(index.lanes.length, items);
  const { lanes, hosts, width } = placeLanes(context, index.lanes, items, sides, options.width ?? 0);
  const { gaps, overlaps } = placeLabels(context, lanes, vertical, items, ticks);
  const all: DiagramItem[] = [
    ...gaps,
    ...items.bands,
    ...items.bars,
    ...items.timers,
    ...items.arrows,
    ...items.notes,
    ...ticks,
  ];
  return indexedLayout(
    {
      // Notes are drawn across the lanes and wrap to the width available; a lane-less capture's
      // notes, or a narrow drawing's, set the width themselves.
      width: Math.max(width, notesRightEdge(items.notes) + (lanes.length > 0 ? 4 : context.metrics.rowPx)),
      height: Math.ceil(vertical.bottom + context.metrics.rowPx),
      metrics: context.metrics,
      lanes,
      hosts,
      eventY: vertical.eventY,
      top: vertical.top,
      bottom: vertical.bottom,
      overlaps,
    },
    all,
    YIndex.of(all),
  );
}

function notesRightEdge(notes: readonly { label: { x: number; width: number } }[]): number {
  return notes.reduce((edge, note) => Math.max(edge, Math.ceil(note.label.x + note.label.width)), 0);
}
