// Loads the worker client on first use, so the importer costs the first page nothing.
import type { ImportFailure } from '../../store';
import { importFailed } from './session';
import { openLessonFile } from '../../store';

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

/** Bytes read to tell a lesson from a Trace: a scenario names its format at its top level. */
const sniffBytes = 64 << 10;
const scenarioFormat = /"format"\s*:\s*"wirestep-scenario"/;

/** A JSON file whose beginning says it is a Wirestep scenario (a lesson), not a Trace. */
async function isLessonFile(file: File): Promise<boolean> {
  try {
    const head = await file.slice(0, sniffBytes).text();
    return /^\ufeff?\s*\{/.test(head) && scenarioFormat.test(head);
  } catch {
    return false;
  }
}

/**
 * Opens a picked or dropped file: a lesson opens as a lesson (validated, simulated), anything
 * else goes to the importer; a failure to load the importer is reported like any other.
 */
export function openLazily(file: File): void {
  void isLessonFile(file).then((lesson) => (lesson ? void openLessonFile(file) : openCapture(file)));
}

function openCapture(file: File): void {
  loadImporter().then(
    (importer) => importer.openFile(file),
    (error: unknown) => {
      loaded = undefined;
      importFailed(file.name, failure(error));
    },
  );
}
