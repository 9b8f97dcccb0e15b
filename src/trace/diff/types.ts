// The shapes of a comparison of two traces (diff.ts): every packet per direction, every state
// change per socket, every call's outcome, each difference with its name and the rule behind it.
import type { TcpFlag, TcpState } from '../../tcp';
import type { LocalizedText, Trace } from '../types';

/** The options that decide a connection's behaviour (not the timestamp values, which are clocks). */
export interface OptionSummary {
  mss?: number;
  sackPermitted: boolean;
  timestamps: boolean;
  windowScale?: number;
}

export interface DiffPacket {
  id: number;
  /** Where the packet is sent in its trace's `events` (the UI's click-to-step). */
  event: number;
  kind: 'segment' | 'datagram' | 'icmp';
  /** Trace time, and time from the trace's first packet (µs). */
  t: number;
  rel: number;
  from: string;
  to: string;
  flags: TcpFlag[];
  len: number;
  /** Relative seq (from the sender's ISN) and ack (from the receiver's), as the query layer numbers them. */
  seq: number;
  ack?: number;
  /** The window field as sent, and in bytes once the connection's window scale applies (RFC 7323 2.3). */
  window: number;
  scaledWindow: number;
  /** The shift applied; undefined when the trace lacks the handshake that says it. */
  windowShift?: number;
  options: OptionSummary;
  /** Both SYNs of its connection carried timestamps; undefined in a SYN or without the handshake. */
  timestampsNegotiated?: boolean;
  retransmission?: boolean;
  probe?: 'keepalive' | 'zero-window';
}

export type Direction = string; // "client→server"

/** What a difference is about, for grouping: the view lists each group under its own heading. */
export type DifferenceGroup =
  'segment' | 'flags' | 'length' | 'numbers' | 'window' | 'options' | 'timing' | 'state' | 'call';

export interface Named {
  /** A short name of what differs, e.g. "a pure ACK the other side does not send". */
  name: LocalizedText;
  /** The protocol rule or Linux behaviour behind it, with the values on each side. */
  rule: LocalizedText;
  /** name and rule in one sentence. */
  explain: LocalizedText;
  /** A stable code for the rule (tests, grouping), e.g. "ack-on-fin". */
  code: string;
}

export interface PacketDifference extends Named {
  type: 'only-in-a' | 'only-in-b' | 'flags' | 'length' | 'seq' | 'ack' | 'window' | 'options';
  group: DifferenceGroup;
  direction: Direction;
  a?: DiffPacket;
  b?: DiffPacket;
}

export interface TimingDifference extends Named {
  type: 'gap' | 'delayed-ack';
  group: 'timing';
  direction: Direction;
  a: DiffPacket;
  b: DiffPacket;
  /** The interval before this pair in each trace, and a's minus b's, in milliseconds. */
  aGapMs: number;
  bGapMs: number;
  deltaMs: number;
  /** The range deltaMs had to fall in to agree, in milliseconds (see TimingTolerance). */
  allowedMs: [number, number];
}

export interface StateDifference extends Named {
  type: 'only-in-a' | 'only-in-b';
  group: 'state';
  host: string;
  /** The socket in each trace (sockets are paired per host by descriptor, else by order). */
  aSocket?: number;
  bSocket?: number;
  from: TcpState;
  to: TcpState;
  aEvent?: number;
  bEvent?: number;
  /** After the other trace's last event: that run stopped watching, so it is not a disagreement. */
  unobserved?: boolean;
}

/** A socket call that ended differently (an errno in one trace, another errno or success in the other). */
export interface CallDifference extends Named {
  group: 'call';
  host: string;
  call: string;
  step?: string;
  a: string;
  b: string;
  /** The return event in each trace (an index into its `events`). */
  aEvent: number;
  bEvent: number;
}

export interface TimingTolerance {
  /** Intervals shorter than this in both traces are not compared (program steps, loopback µs). */
  gapMs: number;
  /** Linux's timer tick (HZ 250): a real kernel's wait may be one tick shorter, two ticks longer. */
  tickMs: number;
  description: LocalizedText;
}

export interface TraceDiff {
  a: { source: Trace['source']; packets: number; states: number };
  b: { source: Trace['source']; packets: number; states: number };
  /** Every packet, window, option, timing and state change agrees (calls are listed apart). */
  match: boolean;
  /** Packets paired in both traces. */
  aligned: number;
  differences: PacketDifference[];
  timing: TimingDifference[];
  states: StateDifference[];
  /** Not part of `match`: the packets may agree while a call's outcome differs. */
  calls: CallDifference[];
  tolerance: TimingTolerance;
  /** What was compared and how, where the two traces do not hold the same facts. */
  notes: LocalizedText[];
}

export interface DiffOptions {
  /** Intervals shorter than this in both traces are not compared (default 5 ms). */
  gapMs?: number;
  /** The timer tick of the real kernel (default 4 ms, Linux's HZ 250). */
  tickMs?: number;
}

/** One row of the alignment: a packet of a, of b, or of both, in one direction. */
export interface AlignedRow {
  direction: Direction;
  a?: DiffPacket;
  b?: DiffPacket;
}
