// One event in, what it means and the RFC sections it follows out. Pure: the table holds the
// knowledge, this module only picks the entry and fills in the event's values.
import { interpolate, type Params } from '../../i18n';
import type { PacketEvent } from '../../trace/query';
import type { LocalizedText, SegmentEvent, StateEvent, TraceEvent } from '../../trace/types';
import {
  abortTransition,
  broadcastEntry,
  callEntries,
  datagramEntry,
  deliverEntries,
  dropEntries,
  endOfStream,
  errnoEntries,
  genericTransition,
  icmpEntries,
  optionEntries,
  resetTransition,
  returnEntries,
  returnOk,
  segmentEntries,
  timerActions,
  timerEntries,
  transitionEntries,
  type Entry,
} from './table';

export interface Explanation {
  text: LocalizedText;
  /** RFC sections, most specific first; empty when the behaviour is the socket API's, not a protocol's. */
  rfc: readonly string[];
}

const fill = (entry: Entry, params: Params): Explanation => ({
  text: { en: interpolate(entry.en, params), fr: interpolate(entry.fr, params) },
  rfc: entry.rfc,
});

/** The table entry for a segment: control flags first, then what it carries. */
export function segmentEntry(segment: SegmentEvent): Entry {
  const has = (flag: SegmentEvent['flags'][number]) => segment.flags.includes(flag);
  if (has('RST')) return segmentEntries.rst;
  if (has('SYN')) return has('ACK') ? segmentEntries.synAck : segmentEntries.syn;
  if (segment.probe === 'keepalive') return segmentEntries.keepaliveProbe;
  if (segment.probe === 'zero-window') return segmentEntries.zeroWindowProbe;
  if (segment.retransmission === true) return segmentEntries.retransmission;
  if (has('FIN')) return segmentEntries.fin;
  if (segment.len > 0) return segmentEntries.data;
  if (segment.window === 0) return segmentEntries.zeroWindow;
  return segmentEntries.ack;
}

export function transitionEntry(event: StateEvent): Entry {
  const exact = transitionEntries[`${event.from}>${event.to}`];
  if (exact !== undefined) return exact;
  if (event.to === 'CLOSED' || event.to === 'LISTEN') {
    return event.reason === 'rcv-rst' ? resetTransition : abortTransition;
  }
  return genericTransition;
}

function packetEntry(packet: PacketEvent): Entry {
  if (packet.kind === 'segment') return segmentEntry(packet);
  if (packet.kind === 'datagram') return packet.broadcast === true ? broadcastEntry : datagramEntry;
  return icmpEntries[packet.type];
}

const packetParams = (packet: PacketEvent): Params => ({
  from: packet.from,
  to: packet.to,
  len: packet.kind === 'icmp' ? 0 : packet.len,
});

/**
 * What `event` means. `packetById` finds the segment, datagram or ICMP message a deliver or drop
 * event is about. Undefined for TCB snapshots (shown with the step before them).
 */
export function explainEvent(
  event: TraceEvent,
  packetById: (id: number) => PacketEvent | undefined = () => undefined,
): Explanation | undefined {
  switch (event.kind) {
    case 'segment':
    case 'datagram':
    case 'icmp':
      return fill(packetEntry(event), packetParams(event));
    case 'deliver': {
      const packet = packetById(event.id);
      if (packet === undefined) return undefined;
      const entry = event.duplicate === true ? deliverEntries.duplicate : deliverEntries[packet.kind];
      return fill(entry, packetParams(packet));
    }
    case 'drop': {
      const packet = packetById(event.id);
      return packet === undefined ? undefined : fill(dropEntries[packet.kind], packetParams(packet));
    }
    case 'state':
      return fill(transitionEntry(event), { host: event.host });
    case 'timer': {
      const timer = timerEntries[event.timer];
      const action = timerActions[event.action];
      return {
        text: {
          en: interpolate(action.en, { timer: timer.en, purpose: timer.purpose.en }),
          fr: interpolate(action.fr, { timer: timer.fr, purpose: timer.purpose.fr }),
        },
        rfc: timer.rfc,
      };
    }
    case 'call': {
      if (event.call === 'setsockopt') {
        const option = optionEntries[String(event.args.option)];
        if (option !== undefined) return fill(option, { host: event.host });
      }
      const entry = callEntries[event.call];
      return entry === undefined ? undefined : fill(entry, { host: event.host });
    }
    case 'return': {
      if (event.errno !== undefined) {
        const entry = errnoEntries[event.errno];
        return entry === undefined ? undefined : fill(entry, { host: event.host });
      }
      const result = event.result;
      const bytes = typeof result === 'object' && result !== null ? (result as { bytes?: unknown }).bytes : undefined;
      if (event.call === 'recv' && bytes === 0) return fill(endOfStream, {});
      const entry = returnEntries[event.call];
      const count = typeof bytes === 'number' ? bytes : typeof result === 'number' ? result : 0;
      return fill(entry ?? returnOk, { host: event.host, call: event.call, bytes: count });
    }
    case 'note':
      return { text: event.text, rfc: [] };
    case 'tcb':
      return undefined;
  }
}

/** A link to the section on rfc-editor.org, e.g. "RFC 9293 3.10.7.4" -> ...rfc9293#section-3.10.7.4. */
export function rfcUrl(reference: string): string | undefined {
  const match = /^RFC (\d+)(?: (\d+(?:\.\d+)*))?$/.exec(reference);
  if (match === null) return undefined;
  const [, number, section] = match;
  return `https://www.rfc-editor.org/rfc/rfc${number}${section === undefined ? '' : `#section-${section}`}`;
}
