// What an import does to the store, each in one action: the capture slice keeps the whole
// imported trace and the lesson slice shows it, or the connection picked. Small and synchronous,
// so it is unit-tested without a worker; the worker client (importer.ts) calls it with the
// worker's replies.
import { dispatch, useAppStore, type ImportedFrom, type ImportFailure, type ImportProblem } from '../../store';
import type { Trace } from '../../trace/types';
import { connectionsOf, traceForConnection } from './select';

/** Shows a freshly imported trace; a capture with several connections opens on its first one. */
export function showImport(trace: Trace, from: ImportedFrom, problem: ImportProblem | null, renamable: boolean): void {
  const connections = connectionsOf(trace);
  const connectionId = connections.length > 1 ? (connections[0]?.id ?? null) : null;
  dispatch({
    type: 'imported',
    full: trace,
    trace: traceForConnection(trace, connectionId),
    from,
    problem,
    renamable,
    connectionId,
  });
}

/** Reports a failed import; the trace on screen (if any) is left as it is. */
export function importFailed(fileName: string, failure: ImportFailure): void {
  dispatch({ type: 'importFailed', problem: { fileName, failure, shown: 0 } });
}

/** Shows one connection of the imported trace (null: all of it), from its first step. */
export function pickConnection(connectionId: number | null): void {
  const { full } = useAppStore.getState();
  if (full === null) return;
  dispatch({ type: 'pickConnection', connectionId, trace: traceForConnection(full, connectionId) });
}

/** The capture built again with endpoint names: same packets, so the learner stays on the same step. */
export function renamed(trace: Trace): void {
  const { connectionId } = useAppStore.getState();
  dispatch({ type: 'renamed', full: trace, trace: traceForConnection(trace, connectionId) });
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
