// The read side of a Trace (ARCHITECTURE.md "Read side"): every fact a view needs that is not a
// field of one event is derived here, once per Trace, and read by the store, the diagram, the
// panels, the explanation, the comparison, the exports and the golden summaries alike.
export { captureConnectionCount, captureConnections, captureMeta, socketEndpoints } from './capture';
export { hostStates, hostTransports, initialStates, socketsAt, timersAt } from './cursor';
export type { HostState, RunningTimer, SocketView } from './cursor';
export {
  cursorAtPosition,
  eventFilters,
  filterShowsKind,
  isEventFilter,
  nextShownCursor,
  previousShownCursor,
  shownCursorAtOrBefore,
  shownCursors,
  shownCursorsInSteps,
  listRows,
  shownPosition,
  shownStepCount,
} from './filter';
export type { EventFilter, ListRows } from './filter';
export { perTrace } from './memo';
export type { Steps } from './memo';
export { relativeNumbers, relativeTo } from './numbering';
export type { RelativeNumbering, RelativeNumbers } from './numbering';
export { callPartners, eventOwners, hostDescriptors } from './owners';
export type { Owner } from './owners';
export { isPacket, packetFates, packetIndex } from './packets';
export type { PacketEvent, PacketIndex } from './packets';
export {
  currentEventIndex,
  cursorForEvent,
  nextPacketCursor,
  previousPacketCursor,
  shownEventCount,
  stepIndices,
  totalSteps,
} from './steps';
export { segmentRoles, stateBefore } from './roles';
export type { Acknowledged, SegmentRole } from './roles';
export { congestionAt, congestionSender, congestionSeries, fastRetransmits, phaseSpans } from './congestion';
export type { CongestionPoint, CongestionSeries, PhaseSpan, Retransmission } from './congestion';
export { firstSegmentIn, timeSequence } from './time-sequence';
export type { TimeSequence } from './time-sequence';
export { bytesBetween, defaultWindowUs, meanRate, movingRate, rateAt, throughputSeries } from './throughput';
export type { ByteEvents, RateSeries, Throughput, ThroughputKind } from './throughput';
