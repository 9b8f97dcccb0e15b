import { useMemo } from 'react';
import { selectLang, useAppStore } from '../store';
import { translator, type Translate } from '../i18n';

/** The translate function for the language chosen in the store; re-renders when it changes. */
export function useT(): Translate {
  const lang = useAppStore(selectLang);
  return useMemo(() => translator(lang), [lang]);
}
