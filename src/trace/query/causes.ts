// Why each packet left, from the Trace alone: the event that set it off on its sender, found among
// the events of the same instant before it (a kernel sends in answer to a call, a timer or an
// arrival, all at the instant it happens). For data sent when an ACK arrived, what had held it:
// the congestion window, the peer's window or Nagle's rule, read from the sender's TCB snapshot
// and the segment's size. Nothing here re-runs TCP: every fact is a field a producer recorded.
import type { SocketCall, TcbEvent, TimerKind, Trace, TraceEvent } from '../types';
import { congestionSeries } from './congestion';
import { perTrace } from './memo';
import { isPacket, packetIndex, type PacketEvent } from './packets';

/** What had kept data back until an ACK's arrival let it go. */
export type HeldBy = 'congestion-window' | 'peer-window' | 'nagle';

export type PacketCause =
  /** The sender's program called `call` (send, connect, close…). */
  | { kind: 'call'; eventIndex: number; call: SocketCall }
  /** One of the sender's timers fired (the RTO, the delayed ACK, keepalive, persist…). */
  | { kind: 'timer'; eventIndex: number; timer: TimerKind }
  /** A packet arrived at the sender (`packet` is its id); for released data, what had held it. */
  | { kind: 'arrival'; eventIndex: number; packet: number; heldBy?: HeldBy }
  /** No socket sent it: the scenario's fault rule `rule` (1-based, an inject rule) crafted it. */
  | { kind: 'crafted'; rule: number };

const packetSocket = (packet: PacketEvent): number | undefined => (packet.kind === 'icmp' ? undefined : packet.socket);

/** Whether `event` (before `packet`, at its instant) is what made `packet` leave. */
function triggers(event: TraceEvent, packet: PacketEvent, socket: number | undefined): boolean {
  switch (event.kind) {
    case 'deliver':
      return event.host === packet.from;
    case 'timer':
      return event.action === 'fire' && event.host === packet.from && event.socket === socket;
    case 'call':
      return event.host === packet.from && event.socket === socket;
    default:
      return false;
  }
}

/** The MSS each side's SYN offered, keyed "src>dst" of the SYN (RFC 9293 3.7.1). */
const synMss = perTrace((trace: Trace): ReadonlyMap<string, number> => {
  const offered = new Map<string, number>();
  for (const event of trace.events) {
    if (event.kind !== 'segment' || !event.flags.includes('SYN')) continue;
    const mss = event.options.mss;
    if (typeof mss === 'number') offered.set(`${event.src}>${event.dst}`, mss);
  }
  return offered;
});

/** The sender's TCB snapshot just before `before`, with its bytes in flight and segment size. */
function snapshotBefore(trace: Trace, host: string, socket: number, before: number) {
  const series = congestionSeries(trace).find((s) => s.host === host && s.socket === socket);
  if (series === undefined) return undefined;
  // Binary search: the last point before `before` (points are in trace order).
  let low = 0;
  let high = series.points.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (series.points[middle]!.eventIndex < before) low = middle + 1;
    else high = middle;
  }
  const point = series.points[low - 1];
  if (point === undefined) return undefined;
  return { point, tcb: trace.events[point.eventIndex] as TcbEvent, segmentBytes: series.segmentBytes };
}

/**
 * Data that left when an ACK arrived had been held back: by a full congestion window (RFC 5681
 * 3.1), by the peer's window (RFC 9293 3.8.6.2.1), else, smaller than a full segment while data
 * was in flight, by Nagle's rule (RFC 896, RFC 9293 3.7.4). Undefined when the Trace cannot say.
 */
function heldBy(trace: Trace, packet: PacketEvent, arrival: number): HeldBy | undefined {
  if (packet.kind !== 'segment' || packet.len === 0 || packet.retransmission === true) return undefined;
  if (packet.flags.includes('SYN') || packet.socket === undefined) return undefined;
  const before = snapshotBefore(trace, packet.from, packet.socket, arrival);
  if (before === undefined) return undefined;
  const { point, tcb, segmentBytes } = before;
  if (point.cwnd !== undefined && segmentBytes !== undefined && point.bytesInFlight >= point.cwnd * segmentBytes)
    return 'congestion-window';
  if (point.bytesInFlight + packet.len > tcb.sndWnd) return 'peer-window';
  // The peer's SYN offered the MSS this side may send.
  const mss = synMss(trace).get(`${packet.dst}>${packet.src}`);
  if (mss !== undefined && packet.len < mss && point.bytesInFlight > 0) return 'nagle';
  return undefined;
}

/** What made the packet at `index` leave; undefined for another event or when no cause is found. */
export function packetCause(trace: Trace, index: number): PacketCause | undefined {
  const packet = trace.events[index];
  if (packet === undefined || !isPacket(packet)) return undefined;
  if (packet.kind === 'segment' && packet.crafted !== undefined) return { kind: 'crafted', rule: packet.crafted };
  const socket = packetSocket(packet);
  // The trigger is at the packet's instant, before it: walk back over that instant only.
  for (let at = index - 1; at >= 0; at--) {
    const event = trace.events[at]!;
    if (event.t !== packet.t) return undefined;
    if (!triggers(event, packet, socket)) continue;
    if (event.kind === 'call') return { kind: 'call', eventIndex: at, call: event.call };
    if (event.kind === 'timer') return { kind: 'timer', eventIndex: at, timer: event.timer };
    if (event.kind !== 'deliver' || !packetIndex(trace).byId.has(event.id)) return undefined;
    const held = heldBy(trace, packet, at);
    return { kind: 'arrival', eventIndex: at, packet: event.id, ...(held !== undefined && { heldBy: held }) };
  }
  return undefined;
}
