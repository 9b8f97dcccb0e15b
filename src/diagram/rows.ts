// Rows: events at the same instant are spread over rows so that their labels never overlap,
// while each lifeline keeps its own events in trace order. The time scale then places groups.
import type { TraceEvent } from '../trace/types';

/** What an event needs on its lifeline. */
export type RowNeed =
  /** A label beside the lifeline (call, state, errno, note): one per row and lane. */
  | 'label'
  /** The start of an arrow: one per row and lane (a broadcast fan-out shares it). */
  | 'send'
  /** The end of an arrow or a drop cross: one per row and lane, below the arrow's start. */
  | 'deliver'
  /** Drawn at the lane's current row without needing one of its own (timers, returns, TCB). */
  | 'attach';

export interface RowRequest {
  lane: number;
  need: RowNeed;
  /** Event index this one must be drawn strictly below when both share an instant. */
  after?: number;
  /** Share the current row even if it already has a send (a broadcast to several hosts). */
  share?: boolean;
  /** Claims a new row on every lane (a note about the whole scene). */
  global?: boolean;
  /** How many rows a global request takes (a note wrapped on several lines); 1 by default. */
  span?: number;
}

export interface RowAssignment {
  /** For each event, its group (distinct instant) and row within the group. */
  group: Int32Array;
  row: Int32Array;
  /** Time and number of rows of each group. */
  groups: { t: number; rows: number }[];
}

interface LaneRow {
  row: number;
  label: boolean;
  send: boolean;
  deliver: boolean;
}

export function assignRows(
  events: readonly TraceEvent[],
  laneCount: number,
  request: (event: TraceEvent, index: number) => RowRequest,
): RowAssignment {
  const group = new Int32Array(events.length);
  const row = new Int32Array(events.length);
  const groups: { t: number; rows: number }[] = [];
  let lanes: LaneRow[] = [];
  let rows = 1;

  const open = (lane: LaneRow, at: number) => {
    lane.row = at;
    lane.label = lane.send = lane.deliver = false;
    rows = Math.max(rows, at + 1);
  };

  events.forEach((event, index) => {
    if (groups.length === 0 || event.t !== groups[groups.length - 1]!.t) {
      if (groups.length > 0) groups[groups.length - 1]!.rows = rows;
      groups.push({ t: event.t, rows: 1 });
      lanes = Array.from({ length: laneCount }, () => ({ row: -1, label: false, send: false, deliver: false }));
      rows = 1;
    }
    const g = groups.length - 1;
    group[index] = g;
    const wanted = request(event, index);
    const lane = lanes[wanted.lane] ?? lanes[0]!;
    const minRow = wanted.after !== undefined && group[wanted.after] === g ? row[wanted.after]! + 1 : 0;

    if (wanted.global) {
      // The note is drawn across the lanes: no other label shares its rows.
      const at = lanes.reduce((last, l) => Math.max(last, l.row + 1), minRow);
      for (const l of lanes) {
        open(l, at + Math.max(1, wanted.span ?? 1) - 1);
        l.label = true;
      }
      row[index] = at;
      return;
    }
    if (wanted.need === 'attach') {
      row[index] = Math.max(lane.row, minRow, 0);
      return;
    }
    const busy =
      lane.row < minRow ||
      (wanted.need === 'label' && lane.label) ||
      (wanted.need === 'send' && lane.send && !wanted.share) ||
      (wanted.need === 'deliver' && (lane.deliver || lane.send));
    if (busy) open(lane, Math.max(lane.row + 1, minRow));
    lane[wanted.need] = true;
    row[index] = lane.row;
  });
  if (groups.length > 0) groups[groups.length - 1]!.rows = rows;
  return { group, row, groups };
}
