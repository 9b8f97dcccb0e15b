import { describe, expect, it } from 'vitest';
import { itemsWindow, layoutHead, layoutTrace } from '../../diagram';
import { findScenario } from '../../scenario/library';
import { simulate } from '../../sim';
import type { LayoutResult } from '../diagram/layout-source';
import type { WorkerRequest } from './protocol';
import { WorkerLayouts } from './worker-layouts';

const layout = layoutTrace(simulate(findScenario('tcp-echo')!, {}));
const head = () => structuredClone(layoutHead(layout));

describe('WorkerLayouts', () => {
  it('sends one request at a time, and of those asked meanwhile only the newest', () => {
    const sent: WorkerRequest[] = [];
    const source = new WorkerLayouts((request) => sent.push(request));
    const results: string[] = [];
    source.layOut({ width: 800 }, () => results.push('800'));
    source.layOut({ width: 900 }, () => results.push('900'));
    source.layOut({ width: 1000 }, () => results.push('1000'));
    expect(sent).toEqual([{ type: 'layout', id: 1, options: { width: 800 } }]);
    source.receive({ type: 'layout', id: 1, head: head() });
    // The first is answered; 900 was overtaken by 1000 before it could be sent.
    expect(results).toEqual(['800']);
    expect(sent.at(-1)).toEqual({ type: 'layout', id: 2, options: { width: 1000 } });
    source.receive({ type: 'layout', id: 2, head: head() });
    expect(results).toEqual(['800', '1000']);
  });

  it("asks for the rows near the view of the layout it has, and takes only that layout's windows", () => {
    const sent: WorkerRequest[] = [];
    const source = new WorkerLayouts((request) => sent.push(request));
    let result: LayoutResult | undefined;
    source.layOut({}, (answer) => (result = answer));
    source.receive({ type: 'layout', id: 1, head: head() });
    const received = result !== undefined && 'layout' in result ? result.layout : undefined;
    expect(received?.items.filter(Boolean)).toEqual([]);
    received!.window!.ensure(0, 500);
    const ask = sent.at(-1);
    expect(ask).toMatchObject({ type: 'layout-window', id: 1, top: 0 });
    if (ask?.type !== 'layout-window') return;
    // A window of another layout is not taken.
    source.receive({ type: 'layout-window', id: 9, window: itemsWindow(layout, ask.top, ask.bottom) });
    expect(received!.query(0, 500)).toEqual([]);
    source.receive({ type: 'layout-window', id: 1, window: itemsWindow(layout, ask.top, ask.bottom) });
    const expected = layout.query(0, 500).filter((id) => layout.items[id]!.yMin <= 500 && layout.items[id]!.yMax >= 0);
    expect(received!.query(0, 500)).toEqual(expected);
  });

  it('ignores replies to requests it is not waiting for, and takes only layout replies', () => {
    const source = new WorkerLayouts(() => {});
    const results: LayoutResult[] = [];
    source.layOut({}, (result) => results.push(result));
    source.receive({ type: 'layout', id: 7, head: head() });
    expect(results).toEqual([]);
    expect(source.receive({ type: 'progress', stage: 'read', fraction: 0 })).toBe(false);
    expect(source.receive({ type: 'layout-failed', id: 1, message: 'out of memory' })).toBe(true);
    expect(results).toEqual([{ error: 'out of memory' }]);
  });

  it('tells whoever waits when the worker is gone', () => {
    const source = new WorkerLayouts(() => {});
    const results: LayoutResult[] = [];
    source.layOut({ width: 1 }, (result) => results.push(result));
    source.layOut({ width: 2 }, (result) => results.push(result));
    source.fail('the import stopped unexpectedly');
    expect(results).toEqual([
      { error: 'the import stopped unexpectedly' },
      { error: 'the import stopped unexpectedly' },
    ]);
  });
});
