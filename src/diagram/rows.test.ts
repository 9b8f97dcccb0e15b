import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../trace/types';
import { assignRows, type RowRequest } from './rows';

const at = (t: number) => ({ t }) as TraceEvent;

describe('assignRows', () => {
  it('groups events by instant, and gives labels on one lane a row each', () => {
    const events = [at(0), at(0), at(0), at(5)];
    const requests: RowRequest[] = [
      { lane: 0, need: 'label' },
      { lane: 1, need: 'label' },
      { lane: 0, need: 'label' },
      { lane: 0, need: 'label' },
    ];
    const rows = assignRows(events, 2, (_, i) => requests[i]!);
    expect([...rows.group]).toEqual([0, 0, 0, 1]);
    expect([...rows.row]).toEqual([0, 0, 1, 0]);
    expect(rows.groups).toEqual([
      { t: 0, rows: 2 },
      { t: 5, rows: 1 },
    ]);
  });

  it('draws a deliver below its send, lets attached events share a row, and a global note claim its rows on every lane', () => {
    const events = [at(0), at(0), at(0), at(0), at(0)];
    const requests: RowRequest[] = [
      { lane: 0, need: 'send' },
      { lane: 0, need: 'attach' },
      { lane: 1, need: 'deliver', after: 0 },
      { lane: 1, need: 'label', global: true },
      { lane: 0, need: 'label' },
    ];
    const rows = assignRows(events, 2, (_, i) => requests[i]!);
    // The note opens row 2 on both lanes and is drawn across them: lane 0's label goes below it.
    expect([...rows.row]).toEqual([0, 0, 1, 2, 3]);
    // Wrapped on three lines, it takes rows 2 to 4.
    requests[3] = { lane: 1, need: 'label', global: true, span: 3 };
    expect([...assignRows(events, 2, (_, i) => requests[i]!).row]).toEqual([0, 0, 1, 2, 5]);
  });
});
