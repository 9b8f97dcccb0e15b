// The diagram up to the cursor as a list of sequence-diagram statements (participants, messages,
// notes), from which the text exports are written: Mermaid (mermaid.ts) and PlantUML
// (plantuml.ts). A pure function of the trace and the display settings.
import { translate, type Lang } from '../../i18n';
import type { Trace } from '../../trace/types';
import {
  buildLanes,
  datagramNotation,
  endpointName,
  segmentNotation,
  type LaneSpec,
  type SeqMode,
} from '../../diagram';
import { relativeNumbers } from '../../trace/query';

export interface SequenceTextOptions {
  /** Events drawn: events[0 .. shownEvents-1]; defaults to all. */
  shownEvents?: number;
  seqMode?: SeqMode;
  lang?: Lang;
}

export interface Participant {
  /** Letters, digits and underscores only, never starting with a digit; unique. */
  id: string;
  name: string;
}

export type Statement =
  | { kind: 'message'; from: string; to: string; style: 'solid' | 'lost' | 'dashed'; text: string }
  | { kind: 'note'; over: string[]; text: string };

export interface SequenceText {
  scenario?: string;
  participants: Participant[];
  statements: Statement[];
}

function participantId(lane: LaneSpec): string {
  const suffix = !lane.shared ? '' : lane.fd === undefined ? '_kernel' : `_fd${lane.fd}`;
  const base = `${lane.host}${suffix}`.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(base) ? base : `h_${base}`;
}

function participantName(lane: LaneSpec, lang: Lang): string {
  // A capture's lane is named by its address:port ("server (10.0.0.2:80)"), as in the diagram.
  if (lane.endpoint !== undefined) return endpointName(lane.host, lane.endpoint);
  if (!lane.shared) return lane.host;
  if (lane.fd === undefined) return `${lane.host} (${translate(lang, 'diagram.noSocket')})`;
  return `${lane.host} ${translate(lang, 'diagram.fd', { fd: lane.fd })}`;
}

export function sequenceText(trace: Trace, options: SequenceTextOptions = {}): SequenceText {
  const lang = options.lang ?? 'en';
  const seqMode = options.seqMode ?? 'relative';
  const shown = Math.max(0, Math.min(options.shownEvents ?? trace.events.length, trace.events.length));
  const { lanes, laneOf, eventLane, headingLane } = buildLanes(trace);
  const ids = lanes.map(participantId);
  // Two lanes never share an id (a host named like another's descriptor lane gets a suffix).
  const seen = new Map<string, number>();
  ids.forEach((id, i) => {
    const count = seen.get(id) ?? 0;
    seen.set(id, count + 1);
    if (count > 0) ids[i] = `${id}_${count + 1}`;
  });
  const who = (host: string, socket?: number) => ids[laneOf(host, socket)] ?? ids[0] ?? host;

  const events = trace.events.slice(0, shown);
  const relative = relativeNumbers(trace);
  // How each packet sent so far ended, among the events shown: the lane it reached or was lost on.
  const ends = new Map<number, { kind: 'deliver' | 'drop'; lane: number }>();
  events.forEach((event, at) => {
    if ((event.kind === 'deliver' && !event.duplicate) || event.kind === 'drop') {
      if (!ends.has(event.id)) ends.set(event.id, { kind: event.kind, lane: eventLane[at]! });
    }
  });
  const lane = (at: number) => ids[eventLane[at]!] ?? ids[0] ?? '';
  const target = (id: number, to: string): string => {
    const end = ends.get(id);
    return ids[end === undefined ? headingLane(id, to) : end.lane] ?? ids[0] ?? to;
  };
  const style = (id: number) => (ends.get(id)?.kind === 'drop' ? ('lost' as const) : ('solid' as const));
  const everyone = ids.length > 1 ? [ids[0] ?? '', ids[ids.length - 1] ?? ''] : [ids[0] ?? ''];

  const statements: Statement[] = [];
  events.forEach((event, at) => {
    switch (event.kind) {
      case 'segment': {
        let text = segmentNotation(event, relative.get(event.id), seqMode);
        if (event.retransmission) text += ` (${translate(lang, 'event.retransmission')})`;
        statements.push({
          kind: 'message',
          from: lane(at),
          to: target(event.id, event.to),
          style: style(event.id),
          text,
        });
        break;
      }
      case 'datagram':
        statements.push({
          kind: 'message',
          from: lane(at),
          to: target(event.id, event.to),
          style: style(event.id),
          text: datagramNotation(event),
        });
        break;
      case 'icmp':
        statements.push({
          kind: 'message',
          from: lane(at),
          to: target(event.id, event.to),
          style: 'dashed',
          text: translate(lang, `diagram.icmp.${event.type}`),
        });
        break;
      case 'state':
        statements.push({ kind: 'note', over: [who(event.host, event.socket)], text: event.to });
        break;
      case 'return':
        if (event.errno !== undefined)
          statements.push({
            kind: 'note',
            over: [who(event.host, event.socket)],
            text: `${event.call}() → ${event.errno}`,
          });
        break;
      case 'note':
        statements.push({
          kind: 'note',
          over: event.host !== undefined ? [who(event.host)] : everyone,
          text: event.text[lang],
        });
        break;
      default:
        break;
    }
  });
  return {
    ...(trace.meta.scenario !== undefined ? { scenario: String(trace.meta.scenario) } : {}),
    participants: lanes.map((l, i) => ({ id: ids[i] ?? '', name: participantName(l, lang) })),
    statements,
  };
}
