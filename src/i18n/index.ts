// The message catalogues and the framework-free translate function; React reads it through useT().
import { en, type MessageKey } from './en';
import { fr } from './fr';

export type { MessageKey } from './en';

export const languages = ['en', 'fr'] as const;
export type Lang = (typeof languages)[number];

export type Params = Readonly<Record<string, string | number>>;

const catalogues: Record<Lang, Record<MessageKey, string>> = { en, fr };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** Replaces each `{name}` with params.name; unknown names are left as they are, so a typo shows. */
export function interpolate(template: string, params: Params = {}): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  return interpolate(catalogues[lang][key], params);
}

function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** A scenario concept id (e.g. `time-wait`) as words; an id without a translation shows as is. */
export function conceptLabel(lang: Lang, concept: string): string {
  const key = `concept.${concept}`;
  return isMessageKey(key) ? translate(lang, key) : concept;
}

/** Keys that come in a `.one` / `.other` pair, named without the suffix. */
export type CountedKey = MessageKey extends infer K ? (K extends `${infer Base}.one` ? Base : never) : never;

/** French uses the singular for 0 and 1, English for 1 only. */
function isSingular(lang: Lang, count: number): boolean {
  return lang === 'fr' ? Math.abs(count) < 2 : count === 1;
}

/** The `.one` or `.other` form of a message for `count`, which is also passed as `{count}`. */
export function translateCount(lang: Lang, key: CountedKey, count: number, params: Params = {}): string {
  return translate(lang, `${key}.${isSingular(lang, count) ? 'one' : 'other'}`, { ...params, count });
}

export interface Translate {
  (key: MessageKey, params?: Params): string;
  /** The singular or plural form for `count`; see translateCount. */
  count: (key: CountedKey, count: number, params?: Params) => string;
  lang: Lang;
}

export function translator(lang: Lang): Translate {
  const t = (key: MessageKey, params?: Params) => translate(lang, key, params);
  return Object.assign(t, {
    count: (key: CountedKey, count: number, params?: Params) => translateCount(lang, key, count, params),
    lang,
  });
}
