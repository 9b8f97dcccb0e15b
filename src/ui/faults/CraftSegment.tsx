// "Craft a segment" (issue 13), in the packet pane: the learner forges a segment into this packet's
// connection, with the peer's address and port, at the cursor's moment (an inject fault rule), to
// see what RFC 5961 asks of the receiver: a challenge ACK, a reset, a duplicate ACK or silence. The
// rule's numbers are relative to the receiver (store/inject-faults.ts), so the share link reopens it.
import { useEffect, useRef, useState, type FormEvent, type JSX } from 'react';
import { formatInstant } from '../../diagram';
import { translator, type Lang, type Translate } from '../../i18n';
import type { InjectRule } from '../../scenario/inject';
import type { FaultRule } from '../../scenario/schema';
import {
  maxLearnerFaults,
  sameFault,
  selectCurrentEventIndex,
  selectFaults,
  selectShownEvents,
  setFaults,
  useAppStore,
} from '../../store';
import {
  craftKinds,
  craftPlaces,
  craftRuleAt,
  maxCraftDataChars,
  type CraftKind,
  type CraftPlace,
  type CraftTarget,
} from '../../store/inject-faults';
import { packetIndex, socketsAt } from '../../trace/query';
import type { SegmentEvent, Trace } from '../../trace/types';
import { selectCanBreak } from './FaultActions';
import './craft-segment.css';

const port = (endpoint: string): number => Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));

/** The two ends of the packet's connection: into its receiver (from its sender's address), or back. */
function targets(packet: SegmentEvent): CraftTarget[] {
  const forward = { to: packet.to, toPort: port(packet.dst), from: packet.from, fromPort: port(packet.src) };
  return [forward, { to: forward.from, toPort: forward.fromPort, from: forward.to, fromPort: forward.toPort }];
}

/**
 * The receiving socket's state at the cursor: the packet's sender, or the socket its delivery
 * names, read from the Trace's TCB snapshots; undefined when it holds no connection to craft into.
 */
function receiverState(trace: Trace, shown: number, target: CraftTarget, packet: SegmentEvent): string | undefined {
  let socket = packet.socket;
  if (target.to === packet.to) {
    const fate = trace.events[packetIndex(trace).fateOf.get(packet.id) ?? -1];
    socket = fate?.kind === 'deliver' ? fate.socket : undefined;
  }
  if (socket === undefined) return undefined;
  const view = socketsAt(trace, shown).find((found) => found.host === target.to && found.socket === socket);
  if (view === undefined || view.role !== 'connection') return undefined;
  return view.state === 'CLOSED' || view.state === 'SYN-SENT' ? undefined : view.state;
}

/** The fault list's line for a crafted segment: its flags, where it goes, when, and its sequence number. */
export function injectText(rule: InjectRule, t: Translate, lang: Lang): string {
  const { seq } = rule;
  const base = typeof seq === 'number' ? String(seq) : t(`craft.seqText.${seq.rel}`);
  const offset =
    typeof seq === 'number' || seq.offset === 0 ? '' : seq.offset > 0 ? ` + ${seq.offset}` : ` − ${-seq.offset}`;
  const at = formatInstant(rule.atMs * 1000, lang);
  return t('faults.item.inject', { flags: rule.flags.join(','), to: rule.to, from: rule.from, at, seq: base + offset });
}

/** Where and when the segment arrives, the connection's state, and what the ACK field holds. */
function craftNote(t: Translate, rule: InjectRule, state: string | undefined, at: string): string {
  const { to, from } = rule;
  if (state === undefined) return t('craft.noConnection', { to, from, at });
  const ack = rule.flags.includes('ACK') ? ` ${t('craft.noteAck', { to })}` : '';
  return t('craft.note', { to, from, state, at }) + ack;
}

function add(rule: FaultRule): void {
  const faults = useAppStore.getState().faults;
  if (faults.length >= maxLearnerFaults || faults.some((fault) => sameFault(fault, rule))) return;
  setFaults([...faults, rule]);
}

