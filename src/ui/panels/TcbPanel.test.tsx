// @vitest-environment jsdom
// The TCB panel on a real run: fixtures/real-tcp-echo.json is a tcp-echo run on this machine's
// kernel (6.18) whose tcb events came from tcp:tcp_probe (bridge/runner/kernel-tcb.ts). The cards
// show the congestion-control rows the kernel reported and leave out what it did not.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { initialState } from '../../store/state';
import { useAppStore } from '../../store/store';
import { cursorForEvent } from '../../trace/query';
import type { TcbEvent, Trace } from '../../trace/types';
import { validateTrace } from '../../trace/validate';
import fixture from './fixtures/real-tcp-echo.json';
import { TcbPanel } from './TcbPanel';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const checked = validateTrace(fixture);
if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
const trace = checked.trace;

let root: Root | undefined;
let container: HTMLElement | undefined;
afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
});

/** The panel with the cursor on the step that shows trace.events[index], in `lang`. */
function render(index: number, lang: 'en' | 'fr' = 'en', shown: Trace = trace): HTMLElement {
  act(() => useAppStore.setState({ ...initialState(lang), trace: shown, cursor: cursorForEvent(shown, index) }));
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root!.render(<TcbPanel />));
  return container;
}

/** "label: value" of every row of a socket's card. */
function rows(card: HTMLElement, host: string, socket: number): string[] {
  const found = card.querySelector(`[data-testid="tcb-${host}-${socket}"]`);
  if (found === null) throw new Error(`no card for ${host}/${socket}`);
  return [...found.querySelectorAll('.tcb-fields > div')].map(
    (row) => `${row.querySelector('dt')?.textContent ?? ''}: ${row.querySelector('dd')?.textContent ?? ''}`,
  );
}

describe('TcbPanel on a real run', () => {
  const tcbs = trace.events.flatMap((e, i) => (e.kind === 'tcb' ? [[e, i] as [TcbEvent, number]] : []));
  const [, firstClient] = tcbs.find(([e]) => e.host === 'client') ?? [];

  it('shows the kernel’s cwnd and SRTT, and no row the kernel did not report', () => {
    expect(trace.source).toBe('real');
    const panel = render(firstClient ?? -1);
    expect(rows(panel, 'client', 3)).toEqual([
      'ISS: 559660026',
      'IRS: 2531563494',
      'SND.UNA: 1',
      'SND.NXT: 15',
      'SND.WND: 65483',
      'RCV.WND: 65536',
      'cwnd: 10 segments',
      'SRTT: 59 µs',
    ]);
    // Under BBR (this machine's default, meta.congestionControl) no RFC 5681 phase is named.
    expect(trace.meta.congestionControl).toBe('bbr');
    expect(panel.textContent).toContain('tcp:tcp_probe');
  });

  it('says why a connection has no TCB yet: the probe fires only for segments arriving in ESTABLISHED', () => {
    const synSent = trace.events.findIndex((e) => e.kind === 'state' && e.host === 'client' && e.to === 'SYN-SENT');
    const panel = render(synSent);
    expect(panel.querySelector('[data-testid="tcb-client-3"]')?.textContent).toContain(
      'the kernel reported no variables for it (tcp:tcp_probe fires only as a segment arrives on an ESTABLISHED socket)',
    );
    expect(panel.querySelector('[data-testid="tcb-server-3"]')?.textContent).toContain('listening socket');
  });

  it('shows a finite ssthresh, a phase and a millisecond SRTT, in French too', () => {
    const [last, index] = tcbs.at(-1) as [TcbEvent, number];
    const edited = { ...last, ssthresh: 7, cwnd: 8, ccPhase: 'congestion-avoidance' as const, srttUs: 41_700 };
    const changed: Trace = { ...trace, events: trace.events.map((e, i) => (i === index ? edited : e)) };
    const panel = render(index, 'fr', changed);
    expect(rows(panel, last.host, last.socket).slice(-4)).toEqual([
      'cwnd: 8 segments',
      'ssthresh: 7 segments',
      'Phase: évitement de congestion',
      'SRTT: 41.7 ms',
    ]);
    const phase = panel.querySelector(`[data-testid="tcb-${last.host}-${last.socket}"] [data-field="ccPhase"] dt`);
    expect(phase?.getAttribute('title')).toBe('phase du contrôle de congestion');
    expect(panel.textContent).toContain('ni RCV.NXT');
  });
});
