// Connects the store to the page: reads the URL once at start, then mirrors the language,
// scenario and seed into the URL and <html lang> so links and screen readers follow along.
import { selectScenario, setLanguage, useAppStore } from './store';
import { parseUrlSettings, toSearch } from './url';

export function connectStoreToPage(win: Window): () => void {
  const settings = parseUrlSettings(win.location.search, win.navigator.languages ?? [win.navigator.language]);
  setLanguage(settings.lang);
  if (settings.scenarioId !== undefined) selectScenario(settings.scenarioId, settings.seed);

  const mirror = (): void => {
    const { lang, scenarioId, seed } = useAppStore.getState();
    win.document.documentElement.lang = lang;
    const search = toSearch(win.location.search, scenarioId === null ? { lang } : { lang, scenarioId, seed });
    if (search !== win.location.search) {
      win.history.replaceState(win.history.state, '', `${win.location.pathname}${search}${win.location.hash}`);
    }
  };
  mirror();
  return useAppStore.subscribe(mirror);
}
