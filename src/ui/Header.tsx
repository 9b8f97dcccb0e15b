// The header: the app's name, the lesson, and the page-wide buttons, in one short row. In
// presentation mode it also carries the step controls, so the diagram gets the rest of the screen.
import { useRef } from 'react';
import { languages } from '../i18n';
import { useT } from './useT';
import {
  dispatch,
  selectImported,
  selectLang,
  selectPresentation,
  selectHasTrace,
  selectCurrentScenario,
  selectLoadedLesson,
  selectTheme,
  setLanguage,
  useAppStore,
} from '../store';
import { BridgeStatus } from './bridge/BridgeStatus';
import { ImportedTitle } from './capture/ImportedTitle';
import { OpenCapture } from './capture/OpenCapture';
import { FullscreenButton } from './controls/FullscreenButton';
import { HelpButton } from './controls/HelpPopover';
import { Icon } from './controls/Icon';
import { StepControls } from './controls/StepControls';
import { useScreenPrefs } from './controls/screenPrefs';
import { ScenarioPicker } from './ScenarioPicker';

function ScenarioButton() {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button
        type="button"
        className="header-button with-text"
        data-testid="scenarios-open"
        onClick={() => dialog.current?.showModal()}
      >
        <Icon name="list" />
        <span>{t('panels.scenarios')}</span>
      </button>
      <dialog ref={dialog} className="picker-dialog" aria-label={t('panels.chooseScenario')}>
        <form method="dialog" className="dialog-close">
          <button type="submit" className="button" data-testid="scenarios-close">
            {t('panels.closePicker')}
          </button>
        </form>
        <ScenarioPicker headingLevel={2} onPicked={() => dialog.current?.close()} />
      </dialog>
    </>
  );
}

export function Header() {
  const t = useT();
  const lang = useAppStore(selectLang);
  const theme = useAppStore(selectTheme);
  const presentation = useAppStore(selectPresentation);
  const scenario = useAppStore(selectCurrentScenario);
  const loaded = useAppStore(selectLoadedLesson);
  const imported = useAppStore(selectImported);
  const hasTrace = useAppStore(selectHasTrace);
  const legend = useScreenPrefs((prefs) => prefs.legend);
  const toggleLegend = useScreenPrefs((prefs) => prefs.toggleLegend);
  return (
    <header className="header">
      <div className="brand">
        <h1>{t('app.name')}</h1>
        {imported !== null ? (
          <ImportedTitle from={imported} />
        ) : scenario === undefined ? (
          <p className="tagline">{t('app.tagline')}</p>
        ) : (
          <p className="current-scenario" data-testid="scenario-title">
            {scenario.title[lang]}
            {loaded !== null && (
              <span className="lesson-origin-tag" data-testid="lesson-origin" data-origin={loaded.origin.kind}>
                {' · '}
                {loaded.origin.kind === 'url'
                  ? t('lesson.origin.url', { url: loaded.origin.url })
                  : loaded.origin.kind === 'file'
                    ? t('lesson.origin.file', { name: loaded.origin.fileName })
                    : loaded.origin.kind === 'edited'
                      ? t('lesson.origin.edited', { from: loaded.origin.from })
                      : t('lesson.origin.link')}
              </span>
            )}
          </p>
        )}
      </div>
      {presentation && hasTrace && <StepControls />}
      <div className="header-actions">
        {!presentation && <BridgeStatus />}
        {(scenario !== undefined || imported !== null) && !presentation && <ScenarioButton />}
        {!presentation && <OpenCapture />}
        {!presentation && <HelpButton />}
        {presentation && hasTrace && (
          <button
            type="button"
            className="header-button with-text"
            data-testid="legend-toggle"
            aria-pressed={legend}
            onClick={toggleLegend}
          >
            {t('legend.toggle')}
          </button>
        )}
        <button
          type="button"
          className="header-button"
          data-testid="theme-toggle"
          aria-pressed={theme === 'dark'}
          aria-label={t('panels.themeDark')}
          title={t('panels.themeDark')}
          onClick={() => dispatch({ type: 'setTheme', theme: theme === 'dark' ? 'light' : 'dark' })}
        >
          <Icon name="moon" />
        </button>
        <button
          type="button"
          className="header-button"
          data-testid="present-toggle"
          aria-pressed={presentation}
          aria-label={t('panels.present')}
          title={t('panels.present')}
          onClick={() => dispatch({ type: 'setPresentation', presentation: !presentation })}
        >
          <Icon name="screen" />
        </button>
        <FullscreenButton />
        <div className="lang-switch" role="group" aria-label={t('lang.label')}>
          {languages.map((code) => (
            <button
              key={code}
              type="button"
              lang={code}
              data-testid={`lang-${code}`}
              aria-label={t(`lang.${code}`)}
              aria-pressed={lang === code}
              onClick={() => setLanguage(code)}
            >
              {code.toUpperCase()}
            </button>
          ))}
        </div>
      </div>
    </header>
  );
}
