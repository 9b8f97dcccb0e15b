// Connects the store to the page: reads the URL once at start, then mirrors the shared state into
// the URL and the <html> element (lang, data-theme, data-presentation) so links, CSS and screen
// readers follow along.
import { findScenario } from '../scenario/library';
import type { UrlProblem } from './settings';
import type { Action } from './state';
import { dispatch, selectScenario, useAppStore, type AppStore } from './store';
import { openLessonFragment, openLessonUrl } from './lesson-open';
import { lessonFragmentPayload, withoutLessonFragment } from './lesson-link';
import { connectQuizStorage } from './quiz-storage';
import { unknownFaultHosts } from './faults';
import { parseUrlSettings, toSearch } from './url';

/** Where the learner's own choice of language is kept: it wins over the browser's, `?lang=` over both. */
const languageKey = 'wirestep.lang';

function storedLanguage(win: Window): string[] {
  try {
    const stored = win.localStorage.getItem(languageKey);
    return stored === null ? [] : [stored];
  } catch {
    return []; // storage refused (private mode, sandboxed frame): the browser's language then
  }
}

function storeLanguage(win: Window, lang: string): void {
  try {
    win.localStorage.setItem(languageKey, lang);
  } catch {
    // Not kept; the language still applies to this visit.
  }
}

export function connectStoreToPage(win: Window): () => void {
  const browserLanguages = win.navigator.languages ?? [win.navigator.language];
  const settings = parseUrlSettings(win.location.search, [...storedLanguage(win), ...browserLanguages]);
  const problems: UrlProblem[] = [...settings.problems];
  const actions: Action[] = [{ type: 'setLanguage', lang: settings.lang }];
  if (settings.presentation !== undefined)
    actions.push({ type: 'setPresentation', presentation: settings.presentation });
  if (settings.seqMode !== undefined) actions.push({ type: 'setSeqMode', seqMode: settings.seqMode });
  if (settings.timeScale !== undefined) actions.push({ type: 'setTimeScale', timeScale: settings.timeScale });
  if (settings.eventFilter !== undefined) actions.push({ type: 'setEventFilter', filter: settings.eventFilter });
  if (settings.theme !== undefined) actions.push({ type: 'setTheme', theme: settings.theme });
  if (settings.animate !== undefined) actions.push({ type: 'setAnimate', animate: settings.animate });
  if (settings.codeLang !== undefined) actions.push({ type: 'setCodeLang', codeLang: settings.codeLang });
  if (settings.speed !== undefined) actions.push({ type: 'setSpeed', speed: settings.speed });
  if (settings.range !== undefined) actions.push({ type: 'setTsgRange', range: settings.range });
  if (settings.quiz !== undefined) actions.push({ type: 'setQuiz', quiz: settings.quiz });
  if (settings.embed !== undefined) actions.push({ type: 'setEmbed', embed: settings.embed });
  for (const action of actions) dispatch(action);
  const stopQuizStorage = connectQuizStorage(win);
  const fragment = lessonFragmentPayload(win.location.hash);
  const selection = {
    seed: settings.seed,
    cursor: settings.step,
    conditions: settings.conditions,
    faults: settings.faults,
  };
  // A lesson file (`lesson=`) or one carried whole in the link (`#lesson=`) wins over `scenario=`.
  if (settings.lessonUrl !== undefined) void openLessonUrl(settings.lessonUrl, win.location.href, selection);
  else if (fragment !== undefined) void openLessonFragment(fragment, selection);
  else if (settings.scenarioId !== undefined) {
    if (findScenario(settings.scenarioId) === undefined)
      problems.unshift({ param: 'scenario', value: settings.scenarioId });
    else {
      const scenario = findScenario(settings.scenarioId);
      // Faults naming a host this lesson does not have (a link meant for another lesson) are named and left out.
      if (scenario !== undefined && unknownFaultHosts(scenario, settings.faults ?? []).length > 0) {
        problems.push({ param: 'faults', value: new URLSearchParams(win.location.search).get('faults') ?? '' });
        selection.faults = undefined;
      }
      selectScenario(settings.scenarioId, selection);
    }
  }
  if (problems.length > 0) dispatch({ type: 'setUrlProblems', problems });

  const root = win.document.documentElement;
  let lang = useAppStore.getState().lang;
  const mirror = (state: AppStore): void => {
    // After start, a change of language is the learner's own choice.
    if (state.lang !== lang) storeLanguage(win, (lang = state.lang));
    // Written only when changed: setting an attribute of <html>, even to the value it has, makes
    // the browser recompute the style of the whole page (every element of the diagram) at each step.
    const presentation = state.presentation ? 'true' : 'false';
    if (root.lang !== state.lang) root.lang = state.lang;
    if (root.dataset.theme !== state.theme) root.dataset.theme = state.theme;
    if (root.dataset.presentation !== presentation) root.dataset.presentation = presentation;
    if (root.style.colorScheme !== state.theme) root.style.colorScheme = state.theme;
    // The link's step is the simulation's, even while the real run (bridge) is on screen.
    const shared = state.source === 'real' ? { ...state, cursor: state.parked.cursor } : state;
    pending = shared;
    // The address follows the state at most every 200 ms: rewriting it at every step of a
    // fast playback costs more than the step itself.
    if (timer === undefined) timer = win.setTimeout(writeUrl, 200);
  };
  let pending: AppStore | undefined;
  let timer: number | undefined;
  const writeUrl = (): void => {
    timer = undefined;
    if (pending === undefined) return;
    const search = toSearch(win.location.search, pending);
    // The `#lesson=` fragment belongs to the lesson it carries (or to the one being read from it);
    // an edited lesson is no longer the one the fragment carries, so it goes.
    const fromLink = pending.loaded?.origin.kind === 'link' || pending.lessonLoading?.kind === 'link';
    const hash = fromLink ? win.location.hash : withoutLessonFragment(win.location.hash);
    pending = undefined;
    if (search !== win.location.search || hash !== win.location.hash) {
      win.history.replaceState(win.history.state, '', `${win.location.pathname}${search}${hash}`);
    }
  };
  mirror(useAppStore.getState());
  writeUrl();
  win.addEventListener('pagehide', writeUrl);
  const stopMirror = useAppStore.subscribe(mirror);
  return () => {
    stopMirror();
    stopQuizStorage();
  };
}
