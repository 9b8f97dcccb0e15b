// Localized descriptions of drawn items: the <title> of each arrow, band, bar and timer.
import type { MessageKey, Translate } from '../i18n';
import type { LaneSpec } from './lanes';
import type { ArrowItem, BandItem, BarItem, DiagramLayout, GapItem, TimerItem } from './model';
import { formatDuration, formatInstant } from './notation';

/** What a lane's header says under its host: a capture's address:port, else the descriptor. */
export function laneLabel(t: (key: MessageKey, params?: Record<string, number>) => string, lane: LaneSpec): string {
  if (lane.endpoint !== undefined) return lane.endpoint;
  return lane.fd === undefined ? t('diagram.noSocket') : t('diagram.fd', { fd: lane.fd });
}

/** A socket seen at `endpoint`: "10.0.0.1:43210" when its host is named by its address, else "server (10.0.0.2:80)". */
export function endpointName(host: string, endpoint: string): string {
  return endpoint.startsWith(`${host}:`) || endpoint.startsWith(`[${host}]:`) ? endpoint : `${host} (${endpoint})`;
}

/** A lane's description: a capture's socket by its address and port, else host, address and descriptor. */
export function laneTitle(t: Translate, lane: LaneSpec): string {
  if (lane.endpoint !== undefined) return endpointName(lane.host, lane.endpoint);
  return t('diagram.lane.title', { host: lane.host, addr: lane.addr, fd: lane.fd ?? '—' });
}

export function arrowTitle(t: Translate, arrow: ArrowItem, shownEvents: number): string {
  const time = (us: number) => formatInstant(us, t.lang);
  const label = arrow.label?.text ?? arrow.notation;
  const parts = [t('diagram.arrow.sent', { label, from: arrow.from, to: arrow.to, time: time(arrow.sentAt) })];
  if (arrow.retransmission) parts.push(t('diagram.arrow.retransmission'));
  if (arrow.duplicate) parts.push(t('diagram.arrow.duplicate'));
  const ended = arrow.endIndex >= 0 && arrow.endIndex < shownEvents;
  if (!ended) parts.push(t('diagram.arrow.inFlight'));
  else if (arrow.fate === 'dropped')
    parts.push(t('diagram.arrow.dropped', { time: time(arrow.endAt), reason: arrow.reason ?? '' }));
  else parts.push(t('diagram.arrow.delivered', { time: time(arrow.endAt) }));
  return parts.join(', ');
}

export function bandTitle(t: Translate, layout: DiagramLayout, band: BandItem): string {
  const lane = layout.lanes[band.lane];
  return t('diagram.state.title', {
    host: lane?.host ?? '',
    fd: lane?.fd ?? '—',
    state: band.state,
    time: formatInstant(band.at, t.lang),
    cause: band.causeText?.[t.lang] ?? band.cause,
  });
}

export function barTitle(t: Translate, layout: DiagramLayout, bar: BarItem, shownEvents: number): string {
  const time = (us: number) => formatInstant(us, t.lang);
  const host = layout.lanes[bar.lane]?.host ?? '';
  const head = t('diagram.call.title', { call: bar.call, host, time: time(bar.calledAt) });
  if (bar.endIndex < 0 || bar.endIndex >= shownEvents) return `${head}, ${t('diagram.call.waiting')}`;
  if (bar.errno !== undefined)
    return `${head}, ${t('diagram.call.failed', { time: time(bar.returnedAt), errno: bar.errno })}`;
  return `${head}, ${t('diagram.call.returned', { time: time(bar.returnedAt) })}`;
}

export function timerTitle(t: Translate, layout: DiagramLayout, timer: TimerItem, shownEvents: number): string {
  const time = (us: number) => formatInstant(us, t.lang);
  const lane = layout.lanes[timer.lane];
  const head = t('diagram.timer.title', {
    timer: t(`diagram.timer.${timer.timer}`),
    host: lane?.host ?? '',
    fd: lane?.fd ?? '—',
    time: time(timer.setAt),
  });
  const ended = timer.endIndex >= 0 && timer.endIndex < shownEvents;
  if (!ended || timer.outcome === 'pending')
    return timer.dueAt === undefined ? head : `${head}, ${t('diagram.timer.pending', { time: time(timer.dueAt) })}`;
  const key =
    timer.outcome === 'fire'
      ? 'diagram.timer.fired'
      : timer.outcome === 'cancel'
        ? 'diagram.timer.cancelled'
        : 'diagram.timer.restarted';
  return `${head}, ${t(key, { time: time(timer.endAt) })}`;
}

export function gapTitle(t: Translate, gap: GapItem): string {
  return t('diagram.gap.title', { duration: formatDuration(gap.t1 - gap.t0, t.lang) });
}
