// What the address bar holds: language, scenario and seed, so a link restores the same run.
import { isLang, type Lang } from '../i18n';
import { parseSeed } from './state';

export interface UrlSettings {
  lang: Lang;
  scenarioId?: string;
  seed?: number;
}

/** `?lang=` wins; otherwise the first of the browser's languages that we have; otherwise English. */
export function parseUrlSettings(search: string, browserLanguages: readonly string[] = []): UrlSettings {
  const params = new URLSearchParams(search);
  const fromUrl = params.get('lang')?.toLowerCase();
  let lang: Lang = 'en';
  if (isLang(fromUrl)) lang = fromUrl;
  else {
    for (const tag of browserLanguages) {
      const primary = tag.toLowerCase().split('-')[0];
      if (isLang(primary)) {
        lang = primary;
        break;
      }
    }
  }
  const settings: UrlSettings = { lang };
  const scenarioId = params.get('scenario');
  if (scenarioId !== null && /^[a-z0-9][a-z0-9-]{0,63}$/.test(scenarioId)) settings.scenarioId = scenarioId;
  const seed = parseSeed(params.get('seed'));
  if (seed !== undefined) settings.seed = seed;
  return settings;
}

/** The query string for the given settings, keeping any parameter we do not own. */
export function toSearch(current: string, settings: UrlSettings): string {
  const params = new URLSearchParams(current);
  params.set('lang', settings.lang);
  if (settings.scenarioId === undefined) {
    params.delete('scenario');
    params.delete('seed');
  } else {
    params.set('scenario', settings.scenarioId);
    if (settings.seed === undefined) params.delete('seed');
    else params.set('seed', String(settings.seed));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
