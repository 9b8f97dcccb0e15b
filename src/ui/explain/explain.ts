// One event in, what it means and the RFC sections it follows out. Pure: the table holds the
// knowledge, this module picks the entry from what the Trace states (the state's reason code, the
// segment's role in its connection, the receiving socket's state) and fills in the event's values.
import type { TcpState } from '../../tcp';
import { interpolate, type Params } from '../../i18n';
import {
  fastRetransmits,
  packetIndex,
  segmentRoles,
  stateBefore,
  callPartners,
  type PacketEvent,
  type SegmentRole,
} from '../../trace/query';
import type {
  DeliverEvent,
  LocalizedText,
  ReturnEvent,
  SegmentEvent,
  StateEvent,
  Trace,
  TraceEvent,
} from '../../trace/types';
import {
  broadcastEntry,
  callEntries,
  causeTransitions,
  datagramEntry,
  deliverEntries,
  dropEntries,
  endOfStream,
  errnoEntries,
  genericTransition,
  icmpEntries,
  optionEntries,
  plainReturnEntries,
  closeReturnEntries,
  returnEntries,
  returnOk,
  segmentEntries,
  timerActions,
  timerEntries,
  transitionEntries,
  type Entry,
} from './table';

export interface Explanation {
  /** Which table entry was chosen ("segment.finAnswer"), for tests and the panel's data-explain. */
  id: string;
  /** The entry itself: what it claims about the event (`says`, `arrives`, `causes`). */
  entry?: Entry;
  text: LocalizedText;
  /** RFC sections, most specific first; empty when the behaviour is the socket API's, not a protocol's. */
  rfc: readonly string[];
}

/** What the Trace says around an event, beyond its own fields (see explainAt). */
export interface EventFacts {
  /** For a deliver or drop: the packet it is about. */
  packet?: PacketEvent;
  /** For a segment, or the segment a deliver or drop is about: its role in its connection. */
  role?: SegmentRole;
  /** For a deliver: the receiving socket's state just before it. */
  receiverState?: TcpState;
  /** For a retransmitted segment: sent on duplicate ACKs, in fast recovery (not on its timer). */
  fastRetransmit?: boolean;
  /** For a close() return: the socket's state when close() was called, and just before it returned. */
  closed?: { atCall: TcpState | undefined; atReturn: TcpState | undefined };
}

interface Choice {
  id: string;
  entry: Entry;
}

const choice = <K extends string>(group: string, table: Readonly<Record<K, Entry>>, key: K): Choice => ({
  id: `${group}.${key}`,
  entry: table[key],
});

const fill = ({ id, entry }: Choice, params: Params): Explanation => ({
  id,
  entry,
  text: { en: interpolate(entry.en, params), fr: interpolate(entry.fr, params) },
  rfc: entry.rfc,
});

const has = (segment: SegmentEvent, flag: SegmentEvent['flags'][number]) => segment.flags.includes(flag);

/** A segment without data, SYN, FIN or RST: its role is what its ACK field covers. */
function pureAckKey(segment: SegmentEvent, role: SegmentRole | undefined): keyof typeof segmentEntries {
  if (segment.window === 0) return 'zeroWindow';
  const acked = role?.acknowledges;
  if (acked === undefined) return 'ack';
  if (acked.syn) return 'ackOfSyn';
  if (acked.fin) return 'ackOfFin';
  if (acked.bytes > 0) return 'ackOfData';
  return role?.windowUpdate === true ? 'windowUpdate' : 'duplicateAck';
}

/** The table entry for a segment: control flags first, then its role, then what it carries. */
export function segmentChoice(segment: SegmentEvent, role?: SegmentRole, fastRetransmit = false): Choice {
  const key = ((): keyof typeof segmentEntries => {
    if (has(segment, 'RST')) return 'rst';
    if (has(segment, 'SYN')) return has(segment, 'ACK') ? 'synAck' : 'syn';
    if (segment.probe === 'keepalive') return 'keepaliveProbe';
    if (segment.probe === 'zero-window') return 'zeroWindowProbe';
    if (has(segment, 'FIN')) {
      if (segment.len > 0) return 'dataFin';
      if (segment.retransmission === true) return 'finRetransmission';
      // The sender's state says which FIN this is when known; the wire order otherwise.
      const answer = role?.senderState === 'LAST-ACK' || (role?.senderState === undefined && role?.fin === 'answer');
      return answer ? 'finAnswer' : 'finFirst';
    }
    if (segment.retransmission === true) return fastRetransmit ? 'fastRetransmission' : 'retransmission';
    if (segment.len > 0) return 'data';
    return pureAckKey(segment, role);
  })();
  return choice('segment', segmentEntries, key);
}

