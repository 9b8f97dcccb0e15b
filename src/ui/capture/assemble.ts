// The page's side of a trace sent in slices (protocol.ts `events`): a million-packet capture
// arrives as many small messages, so no single message's decoding blocks the page, and the cancel
// button stays live while it arrives. Each slice comes in columns (event-columns.ts): its short
// strings and small values arrive once per trace and are shared by the events that hold them.
import type { TraceEvent } from '../../trace/types';
import { EventUnpacker, type PackedEvents } from './event-columns';

export class TraceAssembler {
  private events: TraceEvent[] = [];
  private unpacker = new EventUnpacker();

  /** Events received so far. */
  get received(): number {
    return this.events.length;
  }

  add(slice: PackedEvents): void {
    this.unpacker.unpack(slice, this.events);
  }

  /** The events in order; the assembler starts again empty, for the next trace. */
  take(): TraceEvent[] {
    const events = this.events;
    this.events = [];
    this.unpacker = new EventUnpacker();
    return events;
  }
}
