// @vitest-environment jsdom
// The cwnd plot on the congestion-control lesson: what it shows at the cursor (cwnd 10 in slow
// start once connected; fast recovery at the fast retransmit), in both languages, and nothing for
// a lesson that never leaves its first window. The geometry is checked apart from React.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { findScenario } from '../../scenario/library';
import { simulate } from '../../sim';
import { initialState } from '../../store/state';
import { useAppStore } from '../../store/store';
import { congestionSender, congestionSeries, cursorForEvent } from '../../trace/query';
import type { TcbEvent, Trace, TraceEvent } from '../../trace/types';
import { niceStep, plotGeometry, plotMargin } from './congestion-geometry';
import { CongestionPlot } from './CongestionPlot';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const lesson = (id: string): Trace => simulate(findScenario(id)!, { seed: 1 });
const trace = lesson('congestion-control');

let root: Root | undefined;
let container: HTMLElement | undefined;
afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
});

function render(shown: Trace, index: number, lang: 'en' | 'fr' = 'en'): HTMLElement {
  act(() => useAppStore.setState({ ...initialState(lang), trace: shown, cursor: cursorForEvent(shown, index) }));
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root!.render(<CongestionPlot />));
  return container;
}

const find = (where: HTMLElement, id: string) => where.querySelector<HTMLElement | SVGElement>(`[data-testid="${id}"]`);
const indexOf = (predicate: (e: TraceEvent) => boolean) => trace.events.findIndex(predicate);

describe('CongestionPlot', () => {
  const connected = indexOf((e) => e.kind === 'state' && e.host === 'client' && e.to === 'ESTABLISHED');
  const retransmit = indexOf((e) => e.kind === 'segment' && e.retransmission === true);

  it('once connected: cwnd 10, ssthresh not set, nothing in flight, slow start outlined', () => {
    const plot = render(trace, connected);
    expect(find(plot, 'cwnd-plot')).not.toBeNull();
    expect(find(plot, 'cwnd-value')?.textContent).toBe('10');
    expect(find(plot, 'cwnd-now')?.textContent).toContain('ssthresh ∞');
    expect(find(plot, 'cwnd-now')?.dataset.phase).toBe('slow-start');
    expect(find(plot, 'cwnd-phase')?.textContent).toBe('slow start');
    expect(plot.querySelectorAll('[data-testid="cwnd-retransmission"]')).toHaveLength(1);
    // Phases in the order the lesson goes through them, as bands and as the legend.
    const bands = [...plot.querySelectorAll<SVGElement>('rect.cwnd-band')].map((band) => band.dataset.phase);
    expect(bands).toEqual(['slow-start', 'fast-recovery', 'congestion-avoidance']);
    expect([...plot.querySelectorAll('.cwnd-phases li')].map((li) => li.textContent)).toEqual([
      'slow start',
      'fast recovery',
      'congestion avoidance',
    ]);
  });

  it('at the fast retransmit: the cursor on the retransmission, in fast recovery, with ssthresh = 0.7 cwnd', () => {
    const plot = render(trace, retransmit);
    const cursor = find(plot, 'cwnd-cursor');
    expect(cursor?.dataset.phase).toBe('fast-recovery');
    expect(cursor?.dataset.t).toBe(String(trace.events[retransmit]?.t));
    const mark = plot.querySelector('[data-testid="cwnd-retransmission"] line');
    expect(cursor?.getAttribute('x1')).toBe(mark?.getAttribute('x1'));
    expect(find(plot, 'cwnd-phase')?.textContent).toBe('fast recovery');
    const before = trace.events
      .slice(0, retransmit)
      .filter((e): e is TcbEvent => e.kind === 'tcb' && e.host === 'client')
      .at(-1);
    const ssthresh = Math.floor(0.7 * (before?.cwnd ?? 0));
    expect(find(plot, 'cwnd-now')?.textContent).toContain(`ssthresh ${ssthresh}`);
    expect(find(plot, 'cwnd-value')?.textContent).toBe(String(ssthresh + 3));
  });

  it('speaks French', () => {
    const plot = render(trace, retransmit, 'fr');
    expect(plot.textContent).toContain('Fenêtre de congestion');
    expect(find(plot, 'cwnd-now')?.textContent).toContain('en vol');
    expect(find(plot, 'cwnd-phase')?.textContent).toBe('récupération rapide');
  });

  it('starts folded in presentation mode, where it shares a row with the explanation', () => {
    act(() =>
      useAppStore.setState({
        ...initialState('en'),
        trace,
        cursor: cursorForEvent(trace, connected),
        presentation: true,
      }),
    );
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    act(() => root!.render(<CongestionPlot />));
    expect(find(container, 'cwnd-fold')?.getAttribute('aria-expanded')).toBe('false');
    expect(find(container, 'cwnd-phase')?.textContent).toBe('slow start');
  });

  it('is not drawn for tcp-echo, whose sockets never leave their first window', () => {
    const echo = lesson('tcp-echo');
    expect(find(render(echo, echo.events.length - 1), 'cwnd-plot')).toBeNull();
  });

  it('folds to its figures and unfolds', () => {
    const plot = render(trace, connected);
    const fold = find(plot, 'cwnd-fold') as HTMLButtonElement;
    act(() => fold.click());
    expect(fold.getAttribute('aria-expanded')).toBe('false');
    expect(plot.querySelector<HTMLElement>('#cwnd-chart')?.hidden).toBe(true);
    expect(find(plot, 'cwnd-value')?.textContent).toBe('10');
    // The phase moves into the line of figures, once.
    expect(plot.querySelectorAll('[data-testid="cwnd-phase"]')).toHaveLength(1);
    expect(find(find(plot, 'cwnd-now') as HTMLElement, 'cwnd-phase')?.textContent).toBe('slow start');
    act(() => fold.click());
    expect(plot.querySelector<HTMLElement>('#cwnd-chart')?.hidden).toBe(false);
  });
});

