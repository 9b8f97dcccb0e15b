// Each TCP socket's control block at the cursor (RFC 9293 3.3.1), with its running timers.
import { useMemo } from 'react';
import type { Lang, MessageKey } from '../../i18n';
import { useT } from '../useT';
import {
  selectCurrentEvent,
  selectCurrentEventIndex,
  selectLang,
  selectSeqMode,
  selectShownEvents,
  selectTrace,
  useAppStore,
} from '../../store';
import { endpointName } from '../../diagram';
import { relativeTo, socketEndpoints, socketsAt, type SocketView } from '../../trace/query';
import type { CongestionPhase, LocalizedText, TcbEvent, Trace } from '../../trace/types';
import { formatTime } from '../format/events';

type Field = keyof Pick<
  TcbEvent,
  | 'iss'
  | 'irs'
  | 'sndUna'
  | 'sndNxt'
  | 'sndWnd'
  | 'rcvNxt'
  | 'rcvWnd'
  | 'sendQueued'
  | 'recvQueued'
  | 'rtoMs'
  | 'cwnd'
  | 'ssthresh'
  | 'srttUs'
  | 'ccPhase'
>;

/** States in which the peer's ISN is not known yet. */
const beforeIrs = new Set(['CLOSED', 'LISTEN', 'SYN-SENT']);

/** Congestion-control words (RFC 5681's names), kept here beside the rows that show them. */
const words = {
  cwnd: { en: 'congestion window (RFC 5681)', fr: 'fenêtre de congestion (RFC 5681)' },
  ssthresh: { en: 'slow-start threshold (RFC 5681)', fr: 'seuil de démarrage lent (RFC 5681)' },
  ccPhase: { en: 'Phase', fr: 'Phase' },
  ccPhaseTitle: { en: 'congestion control phase', fr: 'phase du contrôle de congestion' },
  srtt: { en: 'smoothed round-trip time (RFC 6298)', fr: 'temps aller-retour lissé (RFC 6298)' },
  kernelProbe: {
    en: 'Read by the kernel’s tcp:tcp_probe as a segment arrived, before it was processed; the kernel does not report RCV.NXT, the queues or the RTO there.',
    fr: 'Relevé par le point de trace tcp:tcp_probe du noyau à l’arrivée d’un segment, avant son traitement ; le noyau n’y indique ni RCV.NXT, ni les files, ni le RTO.',
  },
} satisfies Record<string, LocalizedText>;
const phases: Record<CongestionPhase, LocalizedText> = {
  'slow-start': { en: 'slow start', fr: 'démarrage lent' },
  'congestion-avoidance': { en: 'congestion avoidance', fr: 'évitement de congestion' },
  'fast-recovery': { en: 'fast recovery', fr: 'récupération rapide' },
  'loss-recovery': { en: 'loss recovery (after a timeout)', fr: 'récupération de pertes (après expiration)' },
};

/** SRTT in µs below a millisecond (loopback measures tens of µs), else in ms. */
function formatSrtt(us: number): string {
  return us < 1000 ? `${us} µs` : `${(us / 1000).toFixed(1)} ms`;
}

/** A field's text; undefined when the snapshot does not hold it (the row is left out). */
function fieldValue(tcb: TcbEvent, field: Field, relative: boolean, lang: Lang): string | undefined {
  const irsKnown = !(beforeIrs.has(tcb.state) && tcb.irs === 0);
  const value = tcb[field];
  if (value === undefined) return undefined;
  switch (field) {
    case 'irs':
      return irsKnown ? String(tcb.irs) : '—';
    case 'sndUna':
    case 'sndNxt':
      return String(relative ? relativeTo(tcb[field], tcb.iss) : tcb[field]);
    case 'rcvNxt':
      if (!irsKnown) return '—';
      return String(relative ? relativeTo(value as number, tcb.irs) : value);
    case 'rtoMs':
      return `${String(value)} ms`;
    case 'cwnd':
    case 'ssthresh':
      return `${String(value)} segments`;
    case 'srttUs':
      return formatSrtt(value as number);
    case 'ccPhase':
      return phases[value as CongestionPhase][lang];
    default:
      return String(value);
  }
}

/** RFC 9293 names stay as they are in both languages; the others are translated. */
/** `label` replaces `name` with a translated one; `long` is the row's tooltip. */
const fields: { field: Field; name?: string; message?: MessageKey; label?: LocalizedText; long?: LocalizedText }[] = [
  { field: 'iss', name: 'ISS' },
  { field: 'irs', name: 'IRS' },
  { field: 'sndUna', name: 'SND.UNA' },
  { field: 'sndNxt', name: 'SND.NXT' },
  { field: 'sndWnd', name: 'SND.WND' },
  { field: 'rcvNxt', name: 'RCV.NXT' },
  { field: 'rcvWnd', name: 'RCV.WND' },
  { field: 'sendQueued', message: 'tcb.sendQueued' },
  { field: 'recvQueued', message: 'tcb.recvQueued' },
  { field: 'rtoMs', message: 'tcb.rto' },
  // Congestion control (RFC 5681, RFC 6298), when the producer recorded it.
  { field: 'cwnd', name: 'cwnd', long: words.cwnd },
  { field: 'ssthresh', name: 'ssthresh', long: words.ssthresh },
  { field: 'ccPhase', label: words.ccPhase, long: words.ccPhaseTitle },
  { field: 'srttUs', name: 'SRTT', long: words.srtt },
];

