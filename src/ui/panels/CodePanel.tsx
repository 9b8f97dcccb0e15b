// Each host's program in the course's languages, with the line it is at highlighted.
import { useEffect, useMemo, useRef } from 'react';
import { useT } from '../useT';
import {
  dispatch,
  selectCodeLang,
  selectCurrentEvent,
  selectCurrentScenario,
  selectShownEvents,
  selectTrace,
  useAppStore,
  type CodeLang,
} from '../../store';
import { currentLines, resolveStep } from '../code/program';
import { revealIn } from '../code/reveal';

const codeLangs: readonly CodeLang[] = ['python', 'go', 'node'];

function Listing({ host, source, line, current }: { host: string; source: string; line?: number; current: boolean }) {
  const t = useT();
  const container = useRef<HTMLPreElement>(null);
  // Keeps the highlighted line in view, inside the listing and, for the host whose step is
  // current, inside the side panel that scrolls the listings (never the page itself).
  useEffect(() => {
    const pre = container.current;
    const mark = pre?.querySelector<HTMLElement>('.line.position');
    if (pre === null || mark === null || mark === undefined) return;
    revealIn(pre, mark, mark.offsetHeight);
    const panel = pre.closest<HTMLElement>('.tab-panel');
    if (!current || panel === null) return;
    revealIn(panel, mark, mark.offsetHeight);
    // The panels above may still grow or shrink (explanation text, fonts): follow the new size.
    const observer = new ResizeObserver(() => revealIn(panel, mark, mark.offsetHeight));
    observer.observe(panel);
    return () => observer.disconnect();
  }, [line, source, current]);
  const lines = source.split('\n');
  return (
    <pre className="listing" ref={container} data-testid={`code-${host}`} tabIndex={0}>
      <code>
        {lines.map((text, i) => {
          const number = i + 1;
          const here = number === line;
          return (
            <span
              key={number}
              className={`line${here ? ' position' : ''}${here && current ? ' current' : ''}`}
              data-line={number}
              aria-current={here ? 'step' : undefined}
              title={here ? t('code.currentLine') : undefined}
            >
              <span className="line-number" aria-hidden="true">
                {number}
              </span>
              <span className="line-text">{text === '' ? ' ' : text}</span>
            </span>
          );
        })}
      </code>
    </pre>
  );
}

export function CodePanel() {
  const t = useT();
  const trace = useAppStore(selectTrace);
  const shown = useAppStore(selectShownEvents);
  const codeLang = useAppStore(selectCodeLang);
  const currentEvent = useAppStore(selectCurrentEvent);
  const scenario = useAppStore(selectCurrentScenario);
  const lines = useMemo(
    () =>
      scenario === undefined || trace === null
        ? new Map<string, number>()
        : currentLines(scenario, trace, shown, codeLang),
    [scenario, trace, shown, codeLang],
  );
  const currentHost =
    scenario !== undefined && currentEvent?.step !== undefined
      ? resolveStep(scenario, currentEvent.step)?.host
      : undefined;
  const hosts = Object.entries(scenario?.code ?? {});
  // The lesson editor opens from here, beside the code (issue 13): its tab shows while it is open.
  const edit = scenario !== undefined && (
    <button
      type="button"
      className="toggle-button open-editor"
      data-testid="open-editor"
      onClick={() => dispatch({ type: 'setPanelTab', tab: 'edit' })}
    >
      {t('editor.open')}
    </button>
  );
  if (hosts.length === 0)
    return (
      <>
        {edit}
        <p className="muted">{t('code.none')}</p>
      </>
    );
  return (
    <div className="code-panel">
      {edit}
      <div className="segmented" role="group" aria-label={t('code.languages')}>
        {codeLangs.map((lang) => (
          <button
            key={lang}
            type="button"
            data-testid={`code-lang-${lang}`}
            aria-pressed={lang === codeLang}
            onClick={() => dispatch({ type: 'setCodeLang', codeLang: lang })}
          >
            {t(`code.${lang}`)}
          </button>
        ))}
      </div>
      {hosts.map(([host, listings]) => {
        const source = listings[codeLang];
        return (
          <section key={host} className={`listing-block${host === currentHost ? ' current' : ''}`}>
            <h3>{host}</h3>
            {source === undefined ? (
              <p className="muted">{t('code.missing', { lang: t(`code.${codeLang}`), host })}</p>
            ) : (
              <Listing host={host} source={source} line={lines.get(host)} current={host === currentHost} />
            )}
          </section>
        );
      })}
    </div>
  );
}
