// The simulation around the socket under test: a clock the script moves, the host's timers, and
// the segments it sends, queued for the scripted peer to match. Nothing is delivered by a link:
// the peer injects its segments straight into the host, as packetdrill's tun device does.
import type { EventInput, SimContext, TimerOwner } from '../sim/context';
import type { Packet } from '../sim/packet';
import type { TcpConfig } from '../sim/profiles';
import type { TraceEvent } from '../trace/types';
import { LOCAL_HOST, PEER_HOST, segmentEvents } from './trace';

export interface Sent {
  packet: Packet;
  at: number;
}

export class ScriptContext implements SimContext {
  now = 0;
  readonly events: TraceEvent[] = [];
  /** Sent by the host and not matched yet, oldest first. */
  readonly outbox: Sent[] = [];
  /** Everything the host sent, in order (for reports). */
  readonly sent: Sent[] = [];
  private wakeups: { at: number; owner: TimerOwner }[] = [];
  private lastPacketId = 0;

  constructor(readonly tcp: TcpConfig) {}

  emit(event: EventInput): void {
    this.events.push({ ...event, t: this.now } as TraceEvent);
  }

  transmit(packet: Packet): void {
    this.outbox.push({ packet, at: this.now });
    this.sent.push({ packet, at: this.now });
    if (packet.proto === 'tcp') this.events.push(...segmentEvents(packet, this.now, LOCAL_HOST, PEER_HOST));
  }

  nextPacketId(): number {
    return ++this.lastPacketId;
  }

  touch(): void {
    // TCB snapshots are not part of what a script checks.
  }

  wakeAt(at: number, owner: TimerOwner): void {
    this.wakeups.push({ at, owner });
  }

  /** The earliest pending wake-up, if any is due by `limit`. */
  nextWakeup(limit: number): number | null {
    let best: number | null = null;
    for (const w of this.wakeups) if (w.at <= limit && (best === null || w.at < best)) best = w.at;
    return best;
  }

  /** Moves the clock to `at` and runs the timers due then (each owner once, as the scheduler does). */
  fire(at: number): void {
    this.now = Math.max(this.now, at);
    const due = this.wakeups.filter((w) => w.at === at);
    this.wakeups = this.wakeups.filter((w) => w.at !== at);
    const owners = new Set(due.map((w) => w.owner));
    for (const owner of owners) if (owner.hasTimerAt(at)) owner.runTimers();
  }
}