interface CardProps {
  view: SocketView;
  relative: boolean;
  /** The current event concerns this socket. */
  current: boolean;
  /** The snapshot was taken at the current step, so its changes are highlighted. */
  fresh: boolean;
  /** Who made the trace: a capture has packets only, a real run's variables are not recorded. */
  source: Trace['source'];
  /** A real run whose TCB came from the kernel's tcp:tcp_probe (meta.states "tracepoints"). */
  probed: boolean;
  /** A capture's socket: the address:port that names it (its descriptor is made up, from 1000). */
  endpoint?: string;
}

/** Why a card has no variables to show: what the socket is, or what the trace could not record. */
function noTcbMessage(view: SocketView, source: Trace['source']): MessageKey {
  if (view.role === 'listener') return 'tcb.listener';
  if (source === 'pcap') return 'capture.noTcb';
  if (source === 'real') return 'tcb.notRecorded';
  return 'tcb.noSnapshot';
}

/** A real connection the kernel's probe never reported (it fires only for segments arriving in ESTABLISHED). */
const notProbed: LocalizedText = {
  en: 'connection: the kernel reported no variables for it (tcp:tcp_probe fires only as a segment arrives on an ESTABLISHED socket)',
  fr: 'connexion : le noyau n’a relevé aucune variable pour elle (tcp:tcp_probe ne se déclenche qu’à l’arrivée d’un segment sur une socket ESTABLISHED)',
};

function SocketCard({ view, relative, current, fresh, source, probed, endpoint }: CardProps) {
  const t = useT();
  const lang = useAppStore(selectLang);
  const { tcb, previous } = view;
  return (
    <article
      className={`tcb-card${current ? ' current' : ''}`}
      data-testid={`tcb-${view.host}-${view.socket}`}
      aria-labelledby={`tcb-title-${view.host}-${view.socket}`}
    >
      <h3 id={`tcb-title-${view.host}-${view.socket}`}>
        <span>
          {endpoint === undefined
            ? t('tcb.socket', { host: view.host, socket: view.socket })
            : endpointName(view.host, endpoint)}
        </span>
        <span className={`state-badge state-${view.state}`}>{view.state}</span>
      </h3>
      {tcb === undefined ? (
        <p className="muted tcb-listener">
          {probed && view.role !== 'listener' ? notProbed[lang] : t(noTcbMessage(view, source))}
        </p>
      ) : (
        <>
          <dl className="tcb-fields">
            {fields.map(({ field, name, message, label, long }) => {
              const value = fieldValue(tcb, field, relative, lang);
              if (value === undefined) return null;
              const changed = fresh && previous !== undefined && previous[field] !== tcb[field];
              return (
                <div
                  key={field}
                  className={changed ? 'changed' : undefined}
                  title={changed ? t('tcb.changed') : undefined}
                  data-field={field}
                >
                  <dt title={long?.[lang]}>
                    {label !== undefined ? label[lang] : message !== undefined ? t(message) : name}
                  </dt>
                  <dd>{value}</dd>
                </div>
              );
            })}
          </dl>
          {source === 'real' && <p className="muted small">{words.kernelProbe[lang]}</p>}
        </>
      )}
      {(tcb !== undefined || view.timers.length > 0) && (
        <p className="tcb-timers">
          <span className="fact-label">{t('tcb.timers')}</span>{' '}
          {view.timers.length === 0
            ? t('tcb.noTimers')
            : view.timers.map((timer) => (
                <span key={timer.timer} className="timer-chip">
                  {t(`timer.${timer.timer}`)}
                  {timer.at !== undefined && (
                    <span className="muted"> {t('tcb.expires', { at: formatTime(timer.at) })}</span>
                  )}
                </span>
              ))}
        </p>
      )}
    </article>
  );
}

export function TcbPanel() {
  const t = useT();
  const trace = useAppStore(selectTrace);
  const shown = useAppStore(selectShownEvents);
  const seqMode = useAppStore(selectSeqMode);
  const current = useAppStore(selectCurrentEvent);
  const currentIndex = useAppStore(selectCurrentEventIndex);
  // Connections first, listeners last: a stable order, so cards do not jump while stepping.
  const views = useMemo(() => {
    const all = trace === null ? [] : socketsAt(trace, shown);
    return [...all.filter((view) => view.tcb !== undefined), ...all.filter((view) => view.tcb === undefined)];
  }, [trace, shown]);
  const currentKey =
    current !== undefined && 'host' in current && 'socket' in current ? `${current.host}/${current.socket}` : '';
  if (views.length === 0) return <p className="muted">{t('tcb.empty')}</p>;
  return (
    <div className="tcb-panel" data-testid="tcb-panel">
      {views.map((view) => (
        <SocketCard
          key={`${view.host}/${view.socket}`}
          view={view}
          relative={seqMode === 'relative'}
          current={`${view.host}/${view.socket}` === currentKey}
          fresh={currentIndex >= 0 && (view.tcbIndex ?? -1) > currentIndex}
          source={trace?.source ?? 'sim'}
          probed={trace?.source === 'real' && trace.meta.states === 'tracepoints'}
          endpoint={trace?.source === 'pcap' ? socketEndpoints(trace).get(`${view.host}|${view.socket}`) : undefined}
        />
      ))}
      <p className="muted small">{t(seqMode === 'relative' ? 'tcb.relative' : 'tcb.absolute')}</p>
    </div>
  );
}
