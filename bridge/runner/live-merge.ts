// The merge of a real run as the bridge's event loop sees it (issue 15, finding 7): the live
// stream and the run's end ask it for the events not streamed yet, and it hands them over a
// batch per turn of the event loop. A small run is merged on the loop itself (a lesson's merge
// takes a millisecond or two); once the run's inputs pass `offThreadAbove` the merging moves to
// a worker thread (bridge/runner/merge-worker.ts), fed only the inputs that are new, so that a
// run of 60,000 sends no longer holds the loop for seconds while the bridge has pages to serve.
import { Worker } from 'node:worker_threads';
import type { SsObservation } from '../capture/ss';
import type { TracepointRecord } from '../capture/tracepoints';
import type { Trace, TraceEvent } from '../../src/trace/types';
import type { WireFate } from '../netns/link';
import type { RunnerEvent } from './merge';
import { MergeState, type MergeContext, type MergeFeed } from './merge-state';

/** The run's inputs as they grow: arrays appended to, a capture whose bytes only grow. */
export interface MergeSources {
  api: readonly RunnerEvent[];
  ss: readonly SsObservation[];
  records: () => readonly TracepointRecord[];
  pcap: () => Uint8Array | undefined;
  fates: () => readonly WireFate[];
}

export interface RunMergeOptions {
  /** Merging leaves the loop once the inputs hold this many events or capture bytes. */
  offThreadAbove?: { events: number; pcapBytes: number };
  /** Events handed over per turn of the event loop. */
  batch?: number;
  /** Why the worker could not be used (the merge then stays on the loop). */
  log?: (line: string) => void;
}

/**
 * A lesson's run stays on the loop; 60,000 sends pass both bounds within a second. Measured:
 * merging 5,000 inputs and their capture takes about 40 ms on the loop (2 cores, load 3).
 */
export const offThreadAbove = { events: 5000, pcapBytes: 512 * 1024 };

export type WorkerRequest =
  | { id: number; op: 'init'; handed: TraceEvent[]; batch: number }
  | { id: number; op: 'feed'; feed: MergeFeed }
  | { id: number; op: 'live'; feed: MergeFeed; context: MergeContext; upTo: number }
  | { id: number; op: 'final'; feed: MergeFeed; context: MergeContext }
  | { id: number; op: 'next' };

export type WorkerReply =
  | {
      id: number;
      ok: true;
      events: TraceEvent[];
      more: boolean;
      mergeMs: number;
      header?: Omit<Trace, 'events'>;
      replace?: boolean;
    }
  | { id: number; ok: false; error: string };

type Reply = Extract<WorkerReply, { ok: true }>;

/** The most of each input, and of capture bytes, one message to the worker carries. */
const feedPart = { items: 1000, bytes: 256 << 10 };

/** The merge failed in the worker: the same failure as on the loop, not a reason to fall back. */
class MergeFailed extends Error {}

const bootUrl = new URL('./merge-worker-boot.mjs', import.meta.url);
const entryUrl = new URL('./merge-worker.ts', import.meta.url).href;

/** One worker, one request at a time. */
class MergeWorker {
  private readonly worker = new Worker(bootUrl, { workerData: { entry: entryUrl } });
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private broken: Error | undefined;

