// Under the step controls: "Run for real" (the scenario's programs on real sockets through the
// bridge: each host in its own network namespace under the lesson's link, else loopback), cancel
// while it runs, what the run is doing or why it cannot run, where it ran, and the switch between
// the simulation, the real trace and the comparison of both.
import { useLayoutEffect, useRef, useState } from 'react';
import type { Lang } from '../../i18n';
import { useT } from '../useT';
import {
  cancelReal,
  dispatch,
  isRunActive,
  runReal,
  selectBridgeLink,
  selectHasReal,
  selectLang,
  selectReal,
  selectRealCaptured,
  selectRealLive,
  selectRealRun,
  selectRunBlocker,
  selectRunEventCount,
  selectScenarioId,
  selectSource,
  useAppStore,
  type BridgeLink,
  type RealRun,
  type RunBlocker,
  type ViewSource,
} from '../../store';
import type { Translate } from '../../i18n';
import type { Trace } from '../../trace/types';
import { Icon } from '../controls/Icon';
import { blockerText } from './texts';
import './bridge.css';

const sources: readonly {
  id: ViewSource;
  label: 'bridge.source.sim' | 'bridge.source.real' | 'bridge.source.compare';
}[] = [
  { id: 'sim', label: 'bridge.source.sim' },
  { id: 'real', label: 'bridge.source.real' },
  { id: 'compare', label: 'bridge.source.compare' },
];

type Tone = 'info' | 'busy' | 'error' | 'ok';

/** What the run has shown so far: its events in the real trace, whether packets were captured, where it ran. */
interface Shown {
  events: number;
  captured: boolean;
  /** meta.link, meta.subnet and meta.linkReason of the real trace (bridge/runner/run-scenario.ts). */
  where: string;
}

/** Where a finished real run put its hosts: under the lesson's link, or on loopback and why. */
function whereRan(t: Translate, real: Trace | null): string {
  const meta = real?.meta;
  if (meta?.link === 'namespaces') return t('bridge.ranLink', { subnet: String(meta.subnet ?? '10.0.0.0/24') });
  if (meta?.link === 'loopback' && typeof meta.linkReason === 'string')
    return t('bridge.ranLoopback', { reason: meta.linkReason });
  return '';
}

/** The line beside the buttons: the run's progress or outcome, else why a run cannot start. */
function note(
  t: Translate,
  lang: Lang,
  run: RealRun | null,
  shown: Shown,
  blocker: RunBlocker | null,
  link: BridgeLink,
): [string, Tone] {
  if (run !== null) {
    switch (run.phase) {
      case 'starting':
        return [t('bridge.starting'), 'busy'];
      case 'running': {
        const status = run.status?.[lang] ?? t('bridge.running');
        return [`${status} · ${t.count('bridge.eventsSoFar', shown.events)}`, 'busy'];
      }
      case 'cancelling':
        return [t('bridge.cancelling'), 'busy'];
      case 'failed':
        return [t('bridge.failed', { reason: run.error?.[lang] ?? t('bridge.unknownReason') }), 'error'];
      case 'finished': {
        const done = t.count('bridge.finished', shown.events);
        const text = shown.captured ? done : `${done} ${t('bridge.finishedNoCapture')}`;
        return [shown.where === '' ? text : `${text} ${shown.where}`, 'ok'];
      }
    }
  }
  if (blocker !== null) return [t(blockerText[blocker]), blocker === 'connecting' ? 'busy' : 'info'];
  if (link.status === 'ready' && !link.capabilities.capture && link.capabilities.link !== 'namespaces') {
    return [t('bridge.callsOnly', { reason: link.capabilities.captureReason ?? t('bridge.unknownReason') }), 'info'];
  }
  if (link.status === 'ready' && link.capabilities.link === 'namespaces') return [t('bridge.readyLink'), 'info'];
  if (link.status === 'ready' && link.capabilities.linkReason !== undefined) {
    return [`${t('bridge.ready')} ${t('bridge.linkLoopback', { reason: link.capabilities.linkReason })}`, 'info'];
  }
  return [t('bridge.ready'), 'info'];
}

/** A note narrower than this is folded: its text then goes to the Run button's tooltip. */
const minNotePx = 96;

/**
 * Whether the note has room to be read. Where the step controls leave too little (French at
 * 1280 px), a clipped "Lar…" would be worse than none; the header's bridge pill says the same.
 */
function useNoteFolded(shown: boolean) {
  const ref = useRef<HTMLParagraphElement>(null);
  const [folded, setFolded] = useState(false);
  useLayoutEffect(() => {
    const note = ref.current;
    if (note === null || typeof ResizeObserver === 'undefined') return;
    // A folded note keeps its place (visibility, not display), so it can be measured again.
    const measure = () => {
      const box = note.getBoundingClientRect();
      setFolded(box.width < minNotePx || box.right > document.documentElement.clientWidth + 1);
    };
    const observer = new ResizeObserver(measure);
    observer.observe(note);
    observer.observe(document.documentElement);
    measure();
    return () => observer.disconnect();
  }, [shown]);
  return { ref, folded };
}

export function RealRunBar() {
  const t = useT();
  const lang = useAppStore(selectLang);
  const scenarioId = useAppStore(selectScenarioId);
  const source = useAppStore(selectSource);
  const hasReal = useAppStore(selectHasReal);
  const live = useAppStore(selectRealLive);
  const run = useAppStore(selectRealRun);
  const events = useAppStore(selectRunEventCount);
  const captured = useAppStore(selectRealCaptured);
  const blocker = useAppStore(selectRunBlocker);
  const link = useAppStore(selectBridgeLink);
  const fold = useNoteFolded(scenarioId !== null);
  const real = useAppStore(selectReal);
  if (scenarioId === null) return null;
  const active = isRunActive(run);
  const shown = { events, captured, where: whereRan(t, real) };
  const [text, tone] = note(t, lang, run, shown, active ? null : blocker, link);
  return (
    <div className="real-bar" role="group" aria-label={t('bridge.bar')}>
      <button
        type="button"
        className="real-run-button"
        data-testid="run-real"
        disabled={blocker !== null}
        aria-describedby="real-note"
        title={fold.folded ? `${t('bridge.runHint')}\n${text}` : t('bridge.runHint')}
        onClick={() => runReal(scenarioId)}
      >
        <Icon name="play" />
        <span>{t(active ? 'bridge.runningButton' : 'bridge.run')}</span>
      </button>
      {active && (
        <button
          type="button"
          className="button real-cancel"
          data-testid="run-cancel"
          disabled={run?.phase === 'cancelling'}
          onClick={cancelReal}
        >
          {t('bridge.cancel')}
        </button>
      )}
      <div className="source-switch" role="group" aria-label={t('bridge.source.label')}>
        {sources.map(({ id, label }) => (
          <button
            key={id}
            type="button"
            data-testid={`source-${id}`}
            aria-pressed={source === id}
            disabled={id !== 'sim' && !hasReal}
            title={id !== 'sim' && !hasReal ? t('bridge.source.needsRun') : undefined}
            onClick={() => dispatch({ type: 'setSource', source: id })}
          >
            {t(label)}
            {id === 'real' && live && <span className="live-dot" aria-label={t('bridge.live')} />}
          </button>
        ))}
      </div>
      <p
        className={`real-note real-${tone}`}
        id="real-note"
        data-testid="real-note"
        data-folded={fold.folded ? 'true' : undefined}
        ref={fold.ref}
        title={text}
        role={tone === 'error' ? 'alert' : 'status'}
      >
        {text}
      </p>
    </div>
  );
}
