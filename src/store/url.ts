// What the address bar holds, so a link restores the same run at the same step with the same
// settings. A bad value is reported by name and replaced by the default: never a blank page.
import { isLang, type Lang } from '../i18n';
import { isEventFilter, type EventFilter } from '../trace/query';
import { isValidCondition, type Conditions, type NumericCondition } from './conditions';
import { parseSeed } from './lesson';
import { speeds, type Speed } from './playback';
import type { LessonOrigin, LoadedLesson } from './lesson';
import { parseLessonUrl } from './lesson-link';
import { formatFaults, parseFaults } from './faults';
import type { FaultRule } from '../scenario/schema';
import type { CodeLang, SeqMode, Theme, TimeRange, TimeScaleChoice, UrlProblem } from './settings';

export interface UrlSettings {
  lang: Lang;
  scenarioId?: string;
  /** `lesson=URL`: a lesson file to fetch (it wins over `scenario=`). */
  lessonUrl?: string;
  seed?: number;
  step?: number;
  conditions: Conditions;
  /** `faults=drop.client.server.3_crash.server.12.5`: faults the learner added. */
  faults?: FaultRule[];
  presentation?: boolean;
  seqMode?: SeqMode;
  theme?: Theme;
  animate?: boolean;
  codeLang?: CodeLang;
  speed?: Speed;
  /** The range brushed in the time-sequence graph (`range=t0-t1`, trace microseconds). */
  range?: TimeRange;
  /** `time=proportional|compressed`: the diagram's time scale when not the lesson's own. */
  timeScale?: TimeScaleChoice;
  /** `show=packets|calls|all`: which events the views draw and stepping stops at. */
  eventFilter?: EventFilter;
  /** `quiz=1`: predict, then see (issue 13): stepping stops before the moments that matter and asks. */
  quiz?: boolean;
  /** `embed=1`: the lesson alone, for an iframe (issue 13). */
  embed?: boolean;
  /** Parameters present but unusable, in the order they appear. */
  problems: UrlProblem[];
}

/** The part of the app state a link carries. */
export interface SharedState {
  lang: Lang;
  scenarioId: string | null;
  /** A lesson that is not built in: one fetched by URL is linked as `lesson=`, another carries no `scenario=`. */
  loaded?: LoadedLesson | null;
  /** A lesson URL being fetched, or one that failed while nothing else is shown: kept, so a reload retries it. */
  lessonLoading?: LessonOrigin | null;
  lessonProblem?: { origin: LessonOrigin } | null;
  seed: number;
  cursor: number;
  conditions: Conditions;
  faults?: FaultRule[];
  presentation: boolean;
  seqMode: SeqMode;
  theme: Theme;
  animate: boolean;
  codeLang: CodeLang;
  speed: Speed;
  /** Optional so older callers (the robustness surfaces) need not name it. */
  tsgRange?: TimeRange | null;
  timeScale?: TimeScaleChoice | null;
  eventFilter?: EventFilter;
  quiz?: boolean;
  embed?: boolean;
}

/** URL parameter names of the numeric conditions: short words a teacher can type by hand. */
export const conditionParams: Readonly<Record<NumericCondition, string>> = {
  latencyMs: 'latency',
  jitterMs: 'jitter',
  lossProbability: 'loss',
  duplicateProbability: 'duplicate',
  reorderProbability: 'reorder',
  bandwidthKbps: 'bandwidth',
};

/** Every parameter this module reads and writes; the others in the URL are left alone. */
const ownedParams = [
  'lang',
  'scenario',
  'lesson',
  'time',
  'faults',
  'seed',
  'step',
  ...Object.values(conditionParams),
  'nagle',
  'profile',
  'present',
  'seq',
  'theme',
  'animate',
  'code',
  'speed',
  'range',
  'show',
  'quiz',
  'embed',
] as const;

const flag = (text: string): boolean | undefined => (text === '1' ? true : text === '0' ? false : undefined);

/** Plain decimals, and the exponent form String() writes for small values (0.0000001 is "1e-7"). */
function parseNumber(text: string): number | undefined {
  return /^\d+(\.\d+)?(e[-+]?\d+)?$/i.test(text.trim()) ? Number(text.trim()) : undefined;
}

/** `t0-t1`: two whole numbers of microseconds (at most 12 digits, 11.6 days), t0 not after t1. */
export function parseRange(text: string): TimeRange | undefined {
  const match = /^(\d{1,12})-(\d{1,12})$/.exec(text.trim());
  if (match === null) return undefined;
  const t0 = Number(match[1]);
  const t1 = Number(match[2]);
  return t0 <= t1 ? { t0, t1 } : undefined;
}

