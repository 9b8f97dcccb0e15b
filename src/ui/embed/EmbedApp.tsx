// Embed mode (`?embed=1`, issue 13): one lesson's diagram and its stepping only, made to sit in
// an iframe of a course page or a slide (Reveal.js, MkDocs, Moodle). A thin title bar, the
// diagram, then the step controls under it like a video player's, ending in a link to the full app
// at the same step (where a YouTube embed has its logo); no menus, no side panels, no picker, no
// drop zone.
// The page it sits in drives it by postMessage (useEmbedMessages.ts).
import {
  selectCurrentScenario,
  selectFailed,
  selectHasTrace,
  selectLang,
  selectLessonLoading,
  selectLoadedLesson,
  selectTrace,
  toSearch,
  useAppStore,
  type AppStore,
} from '../../store';
import { Keyboard } from '../controls/Keyboard';
import { Icon } from '../controls/Icon';
import { Playback } from '../controls/Playback';
import { StepControls } from '../controls/StepControls';
import { StoreDiagram } from '../diagram/StoreDiagram';
import { ErrorBoundary } from '../ErrorBoundary';
import { LessonStatus } from '../lesson/LessonStatus';
import { UrlProblems } from '../UrlProblems';
import { useT } from '../useT';
import { useEmbedMessages } from './useEmbedMessages';
import './embed.css';

/** The full app's address for what the embed shows: the same link, less `embed=1`. */
function fullAppHref(state: AppStore): string {
  const search = toSearch(window.location.search, { ...state, embed: false });
  // A lesson carried whole in the `#lesson=` fragment keeps it; other fragments are the host's business.
  const hash = state.loaded?.origin.kind === 'link' ? window.location.hash : '';
  return `${window.location.pathname}${search}${hash}`;
}

function OpenInWirestep() {
  const t = useT();
  const href = useAppStore(fullAppHref);
  return (
    // A new tab: the course page stays where the learner was. noopener: the app needs no
    // handle on the course page.
    <a
      className="embed-open"
      data-testid="embed-open"
      href={href}
      target="_blank"
      rel="noopener"
      title={t('embed.openTitle')}
    >
      <span>{t('embed.open')}</span>
      <Icon name="external" />
    </a>
  );
}

function EmbedDiagram() {
  return <StoreDiagram packetPane={false} />;
}

/** What stands where the diagram will be: simulating, or why there is nothing to show. */
function Placeholder() {
  const t = useT();
  const scenario = useAppStore(selectCurrentScenario);
  const loading = useAppStore(selectLessonLoading);
  const failed = useAppStore(selectFailed);
  if (failed || loading !== null) return null;
  if (scenario === undefined) {
    return (
      <p className="embed-note" data-testid="embed-no-lesson">
        {t('embed.noLesson')}
      </p>
    );
  }
  return <p className="embed-note muted">{t('trace.running')}</p>;
}

function SimulationError() {
  const t = useT();
  const error = useAppStore((state) => state.error);
  if (error === null) return null;
  return (
    <p className="banner error-banner" role="alert" data-testid="trace-error">
      {t('panels.simError', { message: error })}
    </p>
  );
}

export function EmbedApp() {
  const t = useT();
  const lang = useAppStore(selectLang);
  const scenario = useAppStore(selectCurrentScenario);
  const loaded = useAppStore(selectLoadedLesson);
  const hasTrace = useAppStore(selectHasTrace);
  const trace = useAppStore(selectTrace);
  useEmbedMessages();
  return (
    <div className="embed-app" data-testid="embed">
      <header className="embed-bar">
        <p className="embed-title" data-testid="scenario-title" data-origin={loaded?.origin.kind}>
          <span className="embed-brand">{t('app.name')}</span>
          {scenario !== undefined && <span className="embed-lesson">{scenario.title[lang]}</span>}
        </p>
      </header>
      <UrlProblems />
      <LessonStatus />
      <SimulationError />
      <main className="embed-stage" aria-label={t('embed.label')}>
        <ErrorBoundary resetKey={trace}>{hasTrace ? <EmbedDiagram /> : <Placeholder />}</ErrorBoundary>
      </main>
      <div className="embed-controls">
        {hasTrace && <StepControls />}
        <OpenInWirestep />
      </div>
      <Playback />
      <Keyboard />
    </div>
  );
}
