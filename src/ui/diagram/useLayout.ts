// The diagram's layout for a trace and its options: computed here (memoized) for an ordinary
// trace, or asked of the trace's layout source (layout-source.ts) for a big one, in which case it
// arrives later. Meanwhile the last layout of the same trace is shown, marked stale (a resize or
// another language redoes it), and a new trace shows none until its own arrives: never another
// trace's drawing.
import { useEffect, useMemo, useRef, useState } from 'react';
import { layoutTrace, type DiagramLayout, type MeasureText, type SentLayoutOptions } from '../../diagram';
import type { Trace } from '../../trace/types';
import { layoutSourceOf } from './layout-source';

export type LayoutState =
  | { status: 'ready'; layout: DiagramLayout }
  /** The layout shown is the trace's, for options since changed: the new one is on its way. */
  | { status: 'stale'; layout: DiagramLayout }
  | { status: 'pending'; layout?: undefined }
  | { status: 'failed'; layout?: undefined; error: string };

interface Arrived {
  trace: Trace;
  key: string;
  layout?: DiagramLayout;
  error?: string;
}

export function useLayout(trace: Trace, options: SentLayoutOptions, measure: MeasureText): LayoutState {
  const source = layoutSourceOf(trace);
  // The options as one value: they are plain data, and an effect must not restart on a new object.
  const key = JSON.stringify(options);
  const local = useMemo(
    () =>
      source === undefined ? layoutTrace(trace, { ...(JSON.parse(key) as SentLayoutOptions), measure }) : undefined,
    [source, trace, key, measure],
  );
  const [arrived, setArrived] = useState<Arrived>();
  const current = useRef(trace);
  current.current = trace;
  // Before the page is measured (width 0) a layout would be thrown away at once: not asked for.
  const measured = (options.width ?? 0) > 0;
  useEffect(() => {
    if (source === undefined || !measured) return;
    source.layOut(JSON.parse(key) as SentLayoutOptions, (result) => {
      // A result for a trace no longer shown is dropped; one for older options is still shown, stale.
      if (current.current === trace) setArrived({ trace, key, ...result });
    });
  }, [source, trace, key, measured]);
  if (local !== undefined) return { status: 'ready', layout: local };
  if (arrived?.trace !== trace) return { status: 'pending' };
  if (arrived.layout === undefined) {
    return arrived.key === key ? { status: 'failed', error: arrived.error ?? '' } : { status: 'pending' };
  }
  return { status: arrived.key === key ? 'ready' : 'stale', layout: arrived.layout };
}
