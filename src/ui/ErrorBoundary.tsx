// Last line of defence: a rendering bug shows a message instead of a blank page, and the next
// input (another file, lesson or simulation: a new `resetKey`) gets a fresh start without a reload.
import { Component, type ReactNode } from 'react';
import { translate } from '../i18n';
import { useAppStore } from '../store';

interface Props {
  children: ReactNode;
  /** What is on screen (the trace); when it changes, a shown error is cleared. */
  resetKey: unknown;
}

interface State {
  message: string | null;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { message: null };

  static getDerivedStateFromError(error: unknown): State {
    return { message: error instanceof Error ? error.message : String(error) };
  }

  override componentDidUpdate(previous: Props): void {
    if (this.state.message !== null && previous.resetKey !== this.props.resetKey) this.setState({ message: null });
  }

  override render() {
    if (this.state.message === null) return this.props.children;
    const lang = useAppStore.getState().lang;
    return (
      <div className="panel crash" role="alert" data-testid="app-error">
        <p>{translate(lang, 'app.crashed', { message: this.state.message })}</p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          {translate(lang, 'app.reload')}
        </button>
      </div>
    );
  }
}
