import type { Problem } from '../../encoding/json-path';
import type { Lang } from '../../i18n';

/** A validation problem's message in the page's language (a validator may word it in English only). */
export function problemMessage(problem: Problem, lang: Lang): string {
  return lang === 'fr' && problem.fr !== undefined ? problem.fr : problem.message;
}
