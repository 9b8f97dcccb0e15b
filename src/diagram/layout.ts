// The sequence diagram's layout: a pure function of the Trace (and of the text measurement
// passed in) that returns lanes, arrows, bands, bars, timers, gaps and placed labels with their
// coordinates. No DOM, no React, no module state: memoize it per trace and options.
import { translate, type Lang, type MessageKey } from '../../i18n';
import type {
  DatagramEvent,
  IcmpEvent,
  LocalizedText,
  SegmentEvent,
  SocketCall,
  TimerKind,
  Trace,
  TraceEvent,
} from '../../trace/types';
import type { Errno, TcpState } from '../../tcp';
import { relativeNumbers } from '../../trace/query';
import { BoxGrid, YIndex, type Box } from './boxes';
import { buildLanes, type LaneSpec } from './lanes';
import { estimateText, type FontKind, type MeasureText } from './measure';
import { datagramNotation, formatDuration, formatInstant, segmentNotation, type SeqMode } from './notation';
import { assignRows, type RowRequest } from './rows';
import { buildTimeScale, chooseScale, type TimeScale } from './timescale';

export interface LayoutOptions {
  seqMode?: SeqMode;
  lang?: Lang;
  /** Larger type and only the essentials (no instant calls, fewer timer labels). */
  presentation?: boolean;
  measure?: MeasureText;
  /** Width available: lanes spread out to use it, within limits. */
  width?: number;
}

export interface Metrics {
  fontPx: number;
  monoPx: number;
  headerFontPx: number;
  rowPx: number;
  labelHeight: number;
  bandPx: number;
  barPx: number;
  headerHeight: number;
  timeColumnPx: number;
}

export interface Label extends Box {
  text: string;
  font: FontKind;
  bold: boolean;
  /** Where the text is drawn: x of the anchor and y of the text's middle. */
  tx: number;
  ty: number;
  anchor: 'start' | 'middle' | 'end';
}

export interface Lane extends LaneSpec {
  x: number;
  /** Side of the lifeline where its labels go: outwards for the first lane. */
  side: 'left' | 'right';
  testId: string;
}

export interface HostHeader {
  host: string;
  addr: string;
  hostIndex: number;
  lanes: number[];
  x: number;
  width: number;
  testId: string;
}

interface ItemBase {
  /** The item is drawn once events[0 .. first] are shown. */
  first: number;
  yMin: number;
  yMax: number;
}

export type Protocol = 'tcp' | 'udp' | 'icmp';

export interface ArrowItem extends ItemBase {
  type: 'arrow';
  protocol: Protocol;
  eventIndex: number;
  /** The deliver or drop event that ends it, or -1 when it is still in flight at the end. */
  endIndex: number;
  fate: 'delivered' | 'dropped' | 'pending';
  from: string;
  to: string;
  fromLane: number;
  toLane: number;
  x1: number;
  y1: number;
  /** The receiving end (for a dropped arrow, where it would have arrived). */
  x2: number;
  y2: number;
  crossX: number;
  crossY: number;
  /** Flags joined by commas in the trace's order (`SYN,ACK`); '' for UDP and ICMP. */
  flags: string;
  notation: string;
  label?: Label;
  retransmission: boolean;
  duplicate: boolean;
  probe?: 'keepalive' | 'zero-window';
  broadcast: boolean;
  sentAt: number;
  endAt: number;
  reason?: string;
}

export interface BandItem extends ItemBase {
  type: 'band';
  lane: number;
  state: TcpState;
  eventIndex: number;
  /** The next state event of the lane, or -1 (the band runs to the end). */
  endIndex: number;
  x: number;
  y0: number;
  y1: number;
  label: Label;
  cause: string;
  causeText?: LocalizedText;
  at: number;
}

export interface BarItem extends ItemBase {
  type: 'bar';
  lane: number;
  call: SocketCall;
  eventIndex: number;
  /** The return event, or -1 when the call never returns within the trace. */
  endIndex: number;
  x: number;
  y0: number;
  y1: number;
  label?: Label;
  errno?: Errno;
  errnoLabel?: Label;
  calledAt: number;
  returnedAt: number;
}

