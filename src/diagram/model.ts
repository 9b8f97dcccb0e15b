// The diagram's data: what layoutTrace returns (lanes, headers, items with their coordinates and
// placed labels) and the options it takes. Plain data, drawn by src/ui/diagram/DiagramSvg.tsx.
import type { Lang } from '../i18n';
import type { Errno, TcpState } from '../tcp';
import type { EventFilter } from '../trace/query';
import type { LocalizedText, SocketCall, TimerKind } from '../trace/types';
import type { Box } from './boxes';
import type { SpanColumns } from './follow';
import type { LaneSpec } from './lanes';
import type { FontKind, MeasureText } from './measure';
import type { SeqMode } from './notation';

export interface LayoutOptions {
  seqMode?: SeqMode;
  lang?: Lang;
  /** Larger type and only the essentials (no instant calls, fewer timer labels). */
  presentation?: boolean;
  measure?: MeasureText;
  /** Width available: lanes spread out to use it, within limits. */
  width?: number;
  /** `compressed` (default): idle gaps longer than 4 latencies break with a mark; `proportional`:
   * gaps up to 80 latencies (a Nagle or delayed-ACK stall) are drawn to scale. */
  timeScale?: TimeScaleMode;
  /** The learner's event filter: events it hides take no row (the drawing leaves them out). */
  show?: EventFilter;
}

export type TimeScaleMode = 'compressed' | 'proportional';

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
  /** A wrapped label's lines (a long note), drawn one under the other from `ty`; else one line. */
  lines?: string[];
  font: FontKind;
  bold: boolean;
  /** Where the text is drawn: x of the anchor and y of the text's middle. */
  tx: number;
  ty: number;
  anchor: 'start' | 'middle' | 'end';
}

export interface Lane extends LaneSpec {
  /** A merged lane's descriptors (one lane for all the host's sockets, see indexTrace). */
  fds?: readonly number[];
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
  /** Which of the lane's sockets (0 for the first): a merged lane draws each one's band apart. */
  slot: number;
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
  /** Each event's span across (follow.ts), sent with a layout whose items are not all here. */
  spans?: SpanColumns;
  /**
   * A layout whose items are fetched for the rows near the view (a big capture's, from its
   * worker): `items` holds those, `query` answers from them. The view calls `ensure` as it moves
   * and draws again when `subscribe`'s listener is called.
   */
  window?: ItemWindow;
}

export interface ItemWindow {
  ensure(top: number, bottom: number): void;
  /** Calls `listener` when items arrive; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}
