import { selectPresentation, selectScenarioId, useAppStore } from '../store';
import { Keyboard } from './controls/Keyboard';
import { Playback } from './controls/Playback';
import { ErrorBoundary } from './ErrorBoundary';
import { Header } from './Header';
import { ScenarioPicker } from './ScenarioPicker';
import { ScenarioView } from './ScenarioView';
import { UrlProblems } from './UrlProblems';

export function App() {
  const scenarioId = useAppStore(selectScenarioId);
  const presentation = useAppStore(selectPresentation);
  const mode = scenarioId === null ? 'landing' : 'working';
  return (
    <div className={`app app-${mode}${presentation ? ' presentation' : ''}`}>
      <Header />
      <UrlProblems />
      <ErrorBoundary>
        {scenarioId === null ? (
          <main className="landing">
            <ScenarioPicker />
          </main>
        ) : (
          <ScenarioView key={scenarioId} />
        )}
      </ErrorBoundary>
      <Playback />
      <Keyboard />
    </div>
  );
}
