// The diagram up to the cursor as Mermaid sequence-diagram text, to paste into Markdown notes,
// slides or a wiki. A pure function of the trace and the display settings.
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

export interface MermaidOptions {
  /** Events drawn: events[0 .. shownEvents-1]; defaults to all. */
  shownEvents?: number;
  seqMode?: SeqMode;
  lang?: Lang;
}

/** Mermaid ends a statement at `;` and reads `#…;` as an entity: both are written as entities. */
export function mermaidText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[#;]/g, (char) => (char === '#' ? '#35;' : '#59;'))
    .trim();
}

/** A participant id: letters, digits and underscores only, never starting with a digit. */
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

export function toMermaid(trace: Trace, options: MermaidOptions = {}): string {
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
  // How each packet sent so far ended, among the events shown: the lane (the diagram's own) it reached or was lost on.
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
  const arrow = (id: number) => (ends.get(id)?.kind === 'drop' ? '-x' : '->>');

  const lines = ['sequenceDiagram'];
  if (trace.meta.scenario !== undefined) lines.push(`  %% Wirestep: ${mermaidText(String(trace.meta.scenario))}`);
  lanes.forEach((lane, i) => lines.push(`  participant ${ids[i]} as ${mermaidText(participantName(lane, lang))}`));
  events.forEach((event, at) => {
    switch (event.kind) {
      case 'segment': {
        let text = segmentNotation(event, relative.get(event.id), seqMode);
        if (event.retransmission) text += ` (${translate(lang, 'event.retransmission')})`;
        lines.push(`  ${lane(at)}${arrow(event.id)}${target(event.id, event.to)}: ${mermaidText(text)}`);
        break;
      }
      case 'datagram':
        lines.push(
          `  ${lane(at)}${arrow(event.id)}${target(event.id, event.to)}: ${mermaidText(datagramNotation(event))}`,
        );
        break;
      case 'icmp':
        lines.push(
          `  ${lane(at)}-->>${target(event.id, event.to)}: ${mermaidText(translate(lang, `diagram.icmp.${event.type}`))}`,
        );
        break;
      case 'state':
        lines.push(`  Note over ${who(event.host, event.socket)}: ${event.to}`);
        break;
      case 'return':
        if (event.errno !== undefined) {
          lines.push(`  Note over ${who(event.host, event.socket)}: ${event.call}() → ${event.errno}`);
        }
        break;
      case 'note':
        lines.push(
          `  Note over ${event.host !== undefined ? who(event.host) : ids.length > 1 ? `${ids[0]},${ids[ids.length - 1]}` : (ids[0] ?? '')}: ${mermaidText(event.text[lang])}`,
        );
        break;
      default:
        break;
    }
  });
  return `${lines.join('\n')}\n`;
}
