// Loads the worker client on first use, so the importer costs the first page nothing.
import type { ImportFailure } from '../../store';
import { importFailed } from './session';

type Importer = typeof import('./importer');
let loaded: Promise<Importer> | undefined;

export function loadImporter(): Promise<Importer> {
  loaded ??= import('./importer');
  return loaded;
}

const failure = (error: unknown): ImportFailure => ({
  kind: 'unreadable',
  message: error instanceof Error ? error.message : String(error),
});

/** Opens a picked or dropped file; a failure to load the importer is reported like any other. */
export function openLazily(file: File): void {
  loadImporter().then(
    (importer) => importer.openFile(file),
    (error: unknown) => {
      loaded = undefined;
      importFailed(file.name, failure(error));
    },
  );
}