/** States of a socket that has sent its FIN before the peer's arrived (a simultaneous close too). */
const closing = (state: TcpState | undefined) =>
  state === 'FIN-WAIT-1' || state === 'FIN-WAIT-2' || state === 'CLOSING' || state === 'TIME-WAIT';

/** The table entry for a delivery, from what arrived and the state of the socket it reached. */
export function deliverChoice(event: DeliverEvent, packet: PacketEvent, facts: EventFacts): Choice {
  if (event.duplicate === true) return choice('deliver', deliverEntries, 'duplicate');
  if (packet.kind !== 'segment') return choice('deliver', deliverEntries, packet.kind);
  const key = ((): keyof typeof deliverEntries => {
    if (has(packet, 'RST')) return 'rst';
    if (has(packet, 'SYN') && has(packet, 'ACK')) return 'synAck';
    if (has(packet, 'SYN')) {
      if (event.socket === undefined || facts.receiverState === undefined) return 'synNoListener';
      return facts.receiverState === 'LISTEN' ? 'synAtListener' : 'syn';
    }
    if (packet.probe !== undefined) return 'probe';
    if (packet.retransmission === true) return 'retransmission';
    if (has(packet, 'FIN'))
      return facts.role?.fin === 'answer' || closing(facts.receiverState) ? 'finAnswer' : 'finFirst';
    if (packet.len > 0) return 'data';
    const acked = facts.role?.acknowledges;
    if (acked === undefined) return 'segment';
    if (acked.syn) return 'ackOfSyn';
    if (acked.fin) return 'ackOfFin';
    return acked.bytes > 0 ? 'ackOfData' : 'ackNothingNew';
  })();
  return choice('deliver', deliverEntries, key);
}

export function transitionChoice(event: StateEvent): Choice {
  const key = `${event.from}>${event.to}`;
  const exact = transitionEntries[key];
  if (exact !== undefined) return { id: `state.${key}`, entry: exact };
  const byCause = (causeTransitions as Readonly<Record<string, Entry>>)[event.reason];
  if (byCause !== undefined) return { id: `state.${event.reason}`, entry: byCause };
  return { id: 'state.generic', entry: genericTransition };
}

function packetChoice(packet: PacketEvent, role: SegmentRole | undefined, fastRetransmit?: boolean): Choice {
  if (packet.kind === 'segment') return segmentChoice(packet, role, fastRetransmit);
  if (packet.kind === 'datagram')
    return packet.broadcast === true
      ? { id: 'datagram.broadcast', entry: broadcastEntry }
      : { id: 'datagram', entry: datagramEntry };
  return { id: `icmp.${packet.type}`, entry: icmpEntries[packet.type] };
}

function packetParams(packet: PacketEvent, role?: SegmentRole): Params {
  const acked = role?.acknowledges;
  return {
    from: packet.from,
    to: packet.to,
    len: packet.kind === 'icmp' ? 0 : packet.len,
    bytes: acked?.bytes ?? 0,
    window: packet.kind === 'segment' ? packet.window : 0,
  };
}

/** What close() left the kernel to do, from the socket's states around it (undefined: a closing handshake). */
function closeChoice(closed: EventFacts['closed']): Choice | undefined {
  if (closed === undefined) return undefined;
  const { atCall, atReturn } = closed;
  const key =
    atCall === undefined
      ? 'unconnected'
      : atCall === 'LISTEN'
        ? 'listener'
        : atCall === 'CLOSED'
          ? 'gone'
          : atCall === 'TIME-WAIT'
            ? 'timeWait'
            : atReturn === 'CLOSED'
              ? 'aborted'
              : undefined;
  return key === undefined ? undefined : { id: `return.close.${key}`, entry: closeReturnEntries[key] };
}

