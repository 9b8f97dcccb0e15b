// Opening a lesson that is not built in: the store says it is loading, then shows the lesson or
// the reason it could not (what was on screen stays). A lesson chosen meanwhile wins: the answer
// of an older request is dropped.
import { scenarioLimits } from '../scenario/limits';
import type { Scenario } from '../scenario/schema';
import type { LessonOrigin } from './lesson';
import type { LessonRead } from './lesson-source';
import { dispatch, openLoadedLesson, useAppStore, type SelectOptions } from './store';

/** Validation brings the schema library: loaded with the first lesson that needs it. */
const source = () => import('./lesson-source');

async function open(origin: LessonOrigin, read: () => Promise<LessonRead>, options: SelectOptions): Promise<void> {
  dispatch({ type: 'lessonLoading', origin });
  const result = await read();
  // Another lesson, scenario or file was chosen while this one was read.
  if (useAppStore.getState().lessonLoading !== origin) return;
  if (result.ok) openLoadedLesson({ scenario: result.scenario, origin }, options);
  else dispatch({ type: 'lessonFailed', problem: { origin, failure: result.failure } });
}

/** `?lesson=URL`, resolved against the page's address. */
export function openLessonUrl(url: string, pageUrl: string, options: SelectOptions = {}): Promise<void> {
  return open({ kind: 'url', url }, async () => (await source()).fetchLesson(url, pageUrl), options);
}

/** A link's `#lesson=` payload. */
export function openLessonFragment(payload: string, options: SelectOptions = {}): Promise<void> {
  return open({ kind: 'link' }, async () => (await source()).decodeLessonFragment(payload), options);
}

/** A scenario file picked or dropped. */
export function openLessonFile(file: Blob & { name: string }): Promise<void> {
  return open(
    { kind: 'file', fileName: file.name },
    async () => {
      if (file.size > scenarioLimits.maxTextBytes) {
        return { ok: false, failure: { kind: 'too-big', limit: scenarioLimits.maxTextBytes } };
      }
      try {
        const text = await file.text();
        return (await source()).lessonFromText(text);
      } catch (error) {
        return {
          ok: false,
          failure: { kind: 'fetch', message: error instanceof Error ? error.message : String(error) },
        };
      }
    },
    {},
  );
}

/** A link that carries the whole lesson in its fragment, on this page's address with the lesson's step. */
export async function lessonLink(
  scenario: Scenario,
  page: { origin: string; pathname: string },
  search: string,
): Promise<string> {
  const params = new URLSearchParams(search);
  for (const param of ['scenario', 'lesson', 'token']) params.delete(param);
  const query = params.toString();
  return `${page.origin}${page.pathname}${query === '' ? '' : `?${query}`}#${await (await source()).encodeLessonFragment(scenario)}`;
}
