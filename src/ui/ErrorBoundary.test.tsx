// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { expect, it, vi } from 'vitest';
import { ErrorBoundary } from './ErrorBoundary';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function Content({ broken }: { broken: boolean }) {
  if (broken) throw new Error('cannot draw this file');
  return <p data-testid="content">fine</p>;
}

it('shows the error, then draws the next input without a reload', () => {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
  const draw = (key: string, broken: boolean) =>
    act(() =>
      root.render(
        <ErrorBoundary resetKey={key}>
          <Content broken={broken} />
        </ErrorBoundary>,
      ),
    );
  draw('first file', true);
  expect(container.querySelector('[data-testid="app-error"]')?.textContent).toContain('cannot draw this file');
  // The same input again: the message stays (nothing new to try).
  draw('first file', false);
  expect(container.querySelector('[data-testid="app-error"]')).not.toBeNull();
  draw('second file', false);
  expect(container.querySelector('[data-testid="app-error"]')).toBeNull();
  expect(container.querySelector('[data-testid="content"]')?.textContent).toBe('fine');
  quiet.mockRestore();
  act(() => root.unmount());
  container.remove();
});
