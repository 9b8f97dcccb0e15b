// Why a packet left: the packet pane's "why", chosen from the cause the query layer found in the
// Trace (a call, a timer that fired, an arrival and what had held the data back) and from what
// the packet is. The table holds the knowledge; `{host}` is the sender, `{id}` the packet that
// arrived, `{call}` and `{timer}` what set it off.
import { interpolate, type Params } from '../../i18n';
import { seqAdd, seqLe } from '../../tcp';
import { fastRetransmits, packetIndex, segmentRoles, type PacketEvent } from '../../trace/query';
import { packetCause, type PacketCause } from '../../trace/query/causes';
import type { Trace } from '../../trace/types';
import type { Explanation } from './explain';
import type { Entry } from './table';
import { timerEntries } from './table';

export const causeEntries = {
  connect: {
    en: '{host}’s program called connect(): its kernel opens the connection with this SYN.',
    fr: 'Le programme de {host} a appelé connect() : son noyau ouvre la connexion par ce SYN.',
    rfc: ['RFC 9293 3.10.1', 'RFC 9293 3.5'],
  },
  send: {
    en: '{host}’s program called {call}(): its kernel sends the bytes at once, nothing holding them back.',
    fr: 'Le programme de {host} a appelé {call}() : son noyau envoie les octets aussitôt, rien ne les retenant.',
    rfc: ['RFC 9293 3.10.2'],
  },
  close: {
    en: '{host}’s program called {call}(): it has nothing more to send, so its kernel sends FIN.',
    fr: 'Le programme de {host} a appelé {call}() : il n’a plus rien à envoyer, son noyau envoie donc FIN.',
    rfc: ['RFC 9293 3.10.4', 'RFC 9293 3.6'],
  },
  abort: {
    en: '{host}’s program called {call}() with unread data or SO_LINGER at 0: its kernel aborts the connection with RST instead of closing it.',
    fr: 'Le programme de {host} a appelé {call}() avec des données non lues ou SO_LINGER à 0 : son noyau interrompt la connexion par RST au lieu de la fermer.',
    rfc: ['RFC 9293 3.10.5', 'RFC 2525 2.17'],
  },
  read: {
    en: '{host}’s program read with {call}(): room freed in its receive buffer, its kernel tells the peer the larger window.',
    fr: 'Le programme de {host} a lu avec {call}() : de la place libérée dans son tampon de réception, son noyau annonce au pair la fenêtre agrandie.',
    rfc: ['RFC 9293 3.8.6.2.2', 'RFC 1122 4.2.3.3'],
  },
  call: {
    en: 'Sent while {host}’s program called {call}().',
    fr: 'Envoyé pendant l’appel {call}() du programme de {host}.',
    rfc: [],
  },
  rto: {
    en: 'The retransmission timer (RTO) of {host} expired before an ACK came back: the oldest unacknowledged segment is sent again, and the RTO doubles.',
    fr: 'Le temporisateur de retransmission (RTO) de {host} a expiré avant le retour d’un ACK : le plus ancien segment non acquitté est renvoyé, et le RTO double.',
    rfc: ['RFC 6298 5.4', 'RFC 6298 5.5'],
  },
  delayedAck: {
    en: 'The delayed ACK timer of {host} expired with no data of its own to carry it: the ACK that was waiting leaves alone.',
    fr: 'Le temporisateur d’ACK retardé de {host} a expiré sans données à lui joindre : l’ACK en attente part seul.',
    rfc: ['RFC 9293 3.8.6.3', 'RFC 1122 4.2.3.2'],
  },
  keepalive: {
    en: 'The keepalive timer of {host} expired on an idle connection: this probe asks whether the peer is still there.',
    fr: 'Le temporisateur keepalive de {host} a expiré sur une connexion inactive : cette sonde demande si le pair est toujours là.',
    rfc: ['RFC 1122 4.2.3.6'],
  },
  keepaliveGiveUp: {
    en: 'The keepalive probes of {host} went unanswered: it gives up on the peer and resets the connection.',
    fr: 'Les sondes keepalive de {host} sont restées sans réponse : il renonce au pair et réinitialise la connexion.',
    rfc: ['RFC 1122 4.2.3.6', 'RFC 9293 3.10.7'],
  },
  persist: {
    en: 'The persist timer of {host} expired while the peer’s window was 0: this probe asks whether it has reopened.',
    fr: 'Le temporisateur de persistance de {host} a expiré alors que la fenêtre du pair valait 0 : cette sonde demande si elle s’est rouverte.',
    rfc: ['RFC 9293 3.8.6.1', 'RFC 1122 4.2.2.17'],
  },
  timer: {
    en: 'The {timer} of {host} expired.',
    fr: 'Le {timer} de {host} a expiré.',
    rfc: [],
  },
  fastRetransmit: {
    en: 'A duplicate ACK (packet {id}) arrived, the third for the same data: {host} resends the missing segment at once, without waiting for its RTO (fast retransmit).',
    fr: 'Un ACK dupliqué (paquet {id}) est arrivé, le troisième pour les mêmes données : {host} renvoie aussitôt le segment manquant, sans attendre son RTO (retransmission rapide).',
    rfc: ['RFC 5681 3.2', 'RFC 6582'],
  },
  synAck: {
    en: 'The SYN of packet {id} reached a listening socket of {host}: its kernel answers with its own SYN,ACK, before any accept().',
    fr: 'Le SYN du paquet {id} a atteint une socket d’écoute de {host} : son noyau répond par son propre SYN,ACK, avant tout accept().',
    rfc: ['RFC 9293 3.10.7.2'],
  },
  reset: {
    en: 'Packet {id} reached {host} where no socket takes it (closed port or connection gone): its kernel answers with a reset.',
    fr: 'Le paquet {id} a atteint {host} où aucune socket ne le prend (port fermé ou connexion disparue) : son noyau répond par une réinitialisation.',
    rfc: ['RFC 9293 3.10.7.1', 'RFC 9293 3.5.2'],
  },
  portUnreachable: {
    en: 'Datagram {id} reached a port of {host} where no socket listens: its kernel answers with ICMP port unreachable.',
    fr: 'Le datagramme {id} a atteint un port de {host} où aucune socket n’écoute : son noyau répond par un ICMP port inaccessible.',
    rfc: ['RFC 1122 4.1.3.1', 'RFC 792'],
  },
  ack: {
    en: 'Packet {id} just arrived at {host}: its kernel acknowledges it at once.',
    fr: 'Le paquet {id} vient d’arriver chez {host} : son noyau l’acquitte aussitôt.',
    rfc: ['RFC 9293 3.10.7.4', 'RFC 9293 3.8.6.3'],
  },
  duplicateAck: {
    en: 'Packet {id} arrived with data beyond a hole in the stream: {host} at once repeats its last ACK (a duplicate ACK), telling the sender what is missing.',
    fr: 'Le paquet {id} est arrivé avec des données au-delà d’un trou dans le flux : {host} répète aussitôt son dernier ACK (un ACK dupliqué), signalant à l’émetteur ce qui manque.',
    rfc: ['RFC 5681 4.2', 'RFC 5681 3.2'],
  },
  oldData: {
    en: 'Packet {id} carried only bytes {host} already had (a duplicate copy, or a resend of data that had arrived): its kernel acknowledges at once again, saying what it has.',
    fr: 'Le paquet {id} ne portait que des octets que {host} avait déjà (une copie en double, ou un renvoi de données arrivées) : son noyau acquitte aussitôt de nouveau, disant ce qu’il a.',
    rfc: ['RFC 9293 3.10.7.4'],
  },
  nagle: {
    en: 'Nagle’s rule had made {host} hold these bytes: a segment smaller than a full one waits while earlier data is unacknowledged. Packet {id} has just acknowledged that data, so they leave now.',
    fr: 'La règle de Nagle faisait retenir ces octets par {host} : un segment plus petit qu’un segment plein attend tant que des données antérieures ne sont pas acquittées. Le paquet {id} vient d’acquitter ces données, ils partent donc maintenant.',
    rfc: ['RFC 896', 'RFC 9293 3.7.4'],
  },
  congestionWindow: {
    en: 'The congestion window of {host} was full; the ACK of packet {id} made room in it, so queued data leaves.',
    fr: 'La fenêtre de congestion de {host} était pleine ; l’ACK du paquet {id} y a fait de la place, des données en attente partent donc.',
    rfc: ['RFC 5681 3.1', 'RFC 9438'],
  },
  peerWindow: {
    en: '{host} had filled the peer’s receive window; the ACK of packet {id} opened it, so queued data leaves.',
    fr: '{host} avait rempli la fenêtre de réception du pair ; l’ACK du paquet {id} l’a rouverte, des données en attente partent donc.',
    rfc: ['RFC 9293 3.8.6.2.1'],
  },
  released: {
    en: 'Data waiting in the send buffer of {host} leaves as packet {id} arrives.',
    fr: 'Des données en attente dans le tampon d’envoi de {host} partent à l’arrivée du paquet {id}.',
    rfc: ['RFC 9293 3.8.6.2.1'],
  },
  arrival: {
    en: 'Sent by {host} as packet {id} arrived.',
    fr: 'Envoyé par {host} à l’arrivée du paquet {id}.',
    rfc: [],
  },
  crafted: {
    en: 'Crafted (fault rule {rule}): no program or kernel sent it. It carries the address and port of {host}, as an attacker off the path would forge it, and {host} knows nothing of it.',
    fr: 'Forgé (règle de panne {rule}) : aucun programme ni noyau ne l’a envoyé. Il porte l’adresse et le port de {host}, comme un attaquant hors du chemin le forgerait, et {host} n’en sait rien.',
    rfc: ['RFC 5961 1.2'],
  },
  challengeAck: {
    en: 'Packet {id}, a reset inside the window but not at exactly RCV.NXT, reached {host}: rather than believe it, its kernel answers with a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT>. A real peer that did reset will send its RST again at exactly that number; a blind attacker cannot.',
    fr: 'Le paquet {id}, une réinitialisation dans la fenêtre mais pas à exactement RCV.NXT, a atteint {host} : plutôt que de la croire, son noyau répond par un ACK de défi <SEQ=SND.NXT><ACK=RCV.NXT>. Un vrai pair qui a bien réinitialisé renverra son RST à exactement ce numéro ; un attaquant aveugle ne le peut pas.',
    rfc: ['RFC 5961 3.2', 'RFC 5961 7'],
  },
  challengeAckSyn: {
    en: 'Packet {id}, a SYN on a connection already synchronized, reached {host}: whatever its sequence number, its kernel answers with a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT> and drops it. A peer that really restarted will answer with a reset at exactly RCV.NXT.',
    fr: 'Le paquet {id}, un SYN sur une connexion déjà synchronisée, a atteint {host} : quel que soit son numéro de séquence, son noyau répond par un ACK de défi <SEQ=SND.NXT><ACK=RCV.NXT> et l’ignore. Un pair qui a vraiment redémarré répondra par une réinitialisation à exactement RCV.NXT.',
    rfc: ['RFC 5961 4.2', 'RFC 5961 7'],
  },
  outOfWindow: {
    en: 'Packet {id} fell outside the receive window of {host}: its kernel drops it and repeats its ACK <SEQ=SND.NXT><ACK=RCV.NXT>, saying what it expects.',
    fr: 'Le paquet {id} est tombé hors de la fenêtre de réception de {host} : son noyau l’ignore et répète son ACK <SEQ=SND.NXT><ACK=RCV.NXT>, disant ce qu’il attend.',
    rfc: ['RFC 9293 3.10.7.4'],
  },
} as const satisfies Record<string, Entry>;

