// What an import does to the two stores: the capture store keeps the whole imported trace, the
// app store shows it, or the connection picked. Small and synchronous, so it is unit-tested
// without a worker; the worker client (importer.ts) calls it with the worker's replies.
import {
  captureDispatch,
  dispatch,
  useCaptureStore,
  type ImportedFrom,
  type ImportFailure,
  type ImportProblem,
} from '../../store';
import type { Trace } from '../../trace/types';
import { connectionsOf, traceForConnection } from './select';

/** Shows a freshly imported trace; a capture with several connections opens on its first one. */
export function showImport(trace: Trace, from: ImportedFrom, problem: ImportProblem | null, renamable: boolean): void {
  const connections = connectionsOf(trace);
  const connectionId = connections.length > 1 ? (connections[0]?.id ?? null) : null;
  captureDispatch({ type: 'imported', trace, from, problem, renamable, connectionId });
  dispatch({ type: 'showImported', trace: traceForConnection(trace, connectionId), from });
}

/** Reports a failed import; the trace on screen (if any) is left as it is. */
export function importFailed(fileName: string, failure: ImportFailure): void {
  captureDispatch({ type: 'importFailed', problem: { fileName, failure, shown: 0 } });
}

/** Shows one connection of the imported trace (null: all of it), from its first step. */
export function pickConnection(connectionId: number | null): void {
  captureDispatch({ type: 'pickConnection', connectionId });
  const { full, from } = useCaptureStore.getState();
  if (full === null || from === null) return;
  dispatch({ type: 'showImported', trace: traceForConnection(full, connectionId), from });
}

/** The capture built again with endpoint names: same packets, so the learner stays on the same step. */
export function renamed(trace: Trace): void {
  captureDispatch({ type: 'renamed', trace });
  const { full, from, connectionId } = useCaptureStore.getState();
  if (full === null || from === null) return;
  dispatch({ type: 'showImported', trace: traceForConnection(full, connectionId), from, keepCursor: true });
}

/** Names given in the form: trimmed, empty ones left out (the address is shown instead). */
export function cleanNames(draft: Readonly<Record<string, string>>): Record<string, string> {
  const names: Record<string, string> = {};
  for (const [endpoint, name] of Object.entries(draft)) {
    const trimmed = name.trim();
    if (trimmed !== '') names[endpoint] = trimmed;
  }
  return names;
}
