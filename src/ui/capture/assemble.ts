// The page's side of a trace sent in slices (protocol.ts `events`): a million-packet capture
// arrives as many small messages, so no single message's decoding blocks the page, and the cancel
// button stays live while it arrives. Each slice comes in columns (event-columns.ts): its short
// strings and small values arrive once per trace and are shared by the events that hold them.
import type { TraceEvent } from '../../trace/types';
import { EventUnpacker, type PackedEvents } from './event-columns';

export class TraceAssembler {
  /** One array per slice, joined once at the end: one array grown to millions of entries was
   * copied again at every growth, each copy a new large object for the garbage collector. */
  private slices: TraceEvent[][] = [];
  private count = 0;
  private unpacker = new EventUnpacker();

  /** Events received so far. */
  get received(): number {
    return this.count;
  }

  add(slice: PackedEvents): void {
    const events: TraceEvent[] = [];
    this.unpacker.unpack(slice, events);
    this.slices.push(events);
    this.count += events.length;
  }

  /** The events in order; the assembler starts again empty, for the next trace. */
  take(): TraceEvent[] {
    const { slices } = this;
    this.slices = [];
    this.count = 0;
    this.unpacker = new EventUnpacker();
    return joined(slices);
  }
}

/** Slices joined into one array by `concat`, which copies each whole (`flat` and `push` took 20 times as
 * long), a bounded number of slices a call (no spread of an unbounded list: argument-spread.test.ts). */
function joined(slices: TraceEvent[][]): TraceEvent[] {
  let parts = slices;
  while (parts.length > 1) {
    const next: TraceEvent[][] = [];
    for (let at = 0; at < parts.length; at += 1024)
      next.push(Array.prototype.concat.apply([], parts.slice(at, at + 1024)) as TraceEvent[]);
    parts = next;
  }
  return parts[0] ?? [];
}
