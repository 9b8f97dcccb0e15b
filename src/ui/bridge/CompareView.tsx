// The simulation and the real run side by side. The left diagram follows the app's cursor (step
// controls, keys, playback); the right one follows it by aligned packet, and stepping it moves the
// left one to the same point. The differences diff.ts finds are listed by group (segments, flags,
// lengths, numbers, windows, options, timing, states, calls); picking one shows it in both.
import { useMemo, useState, type JSX } from 'react';
import type { MessageKey } from '../../i18n';
import { useT } from '../useT';
import {
  dispatch,
  selectAnimate,
  selectCursor,
  selectLang,
  selectPresentation,
  selectReal,
  selectSeqMode,
  selectTrace,
  useAppStore,
} from '../../store';
import { cursorForEvent, nextPacketCursor, previousPacketCursor, shownEventCount, totalSteps } from '../../trace/query';
import type { DifferenceGroup } from '../../trace/diff';
import type { Trace } from '../../trace/types';
import { Icon, type IconName } from '../controls/Icon';
import { Diagram } from '../diagram/Diagram';
import {
  compareTraces,
  jumpCursors,
  realCursor,
  stepReal,
  verdictCounts,
  type CompareGroup,
  type CompareItem,
  type Pin,
  type Side,
} from './compare';
import './bridge.css';

const groupText: Readonly<Record<DifferenceGroup, MessageKey>> = {
  segment: 'compare.group.segment',
  flags: 'compare.group.flags',
  length: 'compare.group.length',
  numbers: 'compare.group.numbers',
  window: 'compare.group.window',
  options: 'compare.group.options',
  timing: 'compare.group.timing',
  state: 'compare.group.state',
  call: 'compare.group.call',
};

interface PaneProps {
  side: Side;
  trace: Trace;
  cursor: number;
  onStep: (cursor: number) => void;
}

function PaneButton(props: {
  icon: IconName;
  label: MessageKey;
  testId: string;
  disabled: boolean;
  onClick: () => void;
}) {
  const t = useT();
  return (
    <button
      type="button"
      className="icon-button compare-step"
      data-testid={props.testId}
      aria-label={t(props.label)}
      title={t(props.label)}
      disabled={props.disabled}
      onClick={props.onClick}
    >
      <Icon name={props.icon} />
    </button>
  );
}

function Pane({ side, trace, cursor, onStep }: PaneProps): JSX.Element {
  const t = useT();
  const seqMode = useAppStore(selectSeqMode);
  const animate = useAppStore(selectAnimate);
  const lang = useAppStore(selectLang);
  const presentation = useAppStore(selectPresentation);
  const total = totalSteps(trace);
  const live = trace.meta.live === true;
  return (
    <section
      className={`compare-pane compare-${side}`}
      data-testid={`compare-${side}`}
      data-cursor={cursor}
      aria-label={t(side === 'sim' ? 'compare.sim' : 'compare.real')}
    >
      <div className="compare-pane-head">
        <h3>
          {t(side === 'sim' ? 'compare.sim' : 'compare.real')}
          {live && <span className="live-badge">{t('bridge.live')}</span>}
        </h3>
        <div
          className="compare-steps"
          role="toolbar"
          aria-label={t('compare.stepsOf', { side: t(side === 'sim' ? 'compare.sim' : 'compare.real') })}
        >
          <PaneButton
            icon="previousSegment"
            label="compare.step.previousSegment"
            testId={`compare-${side}-previous-segment`}
            disabled={cursor <= 0}
            onClick={() => onStep(previousPacketCursor(trace, cursor))}
          />
          <PaneButton
            icon="back"
            label="compare.step.back"
            testId={`compare-${side}-back`}
            disabled={cursor <= 0}
            onClick={() => onStep(cursor - 1)}
          />
          <span className="compare-counter" data-testid={`compare-${side}-counter`}>
            {cursor}/{total}
          </span>
          <PaneButton
            icon="forward"
            label="compare.step.forward"
            testId={`compare-${side}-forward`}
            disabled={cursor >= total}
            onClick={() => onStep(cursor + 1)}
          />
          <PaneButton
            icon="nextSegment"
            label="compare.step.nextSegment"
            testId={`compare-${side}-next-segment`}
            disabled={cursor >= total}
            onClick={() => onStep(nextPacketCursor(trace, cursor))}
          />
        </div>
      </div>
      <div className="compare-diagram">
        <Diagram
          trace={trace}
          shownEvents={shownEventCount(trace, cursor)}
          seqMode={seqMode}
          animate={animate}
          lang={lang}
          presentation={presentation}
          onSelectEvent={(eventIndex) => onStep(cursorForEvent(trace, eventIndex))}
        />
      </div>
    </section>
  );
}

