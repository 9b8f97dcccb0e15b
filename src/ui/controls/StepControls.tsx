// The stepping toolbar: buttons, the timeline scrubber, the step counter and the speed.
import { useT } from '../useT';
import {
  dispatch,
  selectCursor,
  selectPlaying,
  selectPresentation,
  selectSpeed,
  selectTotalSteps,
  speeds,
  useAppStore,
  type Action,
  type Speed,
} from '../../store';
import { Icon, type IconName } from './Icon';
import type { MessageKey } from '../../i18n';

interface StepButtonProps {
  testId: string;
  icon: IconName;
  label: MessageKey;
  action: Action['type'];
  disabled: boolean;
}

function StepButton({ testId, icon, label, action, disabled }: StepButtonProps) {
  const t = useT();
  return (
    <button
      type="button"
      className="icon-button"
      data-testid={testId}
      aria-label={t(label)}
      title={t(label)}
      disabled={disabled}
      onClick={() => dispatch({ type: action } as Action)}
    >
      <Icon name={icon} />
    </button>
  );
}

export function StepControls() {
  const t = useT();
  const cursor = useAppStore(selectCursor);
  const total = useAppStore(selectTotalSteps);
  const playing = useAppStore(selectPlaying);
  const speed = useAppStore(selectSpeed);
  // Presentation mode keeps the essentials: back, play, forward, next segment, the timeline.
  const presentation = useAppStore(selectPresentation);
  const atStart = cursor <= 0;
  const atEnd = cursor >= total;
  return (
    <div className="step-controls" role="toolbar" aria-label={t('controls.label')}>
      <div className="step-buttons">
        {!presentation && (
          <>
            <StepButton testId="step-first" icon="first" label="controls.first" action="first" disabled={atStart} />
            <StepButton
              testId="previous-segment"
              icon="previousSegment"
              label="controls.previousSegment"
              action="previousSegment"
              disabled={atStart}
            />
          </>
        )}
        <StepButton testId="step-back" icon="back" label="controls.back" action="stepBack" disabled={atStart} />
        <button
          type="button"
          className="play-button"
          data-testid="play"
          aria-pressed={playing}
          title={t(playing ? 'controls.pause' : 'controls.play')}
          disabled={total === 0}
          onClick={() => dispatch({ type: 'togglePlay' })}
        >
          <Icon name={playing ? 'pause' : 'play'} />
          <span>{t(playing ? 'controls.pause' : 'controls.play').replace(/ \(.*\)$/, '')}</span>
        </button>
        <StepButton
          testId="step-forward"
          icon="forward"
          label="controls.forward"
          action="stepForward"
          disabled={atEnd}
        />
        <StepButton
          testId="next-segment"
          icon="nextSegment"
          label="controls.nextSegment"
          action="nextSegment"
          disabled={atEnd}
        />
        {!presentation && (
          <StepButton testId="step-last" icon="last" label="controls.last" action="last" disabled={atEnd} />
        )}
      </div>
      <input
        type="range"
        className="scrubber"
        data-testid="scrubber"
        min={0}
        max={total}
        step={1}
        value={Math.min(cursor, total)}
        aria-label={t('controls.scrubber')}
        aria-valuetext={t('controls.counter', { k: cursor, n: total })}
        onChange={(event) => dispatch({ type: 'goTo', cursor: Number(event.target.value) })}
      />
      <output
        className="step-counter"
        data-testid="step-counter"
        title={t('controls.counter', { k: cursor, n: total })}
      >
        {`${Math.min(cursor, total)} / ${total}`}
      </output>
      {!presentation && (
        <label className="speed">
          <span className="visually-hidden">{t('controls.speed')}</span>
          <select
            data-testid="speed"
            value={speed}
            title={t('controls.speed')}
            onChange={(event) => dispatch({ type: 'setSpeed', speed: Number(event.target.value) as Speed })}
          >
            {speeds.map((value) => (
              <option key={value} value={value}>
                {`${value}×`}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