/** `?lang=` wins; otherwise the first of the browser's languages that we have; otherwise English. */
export function parseUrlSettings(search: string, browserLanguages: readonly string[] = []): UrlSettings {
  const params = new URLSearchParams(search);
  const problems: UrlProblem[] = [];
  /** Reads a parameter through `parse`; a present value it rejects becomes a problem. */
  const read = <T>(param: string, parse: (text: string) => T | undefined): T | undefined => {
    const text = params.get(param);
    if (text === null) return undefined;
    const value = parse(text);
    if (value === undefined) problems.push({ param, value: text });
    return value;
  };

  const fromUrl = read('lang', (text) => {
    const lower = text.toLowerCase();
    return isLang(lower) ? lower : undefined;
  });
  let lang: Lang = fromUrl ?? 'en';
  if (fromUrl === undefined) {
    for (const tag of browserLanguages) {
      const primary = tag.toLowerCase().split('-')[0];
      if (isLang(primary)) {
        lang = primary;
        break;
      }
    }
  }

  const settings: UrlSettings = { lang, conditions: {}, problems };
  const scenarioId = read('scenario', (text) => (/^[a-z0-9][a-z0-9-]{0,63}$/.test(text) ? text : undefined));
  if (scenarioId !== undefined) settings.scenarioId = scenarioId;
  const lessonUrl = read('lesson', parseLessonUrl);
  if (lessonUrl !== undefined) settings.lessonUrl = lessonUrl;
  const seed = read('seed', parseSeed);
  if (seed !== undefined) settings.seed = seed;
  const step = read('step', (text) => (/^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : undefined));
  if (step !== undefined) settings.step = step;

  for (const [key, param] of Object.entries(conditionParams) as [NumericCondition, string][]) {
    const value = read(param, (text) => {
      const number = parseNumber(text);
      return number !== undefined && isValidCondition(key, number) ? number : undefined;
    });
    if (value !== undefined) settings.conditions[key] = value;
  }
  const nagle = read('nagle', flag);
  if (nagle !== undefined) settings.conditions.nagle = nagle;
  const profile = read('profile', (text) => (text === 'linux' || text === 'rfc' ? text : undefined));
  if (profile !== undefined) settings.conditions.profile = profile;

  const presentation = read('present', flag);
  if (presentation !== undefined) settings.presentation = presentation;
  const seqMode = read('seq', (text): SeqMode | undefined =>
    text === 'abs' ? 'absolute' : text === 'rel' ? 'relative' : undefined,
  );
  if (seqMode !== undefined) settings.seqMode = seqMode;
  const theme = read('theme', (text) => (text === 'light' || text === 'dark' ? text : undefined));
  if (theme !== undefined) settings.theme = theme;
  const animate = read('animate', flag);
  if (animate !== undefined) settings.animate = animate;
  const codeLang = read('code', (text) => (text === 'python' || text === 'go' || text === 'node' ? text : undefined));
  if (codeLang !== undefined) settings.codeLang = codeLang;
  const speed = read('speed', (text) => speeds.find((speed) => String(speed) === text.trim()));
  if (speed !== undefined) settings.speed = speed;
  const timeScale = read('time', (text): TimeScaleChoice | undefined =>
    text === 'proportional' || text === 'compressed' ? text : undefined,
  );
  if (timeScale !== undefined) settings.timeScale = timeScale;
  const eventFilter = read('show', (text) => (isEventFilter(text) ? text : undefined));
  if (eventFilter !== undefined) settings.eventFilter = eventFilter;
  const faults = read('faults', parseFaults);
  if (faults !== undefined) settings.faults = faults;
  const range = read('range', parseRange);
  if (range !== undefined) settings.range = range;
  const quiz = read('quiz', flag);
  if (quiz !== undefined) settings.quiz = quiz;
  const embed = read('embed', flag);
  if (embed !== undefined) settings.embed = embed;
  return settings;
}

/** The query string for the shared state, keeping any parameter we do not own. Defaults are left out. */
export function toSearch(current: string, state: SharedState): string {
  const params = new URLSearchParams(current);
  for (const param of ownedParams) params.delete(param);
  params.set('lang', state.lang);
  const loaded = state.loaded ?? null;
  // A lesson from a file, a `#lesson=` link or the editor has no address of its own (the fragment
  // carries a link's; an edited one is shared through the export menu's link).
  if (state.scenarioId !== null && (loaded === null || loaded.origin.kind === 'url')) {
    if (loaded?.origin.kind === 'url') params.set('lesson', loaded.origin.url);
    else params.set('scenario', state.scenarioId);
    params.set('seed', String(state.seed));
    params.set('step', String(state.cursor));
    for (const [key, param] of Object.entries(conditionParams) as [NumericCondition, string][]) {
      const value = state.conditions[key];
      if (value !== undefined) params.set(param, String(value));
    }
    if (state.conditions.nagle !== undefined) params.set('nagle', state.conditions.nagle ? '1' : '0');
    if (state.conditions.profile !== undefined) params.set('profile', state.conditions.profile);
    if (state.faults !== undefined && state.faults.length > 0) params.set('faults', formatFaults(state.faults));
    if (state.tsgRange !== undefined && state.tsgRange !== null)
      params.set('range', `${state.tsgRange.t0}-${state.tsgRange.t1}`);
  }
  const waiting = state.lessonLoading ?? (state.scenarioId === null ? state.lessonProblem?.origin : undefined);
  if (state.scenarioId === null && waiting?.kind === 'url') params.set('lesson', waiting.url);
  if (state.presentation) params.set('present', '1');
  if (state.seqMode === 'absolute') params.set('seq', 'abs');
  if (state.timeScale !== undefined && state.timeScale !== null) params.set('time', state.timeScale);
  if (state.eventFilter !== undefined && state.eventFilter !== 'all') params.set('show', state.eventFilter);
  if (state.theme === 'dark') params.set('theme', 'dark');
  if (!state.animate) params.set('animate', '0');
  if (state.codeLang !== 'python') params.set('code', state.codeLang);
  if (state.speed !== 1) params.set('speed', String(state.speed));
  if (state.quiz === true) params.set('quiz', '1');
  if (state.embed === true) params.set('embed', '1');
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
