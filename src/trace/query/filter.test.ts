import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenario/library';
import { simulate } from '../../sim';
import {
  currentEventIndex,
  cursorAtPosition,
  filterShowsKind,
  isEventFilter,
  nextShownCursor,
  previousShownCursor,
  shownCursorAtOrBefore,
  shownCursors,
  listRows,
  shownPosition,
  shownStepCount,
  totalSteps,
  type EventFilter,
} from '.';

const trace = simulate(findScenario('tcp-echo')!, { seed: 1 });
const kindAt = (cursor: number) => trace.events[currentEventIndex(trace, cursor)!]!.kind;

/** Every cursor stepping forward from 0 stops at, until it no longer moves. */
function walk(filter: EventFilter): number[] {
  const stops: number[] = [];
  for (let cursor = 0; ;) {
    const next = nextShownCursor(trace, filter, cursor);
    if (next === cursor) return stops;
    stops.push((cursor = next));
  }
}

describe('event filters', () => {
  it('are named packets, calls and all', () => {
    expect(['packets', 'calls', 'all', 'timers', ''].map(isEventFilter)).toEqual([true, true, true, false, false]);
  });

  it('show packets always, calls from "calls" on, the rest only with "all"', () => {
    expect(filterShowsKind('packets', 'segment')).toBe(true);
    expect(filterShowsKind('packets', 'call')).toBe(false);
    expect(filterShowsKind('calls', 'return')).toBe(true);
    expect(filterShowsKind('calls', 'state')).toBe(false);
    expect(filterShowsKind('calls', 'deliver')).toBe(false);
    expect(filterShowsKind('all', 'timer')).toBe(true);
  });

  it('"all" stops at every step', () => {
    expect(walk('all')).toEqual(Array.from({ length: totalSteps(trace) }, (_, i) => i + 1));
    expect(shownStepCount(trace, 'all')).toBe(totalSteps(trace));
  });

  it('"packets" stops only where a segment is the current event, each of them once, in order', () => {
    const stops = walk('packets');
    const segments = trace.events.filter((event) => event.kind === 'segment').length;
    expect(stops).toHaveLength(segments);
    expect(stops.every((cursor) => kindAt(cursor) === 'segment')).toBe(true);
    expect([...shownCursors(trace, 'packets')]).toEqual(stops);
  });

  it('"calls" stops at segments, calls and returns and nothing else', () => {
    const stops = walk('calls');
    const kinds = new Set(stops.map(kindAt));
    expect([...kinds].sort()).toEqual(['call', 'return', 'segment']);
    expect(stops.length).toBeGreaterThan(walk('packets').length);
  });

  it('steps back to the previous shown step, then to the start', () => {
    const [first, second] = walk('packets');
    expect(previousShownCursor(trace, 'packets', second!)).toBe(first);
    // From between two shown steps, back goes to the one before.
    expect(previousShownCursor(trace, 'packets', second! - 1)).toBe(first);
    expect(previousShownCursor(trace, 'packets', first!)).toBe(0);
    expect(previousShownCursor(trace, 'packets', 0)).toBe(0);
  });

  it('maps cursors to positions and back (the scrubber and the counter)', () => {
    const stops = walk('packets');
    stops.forEach((cursor, i) => {
      expect(shownPosition(trace, 'packets', cursor)).toBe(i + 1);
      expect(cursorAtPosition(trace, 'packets', i + 1)).toBe(cursor);
    });
    expect(cursorAtPosition(trace, 'packets', 0)).toBe(0);
    expect(cursorAtPosition(trace, 'packets', 10_000)).toBe(stops.at(-1));
    // A cursor on a hidden step counts the shown steps before it; a new filter snaps back to the last of them.
    const hidden = stops[2]! + 1;
    expect(kindAt(hidden)).not.toBe('segment');
    expect(shownPosition(trace, 'packets', hidden)).toBe(3);
    expect(shownCursorAtOrBefore(trace, 'packets', hidden)).toBe(stops[2]);
  });

  it('lists the event indices of the shown steps (the event list under a filter)', () => {
    const rows = listRows(trace, 'packets');
    const indices = Array.from({ length: rows.length }, (_, row) => rows.event(row));
    expect(indices).toEqual(trace.events.flatMap((event, index) => (event.kind === 'segment' ? [index] : [])));
    expect(listRows(trace, 'all')).toHaveLength(totalSteps(trace));
  });
});