export interface TimerItem extends ItemBase {
  type: 'timer';
  lane: number;
  timer: TimerKind;
  eventIndex: number;
  endIndex: number;
  outcome: 'fire' | 'cancel' | 'restart' | 'pending';
  x: number;
  /** +1 when the bracket's ticks point right (towards the lifeline), -1 when they point left. */
  tick: 1 | -1;
  y0: number;
  y1: number;
  label?: Label;
  setAt: number;
  endAt: number;
  dueAt?: number;
}

export interface GapItem extends ItemBase {
  type: 'gap';
  y0: number;
  y1: number;
  t0: number;
  t1: number;
  label: Label;
}

export interface NoteItem extends ItemBase {
  type: 'note';
  eventIndex: number;
  lane: number;
  text: LocalizedText;
  label: Label;
}

export interface TickItem extends ItemBase {
  type: 'tick';
  y: number;
  t: number;
  label: Label;
}

export type DiagramItem = ArrowItem | BandItem | BarItem | TimerItem | GapItem | NoteItem | TickItem;

export interface DiagramLayout {
  width: number;
  height: number;
  metrics: Metrics;
  lanes: Lane[];
  hosts: HostHeader[];
  items: DiagramItem[];
  /** y of every event (the cursor after events[0..i] is at eventY[i]). */
  eventY: Float64Array;
  /** y where the first row is drawn and where the lifelines end. */
  top: number;
  bottom: number;
  /** Labels that could not be placed without touching another (0 for a readable diagram). */
  overlaps: number;
  /** Items whose y-range meets [top, bottom], ascending. */
  query(top: number, bottom: number): number[];
}

export function diagramMetrics(presentation: boolean): Metrics {
  return presentation
    ? {
        fontPx: 19,
        monoPx: 19,
        headerFontPx: 22,
        rowPx: 34,
        labelHeight: 28,
        bandPx: 18,
        barPx: 10,
        headerHeight: 100,
        timeColumnPx: 0,
      }
    : {
        fontPx: 14,
        monoPx: 14,
        headerFontPx: 16,
        rowPx: 26,
        labelHeight: 21,
        bandPx: 14,
        barPx: 8,
        headerHeight: 78,
        timeColumnPx: 0,
      };
}

/** Bracket columns, counted outwards from the band, so concurrent timers stay apart. */
const timerSlot: Record<TimerKind, number> = {
  retransmit: 0,
  'time-wait': 0,
  'delayed-ack': 1,
  'fin-wait-2': 1,
  keepalive: 2,
  persist: 2,
  timeout: 3,
};

type Packet = SegmentEvent | DatagramEvent | IcmpEvent;

const isPacket = (event: TraceEvent): event is Packet =>
  event.kind === 'segment' || event.kind === 'datagram' || event.kind === 'icmp';

export function cursorY(layout: DiagramLayout, shownEvents: number): number {
  if (shownEvents <= 0 || layout.eventY.length === 0) return layout.top;
  return layout.eventY[Math.min(shownEvents, layout.eventY.length) - 1]!;
}

