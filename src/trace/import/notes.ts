// The notes captureToTrace adds for what a capture cannot show: where the file is cut, packets
// decoded in part, ICMP errors about packets not captured, endpoints left in TIME-WAIT, the
// trace's own limits, and timestamps that go backwards. Each text in English and French.
import type { LocalizedText, NoteEvent, TraceEvent } from '../types';
import { traceLimits } from '../validate';
import type { HostTable } from './host-names';
import { otherHosts } from './host-names';
import type { InferredConnection } from './infer';
import type { IcmpUnreachable, ParseError } from './types';

/** TIME-WAIT notes (one per endpoint) before the rest are only counted. */
const maxTimeWaitNotes = 100;

export function note(t: number, text: LocalizedText): NoteEvent {
  return { t, kind: 'note', text };
}

/** The note at t = 0 when reading the file stopped early. */
export function captureCutNote(error: ParseError): NoteEvent {
  const { offset, text } = error;
  return note(0, {
    en: `The capture is cut at byte ${offset}: ${text.en}. The packets before it are shown.`,
    fr: `La capture s’arrête à l’octet ${offset} : ${text.fr}. Les paquets d’avant sont affichés.`,
  });
}

/** A packet kept but decoded only in part (`id` counts packets from 1). */
export function problemNote(t: number, id: number, problem: LocalizedText): NoteEvent {
  return note(t, { en: `Packet ${id}: ${problem.en}.`, fr: `Paquet ${id} : ${problem.fr}.` });
}

/** The ICMP error types in French, as the diagram names them. */
const icmpTypeFr: Record<IcmpUnreachable['type'], string> = {
  'port-unreachable': 'port injoignable',
  'host-unreachable': 'hôte injoignable',
};

export function unquotedIcmpNote(t: number, id: number, type: IcmpUnreachable['type']): NoteEvent {
  return note(t, {
    en: `Packet ${id}: ICMP ${type} about a packet that is not in the capture.`,
    fr: `Paquet ${id} : ICMP ${icmpTypeFr[type]} au sujet d’un paquet absent de la capture.`,
  });
}

/** One note per endpoint left in TIME-WAIT (its end, 2*MSL later, is not captured), then a count. */
export function timeWaitNotes(connections: readonly InferredConnection[], hosts: HostTable, t: number): NoteEvent[] {
  const notes: NoteEvent[] = [];
  let unnoted = 0;
  for (const endpoint of connections.flatMap((connection) => connection.timeWait)) {
    if (notes.length >= maxTimeWaitNotes) {
      unnoted++;
      continue;
    }
    notes.push({
      ...note(t, {
        en: `${endpoint} is in TIME-WAIT when the capture ends; it would reach CLOSED 2*MSL later, which the capture does not show.`,
        fr: `${endpoint} est en TIME-WAIT à la fin de la capture ; il passerait à CLOSED 2*MSL plus tard, ce que la capture ne montre pas.`,
      }),
      host: hosts.forEndpoint(endpoint),
    });
  }
  if (unnoted > 0)
    notes.push(
      note(t, {
        en: `${unnoted} more endpoints are in TIME-WAIT when the capture ends.`,
        fr: `${unnoted} autres extrémités sont en TIME-WAIT à la fin de la capture.`,
      }),
    );
  return notes;
}

export interface LimitsReached {
  /** The number (from 1) of the first packet left out when the trace reached its event limit. */
  cutAtPacket: number | undefined;
  hostsOverflowed: boolean;
  /** Packets shown at the previous packet's time. */
  reordered: number;
}

/** The closing notes about the trace's own limits and about unusable timestamps. */
export function limitNotes(limits: LimitsReached, t: number): TraceEvent[] {
  const notes: TraceEvent[] = [];
  if (limits.cutAtPacket !== undefined)
    notes.push(
      note(t, {
        en: `The trace is cut at packet ${limits.cutAtPacket}: a trace holds at most ${traceLimits.maxEvents} events.`,
        fr: `La trace s’arrête au paquet ${limits.cutAtPacket} : une trace contient au plus ${traceLimits.maxEvents} événements.`,
      }),
    );
  if (limits.hostsOverflowed)
    notes.push(
      note(t, {
        en: `More than ${traceLimits.maxHosts - 1} addresses: the others are drawn as one host, "${otherHosts}".`,
        fr: `Plus de ${traceLimits.maxHosts - 1} adresses : les autres sont dessinées comme un seul hôte, « ${otherHosts} ».`,
      }),
    );
  if (limits.reordered > 0)
    notes.push(
      note(t, {
        en: `${limits.reordered} packets had a timestamp earlier than the packet before them, or unusable; they are shown at the previous time.`,
        fr: `${limits.reordered} paquets avaient un horodatage antérieur au paquet précédent, ou inutilisable ; ils sont affichés à l’instant précédent.`,
      }),
    );
  return notes;
}
