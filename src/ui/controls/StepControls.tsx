// The stepping toolbar: buttons, the timeline scrubber, the step counter, the event filter and
// the speed. Under a filter the counter and the scrubber count only the steps it shows.
import { useT } from '../useT';
import {
  dispatch,
  selectCursor,
  selectEmbed,
  selectPlaying,
  selectPresentation,
  selectSpeed,
  selectTotalSteps,
  speeds,
  useAppStore,
  type Action,
  type Speed,
} from '../../store';
import { selectEventFilter, selectShownPosition, selectShownStepCount } from '../../store/filter-selectors';
import { cursorAtPosition, eventFilters, isEventFilter } from '../../trace/query';
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

/** The event filter: what the views draw and where the step keys stop (`show=` in the link). */
function FilterSelect() {
  const t = useT();
  const filter = useAppStore(selectEventFilter);
  return (
    <label className="speed event-filter">
      <span className="visually-hidden">{t('controls.filter')}</span>
      <select
        data-testid="event-filter"
        value={filter}
        title={t('controls.filter.title', { hint: t('controls.filter.hint') })}
        onChange={(event) => {
          const value = event.target.value;
          if (isEventFilter(value)) dispatch({ type: 'setEventFilter', filter: value });
        }}
      >
        {eventFilters.map((value) => (
          <option key={value} value={value}>
            {t(`controls.filter.${value}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The scrubber moves over the steps the filter shows: position k is the k-th of them. */
function goToPosition(position: number): void {
  const { trace, eventFilter } = useAppStore.getState();
  if (trace !== null) dispatch({ type: 'goTo', cursor: cursorAtPosition(trace, eventFilter, position) });
}

/** The scrubber and the step counter, in the filter's terms (k of n shown steps). */
function Timeline({ k, n, filtered }: { k: number; n: number; filtered: boolean }) {
  const t = useT();
  return (
    <>
      <input
        type="range"
        className="scrubber"
        data-testid="scrubber"
        min={0}
        max={n}
        step={1}
        value={k}
        aria-label={t('controls.scrubber')}
        aria-valuetext={t('controls.counter', { k, n })}
        onChange={(event) =>
          filtered
            ? goToPosition(Number(event.target.value))
            : dispatch({ type: 'goTo', cursor: Number(event.target.value) })
        }
      />
      <output className="step-counter" data-testid="step-counter" title={t('controls.counter', { k, n })}>
        {`${k} / ${n}`}
      </output>
    </>
  );
}

function SpeedSelect() {
  const t = useT();
  const speed = useAppStore(selectSpeed);
  return (
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
  );
}

export function StepControls() {
  const t = useT();
  const cursor = useAppStore(selectCursor);
  const total = useAppStore(selectTotalSteps);
  const position = useAppStore(selectShownPosition);
  const shownTotal = useAppStore(selectShownStepCount);
  const filtered = useAppStore(selectEventFilter) !== 'all';
  const playing = useAppStore(selectPlaying);
  // Presentation mode and an embed keep the essentials: back, play, forward, next segment, the timeline.
  const embed = useAppStore(selectEmbed);
  const essentials = useAppStore(selectPresentation) || embed;
  const atStart = cursor <= 0;
  // Under a filter, the end is its last shown step (End goes there too).
  const atEnd = filtered ? position >= shownTotal : cursor >= total;
  const k = filtered ? position : Math.min(cursor, total);
  const n = filtered ? shownTotal : total;
  return (
    <div className="step-controls" role="toolbar" aria-label={t('controls.label')}>
      <div className="step-buttons">
        {!essentials && (
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
        {!essentials && (
          <StepButton testId="step-last" icon="last" label="controls.last" action="last" disabled={atEnd} />
        )}
      </div>
      <Timeline k={k} n={n} filtered={filtered} />
      {!essentials && <FilterSelect />}
      {!essentials && <SpeedSelect />}
    </div>
  );
}
