// The diagram engine (ARCHITECTURE.md "Layers"): trace -> layout, pure and testable without a
// browser; src/ui/diagram draws the layout, src/ui/export writes it out.
export { cursorY, layoutTrace } from './layout';
export { diagramMetrics, lineStepPx } from './metrics';
export type {
  ArrowItem,
  BandItem,
  BarItem,
  DiagramItem,
  DiagramLayout,
  GapItem,
  ItemWindow,
  HostHeader,
  Label,
  Lane,
  LayoutOptions,
  Metrics,
  NoteItem,
  Protocol,
  TickItem,
  TimerItem,
  TimeScaleMode,
} from './model';
export { eventSpans, fitScale, recentSpan, scrollTarget } from './follow';
export type { EventSpans, ScrollBox, Span, SpanColumns } from './follow';
export { buildLanes, lanesToSend, receiveLanes } from './lanes';
export type { LaneMap, LaneSpec, SentLanes } from './lanes';
export { estimateText, monoFamily, sansFamily } from './measure';
export type { FontKind, MeasureText } from './measure';
export { datagramNotation, formatDuration, formatInstant, segmentNotation } from './notation';
export type { SeqMode } from './notation';
export { currentPacket, packetDetails, packetOfEvent, windowText } from './packet-details';
export type { PacketDetails, PacketEnd } from './packet-details';
export { previewPayload } from './payload';
export { arrowTitle, bandTitle, barTitle, endpointName, gapTitle, laneLabel, laneTitle, timerTitle } from './titles';
export { visibleItems } from './visible';
export type { VisibleItem } from './visible';
export { headBuffers, itemsWindow, LayoutWindows, layoutHead } from './transfer';
export type { ItemsWindow, LayoutHead, SentLayoutOptions } from './transfer';