describe('plotGeometry', () => {
  const series = congestionSender(trace)!;
  const size = { width: 300, height: 128 };
  const geometry = plotGeometry(series, size);

  it('niceStep: 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(81, 3)).toBe(50);
    expect(niceStep(200, 3)).toBe(100);
    expect(niceStep(7, 3)).toBe(5);
    expect(niceStep(0, 3)).toBe(1);
  });

  it('spans the series in time and the largest figure in segments, inside the margins', () => {
    expect(geometry.domain.from).toBe(series.points[0]?.t);
    expect(geometry.domain.to).toBe(series.points.at(-1)?.t);
    expect(geometry.x(geometry.domain.from)).toBe(plotMargin.left);
    expect(geometry.x(geometry.domain.to)).toBe(size.width - plotMargin.right);
    // Clamped: the cursor never leaves the drawing (TIME-WAIT ends 60 s later).
    expect(geometry.x(geometry.domain.to + 60_000_000)).toBe(size.width - plotMargin.right);
    const top = Math.max(...series.points.map((p) => p.cwnd ?? 0));
    expect(geometry.y(top)).toBeGreaterThanOrEqual(plotMargin.top);
    expect(geometry.yTicks.map((tick) => tick.value)).toEqual([0, 50, 100]);
    expect(geometry.xTicks.map((tick) => tick.ms)).toEqual([100, 200]);
  });

  it('draws cwnd as one step line from 10 segments, ssthresh only once set', () => {
    expect(geometry.cwndPath.startsWith(`M${plotMargin.left} ${Math.round(geometry.y(10) * 10) / 10}`)).toBe(true);
    expect(geometry.cwndPath.match(/M/g)).toHaveLength(1);
    const firstThreshold = series.points.find((p) => p.ssthresh !== undefined);
    expect(geometry.ssthreshPath.startsWith(`M${Math.round(geometry.x(firstThreshold!.t) * 10) / 10} `)).toBe(true);
    expect(geometry.inFlightPath.endsWith('Z')).toBe(true);
  });

  it('bands tile the plotted width, one per phase run', () => {
    const width = geometry.bands.reduce((sum, band) => sum + band.width, 0);
    expect(width).toBeCloseTo(size.width - plotMargin.left - plotMargin.right, 0);
    expect(geometry.bands.map((band) => band.phase)).toEqual(['slow-start', 'fast-recovery', 'congestion-avoidance']);
  });

  it('has no in-flight area without a segment size (no data segment, no MSS option)', () => {
    const [quiet] = congestionSeries({
      ...trace,
      events: trace.events.filter((e) => e.kind === 'tcb' && e.host === 'client').slice(0, 3),
    });
    expect(quiet?.segmentBytes).toBeUndefined();
    expect(plotGeometry(quiet!, size).inFlightPath).toBe('');
  });
});
