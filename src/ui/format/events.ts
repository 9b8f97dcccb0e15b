// Turns a Trace into rows of short, localized text for the event list. Pure: no React, no DOM,
// so it is tested directly and the components only lay the rows out.
import { translator, type Lang, type Translate } from '../../i18n';
import type { SegmentEvent, TcbEvent, Trace, TraceEvent } from '../../trace/types';
import { previewPayload } from '../../diagram';
import {
  isPacket,
  packetIndex,
  relativeNumbers,
  type RelativeNumbering,
  type RelativeNumbers,
} from '../../trace/query';

/** How a piece of text is shown: `error` in red, `state` and `flags` highlighted, `code` monospace. */
export type Tone = 'plain' | 'code' | 'muted' | 'error' | 'state' | 'flags' | 'warning';

export interface Part {
  text: string;
  tone: Tone;
}

export interface EventRow {
  /** Position in trace.events, a stable React key. */
  index: number;
  kind: TraceEvent['kind'];
  time: string;
  host: string;
  socket?: number;
  kindLabel: string;
  parts: Part[];
}

/** Microseconds as milliseconds with microsecond precision: 1234 -> "1.234". */
export function formatTime(microseconds: number): string {
  return (microseconds / 1000).toFixed(3);
}

const part = (text: string, tone: Tone = 'plain'): Part => ({ text, tone });

function formatValue(key: string, value: unknown): string {
  if (key === 'payload' && typeof value === 'string') return previewPayload(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 60)}…` : json;
}

function formatArgs(args: Record<string, unknown>): string {
  return Object.entries(args)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${formatValue(key, value)}`)
    .join(', ');
}

function bytes(t: Translate, count: number): string {
  return t.count('event.bytes', count);
}

function formatResult(t: Translate, result: unknown): string {
  if (result === undefined || result === null) return t('event.returnOk');
  if (typeof result === 'number' || typeof result === 'boolean') return String(result);
  if (typeof result === 'string') return JSON.stringify(result);
  if (typeof result === 'object') {
    const record = result as Record<string, unknown>;
    if (typeof record.bytes === 'number') {
      const rest = Object.entries(record).filter(([key]) => key !== 'bytes' && key !== 'payload');
      const text = [bytes(t, record.bytes)];
      if (typeof record.payload === 'string' && record.bytes > 0) text.push(previewPayload(record.payload));
      if (rest.length > 0) text.push(formatArgs(Object.fromEntries(rest)));
      return text.join(' ');
    }
    return formatArgs(record);
  }
  return String(result);
}

function segmentNumbers(event: SegmentEvent, relative: RelativeNumbers | undefined): string {
  const seq = relative?.seq ?? event.seq;
  const ack = event.flags.includes('ACK') ? ` ack=${relative?.ack ?? event.ack}` : '';
  return `seq=${seq}${ack} win=${event.window} len=${event.len}`;
}

interface Packet {
  id: number;
  from: string;
  to: string;
  summary: Part[];
}

/** The summary of the packet with this id. */
type PacketLookup = (id: number) => Packet | undefined;

/** A snapshot's sequence variables; RCV.NXT only when recorded (a real run's tcp_probe does not report it). */
function tcbText(event: TcbEvent): string {
  const rcvNxt = event.rcvNxt === undefined ? '' : ` RCV.NXT=${event.rcvNxt}`;
  return `SND.UNA=${event.sndUna} SND.NXT=${event.sndNxt}${rcvNxt}`;
}

