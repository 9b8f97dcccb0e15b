import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenario/library';
import { simulate } from '../../sim';
import { eventFilters, filterShowsKind, listRows, type ListRows } from '../../trace/query';
import { rowAtOrAfter } from './rows';

const trace = simulate(findScenario('tcp-echo')!, { seed: 1 });
const all = (rows: ListRows) => Array.from({ length: rows.length }, (_, row) => rows.event(row));

describe('listRows', () => {
  it('lists every event but the TCB snapshots, in order, without a filter', () => {
    const expected = trace.events.flatMap((event, index) => (event.kind === 'tcb' ? [] : [index]));
    expect(trace.events.some((event) => event.kind === 'tcb')).toBe(true);
    expect(all(listRows(trace, 'all'))).toEqual(expected);
  });

  it('lists under a filter the events it shows, in order', () => {
    for (const filter of eventFilters) {
      const expected = trace.events.flatMap((event, index) =>
        event.kind !== 'tcb' && filterShowsKind(filter, event.kind) ? [index] : [],
      );
      expect(all(listRows(trace, filter))).toEqual(expected);
    }
    expect(listRows(trace, 'packets').length).toBeLessThan(listRows(trace, 'calls').length);
  });

  it('is the same object for a trace and filter, so the list follows again only when they change', () => {
    expect(listRows(trace, 'calls')).toBe(listRows(trace, 'calls'));
  });
});

describe('rowAtOrAfter', () => {
  it('finds the row of an event, or of the next event the rows show', () => {
    const rows = listRows(trace, 'packets');
    const events = all(rows);
    expect(rowAtOrAfter(rows, events[3]!)).toBe(3);
    expect(rowAtOrAfter(rows, events[3]! + 1)).toBe(4);
    expect(rowAtOrAfter(rows, 0)).toBe(0);
    expect(rowAtOrAfter(rows, trace.events.length)).toBe(rows.length);
  });
});
