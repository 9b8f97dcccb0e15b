// The page's side of a trace sent in slices (protocol.ts `events`): a million-packet capture
// arrives as many small messages, so no single message's decoding blocks the page (a structured
// clone of two million events is decoded in one task, seconds long), and the cancel button stays
// live while it arrives. Each slice's repeated values are made one shared value as it comes:
// structured clone copies every string and flag list of every event, so a million segments
// would otherwise carry a million copies of "10.0.0.1:8080" and of ["ACK"] (issue 9: at most 200
// bytes of heap per packet). A Trace never changes once made, so sharing is safe.
import type { TraceEvent } from '../../trace/types';

const sharedKeys = ['kind', 'from', 'to', 'src', 'dst', 'host', 'call', 'timer', 'action', 'reason'] as const;

export class TraceAssembler {
  private events: TraceEvent[] = [];
  private readonly strings = new Map<string, string>();
  private readonly flagLists = new Map<string, readonly string[]>();
  private readonly emptyOptions: Record<string, unknown> = {};

  /** Events received so far. */
  get received(): number {
    return this.events.length;
  }

  add(slice: readonly TraceEvent[]): void {
    for (const event of slice) this.events.push(this.share(event));
  }

  /** The events in order; the assembler starts again empty. */
  take(): TraceEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  private string(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
  }

  private share(event: TraceEvent): TraceEvent {
    const record = event as unknown as Record<string, unknown>;
    for (const key of sharedKeys) {
      const value = record[key];
      if (typeof value === 'string') record[key] = this.string(value);
    }
    if (event.kind === 'segment') {
      const key = event.flags.join(',');
      let flags = this.flagLists.get(key);
      if (flags === undefined) this.flagLists.set(key, (flags = event.flags));
      event.flags = flags as typeof event.flags;
      if (isEmpty(event.options)) event.options = this.emptyOptions;
    }
    return event;
  }
}

function isEmpty(record: Record<string, unknown>): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return false;
  return true;
}
