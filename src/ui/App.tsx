import { selectEmbed, selectImported, selectPresentation, selectScenarioId, selectTrace, useAppStore } from '../store';
import { CaptureBar } from './capture/CaptureBar';
import { DropZone } from './capture/DropZone';
import { ImportStatus } from './capture/ImportStatus';
import { Keyboard } from './controls/Keyboard';
import { Playback } from './controls/Playback';
import { ErrorBoundary } from './ErrorBoundary';
import { Header } from './Header';
import { ScenarioPicker } from './ScenarioPicker';
import { ScenarioView } from './ScenarioView';
import { UrlProblems } from './UrlProblems';
import { LessonStatus } from './lesson/LessonStatus';
import { EmbedApp } from './embed/EmbedApp';

export function App() {
  const scenarioId = useAppStore(selectScenarioId);
  const presentation = useAppStore(selectPresentation);
  const imported = useAppStore(selectImported);
  const trace = useAppStore(selectTrace);
  // `?embed=1`: the lesson alone, for an iframe (src/ui/embed).
  const embed = useAppStore(selectEmbed);
  if (embed) return <EmbedApp />;
  const landing = scenarioId === null && imported === null;
  const mode = landing ? 'landing' : 'working';
  return (
    <div className={`app app-${mode}${presentation ? ' presentation' : ''}`}>
      <Header />
      <UrlProblems />
      <LessonStatus />
      <ImportStatus />
      <CaptureBar />
      <ErrorBoundary resetKey={trace}>
        {landing ? (
          <main className="landing">
            <ScenarioPicker />
          </main>
        ) : (
          <ScenarioView key={scenarioId ?? 'imported'} />
        )}
      </ErrorBoundary>
      <Playback />
      <Keyboard />
      <DropZone />
    </div>
  );
}
