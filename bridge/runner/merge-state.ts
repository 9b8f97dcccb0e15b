// What the merge of a real run keeps between two merges (issue 15, finding 7): the run's inputs
// so far, fed as deltas, and the events already handed to the live stream. The same class runs
// on the bridge's event loop for a small run and in a worker thread for a large one
// (bridge/runner/merge-worker.ts), so the two paths give the same Trace.
//
// Every merge still merges the whole run (the pcap importer and the state inference take the
// whole capture), but it is fed only what is new, and it hands out only events the stream has
// not had, so the caller's own work per merge is in proportion to what changed.
import type { TracepointRecord, TraceClock } from '../capture/tracepoints';
import type { SsObservation } from '../capture/ss';
import { parseCapture } from '../../src/trace/import';
import type { Trace, TraceEvent, TraceHost } from '../../src/trace/types';
import { applyWireFates } from '../netns/fates';
import type { WireFate } from '../netns/link';
import { mergeRun, type RunnerEvent } from './merge';

/** What arrived since the last feed. */
export interface MergeFeed {
  api: RunnerEvent[];
  ss: SsObservation[];
  records: TracepointRecord[];
  /** The capture's bytes after those fed before (a pcap stream, read from its start). */
  pcap: Uint8Array;
  fates: WireFate[];
}

/** The small part of a merge's input, sent whole every time. */
export interface MergeContext {
  scenarioId: string;
  hosts: TraceHost[];
  t0: number;
  ports: number[];
  captureLateUs?: number;
  /** The kernel's tracepoints were recorded (their records are fed). */
  kernel?: {
    clock: TraceClock;
    probesDropped: number;
    congestionControl?: string;
    timeWait?: ReadonlySet<string>;
  };
  /** A capture is fed (tcpdump's or the wire's), so the merge parses it. */
  capture: boolean;
  /** The run's packets crossed the wire: its fates are applied, broadcasts in this host order. */
  wireHosts?: string[];
  meta: Record<string, unknown>;
}

/** The end of a run: the Trace without its events, and the events the stream has not had. */
export interface FinalMerge {
  header: Omit<Trace, 'events'>;
  /** The events after the handed ones; all of them when `replace`. */
  events: TraceEvent[];
  /** A handed event differs in the final merge: `events` is the whole list. */
  replace: boolean;
}

export class MergeState {
  private readonly api: RunnerEvent[] = [];
  private readonly ss: SsObservation[] = [];
  private readonly records: TracepointRecord[] = [];
  private readonly fates: WireFate[] = [];
  private pcapChunks: Uint8Array[] = [];
  private pcapBytes = 0;
  /** Where the capture's complete records end, as far as read. */
  private wholeUpTo = 0;
  /** The events handed out so far, in order (the merged Trace's first events). */
  private handed: TraceEvent[] = [];

  /** Takes over a stream already begun elsewhere (the loop merged the start of the run). */
  static resuming(handed: TraceEvent[]): MergeState {
    const state = new MergeState();
    state.handed = handed;
    return state;
  }

  get handedCount(): number {
    return this.handed.length;
  }

  /** Bytes of capture and inputs held: what decides whether merging leaves the event loop. */
  get size(): { events: number; pcapBytes: number } {
    return { events: this.api.length + this.ss.length + this.records.length, pcapBytes: this.pcapBytes };
  }

  feed(feed: MergeFeed): void {
    // push(...x) spreads x onto the stack: a feed of 100,000 events would overflow it.
    for (const e of feed.api) this.api.push(e);
    for (const o of feed.ss) this.ss.push(o);
    for (const r of feed.records) this.records.push(r);
    for (const f of feed.fates) this.fates.push(f);
    if (feed.pcap.length > 0) {
      this.pcapChunks.push(feed.pcap);
      this.pcapBytes += feed.pcap.length;
    }
  }

  /**
   * The whole run merged so far. While the run goes on, only the capture's complete records are
   * parsed: tcpdump's pipe cuts records anywhere, and a cut one is not a cut capture (the
   * importer would add a note saying so). The final merge parses every byte.
   */
  merge(context: MergeContext, live = false): Trace {
    const kernel = context.kernel;
    const trace = mergeRun({
      scenarioId: context.scenarioId,
      hosts: context.hosts,
      t0: context.t0,
      api: this.api,
      ss: this.ss,
      ports: context.ports,
      ...(context.captureLateUs !== undefined ? { captureLateUs: context.captureLateUs } : {}),
      ...(kernel !== undefined ? { kernel: { ...kernel, records: this.records } } : {}),
      meta: context.meta,
      ...(context.capture ? { capture: parseCapture(live ? this.wholeRecords() : this.pcap()) } : {}),
    });
    if (context.wireHosts !== undefined) {
      trace.events = applyWireFates(trace.events, this.fates, (t) => Math.max(0, t - context.t0), context.wireHosts);
    }
    return trace;
  }

  /** The merged events older than `upTo` that were not handed out yet, in time order. */
  live(context: MergeContext, upTo: number): TraceEvent[] {
    const events = this.merge(context, true).events;
    const fresh: TraceEvent[] = [];
    for (let i = this.handed.length; i < events.length && (events[i] as TraceEvent).t < upTo; i++) {
      fresh.push(events[i] as TraceEvent);
    }
    for (const e of fresh) this.handed.push(e);
    return fresh;
  }

  /** The run's last merge: what the stream still needs, and whether what it had still holds. */
  final(context: MergeContext): FinalMerge {
    const { events, ...header } = this.merge(context);
    const handed = this.handed;
    const kept = handed.length <= events.length && handed.every((e, i) => sameJson(e, events[i]));
    this.handed = events;
    return { header, events: kept ? events.slice(handed.length) : events, replace: !kept };
  }

  /** The capture up to its last complete record (a pcap file; another format is taken whole). */
  private wholeRecords(): Uint8Array {
    const bytes = this.pcap();
    if (bytes.length < 24) return bytes.subarray(0, 0);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    const magic = view.getUint32(0, true);
    const little = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
    if (!little && magic !== 0xd4c3b2a1 && magic !== 0x4d3cb2a1) return bytes;
    let at = Math.max(24, this.wholeUpTo);
    while (at + 16 <= bytes.length) {
      const end = at + 16 + view.getUint32(at + 8, little);
      if (end > bytes.length) break;
      at = end;
    }
    this.wholeUpTo = at;
    return bytes.subarray(0, at);
  }

  private pcap(): Uint8Array {
    if (this.pcapChunks.length > 1) {
      const all = new Uint8Array(this.pcapBytes);
      let at = 0;
      for (const chunk of this.pcapChunks) {
        all.set(chunk, at);
        at += chunk.length;
      }
      this.pcapChunks = [all];
    }
    return this.pcapChunks[0] ?? new Uint8Array();
  }
}

/**
 * Whether two values of a Trace event are the same JSON. Events nest a few levels (args, result,
 * options, causeText), never as deep as input could drive: they are built by the merge.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