export function CraftSegment({ eventIndex, lang }: { eventIndex: number; lang: Lang }) {
  const t = translator(lang);
  const canBreak = useAppStore(selectCanBreak);
  const trace = useAppStore((state) => state.trace);
  const full = useAppStore(selectFaults).length >= maxLearnerFaults;
  const [open, setOpen] = useState(false);
  const packet = trace?.events[eventIndex];
  if (!canBreak || trace === null || packet?.kind !== 'segment' || packet.crafted !== undefined) return null;
  if (open)
    return <CraftForm trace={trace} packet={packet} eventIndex={eventIndex} lang={lang} close={() => setOpen(false)} />;
  return (
    <button
      type="button"
      className="button"
      data-testid="segment-craft-open"
      title={t('craft.openTitle')}
      disabled={full}
      onClick={() => setOpen(true)}
    >
      {t('craft.open')}
    </button>
  );
}

interface CraftFormProps {
  trace: Trace;
  packet: SegmentEvent;
  eventIndex: number;
  lang: Lang;
  close: () => void;
}

function CraftForm({ trace, packet, eventIndex, lang, close }: CraftFormProps) {
  const t = translator(lang);
  const cursorIndex = useAppStore(selectCurrentEventIndex);
  const shown = useAppStore(selectShownEvents);
  const full = useAppStore(selectFaults).length >= maxLearnerFaults;
  const [into, setInto] = useState(0);
  const [kind, setKind] = useState<CraftKind>('rst');
  const [place, setPlace] = useState<CraftPlace>('in-window');
  const [data, setData] = useState('hello');
  const form = useRef<HTMLFormElement>(null);
  // The packet pane is a third of the screen at most: bring the whole form into its view.
  useEffect(() => {
    form.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  const choices = targets(packet);
  const target = choices[into] ?? choices[0]!;
  const state = receiverState(trace, shown, target, packet);
  const rule = craftRuleAt(trace, cursorIndex < 0 ? eventIndex : cursorIndex, target, { kind, place, data });
  const when = formatInstant(rule.atMs * 1000, lang);
  const options = (values: readonly string[], label: (value: string) => string) =>
    values.map((value) => (
      <option key={value} value={value}>
        {label(value)}
      </option>
    ));
  const field = (key: 'into' | 'kind' | 'place', value: string, set: (value: string) => void, list: JSX.Element[]) => (
    <label>
      {t(key === 'into' ? 'craft.into' : key === 'kind' ? 'craft.kind' : 'craft.seq')}
      <select data-testid={`segment-craft-${key}`} value={value} onChange={(c) => set(c.target.value)}>
        {list}
      </select>
    </label>
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add(rule);
    close();
  };
  return (
    <form
      ref={form}
      className="craft-segment"
      data-testid="segment-craft"
      aria-label={t('craft.heading')}
      onSubmit={submit}
    >
      <span className="craft-heading">{t('craft.heading')}</span>
      {field(
        'into',
        String(into),
        (i) => setInto(Number(i)),
        options(['0', '1'], (i) =>
          t('craft.intoChoice', { to: choices[Number(i)]!.to, from: choices[Number(i)]!.from }),
        ),
      )}
      {field(
        'kind',
        kind,
        (k) => setKind(k as CraftKind),
        options(craftKinds, (k) => t(`craft.kind.${k as CraftKind}`)),
      )}
      {field(
        'place',
        place,
        (p) => setPlace(p as CraftPlace),
        options(craftPlaces, (p) => t(`craft.place.${p as CraftPlace}`)),
      )}
      {kind === 'data' && (
        <label>
          {t('craft.data')}
          <input
            data-testid="segment-craft-data"
            value={data}
            maxLength={maxCraftDataChars}
            size={12}
            onChange={(c) => setData(c.target.value)}
          />
        </label>
      )}
      <span className="craft-note muted small" data-testid="segment-craft-note">
        {craftNote(t, rule, state, when)}
      </span>
      <span className="craft-buttons">
        <button
          type="submit"
          className="button primary"
          data-testid="segment-craft-send"
          disabled={state === undefined || full}
        >
          {t('craft.send')}
        </button>
        <button type="button" className="button" data-testid="segment-craft-cancel" onClick={close}>
          {t('craft.cancel')}
        </button>
      </span>
    </form>
  );
}
