// The page's side of a trace sent in slices (protocol.ts `events`): a million-packet capture
// arrives as many small messages, so no single message's decoding blocks the page (a structured
// clone of two million events is decoded in one task, seconds long), and the cancel button stays
// live while it arrives. The events are kept exactly as decoded: making repeated strings and flag
// lists one shared value was measured to cost more heap, not less (1,000,000 packets in V8:
// 208 bytes per packet as decoded, 287 – 472 after writing the shared values back into the
// events), and the worker's objects already arrive shared within a slice.
import type { TraceEvent } from '../../trace/types';

export class TraceAssembler {
  private events: TraceEvent[] = [];

  /** Events received so far. */
  get received(): number {
    return this.events.length;
  }

  add(slice: readonly TraceEvent[]): void {
    for (const event of slice) this.events.push(event);
  }

  /** The events in order; the assembler starts again empty. */
  take(): TraceEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }
}