  constructor() {
    const fail = (error: Error): void => {
      this.broken ??= error;
      for (const { reject } of this.waiting.values()) reject(error);
      this.waiting.clear();
    };
    this.worker.on('message', (reply: WorkerReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.ok) waiter?.resolve(reply);
      else waiter?.reject(new MergeFailed(reply.error));
    });
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the merge worker exited (${code})`)));
  }

  request(request: DistributiveOmit<WorkerRequest, 'id'>): Promise<Reply> {
    if (this.broken !== undefined) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const transfer = 'feed' in request && request.feed.pcap.length > 0 ? [request.feed.pcap.buffer] : [];
      this.worker.postMessage({ ...request, id }, transfer as ArrayBuffer[]);
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * How long one turn of the loop may spend handing events on. Each event becomes a WebSocket
 * frame; a batch of 2,000 took 130–170 ms to encode and write on an idle machine, and static
 * requests waited behind it (p99 105 ms). Past this budget the rest waits for the next turn.
 */
const turnBudgetMs = 4;

/** Calls `each` on every event, yielding to the loop whenever a turn's budget is spent. */
async function paced(events: readonly TraceEvent[], each: (e: TraceEvent) => void): Promise<void> {
  let started = performance.now();
  for (let i = 0; i < events.length; i++) {
    each(events[i] as TraceEvent);
    if ((i & 31) === 31 && performance.now() - started > turnBudgetMs) {
      await turn();
      started = performance.now();
    }
  }
}

export class RunMerge {
  private readonly fed = { api: 0, ss: 0, records: 0, pcap: 0, fates: 0 };
  private local: MergeState | undefined = new MergeState();
  private worker: MergeWorker | undefined;
  /** The worker failed once: this run merges on the loop. */
  private noWorker = false;
  /** Every event handed to the stream, in order. */
  private readonly delivered: TraceEvent[] = [];
  private readonly batch: number;
  /** How long the last merge took, wherever it ran. */
  lastMergeMs = 0;

  constructor(
    private readonly sources: MergeSources,
    private readonly options: RunMergeOptions = {},
  ) {
    // 500 events a reply from the worker: each reply is copied onto the loop in one piece, and
    // 2,000 gave the static requests a p99 of 39–46 ms where 500 gives 35–40 (60,000 sends, idle).
    this.batch = options.batch ?? 500;
  }

  /** The merge runs in a worker thread. */
  get offThread(): boolean {
    return this.worker !== undefined;
  }

  get deliveredCount(): number {
    return this.delivered.length;
  }

  /** Hands `onEvent` the merged events older than `upTo` it has not had, in time order. */
  async stream(context: MergeContext, upTo: number, onEvent: (e: TraceEvent) => void): Promise<void> {
    const local = this.local;
    if (local !== undefined) {
      local.feed(this.takeFeed());
      if (!this.outgrown(local)) {
        const started = performance.now();
        const events = local.live(context, upTo);
        this.lastMergeMs = performance.now() - started;
        return this.hand(events, onEvent);
      }
      if (!(await this.moveOffThread())) return this.stream(context, upTo, onEvent);
    }
    await this.viaWorker(
      async (worker) => worker.request({ op: 'live', feed: await this.feedWorker(worker), context, upTo }),
      (first) => this.forward(first, (e) => this.deliver(e, onEvent)),
      () => this.stream(context, upTo, onEvent),
    );
  }

  /** The run's end: hands over the events not streamed yet and returns the whole Trace. */
  async finish(context: MergeContext, onEvent: (e: TraceEvent) => void): Promise<Trace> {
    const local = this.local;
    if (local !== undefined) {
      local.feed(this.takeFeed());
      const started = performance.now();
      const final = local.final(context);
      this.lastMergeMs = performance.now() - started;
      if (!final.replace) {
        await this.hand(final.events, onEvent);
        return { ...final.header, events: this.delivered };
      }
      // What was streamed no longer holds: the Trace is the final merge, the stream goes on from it.
      await this.hand(final.events.slice(this.delivered.length), onEvent);
      return { ...final.header, events: final.events };
    }
    let trace: Trace | undefined;
    await this.viaWorker(
      async (worker) => worker.request({ op: 'final', feed: await this.feedWorker(worker), context }),
      async (first) => {
        const streamed = this.delivered.length;
        const replace = first.replace === true;
        const events = replace ? [] : this.delivered;
        await this.forward(first, (e) => {
          events.push(e);
          if (!replace || events.length > streamed) onEvent(e);
        });
        trace = { ...(first.header as Omit<Trace, 'events'>), events };
      },
      async () => {
        trace = await this.finish(context, onEvent);
      },
    );
    return trace as unknown as Trace;
  }

  /** Ends the worker, if one was started. */
  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  /** Runs a request on the worker; if the worker itself fails (not the merge), on the loop. */
  private async viaWorker(
    ask: (worker: MergeWorker) => Promise<Reply>,
    use: (first: Reply) => Promise<void>,
    onLoop: () => Promise<void>,
  ): Promise<void> {
    let first: Reply;
    try {
      first = await ask(this.worker as MergeWorker);
    } catch (error) {
      if (error instanceof MergeFailed) throw error;
      this.options.log?.(`the merge worker failed (${(error as Error).message}); merging on the event loop`);
      await this.dispose();
      this.noWorker = true;
      this.local = MergeState.resuming([...this.delivered]);
      this.resetFeed();
      return onLoop();
    }
    this.lastMergeMs = first.mergeMs;
    await use(first);
  }

  /** Whether a merge on the loop would cost too much now. */
  private outgrown(local: MergeState): boolean {
    if (this.noWorker) return false;
    const size = local.size;
    const above = this.options.offThreadAbove ?? offThreadAbove;
    return size.events >= above.events || size.pcapBytes >= above.pcapBytes;
  }

  /** A worker takes over: it gets the events streamed so far, then the whole run's inputs. */
  private async moveOffThread(): Promise<boolean> {
    this.local = undefined;
    this.worker = new MergeWorker();
    this.resetFeed();
    let moved = true;
    await this.viaWorker(
      (worker) => worker.request({ op: 'init', handed: this.delivered, batch: this.batch }),
      async () => {},
      async () => void (moved = false),
    );
    return moved;
  }

  /** Passes a reply's batch on, then asks for the next, one batch per turn of the loop. */
  private async forward(first: Reply, each: (e: TraceEvent) => void): Promise<void> {
    let reply = first;
    for (;;) {
      await turn();
      await paced(reply.events, each);
      if (!reply.more) return;
      reply = await (this.worker as MergeWorker).request({ op: 'next' });
    }
  }

  /** Events merged on the loop, handed over a batch per turn (the first one too: a caller may have just had one). */
  private async hand(events: readonly TraceEvent[], onEvent: (e: TraceEvent) => void): Promise<void> {
    for (let at = 0; at < events.length; at += this.batch) {
      await turn();
      await paced(events.slice(at, at + this.batch), (e) => this.deliver(e, onEvent));
    }
  }

  private deliver(e: TraceEvent, onEvent: (e: TraceEvent) => void): void {
    this.delivered.push(e);
    onEvent(e);
  }

  private resetFeed(): void {
    this.fed.api = this.fed.ss = this.fed.records = this.fed.pcap = this.fed.fates = 0;
  }

  /**
   * Feeds the worker what is new, a part per turn of the loop (copying 30,000 events into one
   * message held the loop for half a second); resolves with the last part, for the request.
   */
  private async feedWorker(worker: MergeWorker): Promise<MergeFeed> {
    for (;;) {
      const feed = this.takeFeed(feedPart.items, feedPart.bytes);
      if (!feed.full) return feed;
      await worker.request({ op: 'feed', feed });
      await turn();
    }
  }

  /** What the sources gained since the last feed (at most `items` of each and `bytes` of capture). */
  private takeFeed(items = Number.POSITIVE_INFINITY, bytes = Number.POSITIVE_INFINITY): MergeFeed & { full: boolean } {
    const { sources, fed } = this;
    let full = false;
    const take = <T>(list: readonly T[], from: number): T[] => {
      if (list.length - from > items) full = true;
      return list.slice(from, from + items);
    };
    const records = sources.records();
    const fates = sources.fates();
    const all = sources.pcap() ?? new Uint8Array();
    const start = Math.min(fed.pcap, all.length);
    if (all.length - start > bytes) full = true;
    // A copy of its own: it may be transferred to the worker.
    const pcap = Uint8Array.prototype.slice.call(all, start, start + Math.min(bytes, all.length - start));
    const feed = {
      api: take(sources.api, fed.api),
      ss: take(sources.ss, fed.ss),
      records: take(records, fed.records),
      pcap,
      fates: take(fates, fed.fates),
      full,
    };
    fed.api += feed.api.length;
    fed.ss += feed.ss.length;
    fed.records += feed.records.length;
    fed.pcap = start + pcap.length;
    fed.fates += feed.fates.length;
    return feed;
  }
}