function Comparison({ sim, real }: { sim: Trace; real: Trace }): JSX.Element {
  const t = useT();
  const lang = useAppStore(selectLang);
  const simCursor = useAppStore(selectCursor);
  const comparison = useMemo(() => compareTraces(sim, real), [sim, real]);
  const [pin, setPin] = useState<Pin | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const realAt = realCursor(comparison, sim, real, simCursor, pin);
  const counts = verdictCounts(comparison);
  const notes = counts.notes;
  const countsText =
    t('compare.packets', { sim: comparison.diff.a.packets, real: comparison.diff.b.packets }) +
    (notes > 0 ? ` · ${t.count('compare.notes', notes)}` : '');

  const place = (cursors: Pin): void => {
    setPin(cursors);
    dispatch({ type: 'goTo', cursor: cursors.sim });
  };
  const stepSim = (cursor: number): void => {
    setPin(null);
    setPicked(null);
    dispatch({ type: 'goTo', cursor });
  };
  const stepRealTo = (cursor: number): void => {
    setPicked(null);
    place(stepReal(comparison, sim, real, cursor));
  };
  const pick = (item: CompareItem): void => {
    setPicked(item.key);
    place(jumpCursors(comparison, item, sim, real));
  };

  return (
    <div className="compare" data-testid="compare-view">
      <div className="compare-head">
        <p
          className={`compare-verdict ${comparison.match ? 'verdict-match' : 'verdict-differ'}`}
          data-testid="compare-verdict"
          data-match={comparison.match ? 'true' : 'false'}
        >
          <span className="verdict-mark" aria-hidden="true">
            {comparison.match ? '=' : '≠'}
          </span>
          {comparison.match ? t('compare.match') : t.count('compare.differ', counts.differences)}
        </p>
        <p className="compare-counts muted" title={countsText}>
          {countsText}
        </p>
        <p
          className="compare-tolerance muted"
          data-testid="compare-tolerance"
          title={comparison.diff.tolerance.description[lang]}
        >
          {t('compare.tolerance', { text: comparison.diff.tolerance.description[lang] })}
        </p>
      </div>
      <div className="compare-body">
        <Pane side="sim" trace={sim} cursor={simCursor} onStep={stepSim} />
        <Pane side="real" trace={real} cursor={realAt} onStep={stepRealTo} />
        <aside className="compare-list" aria-label={t('compare.differences')}>
          <div className="compare-list-head">
            <h3>
              {t('compare.differences')}
              {comparison.items.length > 0 && <span className="compare-list-count">{comparison.items.length}</span>}
            </h3>
            {notes > 0 && <p className="compare-footnote muted">{t('compare.notesHint')}</p>}
          </div>
          {comparison.items.length === 0 ? (
            <p className="muted">{t('compare.none')}</p>
          ) : (
            <div className="difference-groups">
              {comparison.groups.map((group) => (
                <DifferenceGroupList key={group.group} group={group} picked={picked} onPick={pick} />
              ))}
              <ul className="compare-notes muted" data-testid="compare-notes">
                {comparison.diff.notes.map((note) => (
                  <li key={note.en}>{note[lang]}</li>
                ))}
              </ul>
            </div>
          )}
        </aside>
      </div>
    </div>
  );
}

/** One group of differences under its heading, each a button that shows it in both diagrams. */
function DifferenceGroupList(props: {
  group: CompareGroup;
  picked: string | null;
  onPick: (item: CompareItem) => void;
}): JSX.Element {
  const t = useT();
  const lang = useAppStore(selectLang);
  const { group, picked, onPick } = props;
  return (
    <section className="difference-group" data-testid="difference-group" data-group={group.group}>
      <h4>
        {t(groupText[group.group])}
        <span className="compare-list-count">{group.items.length}</span>
      </h4>
      <ol>
        {group.items.map((item) => (
          <li key={item.key}>
            <button
              type="button"
              className={`difference difference-${item.group}${item.counts ? '' : ' difference-note'}`}
              data-testid="difference"
              data-group={item.group}
              data-type={item.type}
              data-code={item.code}
              data-counts={item.counts ? 'true' : 'false'}
              aria-current={picked === item.key ? 'true' : undefined}
              aria-expanded={picked === item.key}
              title={t('compare.jump')}
              onClick={() => onPick(item)}
            >
              <span className="difference-head">
                <span className="difference-type">{item.name[lang]}</span>
                <span className="difference-where">
                  {item.where}
                  {!item.counts && ` · ${t('compare.note')}`}
                </span>
              </span>
              <span className="difference-explain">{item.rule[lang]}</span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The comparison, or why there is none yet. */
export function CompareView(): JSX.Element {
  const t = useT();
  const sim = useAppStore(selectTrace);
  const real = useAppStore(selectReal);
  if (sim === null || real === null) {
    return (
      <div className="compare compare-empty" data-testid="compare-view">
        <p className="muted">{t('compare.waiting')}</p>
      </div>
    );
  }
  return <Comparison sim={sim} real={real} />;
}