export function layoutTrace(trace: Trace, options: LayoutOptions = {}): DiagramLayout {
  const lang = options.lang ?? 'en';
  const seqMode = options.seqMode ?? 'relative';
  const presentation = options.presentation ?? false;
  const measure = options.measure ?? estimateText;
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params);
  const m = diagramMetrics(presentation);
  const events = trace.events;
  const { lanes: specs, laneOf, partner } = buildLanes(trace);

  // --- Packets: who sends, where each copy ends. -------------------------------------------
  const packetIndex = new Map<number, number>();
  const endsOf = new Map<number, number[]>();
  events.forEach((event, index) => {
    if (isPacket(event)) packetIndex.set(event.id, index);
    else if (event.kind === 'deliver' || event.kind === 'drop') {
      const list = endsOf.get(event.id);
      if (list === undefined) endsOf.set(event.id, [index]);
      else list.push(index);
    }
  });
  // The lane that last received each flow: where a lost segment was heading.
  const flowLane = new Map<string, number>();
  const receiverLane = new Int32Array(events.length).fill(-1);
  const senderLane = (packet: Packet) => laneOf(packet.from, packet.kind === 'icmp' ? undefined : packet.socket);
  const flowKey = (packet: Packet) =>
    packet.kind === 'icmp' ? `${packet.from}>${packet.to}` : `${packet.src}>${packet.dst}`;
  events.forEach((event, index) => {
    if (event.kind === 'deliver') {
      const sent = events[packetIndex.get(event.id) ?? -1];
      const lane = laneOf(event.host ?? (sent && isPacket(sent) ? sent.to : ''), event.socket);
      receiverLane[index] = lane;
      if (sent && isPacket(sent)) flowLane.set(flowKey(sent), lane);
    } else if (event.kind === 'drop') {
      const sent = events[packetIndex.get(event.id) ?? -1];
      if (sent && isPacket(sent)) receiverLane[index] = flowLane.get(flowKey(sent)) ?? laneOf(sent.to);
    }
  });

  // --- Rows and the time scale. -------------------------------------------------------------
  const hiddenCall = (index: number) => {
    const event = events[index]!;
    if (!presentation || event.kind !== 'call') return false;
    const ret = events[partner[index]!];
    return ret !== undefined && ret.kind === 'return' && ret.t === event.t && ret.errno === undefined;
  };
  const callLane = (index: number) => {
    const event = events[index]!;
    if (event.kind !== 'call' && event.kind !== 'return') return 0;
    if (event.socket >= 0) return laneOf(event.host, event.socket);
    const other = events[partner[index]!];
    return laneOf(event.host, other?.kind === 'return' || other?.kind === 'call' ? other.socket : undefined);
  };
  const request = (event: TraceEvent, index: number): RowRequest => {
    switch (event.kind) {
      case 'call':
        return { lane: callLane(index), need: hiddenCall(index) ? 'attach' : 'label' };
      case 'return':
        return { lane: callLane(index), need: event.errno !== undefined ? 'label' : 'attach' };
      case 'state':
        return { lane: laneOf(event.host, event.socket), need: 'label' };
      case 'segment':
      case 'datagram':
      case 'icmp': {
        const previous = events[index - 1];
        const share =
          event.kind === 'datagram' &&
          event.broadcast === true &&
          previous?.kind === 'datagram' &&
          previous.broadcast === true &&
          previous.src === event.src &&
          previous.t === event.t;
        return { lane: senderLane(event), need: 'send', share };
      }
      case 'deliver':
      case 'drop':
        return { lane: Math.max(0, receiverLane[index]!), need: 'deliver', after: packetIndex.get(event.id) };
      case 'note':
        return { lane: laneOf(event.host ?? ''), need: 'label', global: true };
      case 'timer':
      case 'tcb':
        return { lane: laneOf(event.host, event.socket), need: 'attach' };
    }
  };
  const rows = assignRows(events, Math.max(1, specs.length), request);
  const latencies: number[] = [];
  events.forEach((event) => {
    if (event.kind !== 'deliver') return;
    const sent = events[packetIndex.get(event.id) ?? -1];
    if (sent !== undefined) latencies.push(event.t - sent.t);
  });
  const latencyPx = Math.round(m.rowPx * 1.6);
  const scaleChoice = chooseScale(latencies, latencyPx);
  const top = m.headerHeight + Math.round(m.rowPx * 0.9);
  const scale: TimeScale = buildTimeScale(rows.groups, {
    top,
    rowPx: m.rowPx,
    pxPerUs: scaleChoice.pxPerUs,
    maxLinearPx: scaleChoice.maxLinearPx,
    gapPx: Math.round(m.rowPx * 2.8),
  });
  const eventY = new Float64Array(events.length);
  for (let i = 0; i < events.length; i++) eventY[i] = scale.rowY(rows.group[i]!, rows.row[i]!);
  const bottom = scale.bottom + m.rowPx;

  // --- Label texts (widths decide where the lanes go). ---------------------------------------
  const textLabel = (text: string, font: FontKind, bold = false): Label => {
    const size = font === 'mono' ? m.monoPx : m.fontPx;
    const width = Math.ceil(measure(text, size, font, bold)) + 10;
    return { text, font, bold, x: 0, y: 0, width, height: m.labelHeight, tx: 0, ty: 0, anchor: 'middle' };
  };
  const relative = relativeNumbers(trace);
  const sideWidth = new Float64Array(specs.length);
  const widenSide = (lane: number, label: Label) => {
    sideWidth[lane] = Math.max(sideWidth[lane]!, label.width);
  };

  // Bands: one per state change; a change to CLOSED is only a label.
  const bands: BandItem[] = [];
  const openBand = new Map<number, BandItem>();
  // Bars: one per shown call.
  const bars: BarItem[] = [];
  // Timers: one bracket from set to fire/cancel/restart.
  const timers: TimerItem[] = [];
  const openTimer = new Map<string, TimerItem>();
  const notes: NoteItem[] = [];
  const arrows: ArrowItem[] = [];

  const emptyItem = { yMin: 0, yMax: 0, x: 0 };
  events.forEach((event, index) => {
    const y = eventY[index]!;
    switch (event.kind) {
      case 'state': {
        const lane = laneOf(event.host, event.socket);
        const previous = openBand.get(lane);
        if (previous !== undefined) {
          previous.endIndex = index;
          previous.y1 = y;
        }
        const band: BandItem = {
          ...emptyItem,
          type: 'band',
          first: index,
          lane,
          state: event.to,
          eventIndex: index,
          endIndex: -1,
          y0: y,
          y1: event.to === 'CLOSED' ? y : bottom,
          label: textLabel(event.to, 'sans', true),
          cause: event.cause,
          causeText: event.causeText,
          at: event.t,
        };
        widenSide(lane, band.label);
        bands.push(band);
        if (event.to === 'CLOSED') openBand.delete(lane);
        else openBand.set(lane, band);
        return;
      }
      case 'call': {
        if (hiddenCall(index)) return;
        const lane = callLane(index);
        const end = partner[index]!;
        const ret = events[end];
        const bar: BarItem = {
          ...emptyItem,
          type: 'bar',
          first: index,
          lane,
          call: event.call,
          eventIndex: index,
          endIndex: end,
          y0: y,
          y1: end >= 0 ? eventY[end]! : bottom,
          label: textLabel(`${event.call}()`, 'mono'),
          calledAt: event.t,
          returnedAt: ret?.t ?? -1,
        };
        if (ret?.kind === 'return' && ret.errno !== undefined) {
          bar.errno = ret.errno;
          bar.errnoLabel = textLabel(ret.errno, 'mono', true);
          widenSide(lane, bar.errnoLabel);
        }
        widenSide(lane, bar.label!);
        bars.push(bar);
        return;
      }
      case 'timer': {
        const lane = laneOf(event.host, event.socket);
        const key = `${lane}|${event.timer}`;
        const running = openTimer.get(key);
        if (running !== undefined) {
          running.endIndex = index;
          running.y1 = y;
          running.endAt = event.t;
          running.outcome = event.action === 'set' ? 'restart' : event.action;
          openTimer.delete(key);
        }
        if (event.action !== 'set') return;
        const due = event.at;
        const timer: TimerItem = {
          ...emptyItem,
          type: 'timer',
          first: index,
          lane,
          timer: event.timer,
          eventIndex: index,
          endIndex: -1,
          outcome: 'pending',
          tick: 1,
          y0: y,
          y1: due === undefined ? bottom : Math.min(bottom, scale.yAt(due)),
          setAt: event.t,
          endAt: due ?? -1,
          dueAt: due,
        };
        timers.push(timer);
        openTimer.set(key, timer);
        return;
      }
      case 'note': {
        const lane = laneOf(event.host ?? '');
        const note: NoteItem = {
          ...emptyItem,
          type: 'note',
          first: index,
          eventIndex: index,
          lane,
          text: event.text,
          label: textLabel(event.text[lang], 'sans'),
        };
        widenSide(lane, note.label);
        notes.push(note);
        return;
      }
      case 'segment':
      case 'datagram':
      case 'icmp': {
        const ends = endsOf.get(event.id) ?? [];
        const fromLane = senderLane(event);
        const previous = events[index - 1];
        const fanOut =
          event.kind === 'datagram' &&
          event.broadcast === true &&
          previous?.kind === 'datagram' &&
          previous.broadcast === true &&
          previous.src === event.src &&
          previous.t === event.t;
        let notation: string;
        let labelText: string;
        if (event.kind === 'segment') {
          notation = segmentNotation(event, relative.get(event.id), seqMode);
          const tag =
            event.probe === 'keepalive'
              ? t('diagram.tag.keepalive')
              : event.probe === 'zero-window'
                ? t('diagram.tag.zeroWindow')
                : '';
          labelText = `${event.retransmission ? '↻ ' : ''}${notation}${tag ? ` (${tag})` : ''}`;
        } else if (event.kind === 'datagram') {
          notation = datagramNotation(event);
          labelText = event.broadcast ? `${notation} (${t('diagram.tag.broadcast')})` : notation;
        } else {
          notation = t(`diagram.icmp.${event.type}`);
          labelText = notation;
        }
        const primary = ends[0];
        const copies = ends.length === 0 ? [-1] : ends;
        copies.forEach((end, copy) => {
          const endEvent = end >= 0 ? events[end] : undefined;
          // Only the first copy's end counts as the fate; later delivers are duplicates.
          if (copy > 0 && endEvent?.kind !== 'deliver') return;
          const toLane =
            end >= 0 ? Math.max(0, receiverLane[end]!) : (flowLane.get(flowKey(event)) ?? laneOf(event.to));
          const fate = endEvent === undefined ? 'pending' : endEvent.kind === 'drop' ? 'dropped' : 'delivered';
          const arrow: ArrowItem = {
            ...emptyItem,
            type: 'arrow',
            first: index,
            protocol: event.kind === 'segment' ? 'tcp' : event.kind === 'datagram' ? 'udp' : 'icmp',
            eventIndex: index,
            endIndex: end,
            fate,
            from: event.from,
            to: event.to,
            fromLane,
            toLane,
            x1: 0,
            y1: y,
            x2: 0,
            y2: end >= 0 ? eventY[end]! : y + latencyPx,
            crossX: 0,
            crossY: 0,
            flags: event.kind === 'segment' ? event.flags.join(',') : '',
            notation,
            retransmission: event.kind === 'segment' && event.retransmission === true,
            duplicate: copy > 0 || (endEvent?.kind === 'deliver' && endEvent.duplicate === true && end !== primary),
            probe: event.kind === 'segment' ? event.probe : undefined,
            broadcast: event.kind === 'datagram' && event.broadcast === true,
            sentAt: event.t,
            endAt: endEvent?.t ?? -1,
            reason: endEvent?.kind === 'drop' ? endEvent.reason : undefined,
          };
          if (copy === 0 && !fanOut) arrow.label = textLabel(labelText, 'mono');
          arrows.push(arrow);
        });
        return;
      }
      default:
        return;
    }
  });

  // --- Lane positions. ---------------------------------------------------------------------
  const ticks: TickItem[] = [];
  rows.groups.forEach((group, g) => {
    const index = firstEventOfGroup(rows.group, g);
    const label = textLabel(formatInstant(group.t, lang), 'sans');
    ticks.push({ type: 'tick', first: index, y: scale.groupY[g]!, t: group.t, label, yMin: 0, yMax: 0 });
  });
  m.timeColumnPx = Math.min(130, Math.max(60, ...ticks.map((tick) => tick.label.width))) + 10;

  const arrowLabelMax = Math.max(120, ...arrows.map((arrow) => arrow.label?.width ?? 0));
  const headerWidth = (spec: LaneSpec) =>
    Math.max(
      measure(spec.host, m.headerFontPx, 'sans', true),
      measure(spec.addr, m.fontPx, 'mono'),
      spec.fd === undefined ? 0 : measure(t('diagram.fd', { fd: spec.fd }), m.fontPx, 'mono'),
    ) + 24;
  // Labels go on the side of a lifeline facing away from most of its arrows.
  const towardsRight = new Float64Array(specs.length);
  for (const arrow of arrows) {
    if (arrow.fromLane === arrow.toLane) continue;
    const step = arrow.toLane > arrow.fromLane ? 1 : -1;
    towardsRight[arrow.fromLane]! += step;
    towardsRight[arrow.toLane]! -= step;
  }
  const sides: ('left' | 'right')[] = specs.map((_, i) => {
    const balance = towardsRight[i]!;
    if (balance !== 0) return balance > 0 ? 'left' : 'right';
    return i < specs.length / 2 && specs.length > 1 ? 'left' : 'right';
  });
  const bandOut = m.bandPx / 2 + 6;
  const hostGap = Math.max(180, arrowLabelMax + 70);
  const gaps: number[] = [];
  const floors: number[] = [];
  for (let i = 0; i + 1 < specs.length; i++) {
    const a = specs[i]!;
    const b = specs[i + 1]!;
    const between =
      (sides[i] === 'right' ? sideWidth[i]! + bandOut : 0) +
      (sides[i + 1] === 'left' ? sideWidth[i + 1]! + bandOut : 0) +
      30;
    const sameHost = a.host === b.host;
    const floor = Math.max(sameHost ? 110 : 200, between, sameHost ? 0 : (headerWidth(a) + headerWidth(b)) / 2 + 16);
    floors.push(floor);
    gaps.push(Math.max(sameHost ? 110 : hostGap, floor));
  }
  const firstSpec = specs[0];
  const lastSpec = specs[specs.length - 1];
  const leftNeed =
    firstSpec === undefined
      ? 40
      : Math.max(sides[0] === 'left' ? sideWidth[0]! + bandOut + 12 : 40, headerWidth(firstSpec) / 2 + 8);
  const rightNeed =
    lastSpec === undefined
      ? 40
      : Math.max(
          sides[specs.length - 1] === 'right' ? sideWidth[specs.length - 1]! + bandOut + 16 : 40,
          headerWidth(lastSpec) / 2 + 8,
        );
  const hostGaps = gaps.map((_, i) => specs[i]!.host !== specs[i + 1]!.host);
  const available = options.width ?? 0;
  let natural = m.timeColumnPx + leftNeed + gaps.reduce((a, b) => a + b, 0) + rightNeed;
  // Too wide for the screen: narrow the gaps between hosts (labels slide along their arrows).
  if (available > 0 && natural > available) {
    gaps.forEach((gap, i) => {
      if (hostGaps[i])
        gaps[i] = Math.max(floors[i]!, gap - (natural - available) / Math.max(1, hostGaps.filter(Boolean).length));
    });
    natural = m.timeColumnPx + leftNeed + gaps.reduce((a, b) => a + b, 0) + rightNeed;
  }
  // Spread the lanes over the width available, between hosts only and within reason.
  const spreadable = hostGaps.filter(Boolean).length;
  if (available > natural && spreadable > 0) {
    const extra = (available - natural) / spreadable;
    gaps.forEach((gap, i) => {
      if (hostGaps[i]) gaps[i] = Math.min(Math.max(gap, 560), gap + extra);
    });
  }
  const lanes: Lane[] = [];
  let x = m.timeColumnPx + leftNeed;
  specs.forEach((spec, i) => {
    lanes.push({
      ...spec,
      x: Math.round(x),
      side: sides[i]!,
      testId: spec.shared ? `lifeline-${spec.host}-${spec.fd}` : `lifeline-${spec.host}`,
    });
    x += gaps[i] ?? 0;
  });
  const width = Math.ceil(x + rightNeed);
  const hosts: HostHeader[] = [];
  for (const lane of lanes) {
    let header = hosts[hosts.length - 1];
    if (header === undefined || header.host !== lane.host) {
      header = {
        host: lane.host,
        addr: lane.addr,
        hostIndex: lane.hostIndex,
        lanes: [],
        x: 0,
        width: 0,
        testId: `lifeline-${lane.host}`,
      };
      hosts.push(header);
    }
    header.lanes.push(lane.index);
  }
  for (const header of hosts) {
    const xs = header.lanes.map((i) => lanes[i]!.x);
    const spec = specs[header.lanes[0]!]!;
    const w = Math.max(headerWidth({ ...spec, fd: undefined }), Math.max(...xs) - Math.min(...xs) + 100);
    header.width = w;
    header.x = (Math.max(...xs) + Math.min(...xs)) / 2;
  }

  // --- Geometry and labels. ----------------------------------------------------------------
  const grid = new BoxGrid(64);
  let overlaps = 0;
  const place = (label: Label, box: Box, tx: number, anchor: Label['anchor']) => {
    label.x = box.x;
    label.y = box.y;
    label.tx = tx;
    label.ty = box.y + box.height / 2;
    label.anchor = anchor;
  };
  const fixed = (label: Label) => {
    if (grid.collision(label, 1) > 0) overlaps++;
    grid.add(label);
  };
  const beside = (lane: Lane, label: Label, y: number) => {
    const left = lane.side === 'left';
    const bx = left ? lane.x - bandOut - label.width : lane.x + bandOut;
    place(
      label,
      { x: bx, y: y - label.height / 2, width: label.width, height: label.height },
      left ? bx + label.width - 5 : bx + 5,
      left ? 'end' : 'start',
    );
  };
  const laneAt = (i: number) => lanes[i] ?? lanes[0]!;

  for (const tick of ticks) {
    place(
      tick.label,
      { x: 4, y: tick.y - m.labelHeight / 2, width: m.timeColumnPx - 8, height: m.labelHeight },
      m.timeColumnPx - 9,
      'end',
    );
    tick.yMin = tick.label.y;
    tick.yMax = tick.label.y + tick.label.height;
  }
  const gapItems: GapItem[] = scale.gaps.map((gap) => {
    const label = textLabel(t('diagram.gap', { duration: formatDuration(gap.t1 - gap.t0, lang) }), 'sans', true);
    const y0 = gap.y0 + m.rowPx * 0.6;
    const y1 = gap.y1 - m.rowPx * 0.6;
    const cx = lanes.length > 1 ? (laneAt(0).x + laneAt(lanes.length - 1).x) / 2 : laneAt(0).x + 80;
    place(
      label,
      { x: cx - label.width / 2, y: (y0 + y1) / 2 - label.height / 2, width: label.width, height: label.height },
      cx,
      'middle',
    );
    fixed(label);
    return {
      type: 'gap',
      first: firstEventOfGroup(rows.group, gap.group),
      y0,
      y1,
      t0: gap.t0,
      t1: gap.t1,
      label,
      yMin: y0,
      yMax: y1,
    };
  });

  for (const band of bands) {
    const lane = laneAt(band.lane);
    band.x = lane.x;
    beside(lane, band.label, band.y0);
    fixed(band.label);
    band.yMin = Math.min(band.y0, band.label.y);
    band.yMax = Math.max(band.y1, band.label.y + band.label.height);
  }
  for (const bar of bars) {
    const lane = laneAt(bar.lane);
    bar.x = lane.x;
    if (bar.label) {
      beside(lane, bar.label, bar.y0);
      fixed(bar.label);
    }
    if (bar.errnoLabel) {
      beside(lane, bar.errnoLabel, bar.y1);
      fixed(bar.errnoLabel);
    }
    bar.yMin = bar.y0 - m.labelHeight / 2;
    bar.yMax = bar.y1 + m.labelHeight / 2;
  }
  for (const note of notes) {
    beside(laneAt(note.lane), note.label, eventY[note.eventIndex]!);
    fixed(note.label);
    note.yMin = note.label.y;
    note.yMax = note.label.y + note.label.height;
  }

  for (const arrow of arrows) {
    const from = laneAt(arrow.fromLane);
    const to = laneAt(arrow.toLane);
    const direction = to.x >= from.x ? 1 : -1;
    const sameLane = from.index === to.index;
    arrow.x1 = from.x + (sameLane ? 0 : direction * (m.barPx / 2));
    arrow.x2 = sameLane ? from.x + 40 : to.x - direction * (m.bandPx / 2 + 1);
    if (arrow.fate === 'dropped') {
      arrow.crossX = (arrow.x1 + arrow.x2) / 2;
      arrow.crossY = arrow.y2;
      arrow.y2 = arrow.y1 + 2 * (arrow.crossY - arrow.y1);
    } else {
      arrow.crossX = arrow.x2;
      arrow.crossY = arrow.y2;
    }
    arrow.yMin = arrow.y1 - 4;
    arrow.yMax = Math.max(arrow.y2, arrow.y1) + 4;
    const label = arrow.label;
    if (label === undefined) continue;
    // Candidates along the visible part of the arrow, above the line first, then below it.
    const endX = arrow.fate === 'dropped' ? arrow.crossX : arrow.x2;
    const endY = arrow.fate === 'dropped' ? arrow.crossY : arrow.y2;
    const dx = endX - arrow.x1;
    const dy = endY - arrow.y1;
    const slope = dx === 0 ? 0 : Math.abs(dy / dx);
    const lift = Math.min(slope * (label.width / 2), m.rowPx * 3);
    let best: Box | undefined;
    let bestCost = Infinity;
    let bestX = 0;
    const stops = arrow.fate === 'dropped' ? [0.55, 0.4, 0.7, 0.25, 0.85] : [0.5, 0.38, 0.62, 0.26, 0.74, 0.15, 0.85];
    // Then further away from the line, a label height at a time, when the arrows crowd.
    search: for (const [below, away] of [
      [false, 0],
      [true, 0],
      [false, 1],
      [true, 1],
      [false, 2],
      [true, 2],
    ] as const) {
      for (const s of stops) {
        const px = arrow.x1 + dx * s;
        const py = arrow.y1 + dy * s;
        const shift = lift + 2 + away * (label.height + 2);
        const y = below ? py + shift : py - shift - label.height;
        const box = { x: px - label.width / 2, y, width: label.width, height: label.height };
        const cost = grid.collision(box, 1);
        if (cost < bestCost) {
          best = box;
          bestCost = cost;
          bestX = px;
        }
        if (cost === 0) break search;
      }
    }
    if (best === undefined) continue;
    if (bestCost > 0) overlaps++;
    place(label, best, bestX, 'middle');
    grid.add(label);
    arrow.yMin = Math.min(arrow.yMin, label.y);
    arrow.yMax = Math.max(arrow.yMax, label.y + label.height);
  }

  // Timers last: their labels are optional and only drawn where there is room.
  for (const timer of timers) {
    const lane = laneAt(timer.lane);
    const inward = lane.side === 'left' ? 1 : -1;
    timer.x = lane.x + inward * (m.bandPx / 2 + 5 + timerSlot[timer.timer] * 7);
    timer.tick = inward === 1 ? -1 : 1;
    timer.yMin = timer.y0 - 2;
    timer.yMax = timer.y1 + 2;
    const long = timer.y1 - timer.y0 >= m.rowPx * (presentation ? 3 : 1.5);
    if (!long || (presentation && timer.timer !== 'time-wait')) continue;
    const text =
      timer.timer === 'time-wait' && timer.dueAt !== undefined
        ? t('diagram.timerShort.time-wait', { duration: formatDuration(timer.dueAt - timer.setAt, lang) })
        : t(`diagram.timerShort.${timer.timer}`);
    const label = textLabel(text, 'sans');
    const bx = inward === 1 ? timer.x + 4 : timer.x - 4 - label.width;
    for (let y = timer.y0 + m.rowPx * 0.5; y + label.height <= timer.y1; y += m.rowPx) {
      const box = { x: bx, y, width: label.width, height: label.height };
      if (grid.collision(box, 1) > 0) continue;
      place(label, box, inward === 1 ? bx + 5 : bx + label.width - 5, inward === 1 ? 'start' : 'end');
      grid.add(label);
      timer.label = label;
      break;
    }
  }

  const items: DiagramItem[] = [...gapItems, ...bands, ...bars, ...timers, ...arrows, ...notes, ...ticks];
  const index = new YIndex(256);
  items.forEach((item, i) => index.add(i, item.yMin, item.yMax));
  return {
    width,
    height: Math.ceil(bottom + m.rowPx),
    metrics: m,
    lanes,
    hosts,
    items,
    eventY,
    top,
    bottom,
    overlaps,
    query: (from, to) => index.query(from, to),
  };
}

function firstEventOfGroup(groupOf: Int32Array, group: number): number {
  // Groups are contiguous and ascending: binary search for the first event of `group`.
  let lo = 0;
  let hi = groupOf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (groupOf[mid]! < group) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
