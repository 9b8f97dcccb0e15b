// The merge of a large real run, in a worker thread (bridge/runner/live-merge.ts): the bridge's
// event loop only feeds it the run's new inputs and forwards the events it hands back, a batch
// per request, so that pages and other connections are served while the run's capture is
// parsed and its events merged (issue 15, finding 7).
import { parentPort } from 'node:worker_threads';
import type { TraceEvent } from '../../src/trace/types';
import { MergeState, type FinalMerge } from './merge-state';
import type { WorkerReply, WorkerRequest } from './live-merge';

let state = new MergeState();
let pending: TraceEvent[] = [];
let at = 0;
let batch = 500;

function nextBatch(): { events: TraceEvent[]; more: boolean } {
  const events = pending.slice(at, at + batch);
  at += events.length;
  const more = at < pending.length;
  if (!more) pending = [];
  return { events, more };
}

function handle(request: WorkerRequest): WorkerReply {
  const started = performance.now();
  switch (request.op) {
    case 'init':
      state = MergeState.resuming(request.handed);
      batch = request.batch;
      return { id: request.id, ok: true, events: [], more: false, mergeMs: 0 };
    case 'feed':
      state.feed(request.feed);
      return { id: request.id, ok: true, events: [], more: false, mergeMs: performance.now() - started };
    case 'live':
      state.feed(request.feed);
      pending = state.live(request.context, request.upTo);
      at = 0;
      return { id: request.id, ok: true, ...nextBatch(), mergeMs: performance.now() - started };
    case 'final': {
      state.feed(request.feed);
      const final: FinalMerge = state.final(request.context);
      pending = final.events;
      at = 0;
      const { header, replace } = final;
      return { id: request.id, ok: true, ...nextBatch(), mergeMs: performance.now() - started, header, replace };
    }
    case 'next':
      return { id: request.id, ok: true, ...nextBatch(), mergeMs: 0 };
  }
}

const port = parentPort;
port?.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = handle(request);
  } catch (error) {
    reply = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
