// The entry of the merge worker thread (bridge/runner/live-merge.ts): a worker does not inherit
// the TypeScript loader the bridge runs under (tsx, or Vitest's), so it registers tsx's own
// before it loads the TypeScript worker module.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
