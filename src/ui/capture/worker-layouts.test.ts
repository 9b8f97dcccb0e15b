import { describe, expect, it } from 'vitest';
import { itemSlices, layoutHead, layoutTrace } from '../../diagram';
import { findScenario } from '../../scenario/library';
import { simulate } from '../../sim';
import type { LayoutResult } from '../diagram/layout-source';
import type { WorkerRequest } from './protocol';
import { WorkerLayouts } from './worker-layouts';

const layout = layoutTrace(simulate(findScenario('tcp-echo')!, {}));

/** What the worker sends for request `id`: the items in slices, then the head. */
function answer(source: WorkerLayouts, id: number): void {
  for (const items of itemSlices(layout, 10)) source.receive({ type: 'layout-items', id, items, total: 0 });
  source.receive({ type: 'layout', id, head: structuredClone(layoutHead(layout)) });
}

describe('WorkerLayouts', () => {
  it('sends one request at a time, and of those asked meanwhile only the newest', () => {
    const sent: WorkerRequest[] = [];
    const source = new WorkerLayouts((request) => sent.push(request));
    const results: [string, LayoutResult][] = [];
    source.layOut({ width: 800 }, (result) => results.push(['800', result]));
    source.layOut({ width: 900 }, (result) => results.push(['900', result]));
    source.layOut({ width: 1000 }, (result) => results.push(['1000', result]));
    expect(sent).toEqual([{ type: 'layout', id: 1, options: { width: 800 } }]);
    answer(source, 1);
    // The first is answered; 900 was overtaken by 1000 before it could be sent.
    expect(results.map(([width]) => width)).toEqual(['800']);
    expect(sent.at(-1)).toEqual({ type: 'layout', id: 2, options: { width: 1000 } });
    answer(source, 2);
    expect(results.map(([width]) => width)).toEqual(['800', '1000']);
    const [, last] = results[1]!;
    expect('layout' in last && last.layout.items).toEqual(layout.items);
    expect('layout' in last && last.layout.query(0, 400)).toEqual(layout.query(0, 400));
  });

  it('ignores replies to requests it is not waiting for, and takes only layout replies', () => {
    const source = new WorkerLayouts(() => {});
    const results: LayoutResult[] = [];
    source.layOut({}, (result) => results.push(result));
    answer(source, 7);
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
