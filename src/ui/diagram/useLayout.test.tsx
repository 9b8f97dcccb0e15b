// @vitest-environment jsdom
// The diagram's layout of a big trace comes from its layout source (the import worker): what the
// hook shows while one is on its way, when options change, when the trace changes, and on failure.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { estimateText, layoutTrace, type SentLayoutOptions } from '../../diagram';
import { findScenario } from '../../scenario/library';
import { simulate } from '../../sim';
import type { Trace } from '../../trace/types';
import { offPageLayoutEvents, setLayoutSource, type LayoutResult, type LayoutSource } from './layout-source';
import { useLayout, type LayoutState } from './useLayout';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const lesson = simulate(findScenario('tcp-echo')!, {});
const drawn = layoutTrace(lesson);

/** A trace long enough to be laid out by its source (the events' content does not matter here). */
const bigTrace = (): Trace => ({ ...lesson, events: new Array(offPageLayoutEvents).fill(lesson.events[0]) });

/** A source that answers only when told, remembering what it was asked. */
function fakeSource(trace: Trace) {
  const asked: { options: SentLayoutOptions; done: (result: LayoutResult) => void }[] = [];
  const source: LayoutSource = { layOut: (options, done) => asked.push({ options, done }) };
  setLayoutSource(trace, source);
  return asked;
}

let root: Root | undefined;
afterEach(() => act(() => root?.unmount()));

function probe() {
  const states: LayoutState[] = [];
  function Probe({ trace, options }: { trace: Trace; options: SentLayoutOptions }) {
    states.push(useLayout(trace, options, estimateText));
    return null;
  }
  root = createRoot(document.createElement('div'));
  const draw = (trace: Trace, options: SentLayoutOptions) => act(() => root!.render(<Probe {...{ trace, options }} />));
  return { states, draw, last: () => states.at(-1)! };
}

describe('useLayout', () => {
  it('lays out an ordinary trace itself, at once', () => {
    const { draw, last } = probe();
    draw(lesson, { width: 1000 });
    expect(last().status).toBe('ready');
    expect(last().layout?.items.length).toBe(layoutTrace(lesson, { width: 1000, measure: estimateText }).items.length);
  });

  it('asks a big trace of its source, and shows nothing of it until the layout arrives', () => {
    const trace = bigTrace();
    const asked = fakeSource(trace);
    const { draw, last } = probe();
    draw(trace, { width: 0 });
    // Not measured yet: nothing is asked (the layout would be thrown away at once).
    expect(asked).toHaveLength(0);
    draw(trace, { width: 1000, lang: 'fr' });
    expect(last().status).toBe('pending');
    expect(asked.map((one) => one.options)).toEqual([{ width: 1000, lang: 'fr' }]);
    act(() => asked[0]!.done({ layout: drawn }));
    expect(last()).toEqual({ status: 'ready', layout: drawn });
  });

  it('keeps the last layout, marked stale, while one for new options is on its way', () => {
    const trace = bigTrace();
    const asked = fakeSource(trace);
    const { draw, last } = probe();
    draw(trace, { width: 1000 });
    act(() => asked[0]!.done({ layout: drawn }));
    draw(trace, { width: 1200 });
    expect(last()).toEqual({ status: 'stale', layout: drawn });
    expect(asked[1]!.options).toEqual({ width: 1200 });
    const wider = layoutTrace(lesson, { width: 1200 });
    act(() => asked[1]!.done({ layout: wider }));
    expect(last()).toEqual({ status: 'ready', layout: wider });
  });

  it("never shows another trace's layout: a new trace waits for its own", () => {
    const first = bigTrace();
    const second = bigTrace();
    const askedFirst = fakeSource(first);
    const askedSecond = fakeSource(second);
    const { draw, last } = probe();
    draw(first, { width: 1000 });
    act(() => askedFirst[0]!.done({ layout: drawn }));
    draw(second, { width: 1000 });
    expect(last().status).toBe('pending');
    // A late answer for the first trace is not shown for the second.
    act(() => askedFirst[0]!.done({ layout: drawn }));
    expect(last().status).toBe('pending');
    act(() => askedSecond[0]!.done({ layout: drawn }));
    expect(last().status).toBe('ready');
  });

  it('says why a layout failed', () => {
    const trace = bigTrace();
    const asked = fakeSource(trace);
    const { draw, last } = probe();
    draw(trace, { width: 1000 });
    act(() => asked[0]!.done({ error: 'the trace is no longer in memory' }));
    expect(last()).toEqual({ status: 'failed', error: 'the trace is no longer in memory' });
  });
});
