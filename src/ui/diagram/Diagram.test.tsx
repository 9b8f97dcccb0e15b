// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findScenario } from '../../scenario/library';
import { simulate } from '../../sim';
import type { Trace } from '../../trace/types';
import { Diagram, type DiagramProps } from './Diagram';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
let container: HTMLElement | undefined;
afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
});

function render(trace: Trace, props: Partial<DiagramProps> = {}) {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  const draw = (more: Partial<DiagramProps>) =>
    act(() =>
      root!.render(
        <Diagram
          trace={trace}
          shownEvents={trace.events.length}
          seqMode="relative"
          animate={false}
          lang="en"
          {...props}
          {...more}
        />,
      ),
    );
  draw({});
  return { container, draw };
}

describe('Diagram', () => {
  it('renders the lifelines and one element per segment', () => {
    const trace = simulate(findScenario('tcp-echo')!, {});
    const { container } = render(trace);
    const svg = container.querySelector('[data-testid="diagram-svg"]')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toContain('server, client');
    expect(container.querySelectorAll('[data-testid="lifeline-server"]')).toHaveLength(1);
    expect(container.querySelectorAll('[data-testid="lifeline-client"]')).toHaveLength(1);
    const segments = [...container.querySelectorAll('[data-testid="segment"]')];
    expect(segments.map((s) => s.getAttribute('data-flags')).slice(0, 3)).toEqual(['SYN', 'SYN,ACK', 'ACK']);
    for (const segment of segments) expect(segment.querySelector('title')?.textContent).toMatch(/sent at/);
  });

  it('follows the cursor and reports clicks', () => {
    const trace = simulate(findScenario('tcp-echo')!, {});
    const onSelectEvent = vi.fn();
    const { container, draw } = render(trace, { shownEvents: 0, onSelectEvent });
    expect(container.querySelectorAll('[data-testid="segment"]')).toHaveLength(0);
    const syn = trace.events.findIndex((e) => e.kind === 'segment');
    draw({ shownEvents: syn + 1 });
    const arrow = container.querySelector('[data-testid="segment"]')!;
    expect(arrow.getAttribute('data-event-index')).toBe(String(syn));
    act(() => arrow.dispatchEvent(new MouseEvent('click', { bubbles: true })));
    expect(onSelectEvent).toHaveBeenCalledWith(syn);
  });

  it('draws only the part of a long trace in view', () => {
    const trace = simulate(findScenario('nagle')!, {});
    const { container } = render(trace, { shownEvents: 5 });
    const total = trace.events.filter((e) => e.kind === 'segment').length;
    const { draw } = {
      draw: (n: number) =>
        act(() => root!.render(<Diagram trace={trace} shownEvents={n} seqMode="relative" animate={false} lang="en" />)),
    };
    draw(trace.events.length);
    const drawn = container.querySelectorAll('[data-testid="segment"]').length;
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(total);
  });
});
