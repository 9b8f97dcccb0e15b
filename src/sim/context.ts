// What protocol code needs from the simulation around it: the clock, the trace and the wire
// (randomness is not shared: each host and link holds its own streams, src/sim/streams.ts).
// Keeping it an interface lets tests drive one socket by hand.
import type { TraceEvent } from '../trace/types';
import type { TcpConfig } from './profiles';
import type { Packet } from './packet';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type EventInput = DistributiveOmit<TraceEvent, 't'>;

export interface TimerOwner {
  runTimers(): void;
  /** True while a timer is armed for time t (the scheduler keeps no callbacks, only this question). */
  hasTimerAt(t: number): boolean;
}

/** Something whose TCB the trace should show when it changes. */
export interface TcbOwner {
  /** A `tcb` event if the TCB changed since the last call, else null. */
  tcbSnapshot(): EventInput | null;
}

export interface SimContext {
  readonly now: number;
  readonly tcp: TcpConfig;
  /** Records an event at the current time. */
  emit(event: EventInput): void;
  /** Hands a packet to the link; the packet's id must come from nextPacketId(). */
  transmit(packet: Packet): void;
  nextPacketId(): number;
  /** Asks to have owner.runTimers() called at time t (timers stay data on the owner). */
  wakeAt(t: number, owner: TimerOwner): void;
  /** Marks a socket whose TCB may have changed; snapshots are recorded once per processing step. */
  touch(owner: TcbOwner): void;
}