function explainReturn(event: ReturnEvent, facts: EventFacts): Explanation | undefined {
  if (event.errno !== undefined) {
    const entry = errnoEntries[event.errno];
    return entry === undefined ? undefined : fill({ id: `errno.${event.errno}`, entry }, { host: event.host });
  }
  const result: unknown = event.result;
  const bytes = typeof result === 'object' && result !== null ? (result as { bytes?: unknown }).bytes : undefined;
  if (event.call === 'recv' && bytes === 0) return fill({ id: 'return.endOfStream', entry: endOfStream }, {});
  const close = event.call === 'close' ? closeChoice(facts.closed) : undefined;
  if (close !== undefined) return fill(close, { host: event.host });
  const entry = returnEntries[event.call] ?? plainReturnEntries[event.call];
  const count = typeof bytes === 'number' ? bytes : typeof result === 'number' ? result : 0;
  const chosen = entry === undefined ? { id: 'return.ok', entry: returnOk } : { id: `return.${event.call}`, entry };
  return fill(chosen, { host: event.host, call: event.call, bytes: count });
}

/**
 * What `event` means. `facts` holds what the rest of the Trace says about it (explainAt gathers
 * them); without them a delivery or a drop has no explanation. Undefined for TCB snapshots
 * (shown with the step before them).
 */
export function explainEvent(event: TraceEvent, facts: EventFacts = {}): Explanation | undefined {
  switch (event.kind) {
    case 'segment':
    case 'datagram':
    case 'icmp':
      return fill(packetChoice(event, facts.role, facts.fastRetransmit), packetParams(event, facts.role));
    case 'deliver':
      return facts.packet === undefined
        ? undefined
        : fill(deliverChoice(event, facts.packet, facts), packetParams(facts.packet, facts.role));
    case 'drop':
      return facts.packet === undefined
        ? undefined
        : fill(choice('drop', dropEntries, facts.packet.kind), packetParams(facts.packet));
    case 'state':
      return fill(transitionChoice(event), { host: event.host });
    case 'timer': {
      const timer = timerEntries[event.timer];
      const action = timerActions[event.action];
      return {
        id: `timer.${event.timer}.${event.action}`,
        text: {
          en: interpolate(action.en, { timer: timer.en, purpose: timer.purpose.en }),
          fr: interpolate(action.fr, { timer: timer.fr, purpose: timer.purpose.fr }),
        },
        rfc: timer.rfc,
      };
    }
    case 'call': {
      const option = event.call === 'setsockopt' ? optionEntries[String(event.args.option)] : undefined;
      if (option !== undefined)
        return fill({ id: `option.${String(event.args.option)}`, entry: option }, { host: event.host });
      const entry = callEntries[event.call];
      return entry === undefined ? undefined : fill({ id: `call.${event.call}`, entry }, { host: event.host });
    }
    case 'return':
      return explainReturn(event, facts);
    case 'note':
      return { id: 'note', text: event.text, rfc: [] };
    case 'tcb':
      return undefined;
  }
}

/** The facts explainEvent needs about `trace.events[index]`, from the query layer. */
export function factsAt(trace: Trace, index: number): EventFacts {
  const event = trace.events[index];
  if (event === undefined) return {};
  if (event.kind === 'segment')
    return { role: segmentRoles(trace).get(index), fastRetransmit: fastRetransmits(trace).has(index) };
  if (event.kind === 'return' && event.call === 'close') {
    const call = callPartners(trace)[index] ?? -1;
    const states = stateBefore(trace);
    return { closed: { atCall: states.at(call < 0 ? index : call), atReturn: states.at(index) } };
  }
  if (event.kind !== 'deliver' && event.kind !== 'drop') return {};
  const packets = packetIndex(trace);
  const packet = packets.byId.get(event.id);
  const sentAt = packets.eventOf.get(event.id);
  return {
    packet,
    role: sentAt === undefined ? undefined : segmentRoles(trace).get(sentAt),
    receiverState: stateBefore(trace).at(index),
  };
}

/** What the event at `index` of `trace` means, chosen from everything the Trace says about it. */
export function explainAt(trace: Trace, index: number): Explanation | undefined {
  const event = trace.events[index];
  return event === undefined ? undefined : explainEvent(event, factsAt(trace, index));
}

/** A link to the section on rfc-editor.org, e.g. "RFC 9293 3.10.7.4" -> ...rfc9293#section-3.10.7.4. */
export function rfcUrl(reference: string): string | undefined {
  const match = /^RFC (\d+)(?: (\d+(?:\.\d+)*))?$/.exec(reference);
  if (match === null) return undefined;
  const [, number, section] = match;
  return `https://www.rfc-editor.org/rfc/rfc${number}${section === undefined ? '' : `#section-${section}`}`;
}
