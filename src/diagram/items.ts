// The layout's third pass: the items along the lifelines, at their y but not yet at their x (the
// lanes pass decides that, from the labels' widths): state bands, call bars, timer brackets and
// notes. Arrows and drop crosses are in arrows.ts.
import { packetArrows } from './arrows';
import type { LayoutContext } from './context';
import type { MeasureText } from './measure';
import { lineStepPx, noteTextWidth } from './metrics';
import type { ArrowItem, BandItem, BarItem, NoteItem, TimerItem } from './model';
import type { TraceIndex } from './trace-index';
import type { Vertical } from './vertical';

export interface Items {
  bands: BandItem[];
  bars: BarItem[];
  timers: TimerItem[];
  notes: NoteItem[];
  arrows: ArrowItem[];
}

export function buildItems(
  context: LayoutContext,
  index: TraceIndex,
  vertical: Vertical,
  notes: NoteItem[] = noteItems(context, index),
): Items {
  return {
    bands: stateBands(context, index, vertical),
    bars: callBars(context, index, vertical),
    timers: timerBrackets(index, vertical),
    notes,
    arrows: packetArrows(context, index, vertical),
  };
}

/** One band per state change, up to the next change of the lane; a change to CLOSED is only a label. */
export function stateBands(context: LayoutContext, index: TraceIndex, vertical: Vertical): BandItem[] {
  const bands: BandItem[] = [];
  // By socket: a merged lane (several sockets of one host) draws each socket's band side by side.
  const open = new Map<string, BandItem>();
  const slots = new Map<string, number>();
  const perLane = new Map<number, number>();
  index.events.forEach((event, at) => {
    if (event.kind !== 'state') return;
    const lane = index.eventLane[at]!;
    const y = vertical.eventY[at]!;
    const key = `${lane}|${event.socket}`;
    let slot = slots.get(key);
    if (slot === undefined) {
      slot = perLane.get(lane) ?? 0;
      perLane.set(lane, slot + 1);
      slots.set(key, slot);
    }
    const previous = open.get(key);
    if (previous !== undefined) {
      previous.endIndex = at;
      previous.y1 = y;
    }
    // Fields written out, not spread (see arrows.ts: a spread then more fields is V8's slow path).
    const band: BandItem = {
      yMin: 0,
      yMax: 0,
      x: 0,
      type: 'band',
      first: at,
      lane,
      slot,
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
    if (event.to === 'CLOSED') open.delete(key);
    else open.set(key, band);
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
      yMin: 0,
      yMax: 0,
      x: 0,
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
      yMin: 0,
      yMax: 0,
      x: 0,
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

/** Words of `text` on lines no wider than `maxWidth` (a word longer than that has a line of its own). */
export function wrapWords(measure: MeasureText, text: string, px: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && measure(candidate, px, 'sans') > maxWidth) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * Notes, drawn across the lanes (a note is about the whole scene); one longer than `available`
 * allows (the layout's width, 0 for none) wraps onto several lines.
 */
export function noteItems(context: LayoutContext, index: TraceIndex, available = 0): NoteItem[] {
  const { metrics, measure } = context;
  const maxWidth = noteTextWidth(metrics, available);
  const notes: NoteItem[] = [];
  index.events.forEach((event, at) => {
    if (event.kind !== 'note') return;
    const text = event.text[context.lang];
    const label = context.label(text, 'sans');
    if (label.width - 10 > maxWidth) {
      const lines = wrapWords(measure, text, metrics.fontPx, maxWidth);
      label.lines = lines;
      label.width =
        Math.ceil(lines.reduce((widest, line) => Math.max(widest, measure(line, metrics.fontPx, 'sans')), 0)) + 10;
      label.height = metrics.labelHeight + (lines.length - 1) * lineStepPx(metrics.fontPx);
    }
    notes.push({
      yMin: 0,
      yMax: 0,
      type: 'note',
      first: at,
      eventIndex: at,
      lane: index.eventLane[at]!,
      text: event.text,
      label,
    });
  });
  return notes;
}

/** How many rows each note takes (a wrapped one more than one), by event index. */
export function noteSpans(notes: readonly NoteItem[], rowPx: number, labelHeight: number): Map<number, number> {
  return new Map(notes.map((note) => [note.eventIndex, 1 + Math.ceil((note.label.height - labelHeight) / rowPx)]));
}

/** For each lane, the widest label drawn beside it (state, call, errno): room between lanes. */
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
  // Notes are drawn across the lanes, not beside one: they need no room between lanes.
  return widths;
}