function describe(
  event: TraceEvent,
  t: Translate,
  lang: Lang,
  packets: PacketLookup,
): Pick<EventRow, 'host' | 'socket' | 'parts'> {
  switch (event.kind) {
    case 'call':
      return {
        host: event.host,
        socket: event.socket,
        parts: [part(`${event.call}(${formatArgs(event.args)})`, 'code')],
      };
    case 'return':
      return {
        host: event.host,
        socket: event.socket,
        parts:
          event.errno === undefined
            ? [part(`${event.call}() →`, 'code'), part(formatResult(t, event.result), 'code')]
            : [part(`${event.call}() →`, 'code'), part(event.errno, 'error')],
      };
    case 'state': {
      const parts = [part(`${event.from} → ${event.to}`, 'state')];
      const cause = event.causeText?.[lang] ?? event.cause;
      if (cause !== '') parts.push(part(cause, 'muted'));
      if (event.inferred === true) parts.push(part(t('event.inferred'), 'muted'));
      return { host: event.host, socket: event.socket, parts };
    }
    case 'segment':
    case 'datagram':
    case 'icmp': {
      const summary = packets(event.id)?.summary ?? [];
      const parts = [part(`${event.from} → ${event.to}`), ...summary];
      if (event.kind === 'segment' && event.len > 0 && event.payload !== '') {
        parts.push(part(previewPayload(event.payload), 'code'));
      }
      if (event.kind === 'datagram' && event.payload !== '') parts.push(part(previewPayload(event.payload), 'code'));
      if (event.kind === 'icmp') parts.push(part(t('event.icmpAbout', { id: event.about }), 'muted'));
      if (event.kind === 'segment' && event.retransmission === true) {
        parts.push(part(t('event.retransmission'), 'warning'));
      }
      parts.push(part(`#${event.id}`, 'muted'));
      return { host: event.from, parts };
    }
    case 'deliver':
    case 'drop': {
      const packet = packets(event.id);
      const host = packet?.to ?? '';
      const parts = [...(packet?.summary ?? [part(t('event.packet', { id: event.id }))])];
      if (event.kind === 'deliver') {
        parts.push(part(t('event.deliveredTo', { host }), 'muted'));
        // A delivery a delay or duplicate rule moved or made names it, as a drop names its cause.
        if (event.reason !== undefined) parts.push(part(`(${event.reason})`, 'muted'));
      } else {
        parts.push(part(t('event.lostBefore', { host }), 'error'));
        if (event.reason !== '') parts.push(part(`(${event.reason})`, 'muted'));
      }
      parts.push(part(`#${event.id}`, 'muted'));
      return { host, parts };
    }
    case 'timer': {
      const timer = t(`timer.${event.timer}`);
      const text =
        event.action === 'set'
          ? t('event.timer.set', { timer, at: event.at === undefined ? '?' : formatTime(event.at) })
          : t(event.action === 'fire' ? 'event.timer.fire' : 'event.timer.cancel', { timer });
      return { host: event.host, socket: event.socket, parts: [part(text)] };
    }
    case 'note':
      return { host: event.host ?? '', parts: [part(event.text[lang])] };
    case 'tcb':
      return {
        host: event.host,
        socket: event.socket,
        parts: [part(tcbText(event), 'code')],
      };
  }
}

function packetSummary(event: TraceEvent, t: Translate, relative: RelativeNumbering): Packet | undefined {
  switch (event.kind) {
    case 'segment':
      return {
        id: event.id,
        from: event.from,
        to: event.to,
        summary: [
          part(event.flags.length > 0 ? event.flags.join(', ') : '—', 'flags'),
          part(segmentNumbers(event, relative.get(event.id)), 'code'),
          ...Object.entries(event.options).map(([key, value]) => part(`${key}=${formatValue(key, value)}`, 'muted')),
        ],
      };
    case 'datagram':
      return {
        id: event.id,
        from: event.from,
        to: event.to,
        summary: [part('UDP', 'flags'), part(bytes(t, event.len), 'code')],
      };
    case 'icmp':
      return {
        id: event.id,
        from: event.from,
        to: event.to,
        summary: [part(`ICMP ${t(`icmp.${event.type}`)}`, 'flags')],
      };
    default:
      return undefined;
  }
}

const translators = new Map<Lang, Translate>();

function translatorFor(lang: Lang): Translate {
  let t = translators.get(lang);
  if (t === undefined) translators.set(lang, (t = translator(lang)));
  return t;
}

/**
 * The row of trace.events[index] (undefined for a TCB snapshot, which belongs to the TCB panel, and
 * past the end). One event at a time, so the event list describes only the rows it draws: a
 * deliver or drop finds its packet through the query layer's packet index.
 */
export function describeEvent(trace: Trace, index: number, lang: Lang): EventRow | undefined {
  const event = trace.events[index];
  if (event === undefined || event.kind === 'tcb') return undefined;
  const t = translatorFor(lang);
  const relative = relativeNumbers(trace);
  const packets: PacketLookup = (id) => {
    if (isPacket(event) && event.id === id) return packetSummary(event, t, relative);
    const sent = packetIndex(trace).byId.get(id);
    return sent === undefined ? undefined : packetSummary(sent, t, relative);
  };
  return {
    index,
    kind: event.kind,
    time: formatTime(event.t),
    kindLabel: t(`kind.${event.kind}`),
    ...describe(event, t, lang, packets),
  };
}

/** One row per event but TCB snapshots, in trace order, at most `limit` rows. */
export function describeTrace(trace: Trace, lang: Lang, limit = Number.POSITIVE_INFINITY): EventRow[] {
  const rows: EventRow[] = [];
  for (let index = 0; index < trace.events.length && rows.length < limit; index++) {
    const row = describeEvent(trace, index, lang);
    if (row !== undefined) rows.push(row);
  }
  return rows;
}

/** Simulated time covered by the trace, in milliseconds. */
export function traceDuration(trace: Trace): string {
  const last = trace.events.at(-1);
  return formatTime(last?.t ?? 0);
}
