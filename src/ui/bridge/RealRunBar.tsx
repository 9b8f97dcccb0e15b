// Under the step controls: "Run for real" (the scenario's programs on real loopback sockets,
// through the bridge), cancel while it runs, what the run is doing or why it cannot run, and the
// switch between the simulation, the real trace and the comparison of both.
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

/** What the run has shown so far: its events in the real trace, and whether packets were captured. */
interface Shown {
  events: number;
  captured: boolean;
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
        return [shown.captured ? done : `${done} ${t('bridge.finishedNoCapture')}`, 'ok'];
      }
    }
  }
  if (blocker !== null) return [t(blockerText[blocker]), blocker === 'connecting' ? 'busy' : 'info'];
  if (link.status === 'ready' && !link.capabilities.capture) {
    return [t('bridge.callsOnly', { reason: link.capabilities.captureReason ?? t('bridge.unknownReason') }), 'info'];
  }
  return [t('bridge.ready'), 'info'];
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
  if (scenarioId === null) return null;
  const active = isRunActive(run);
  const [text, tone] = note(t, lang, run, { events, captured }, active ? null : blocker, link);
  return (
    <div className="real-bar" role="group" aria-label={t('bridge.bar')}>
      <button
        type="button"
        className="real-run-button"
        data-testid="run-real"
        disabled={blocker !== null}
        aria-describedby="real-note"
        title={t('bridge.runHint')}
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
        role={tone === 'error' ? 'alert' : 'status'}
      >
        {text}
      </p>
    </div>
  );
}