export type CauseKey = keyof typeof causeEntries;

const isSegment = (packet: PacketEvent, flag: 'SYN' | 'FIN' | 'RST' | 'ACK') =>
  packet.kind === 'segment' && packet.flags.includes(flag);

function callKey(packet: PacketEvent, call: string): CauseKey {
  if (isSegment(packet, 'RST')) return 'abort';
  if (call === 'connect') return 'connect';
  if (call === 'close' || call === 'shutdown') return isSegment(packet, 'FIN') ? 'close' : 'call';
  if (call === 'recv' || call === 'recvfrom') return packet.kind === 'segment' && packet.len === 0 ? 'read' : 'call';
  if (call === 'send' || call === 'sendall' || call === 'sendto') return 'send';
  return 'call';
}

function timerKey(packet: PacketEvent, timer: string): CauseKey {
  if (timer === 'retransmit') return 'rto';
  if (timer === 'delayed-ack') return 'delayedAck';
  if (timer === 'keepalive') return isSegment(packet, 'RST') ? 'keepaliveGiveUp' : 'keepalive';
  if (timer === 'persist') return 'persist';
  return 'timer';
}

function arrivalKey(
  trace: Trace,
  index: number,
  packet: PacketEvent,
  cause: PacketCause & { kind: 'arrival' },
): CauseKey {
  const arrived = packetIndex(trace).byId.get(cause.packet);
  if (packet.kind === 'icmp') return 'portUnreachable';
  if (packet.kind !== 'segment') return 'arrival';
  const answer = answerKey(packet, arrived);
  if (answer !== undefined) return answer;
  if (packet.retransmission === true && fastRetransmits(trace).has(index)) return 'fastRetransmit';
  if (packet.flags.includes('RST')) return 'reset';
  if (packet.flags.includes('SYN'))
    return arrived?.kind === 'segment' && arrived.flags.includes('SYN') ? 'synAck' : 'arrival';
  if (packet.len > 0 && cause.heldBy === 'nagle') return 'nagle';
  if (packet.len > 0 && cause.heldBy === 'congestion-window') return 'congestionWindow';
  if (packet.len > 0 && cause.heldBy === 'peer-window') return 'peerWindow';
  if (packet.len > 0) return 'released';
  if (packet.flags.includes('FIN')) return 'arrival';
  // Data arrived, yet this ACK covers nothing new: it repeats the last one, for data beyond a
  // hole (out of order), or for bytes all below the ACK (already received: RFC 9293 3.10.7.4).
  const acked = segmentRoles(trace).get(index)?.acknowledges;
  const data = arrived?.kind === 'segment' && arrived.len > 0;
  if (!data || acked === undefined || acked.bytes !== 0 || acked.fin || acked.syn) return 'ack';
  return seqLe(seqAdd(arrived.seq, arrived.len), packet.ack) ? 'oldData' : 'duplicateAck';
}

