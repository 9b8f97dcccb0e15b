import { ErrorBoundary } from './ErrorBoundary';
import { Header } from './Header';
import { ScenarioList } from './ScenarioList';
import { ScenarioView } from './ScenarioView';

export function App() {
  return (
    <div className="app">
      <Header />
      <ErrorBoundary>
        <main className="layout">
          <ScenarioList />
          <ScenarioView />
        </main>
      </ErrorBoundary>
    </div>
  );
}
