// The page's side of the import worker, loaded on first use (the importer is not in the initial
// bundle). One worker per file being read; the worker of the capture on screen is kept (it holds
// the decoded packets endpoint names are applied to) until another file replaces it or a
// scenario is selected again.
import { dispatch, useAppStore, type AppStore, type ImportFailure, type ImportProblem } from '../../store';
import type { Trace } from '../../trace/types';
import { sizeRefusal, type WorkerReply, type WorkerRequest } from './protocol';
import { importFailed, renamed, showImport } from './session';
import { TraceAssembler } from './assemble';

/** The worker reading a file, and the one holding the capture on screen. */
let loading: { worker: Worker; fileName: string } | undefined;
let shown: Worker | undefined;
let subscribed = false;
/** Each worker's trace being received in slices. */
const assemblers = new WeakMap<Worker, TraceAssembler>();

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
    if (worker === shown) renamed(withEvents(worker, reply).trace);
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
    case 'trace':
      loading = undefined;
      stop(worker);
      stop(shown);
      shown = undefined;
      showImport(withEvents(worker, reply).trace, { fileName, kind: 'trace', inferred: false }, null, false);
      return;
    case 'capture': {
      loading = undefined;
      if (shown !== worker) stop(shown);
      shown = worker;
      const problem: ImportProblem | null =
        reply.error === undefined
          ? null
          : { fileName, failure: { kind: 'capture', ...reply.error }, shown: reply.packets };
      showImport(withEvents(worker, reply).trace, { fileName, kind: 'capture', inferred: true }, problem, true);
      return;
    }
  }
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