/**
 * A bare ACK answering a RST or a SYN (without ACK) is a challenge ACK (RFC 5961 3.2, 4.2: nothing
 * else answers them so); one answering a crafted segment that starts past RCV.NXT + RCV.WND, as
 * the ACK itself announces them, is the ACK of an unacceptable segment (RFC 9293 3.10.7.4 first).
 */
function answerKey(packet: PacketEvent & { kind: 'segment' }, arrived: PacketEvent | undefined): CauseKey | undefined {
  if (arrived?.kind !== 'segment' || packet.len > 0 || packet.flags.length !== 1 || packet.flags[0] !== 'ACK')
    return undefined;
  if (arrived.flags.includes('RST')) return 'challengeAck';
  if (arrived.flags.includes('SYN') && !arrived.flags.includes('ACK')) return 'challengeAckSyn';
  if (arrived.crafted !== undefined && (arrived.seq - packet.ack) >>> 0 >= packet.window) return 'outOfWindow';
  return undefined;
}

/** Which entry says why the packet at `index` left, and the cause it was chosen from. */
export function causeChoice(trace: Trace, index: number): { key: CauseKey; cause: PacketCause } | undefined {
  const packet = trace.events[index];
  const cause = packetCause(trace, index);
  if (packet === undefined || cause === undefined || !('from' in packet)) return undefined;
  const sent = packet as PacketEvent;
  if (cause.kind === 'call') return { key: callKey(sent, cause.call), cause };
  if (cause.kind === 'timer') return { key: timerKey(sent, cause.timer), cause };
  if (cause.kind === 'crafted') return { key: 'crafted', cause };
  return { key: arrivalKey(trace, index, sent, cause), cause };
}

/** Why the packet at `index` of `trace` was sent, in both languages; undefined when the Trace does not say. */
export function explainCause(trace: Trace, index: number): Explanation | undefined {
  const choice = causeChoice(trace, index);
  const packet = trace.events[index] as PacketEvent | undefined;
  if (choice === undefined || packet === undefined) return undefined;
  const { key, cause } = choice;
  const entry: Entry = causeEntries[key];
  const timer = cause.kind === 'timer' ? timerEntries[cause.timer] : undefined;
  const params = (lang: 'en' | 'fr'): Params => ({
    host: packet.from,
    id: cause.kind === 'arrival' ? cause.packet : '',
    call: cause.kind === 'call' ? cause.call : '',
    timer: timer?.[lang] ?? '',
    rule: cause.kind === 'crafted' ? cause.rule : '',
  });
  return {
    id: `cause.${key}`,
    entry,
    text: { en: interpolate(entry.en, params('en')), fr: interpolate(entry.fr, params('fr')) },
    rfc: entry.rfc,
  };
}
