// "Break it yourself" (issue 13), in the packet pane: drop, delay or duplicate this packet, or make
// its sender or receiver vanish at this moment. Each adds a fault rule to the lesson and simulates
// it again at the same step (store/faults.ts computes the rule from the Trace; nothing is
// re-derived here). Above the buttons, what a delay or duplicate rule already did to this packet,
// read from the deliveries the Trace marks with their rule.
import { useState } from 'react';
import type { Lang } from '../../i18n';
import { translator } from '../../i18n';
import { formatInstant } from '../../diagram';
import {
  crashRuleAt,
  delayChoicesMs,
  delayRuleFor,
  dropRuleFor,
  duplicateRuleFor,
  faultRulesOf,
  maxLearnerFaults,
  sameFault,
  selectCurrentScenario,
  selectFaults,
  setFaults,
  useAppStore,
  type AppStore,
} from '../../store';
import { packetFates } from '../../trace/query';
import type { Trace } from '../../trace/types';
import type { FaultRule } from '../../scenario/schema';
import { CraftSegment } from './CraftSegment';
import './faults.css';

/** Faults can be added to a simulated lesson only: not to a capture or a real run. */
export const selectCanBreak = (state: AppStore): boolean =>
  state.imported === null && state.source === 'sim' && state.scenarioId !== null && state.trace !== null;

function add(rule: FaultRule | undefined): void {
  if (rule === undefined) return;
  const faults = useAppStore.getState().faults;
  if (faults.length >= maxLearnerFaults || faults.some((fault) => sameFault(fault, rule))) return;
  setFaults([...faults, rule]);
}

/** Adds a learner's fault unless the list has it or is full (the host cards' crash buttons too). */
export const addLearnerFault = add;

/** The delay last chosen: the pane is drawn again after every new run, and keeps offering it. */
let chosenDelayMs: number = delayChoicesMs[1];

export function FaultActions({ eventIndex, lang }: { eventIndex: number; lang: Lang }) {
  const t = translator(lang);
  const canBreak = useAppStore(selectCanBreak);
  const trace = useAppStore((state) => state.trace);
  const count = useAppStore(selectFaults).length;
  const [delayMs, setDelayMs] = useState<number>(chosenDelayMs);
  if (!canBreak || trace === null) return null;
  const event = trace.events[eventIndex];
  if (event === undefined || (event.kind !== 'segment' && event.kind !== 'datagram')) return null;
  // The drop, delay and duplicate rules all place the packet the same way: one may exist only if all do.
  const drop = dropRuleFor(trace, eventIndex);
  const full = count >= maxLearnerFaults;
  const disabled = drop === undefined || full;
  const packetTitle = (title: string): string => (drop === undefined ? t('faults.alreadyDropped') : title);
  const at = formatInstant(event.t, lang);
  return (
    <div className="fault-actions" role="group" aria-label={t('faults.group')} data-testid="fault-actions">
      <FaultNotes trace={trace} id={event.id} lang={lang} />
      <span className="fault-actions-label">{t('faults.group')}</span>
      <button
        type="button"
        className="button"
        data-testid="packet-drop"
        disabled={disabled}
        title={packetTitle(t('faults.dropTitle'))}
        onClick={() => add(drop)}
      >
        {t('faults.drop')}
      </button>
      <span className="fault-delay">
        <button
          type="button"
          className="button"
          data-testid="packet-delay"
          disabled={disabled}
          title={packetTitle(t('faults.delayTitle', { ms: String(delayMs) }))}
          onClick={() => add(delayRuleFor(trace, eventIndex, delayMs))}
        >
          {t('faults.delay')}
        </button>
        <select
          className="fault-delay-ms"
          data-testid="packet-delay-ms"
          aria-label={t('faults.delayBy')}
          value={delayMs}
          disabled={disabled}
          onChange={(change) => {
            chosenDelayMs = Number(change.target.value);
            setDelayMs(chosenDelayMs);
          }}
        >
          {delayChoicesMs.map((ms) => (
            <option key={ms} value={ms}>
              +{ms} ms
            </option>
          ))}
        </select>
      </span>
      <button
        type="button"
        className="button"
        data-testid="packet-duplicate"
        disabled={disabled}
        title={packetTitle(t('faults.duplicateTitle'))}
        onClick={() => add(duplicateRuleFor(trace, eventIndex))}
      >
        {t('faults.duplicate')}
      </button>
      {[event.from, event.to].map((host) => (
        <button
          key={host}
          type="button"
          className="button"
          data-testid={`fault-crash-${host}`}
          disabled={full}
          title={t('faults.crashTitle', { host, at })}
          onClick={() => add(crashRuleAt(trace, eventIndex, host))}
        >
          {t('faults.crash', { host })}
        </button>
      ))}
      <CraftSegment eventIndex={eventIndex} lang={lang} />
      {full && <span className="muted small">{t('faults.full', { n: maxLearnerFaults })}</span>}
    </div>
  );
}

/**
 * One line per delay or duplicate rule that shaped this packet's deliveries: the Trace names the
 * rule on each delivery it moved or made (world.ts deliverFaulted); the rule itself is the
 * lesson's, with the learner's after its own (withLearnerFaults).
 */
function FaultNotes({ trace, id, lang }: { trace: Trace; id: number; lang: Lang }) {
  const t = translator(lang);
  const scenario = useAppStore(selectCurrentScenario);
  const learner = useAppStore(selectFaults);
  const rules = [...(scenario?.faults ?? []), ...learner];
  const notes = new Map<number, string>();
  for (const index of packetFates(trace).get(id) ?? []) {
    const fate = trace.events[index];
    if (fate?.kind !== 'deliver') continue;
    const when = formatInstant(fate.t, lang);
    for (const number of faultRulesOf(fate.reason)) {
      const rule = rules[number - 1];
      if (notes.has(number) || rule === undefined) continue;
      if (rule.type === 'delay') notes.set(number, t('faults.note.delayed', { rule: number, ms: rule.ms, at: when }));
      if (rule.type === 'duplicate' && fate.duplicate === true)
        notes.set(number, t('faults.note.copy', { rule: number, at: when }));
    }
  }
  if (notes.size === 0) return null;
  return (
    <ul className="fault-notes" data-testid="fault-notes">
      {[...notes.values()].map((text) => (
        <li key={text} data-testid="fault-note">
          {text}
        </li>
      ))}
    </ul>
  );
}
