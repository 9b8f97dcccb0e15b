// Quiz text in both languages (messages.ts), so a generated question carries LocalizedText like
// a written one and the UI only picks the language.
import type { LocalizedText } from '../trace/types';
import { messages, type QuizMessage } from './messages';

/** A parameter that differs by language (a phrase), or the same in both (a number, a name). */
export type Param = string | number | LocalizedText;
export type Params = Readonly<Record<string, Param>>;

type Lang = keyof LocalizedText;

/** Replaces each `{name}` with its parameter; an unknown name is left as it is, so a typo shows. */
function fill(template: string, params: Params, lang: Lang): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
    const value = Object.hasOwn(params, name) ? params[name] : undefined;
    if (value === undefined) return whole;
    return String(typeof value === 'object' ? value[lang] : value);
  });
}

export function both(key: QuizMessage, params: Params = {}): LocalizedText {
  const template: LocalizedText = messages[key];
  return { en: fill(template.en, params, 'en'), fr: fill(template.fr, params, 'fr') };
}

/** Keys that come in a `.one` / `.other` pair, named without the suffix. */
type Counted = QuizMessage extends infer K ? (K extends `${infer Base}.one` ? Base : never) : never;

/** The singular or plural form for `count` (French: singular for 0 and 1), `{count}` filled in. */
export function bothCount(key: Counted, count: number): LocalizedText {
  const en = both(`${key}.${count === 1 ? 'one' : 'other'}`, { count }).en;
  const fr = both(`${key}.${Math.abs(count) < 2 ? 'one' : 'other'}`, { count }).fr;
  return { en, fr };
}

/** The same text in both languages (a state name, a flag list). */
export const same = (text: string): LocalizedText => ({ en: text, fr: text });
