// The layout's third pass: the items along the lifelines, at their y but not yet at their x (the
// lanes pass decides that, from the labels' widths): state bands, call bars, timer brackets and
// notes. Arrows and drop crosses are in arrows.ts.
import { packetArrows } from './arrows';
import type { LayoutContext } from './context';
import { unplaced, type ArrowItem, type BandItem, type BarItem, type NoteItem, type TimerItem } from './model';
import type { TraceIndex } from './trace-index';
import type { Vertical } from './vertical';

export interface Items {
  bands: BandItem[];
  bars: BarItem[];
  timers: TimerItem[];
  notes: NoteItem[];
  arrows: ArrowItem[];
}

export function buildItems(context: LayoutContext, index: TraceIndex, vertical: Vertical): Items {
  return {
    bands: stateBands(context, index, vertical),
    bars: callBars(context, index, vertical),
    timers: timerBrackets(index, vertical),
    notes: noteItems(context, index),
    arrows: packetArrows(context, index, vertical),
  };
}

/** One band per state change, up to the next change of the lane; a change to CLOSED is only a label. */
export function stateBands(context: LayoutContext, index: TraceIndex, vertical: Vertical): BandItem[] {
  const bands: BandItem[] = [];
  const open = new Map<number, BandItem>();
  index.events.forEach((event, at) => {
    if (event.kind !== 'state') return;
    const lane = index.eventLane[at]!;
    const y = vertical.eventY[at]!;
    const previous = open.get(lane);
    if (previous !== undefined) {
      previous.endIndex = at;
      previous.y1 = y;
    }
    const band: BandItem = {
      ...unplaced,
      type: 'band',
      first: at,
      lane,
      state: event.to,
      eventIndex: at,
      endIndex: -1,
      y0: y,
      y1: event.to === 'CLOSED' ? y : vertical.bottom,
      label: context.label(event.to, 'sans', true),
      cause: event.cause,
      causeText: event.causeText,
      at: event.t,
    };
    bands.push(band);
    if (event.to === 'CLOSED') open.delete(lane);
    else open.set(lane, band);
  });
  return bands;
}

/** One bar per shown call, from the call to its return, with the errno at the return. */
export function callBars(context: LayoutContext, index: TraceIndex, vertical: Vertical): BarItem[] {
  const bars: BarItem[] = [];
  index.events.forEach((event, at) => {
    if (event.kind !== 'call' || index.hidden[at] === 1) return;
    const end = index.partner[at]!;
    const ret = index.events[end];
    const bar: BarItem = {
      ...unplaced,
      type: 'bar',
      first: at,
      lane: index.eventLane[at]!,
      call: event.call,
      eventIndex: at,
      endIndex: end,
      y0: vertical.eventY[at]!,
      y1: end >= 0 ? vertical.eventY[end]! : vertical.bottom,
      label: context.label(`${event.call}()`, 'mono'),
      calledAt: event.t,
      returnedAt: ret?.t ?? -1,
    };
    if (ret?.kind === 'return' && ret.errno !== undefined) {
      bar.errno = ret.errno;
      bar.errnoLabel = context.label(ret.errno, 'mono', true);
    }
    bars.push(bar);
  });
  return bars;
}

/** One bracket per timer set, to its fire, cancel or restart (or its due time, or the end). */
export function timerBrackets(index: TraceIndex, vertical: Vertical): TimerItem[] {
  const timers: TimerItem[] = [];
  const running = new Map<string, TimerItem>();
  index.events.forEach((event, at) => {
    if (event.kind !== 'timer') return;
    const lane = index.eventLane[at]!;
    const y = vertical.eventY[at]!;
    const key = `${lane}|${event.timer}`;
    const previous = running.get(key);
    if (previous !== undefined) {
      previous.endIndex = at;
      previous.y1 = y;
      previous.endAt = event.t;
      previous.outcome = event.action === 'set' ? 'restart' : event.action;
      running.delete(key);
    }
    if (event.action !== 'set') return;
    const due = event.at;
    const timer: TimerItem = {
      ...unplaced,
      type: 'timer',
      first: at,
      lane,
      timer: event.timer,
      eventIndex: at,
      endIndex: -1,
      outcome: 'pending',
      tick: 1,
      y0: y,
      y1: due === undefined ? vertical.bottom : Math.min(vertical.bottom, vertical.scale.yAt(due)),
      setAt: event.t,
      endAt: due ?? -1,
      dueAt: due,
    };
    timers.push(timer);
    running.set(key, timer);
  });
  return timers;
}

export function noteItems(context: LayoutContext, index: TraceIndex): NoteItem[] {
  const notes: NoteItem[] = [];
  index.events.forEach((event, at) => {
    if (event.kind !== 'note') return;
    notes.push({
      ...unplaced,
      type: 'note',
      first: at,
      eventIndex: at,
      lane: index.eventLane[at]!,
      text: event.text,
      label: context.label(event.text[context.lang], 'sans'),
    });
  });
  return notes;
}

/** For each lane, the widest label drawn beside it (state, call, errno, note): room between lanes. */
export function sideWidths(laneCount: number, items: Items): Float64Array {
  const widths = new Float64Array(laneCount);
  const widen = (lane: number, width: number) => {
    widths[lane] = Math.max(widths[lane]!, width);
  };
  for (const band of items.bands) widen(band.lane, band.label.width);
  for (const bar of items.bars) {
    if (bar.errnoLabel) widen(bar.lane, bar.errnoLabel.width);
    if (bar.label) widen(bar.lane, bar.label.width);
  }
  for (const note of items.notes) widen(note.lane, note.label.width);
  return widths;
}
