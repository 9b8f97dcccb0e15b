// The settings slice: the learner's view preferences (most are kept in the URL) and the address-bar
// parameters that could not be used. Nothing here depends on the trace.
import type { Lang } from '../i18n';

export type SeqMode = 'relative' | 'absolute';
export type Theme = 'light' | 'dark';
export type CodeLang = 'python' | 'go' | 'node';
export type ViewTab = 'diagram' | 'events' | 'tsg';
/** A time range in trace microseconds, t0 <= t1: what was brushed in the time-sequence graph. */
export interface TimeRange {
  t0: number;
  t1: number;
}
export type PanelTab = 'tcb' | 'code' | 'bytes' | 'settings' | 'edit';
/** The diagram's time scale; null follows the lesson (its `display.timeScale`, else compressed). */
export type TimeScaleChoice = 'compressed' | 'proportional';

/** An address-bar parameter we could not use, kept to tell the learner what was ignored. */
export interface UrlProblem {
  param: string;
  value: string;
}

export interface SettingsState {
  lang: Lang;
  seqMode: SeqMode;
  theme: Theme;
  animate: boolean;
  presentation: boolean;
  /** `?embed=1`: one lesson's diagram and stepping only, to sit in an iframe of a course page (issue 13). */
  embed: boolean;
  codeLang: CodeLang;
  viewTab: ViewTab;
  panelTab: PanelTab;
  tsgRange: TimeRange | null;
  timeScale: TimeScaleChoice | null;
  urlProblems: UrlProblem[];
}

export type SettingsAction =
  | { type: 'setLanguage'; lang: Lang }
  | { type: 'setSeqMode'; seqMode: SeqMode }
  | { type: 'setTheme'; theme: Theme }
  | { type: 'setAnimate'; animate: boolean }
  | { type: 'setPresentation'; presentation: boolean }
  | { type: 'setEmbed'; embed: boolean }
  | { type: 'setCodeLang'; codeLang: CodeLang }
  | { type: 'setViewTab'; tab: ViewTab }
  | { type: 'setPanelTab'; tab: PanelTab }
  | { type: 'setTsgRange'; range: TimeRange | null }
  | { type: 'setTimeScale'; timeScale: TimeScaleChoice | null }
  | { type: 'setUrlProblems'; problems: UrlProblem[] }
  | { type: 'dismissUrlProblems' };

export function initialSettings(lang: Lang): SettingsState {
  return {
    lang,
    seqMode: 'relative',
    theme: 'light',
    animate: true,
    presentation: false,
    embed: false,
    codeLang: 'python',
    viewTab: 'diagram',
    panelTab: 'tcb',
    tsgRange: null,
    timeScale: null,
    urlProblems: [],
  };
}

export function reduceSettings<S extends SettingsState>(state: S, action: SettingsAction): S {
  switch (action.type) {
    case 'setLanguage':
      return { ...state, lang: action.lang };
    case 'setSeqMode':
      return { ...state, seqMode: action.seqMode };
    case 'setTheme':
      return { ...state, theme: action.theme };
    case 'setAnimate':
      return { ...state, animate: action.animate };
    case 'setPresentation':
      return { ...state, presentation: action.presentation };
    case 'setEmbed':
      return { ...state, embed: action.embed };
    case 'setCodeLang':
      return { ...state, codeLang: action.codeLang };
    case 'setViewTab':
      return { ...state, viewTab: action.tab };
    case 'setPanelTab':
      return { ...state, panelTab: action.tab };
    case 'setTimeScale':
      return { ...state, timeScale: action.timeScale };
    case 'setTsgRange':
      return { ...state, tsgRange: action.range };
    case 'setUrlProblems':
      return { ...state, urlProblems: action.problems };
    case 'dismissUrlProblems':
      return { ...state, urlProblems: [] };
  }
}
