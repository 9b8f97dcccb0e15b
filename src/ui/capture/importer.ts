// The page's side of the import worker, loaded on first use (the importer is not in the initial
// bundle). One worker per file being read; the worker of the capture on screen is kept (it holds
// the decoded packets endpoint names are applied to, and lays out a big trace's diagram) until
// another file replaces it or a scenario is selected again.
import { dispatch, useAppStore, type AppStore, type ImportFailure, type ImportProblem } from '../../store';
import type { Trace } from '../../trace/types';
import { sizeRefusal, type WorkerReply, type WorkerRequest } from './protocol';
import { importFailed, renamed, showImport } from './session';
import { TraceAssembler } from './assemble';
import { receiveLanes, type SentLanes } from '../../diagram';
import { offPageLayoutEvents, setLayoutSource } from '../diagram/layout-source';
import { WorkerLayouts } from './worker-layouts';
import { prepareTrace } from './prepare';

/** The worker reading a file, and the one holding the capture on screen. */
let loading: { worker: Worker; fileName: string } | undefined;
let shown: Worker | undefined;
let subscribed = false;
/** Each worker's trace being received in slices. */
const assemblers = new WeakMap<Worker, TraceAssembler>();

/** Each worker's layouts: a big trace's diagram is laid out in the worker that built it. */
const layouts = new WeakMap<Worker, WorkerLayouts>();

function layoutsOf(worker: Worker): WorkerLayouts {
  let source = layouts.get(worker);
  if (source === undefined) layouts.set(worker, (source = new WorkerLayouts((request) => send(worker, request))));
  return source;
}

/** The trace the worker sent, whose diagram the worker lays out (layout-source.ts), with its lanes. */
function laidOutBy<T extends { trace: Trace; lanes?: SentLanes }>(worker: Worker, reply: T): T {
  setLayoutSource(reply.trace, layoutsOf(worker));
  if (reply.lanes !== undefined) receiveLanes(reply.trace, reply.lanes);
  return reply;
}

function assemblerOf(worker: Worker): TraceAssembler {
  let assembler = assemblers.get(worker);
  if (assembler === undefined) assemblers.set(worker, (assembler = new TraceAssembler()));
  return assembler;
}

/** The reply's trace with the events its slices brought. */
function withEvents<T extends { trace: Trace }>(worker: Worker, reply: T): T {
  reply.trace.events = assemblerOf(worker).take();
  return reply;
}

function send(worker: Worker, request: WorkerRequest): void {
  worker.postMessage(request);
}

function stop(worker: Worker | undefined): void {
  worker?.terminate();
}

/**
 * Lets the kept capture's worker go when the imported trace leaves the screen (a scenario was
 * selected: that one action already closed the capture slice). An effect, not a copy of state.
 */
function onStore(state: AppStore, previous: AppStore): void {
  if (previous.imported === null || state.imported !== null) return;
  stop(shown);
  shown = undefined;
}

function watchStore(): void {
  if (subscribed) return;
  subscribed = true;
  useAppStore.subscribe(onStore);
}

function onReply(worker: Worker, fileName: string, reply: WorkerReply): void {
  if (layoutsOf(worker).receive(reply)) return;
  if (reply.type === 'events') {
    const assembler = assemblerOf(worker);
    assembler.add(reply.events);
    // The last stage's bar: the slices received (the worker built the trace before the first).
    if (loading?.worker === worker) {
      dispatch({ type: 'importProgress', stage: 'build', fraction: assembler.received / reply.total });
    }
    return;
  }
  if (reply.type === 'renamed') {
    if (worker !== shown) return;
    const { trace } = laidOutBy(worker, withEvents(worker, reply));
    whenPrepared(
      trace,
      undefined,
      () => worker === shown,
      () => renamed(trace),
    );
    return;
  }
  if (loading?.worker !== worker) return;
  switch (reply.type) {
    case 'progress':
      dispatch({ type: 'importProgress', stage: reply.stage, fraction: reply.fraction });
      return;
    case 'failed':
      loading = undefined;
      stop(worker);
      importFailed(fileName, reply.failure);
      return;
    case 'trace': {
      const { trace } = laidOutBy(worker, withEvents(worker, reply));
      whenPrepared(trace, worker, stillLoading(worker), () => {
        loading = undefined;
        stop(shown);
        // A big trace's worker is kept: it lays out the diagram (it holds no packets to rename).
        if (trace.events.length >= offPageLayoutEvents) shown = worker;
        else {
          stop(worker);
          shown = undefined;
        }
        showImport(trace, { fileName, kind: 'trace', inferred: false }, null, false);
      });
      return;
    }
    case 'capture': {
      const problem: ImportProblem | null =
        reply.error === undefined
          ? null
          : { fileName, failure: { kind: 'capture', ...reply.error }, shown: reply.packets };
      const { trace } = laidOutBy(worker, withEvents(worker, reply));
      whenPrepared(trace, worker, stillLoading(worker), () => {
        loading = undefined;
        if (shown !== worker) stop(shown);
        shown = worker;
        showImport(trace, { fileName, kind: 'capture', inferred: true }, problem, true);
      });
      return;
    }
  }
}

const stillLoading = (worker: Worker) => () => loading?.worker === worker;

/**
 * Shows a trace once its first queries are worked out (prepare.ts), for a big one; at once for
 * the others. `progress`: the worker whose import's bar shows it.
 */
function whenPrepared(trace: Trace, progress: Worker | undefined, wanted: () => boolean, show: () => void): void {
  if (trace.events.length < offPageLayoutEvents) {
    show();
    return;
  }
  const report = (fraction: number) => {
    if (progress !== undefined && loading?.worker === progress)
      dispatch({ type: 'importProgress', stage: 'prepare', fraction });
  };
  void prepareTrace(trace, report, wanted).then((ready) => {
    if (ready && wanted()) show();
  });
}

/** Reads a capture or Trace JSON in a new worker; a file still being read is abandoned. */
export function openFile(file: File): void {
  watchStore();
  const refusal: ImportFailure | undefined = sizeRefusal(file);
  if (refusal !== undefined) {
    cancel();
    importFailed(file.name, refusal);
    return;
  }
  cancel();
  let worker: Worker;
  try {
    worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
  } catch (error) {
    importFailed(file.name, { kind: 'unreadable', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  const fileName = file.name;
  loading = { worker, fileName };
  worker.addEventListener('message', (event: MessageEvent<WorkerReply>) => onReply(worker, fileName, event.data));
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    const message = event.message === '' ? 'the import stopped unexpectedly' : event.message;
    if (loading?.worker === worker) {
      loading = undefined;
      stop(worker);
      importFailed(fileName, { kind: 'unreadable', message });
    } else if (shown === worker) {
      stop(worker);
      shown = undefined;
      layoutsOf(worker).fail(message);
      dispatch({ type: 'renameFailed' });
    }
  });
  dispatch({ type: 'importStarted', fileName });
  send(worker, { type: 'open', file });
}

/** Abandons the file being read; what is on screen stays. */
export function cancel(): void {
  if (loading === undefined) return;
  stop(loading.worker);
  loading = undefined;
  dispatch({ type: 'importCancelled' });
}

/** Applies endpoint names to the capture on screen (built again in its worker). */
export function rename(names: Record<string, string>): void {
  if (shown === undefined || !useAppStore.getState().renamable) return;
  dispatch({ type: 'renameStarted', names });
  send(shown, { type: 'rename', names });
}
