// Where a big trace's diagram is laid out when not on the page: the import worker that built the
// trace registers itself for it (src/ui/capture/importer.ts), and the diagram asks it (useLayout).
// Laying out 100,000 packets takes seconds; on the page it froze everything (issue 9).
import type { DiagramLayout, SentLayoutOptions } from '../../diagram';
import type { Trace } from '../../trace/types';

export type LayoutResult = { layout: DiagramLayout } | { error: string };

export interface LayoutSource {
  /** Lays out the trace's diagram with these options, then calls `done` once. */
  layOut(options: SentLayoutOptions, done: (result: LayoutResult) => void): void;
}

/**
 * Traces of at least this many events are laid out off the page when a source holds them: below
 * it the page's own layout takes under ~100 ms and is there at the first frame.
 */
export const offPageLayoutEvents = 20_000;

const sources = new WeakMap<Trace, LayoutSource>();

export function setLayoutSource(trace: Trace, source: LayoutSource): void {
  sources.set(trace, source);
}

export function layoutSourceOf(trace: Trace): LayoutSource | undefined {
  return trace.events.length >= offPageLayoutEvents ? sources.get(trace) : undefined;
}
