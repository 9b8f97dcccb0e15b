// The event list's rows for a trace and language, computed once and looked up by event index.
import type { Lang } from '../../i18n';
import type { Trace } from '../../trace/types';
import { describeTrace, type EventRow } from './events';

const cache = new WeakMap<Trace, Partial<Record<Lang, Map<number, EventRow>>>>();

export function rowsByEvent(trace: Trace, lang: Lang): Map<number, EventRow> {
  let byLang = cache.get(trace);
  if (byLang === undefined) cache.set(trace, (byLang = {}));
  let rows = byLang[lang];
  if (rows === undefined) {
    rows = new Map(describeTrace(trace, lang).map((row) => [row.index, row]));
    byLang[lang] = rows;
  }
  return rows;
}
