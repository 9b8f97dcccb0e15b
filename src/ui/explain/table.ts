// What each kind of event means and which RFC section it follows: the knowledge behind the
// explanation panel, as plain data. `{name}` marks a value filled in from the event.
import type { LocalizedText, SocketCall, TimerKind } from '../../trace/types';

import type { TcpState } from '../../tcp';
import type { StateCause } from '../../trace/types';

/**
 * What a sentence asserts about its event, so a test can check it against the Trace:
 * `closes` (a FIN: no more data from this side), `other-direction-open` (the peer may still send),
 * `both-closed`, `sends-data`, `acks-syn` / `acks-data` / `acks-fin` / `acks-nothing-new`.
 */
export type Claim =
  | 'closes'
  | 'other-direction-open'
  | 'both-closed'
  | 'sends-data'
  | 'acks-syn'
  | 'acks-data'
  | 'acks-fin'
  | 'acks-nothing-new'
  /** For close(): the kernel still has a closing handshake to finish on its own. */
  | 'kernel-finishes-close';

/** What a delivery's sentence says arrived. */
export type Arrival =
  'syn' | 'syn-ack' | 'rst' | 'fin' | 'data' | 'ack' | 'probe' | 'retransmission' | 'duplicate' | 'datagram' | 'icmp';

export interface Entry {
  en: string;
  fr: string;
  /** Sections followed, most specific first, spelled "RFC 9293 3.10.7.4". */
  rfc: readonly string[];
  says?: readonly Claim[];
  /** For a delivery: what arrived. */
  arrives?: Arrival;
  /** For a state change chosen by its cause: the causes and target states it describes. */
  causes?: readonly StateCause[];
  to?: readonly TcpState[];
}

/** Segments: the first rule whose test matches describes the segment. */
export const segmentEntries = {
  rst: {
    en: 'A reset (RST) from {from}: the connection is aborted at once, with no goodbye.',
    fr: 'Une réinitialisation (RST) de {from} : la connexion est interrompue sur-le-champ, sans adieu.',
    rfc: ['RFC 9293 3.5.2', 'RFC 9293 3.10.7'],
  },
  syn: {
    en: '{from} asks {to} to open a connection: the SYN carries its initial sequence number (ISN) and its MSS.',
    fr: '{from} demande à {to} d’ouvrir une connexion : le SYN porte son numéro de séquence initial (ISN) et sa MSS.',
    rfc: ['RFC 9293 3.5'],
  },
  synAck: {
    en: '{from} accepts: its SYN,ACK sends its own ISN and acknowledges the SYN of {to} (second step of the handshake).',
    fr: '{from} accepte : son SYN,ACK envoie son propre ISN et acquitte le SYN de {to} (deuxième temps de la poignée de main).',
    rfc: ['RFC 9293 3.5'],
  },
  finFirst: {
    en: '{from} sends FIN: it has no more data to send (it called close() or shutdown()). This is the first FIN of the connection: {to} may still send until it closes too.',
    fr: '{from} envoie FIN : il n’a plus de données à envoyer (il a appelé close() ou shutdown()). C’est le premier FIN de la connexion : {to} peut encore envoyer jusqu’à ce qu’il ferme à son tour.',
    rfc: ['RFC 9293 3.6', 'RFC 9293 3.10.4'],
    says: ['closes', 'other-direction-open'],
  },
  finAnswer: {
    en: '{from} sends its own FIN, after the FIN of {to}: it closes the second direction. Once {to} acknowledges it, both directions are closed.',
    fr: '{from} envoie son propre FIN, après celui de {to} : il ferme le second sens. Dès que {to} l’acquitte, les deux sens sont fermés.',
    rfc: ['RFC 9293 3.6', 'RFC 9293 3.10.4'],
    says: ['closes', 'both-closed'],
  },
  dataFin: {
    en: '{from} sends its last {len} bytes with FIN: after them it has nothing more to send.',
    fr: '{from} envoie ses {len} derniers octets avec FIN : après eux, il n’a plus rien à envoyer.',
    rfc: ['RFC 9293 3.6', 'RFC 9293 3.8'],
    says: ['closes', 'sends-data'],
  },
  finRetransmission: {
    en: '{from} sends its FIN again: no acknowledgement of it came back in time.',
    fr: '{from} renvoie son FIN : aucun acquittement n’en est revenu à temps.',
    rfc: ['RFC 6298', 'RFC 9293 3.6'],
    says: ['closes'],
  },
  keepaliveProbe: {
    en: 'A keepalive probe: the connection was idle, so {from} checks that {to} is still there.',
    fr: 'Une sonde keepalive : la connexion était inactive, {from} vérifie donc que {to} est toujours là.',
    rfc: ['RFC 1122 4.2.3.6', 'RFC 9293 3.8.4'],
  },
  zeroWindowProbe: {
    en: 'A zero-window probe: {to} said its buffer was full, so {from} asks whether room has been made.',
    fr: 'Une sonde de fenêtre nulle : {to} a annoncé un tampon plein, {from} demande donc si de la place s’est libérée.',
    rfc: ['RFC 9293 3.8.6.1'],
  },
  retransmission: {
    en: 'A retransmission: no acknowledgement came back in time, so {from} sends these {len} bytes again.',
    fr: 'Une retransmission : aucun acquittement n’est revenu à temps, {from} renvoie donc ces {len} octets.',
    rfc: ['RFC 6298', 'RFC 9293 3.8.1'],
    says: ['sends-data'],
  },
  fastRetransmission: {
    en: 'A fast retransmission: duplicate ACKs told {from} that this segment was lost, so it sends these {len} bytes again at once, without waiting for its retransmission timer, and enters fast recovery.',
    fr: 'Une retransmission rapide : des ACK dupliqués ont appris à {from} que ce segment était perdu ; il renvoie donc ces {len} octets aussitôt, sans attendre son temporisateur de retransmission, et passe en récupération rapide.',
    rfc: ['RFC 5681 3.2', 'RFC 6582 3.2'],
    says: ['sends-data'],
  },
  data: {
    en: '{from} sends {len} bytes of data to {to}; they are numbered by seq, and the ACK says what {from} has received so far.',
    fr: '{from} envoie {len} octets de données à {to} ; seq les numérote, et l’ACK dit ce que {from} a reçu jusqu’ici.',
    rfc: ['RFC 9293 3.8', 'RFC 9293 3.4'],
    says: ['sends-data'],
  },
  zeroWindow: {
    en: '{from} advertises a window of 0: its receive buffer is full, {to} must stop sending.',
    fr: '{from} annonce une fenêtre de 0 : son tampon de réception est plein, {to} doit cesser d’envoyer.',
    rfc: ['RFC 9293 3.8.6'],
  },
  ackOfSyn: {
    en: '{from} acknowledges the SYN of {to}: the third and last segment of the three-way handshake. It carries no data.',
    fr: '{from} acquitte le SYN de {to} : troisième et dernier segment de la poignée de main en trois temps. Il ne porte aucune donnée.',
    rfc: ['RFC 9293 3.5', 'RFC 9293 3.10.7.3'],
    says: ['acks-syn'],
  },
  ackOfData: {
    en: 'A pure acknowledgement, with no data: {from} has received {bytes} more bytes from {to} and now expects byte ack = RCV.NXT.',
    fr: 'Un simple acquittement, sans données : {from} a reçu {bytes} octets de plus de {to} et attend maintenant l’octet ack = RCV.NXT.',
    rfc: ['RFC 9293 3.4', 'RFC 9293 3.8.6.3', 'RFC 1122 4.2.3.2'],
    says: ['acks-data'],
  },
  ackOfFin: {
    en: '{from} acknowledges the FIN of {to}: that direction of the connection is now closed. It carries no data.',
    fr: '{from} acquitte le FIN de {to} : ce sens de la connexion est désormais fermé. Il ne porte aucune donnée.',
    rfc: ['RFC 9293 3.6', 'RFC 9293 3.10.7.4'],
    says: ['acks-fin'],
  },
  windowUpdate: {
    en: 'A window update: {from} acknowledges nothing new, but tells {to} its receive buffer has room again (window = {window}).',
    fr: 'Une mise à jour de fenêtre : {from} n’acquitte rien de nouveau, mais signale à {to} que son tampon de réception a de nouveau de la place (fenêtre = {window}).',
    rfc: ['RFC 9293 3.8.6', 'RFC 1122 4.2.3.3'],
    says: ['acks-nothing-new'],
  },
  duplicateAck: {
    en: '{from} repeats the same ack: nothing new arrived in order (it answers a probe, a repeated or an out-of-order segment, or a reset or SYN it will not trust: a challenge ACK). Three duplicate ACKs make {to} retransmit at once.',
    fr: '{from} répète le même ack : rien de nouveau n’est arrivé dans l’ordre (il répond à une sonde, un segment répété ou hors d’ordre, ou à une réinitialisation ou un SYN auquel il ne se fie pas : un ACK de défi). Trois ACK dupliqués font retransmettre {to} aussitôt.',
    rfc: ['RFC 5681 3.2', 'RFC 9293 3.10.7.4'],
    says: ['acks-nothing-new'],
  },
  ack: {
    en: 'A pure acknowledgement: {from} tells {to} which byte it expects next (ack = RCV.NXT).',
    fr: 'Un simple acquittement : {from} indique à {to} le prochain octet attendu (ack = RCV.NXT).',
    rfc: ['RFC 9293 3.4', 'RFC 9293 3.8.6.3'],
  },
} as const satisfies Record<string, Entry>;

export const datagramEntry: Entry = {
  en: '{from} sends a UDP datagram of {len} bytes to {to}: no connection, no acknowledgement, no retransmission.',
  fr: '{from} envoie un datagramme UDP de {len} octets à {to} : pas de connexion, pas d’acquittement, pas de retransmission.',
  rfc: ['RFC 768'],
};

export const broadcastEntry: Entry = {
  en: '{from} broadcasts a UDP datagram of {len} bytes: every host on the network receives it.',
  fr: '{from} diffuse un datagramme UDP de {len} octets : tous les hôtes du réseau le reçoivent.',
  rfc: ['RFC 768', 'RFC 919'],
};

export const icmpEntries: Record<'port-unreachable' | 'host-unreachable', Entry> = {
  'port-unreachable': {
    en: 'ICMP port unreachable: no socket listens on that UDP port at {from}, so it tells {to}.',
    fr: 'ICMP port injoignable : aucune socket n’écoute sur ce port UDP chez {from}, qui le signale à {to}.',
    rfc: ['RFC 1122 4.1.3.1', 'RFC 792'],
  },
  'host-unreachable': {
    en: 'ICMP host unreachable: the packet could not reach its destination.',
    fr: 'ICMP hôte injoignable : le paquet n’a pas pu atteindre sa destination.',
    rfc: ['RFC 792', 'RFC 1122 3.2.2.1'],
  },
};

/** Deliveries, by what arrived and where (the segment's role, the receiving socket's state). */
export const deliverEntries = {
  synAtListener: {
    en: 'The SYN reaches the listening socket of {to}: its kernel creates a half-open connection (SYN-RECEIVED) and answers with SYN,ACK.',
    fr: 'Le SYN atteint la socket d’écoute de {to} : son noyau crée une connexion à demi ouverte (SYN-RECEIVED) et répond par un SYN,ACK.',
    rfc: ['RFC 9293 3.10.7.2', 'RFC 9293 3.5'],
    arrives: 'syn',
  },
  synNoListener: {
    en: 'The SYN reaches {to}, where no socket listens on that port: its kernel refuses the connection with RST.',
    fr: 'Le SYN atteint {to}, où aucune socket n’écoute sur ce port : son noyau refuse la connexion par un RST.',
    rfc: ['RFC 9293 3.10.7.1', 'RFC 9293 3.5.2'],
    arrives: 'syn',
  },
  syn: {
    en: 'The SYN of {from} arrives at {to}, whose socket is itself opening: a simultaneous open.',
    fr: 'Le SYN de {from} arrive chez {to}, dont la socket est elle-même en cours d’ouverture : ouverture simultanée.',
    rfc: ['RFC 9293 3.10.7.3', 'RFC 9293 3.5'],
    arrives: 'syn',
  },
  synAck: {
    en: 'The SYN,ACK arrives at {to}: its SYN is acknowledged, so it answers with the handshake’s last ACK and connect() can return.',
    fr: 'Le SYN,ACK arrive chez {to} : son SYN est acquitté, il répond donc par le dernier ACK de la poignée de main et connect() peut retourner.',
    rfc: ['RFC 9293 3.10.7.3'],
    arrives: 'syn-ack',
  },
  rst: {
    en: 'The RST of {from} arrives at {to}: the connection there is reset, and a blocked call fails.',
    fr: 'Le RST de {from} arrive chez {to} : la connexion y est réinitialisée, et un appel bloqué échoue.',
    rfc: ['RFC 9293 3.10.7.4', 'RFC 9293 3.5.3'],
    arrives: 'rst',
  },
  finFirst: {
    en: 'The FIN of {from} arrives at {to}: {from} will send nothing more. Once the data before it is read, recv() returns 0; {to} may still send.',
    fr: 'Le FIN de {from} arrive chez {to} : {from} n’enverra plus rien. Une fois les données qui le précèdent lues, recv() renvoie 0 ; {to} peut encore envoyer.',
    rfc: ['RFC 9293 3.10.7.4', 'RFC 9293 3.6'],
    arrives: 'fin',
    says: ['closes', 'other-direction-open'],
  },
  finAnswer: {
    en: 'The FIN of {from} arrives at {to}, which had already sent its own FIN: now neither side will send any more data.',
    fr: 'Le FIN de {from} arrive chez {to}, qui avait déjà envoyé son propre FIN : désormais aucun des deux côtés n’enverra plus de données.',
    rfc: ['RFC 9293 3.10.7.4', 'RFC 9293 3.6'],
    arrives: 'fin',
    says: ['closes', 'both-closed'],
  },
  data: {
    en: '{len} bytes of data from {from} arrive at {to}: its TCP puts them in the receive buffer, in order, for recv().',
    fr: '{len} octets de données de {from} arrivent chez {to} : son TCP les range dans le tampon de réception, dans l’ordre, pour recv().',
    rfc: ['RFC 9293 3.10.7.4', 'RFC 9293 3.8'],
    arrives: 'data',
  },
  retransmission: {
    en: 'The retransmitted segment arrives at {to}: if the first copy was lost it fills the gap; if not, {to} drops the repeated bytes and acknowledges again.',
    fr: 'Le segment retransmis arrive chez {to} : si la première copie a été perdue, il comble le trou ; sinon, {to} jette les octets répétés et acquitte de nouveau.',
    rfc: ['RFC 9293 3.10.7.4', 'RFC 6298'],
    arrives: 'retransmission',
  },
  probe: {
    en: 'The probe arrives at {to}: it answers with an ACK that shows it is still there and how much room it has.',
    fr: 'La sonde arrive chez {to} : il répond par un ACK qui montre qu’il est toujours là et combien de place il lui reste.',
    rfc: ['RFC 1122 4.2.3.6', 'RFC 9293 3.8.6.1'],
    arrives: 'probe',
  },
  ackOfSyn: {
    en: 'The handshake’s last ACK arrives at {to}: its SYN is acknowledged, the connection is established and waits for accept().',
    fr: 'Le dernier ACK de la poignée de main arrive chez {to} : son SYN est acquitté, la connexion est établie et attend accept().',
    rfc: ['RFC 9293 3.10.7.4', 'RFC 9293 3.5'],
    arrives: 'ack',
  },
  ackOfData: {
    en: 'The ACK arrives at {to}: {bytes} bytes it sent are acknowledged and leave its send buffer (SND.UNA moves forward).',
    fr: 'L’ACK arrive chez {to} : {bytes} octets qu’il a envoyés sont acquittés et quittent son tampon d’émission (SND.UNA avance).',
    rfc: ['RFC 9293 3.10.7.4', 'RFC 9293 3.3.1'],
    arrives: 'ack',
  },
  ackOfFin: {
    en: 'The ACK of its FIN arrives at {to}: the direction from {to} to {from} is closed.',
    fr: 'L’ACK de son FIN arrive chez {to} : le sens de {to} vers {from} est fermé.',
    rfc: ['RFC 9293 3.10.7.4', 'RFC 9293 3.6'],
    arrives: 'ack',
  },
  ackNothingNew: {
    en: 'An ACK that acknowledges nothing new arrives at {to}: it shows that {from} is still there and which window it offers (with data in flight, it would count as a duplicate ACK).',
    fr: 'Un ACK qui n’acquitte rien de nouveau arrive chez {to} : il montre que {from} est toujours là et quelle fenêtre il offre (avec des données en vol, il compterait comme ACK dupliqué).',
    rfc: ['RFC 9293 3.10.7.4', 'RFC 5681 3.2'],
    arrives: 'ack',
  },
  segment: {
    en: 'The segment arrives at {to}; its TCP processes it according to its state.',
    fr: 'Le segment arrive chez {to} ; son TCP le traite selon son état.',
    rfc: ['RFC 9293 3.10.7'],
  },
  datagram: {
    en: 'The datagram arrives at {to}, whole: UDP keeps message boundaries.',
    fr: 'Le datagramme arrive chez {to}, entier : UDP préserve les limites des messages.',
    rfc: ['RFC 768'],
    arrives: 'datagram',
  },
  icmp: {
    en: 'The ICMP message arrives at {to}; a connected UDP socket reports it as ECONNREFUSED.',
    fr: 'Le message ICMP arrive chez {to} ; une socket UDP connectée le signale par ECONNREFUSED.',
    rfc: ['RFC 1122 4.1.3.3'],
    arrives: 'icmp',
  },
  duplicate: {
    en: 'A duplicate copy arrives at {to}: the network delivered this packet twice.',
    fr: 'Une copie en double arrive chez {to} : le réseau a livré ce paquet deux fois.',
    rfc: ['RFC 9293 3.4'],
    arrives: 'duplicate',
  },
} as const satisfies Record<string, Entry>;

export const dropEntries = {
  segment: {
    en: 'The segment is lost on the way to {to}. Only a missing acknowledgement will tell {from}.',
    fr: 'Le segment est perdu en route vers {to}. Seul un acquittement manquant le fera savoir à {from}.',
    rfc: ['RFC 9293 3.8.1', 'RFC 6298'],
  },
  datagram: {
    en: 'The datagram is lost on the way to {to}. UDP will not send it again.',
    fr: 'Le datagramme est perdu en route vers {to}. UDP ne le renverra pas.',
    rfc: ['RFC 768'],
  },
  icmp: {
    en: 'The ICMP message is lost on the way to {to}.',
    fr: 'Le message ICMP est perdu en route vers {to}.',
    rfc: ['RFC 792'],
  },
} as const satisfies Record<string, Entry>;

/** State transitions, keyed "FROM>TO"; `*>CLOSED` entries are tried by cause when none matches. */
export const transitionEntries: Readonly<Record<string, Entry>> = {
  'CLOSED>LISTEN': {
    en: 'Passive open: the socket now waits for connection requests (SYN).',
    fr: 'Ouverture passive : la socket attend maintenant des demandes de connexion (SYN).',
    rfc: ['RFC 9293 3.10.1', 'RFC 9293 3.5'],
  },
  'CLOSED>SYN-SENT': {
    en: 'Active open: SYN sent, waiting for the peer’s SYN,ACK.',
    fr: 'Ouverture active : SYN envoyé, en attente du SYN,ACK du pair.',
    rfc: ['RFC 9293 3.10.1', 'RFC 9293 3.5'],
  },
  'LISTEN>SYN-RECEIVED': {
    en: 'A SYN arrived on the listening socket: a new connection is half-open until the handshake’s last ACK.',
    fr: 'Un SYN est arrivé sur la socket d’écoute : une nouvelle connexion est à demi ouverte jusqu’au dernier ACK de la poignée de main.',
    rfc: ['RFC 9293 3.10.7.2', 'RFC 9293 3.5'],
  },
  'SYN-SENT>ESTABLISHED': {
    en: 'The SYN,ACK acknowledges our SYN: the connection is open on this side, and connect() returns.',
    fr: 'Le SYN,ACK acquitte notre SYN : la connexion est ouverte de ce côté, et connect() retourne.',
    rfc: ['RFC 9293 3.10.7.3'],
  },
  'SYN-SENT>SYN-RECEIVED': {
    en: 'Simultaneous open: both sides sent a SYN at the same time.',
    fr: 'Ouverture simultanée : les deux côtés ont envoyé un SYN en même temps.',
    rfc: ['RFC 9293 3.10.7.3', 'RFC 9293 3.5'],
  },
  'SYN-RECEIVED>ESTABLISHED': {
    en: 'The handshake’s third segment acknowledges our SYN: the connection is open and waits in the accept queue.',
    fr: 'Le troisième segment de la poignée de main acquitte notre SYN : la connexion est ouverte et attend dans la file d’accept().',
    rfc: ['RFC 9293 3.10.7.4'],
  },
  'ESTABLISHED>FIN-WAIT-1': {
    en: 'Active close: this side sent FIN and waits for it to be acknowledged.',
    fr: 'Fermeture active : ce côté a envoyé FIN et attend son acquittement.',
    rfc: ['RFC 9293 3.10.4', 'RFC 9293 3.6'],
  },
  'SYN-RECEIVED>FIN-WAIT-1': {
    en: 'Closed before the handshake finished: this side sends FIN.',
    fr: 'Fermée avant la fin de la poignée de main : ce côté envoie FIN.',
    rfc: ['RFC 9293 3.10.4'],
  },
  'ESTABLISHED>CLOSE-WAIT': {
    en: 'Passive close: the peer sent FIN. recv() will return 0 (end of stream) once the data is read; this side may still send.',
    fr: 'Fermeture passive : le pair a envoyé FIN. recv() renverra 0 (fin du flux) une fois les données lues ; ce côté peut encore envoyer.',
    rfc: ['RFC 9293 3.10.7.4', 'RFC 9293 3.6'],
  },
  'FIN-WAIT-1>FIN-WAIT-2': {
    en: 'Our FIN is acknowledged: this direction is closed; we wait for the peer’s FIN.',
    fr: 'Notre FIN est acquitté : ce sens est fermé ; on attend le FIN du pair.',
    rfc: ['RFC 9293 3.10.7.4', 'RFC 9293 3.6'],
  },
  'FIN-WAIT-1>CLOSING': {
    en: 'Simultaneous close: the peer’s FIN crossed ours; we wait for the ACK of our FIN.',
    fr: 'Fermeture simultanée : le FIN du pair a croisé le nôtre ; on attend l’ACK de notre FIN.',
    rfc: ['RFC 9293 3.6', 'RFC 9293 3.10.7.4'],
  },
  'FIN-WAIT-1>TIME-WAIT': {
    en: 'The peer’s FIN also acknowledges ours: both directions are closed; TIME-WAIT lasts 2*MSL.',
    fr: 'Le FIN du pair acquitte aussi le nôtre : les deux sens sont fermés ; TIME-WAIT dure 2*MSL.',
    rfc: ['RFC 9293 3.6', 'RFC 9293 3.10.7.4'],
  },
  'FIN-WAIT-2>TIME-WAIT': {
    en: 'The peer’s FIN arrives: both directions are closed. The side that closed first waits 2*MSL in TIME-WAIT, so a lost last ACK can be resent and old segments die out.',
    fr: 'Le FIN du pair arrive : les deux sens sont fermés. Le côté qui a fermé le premier attend 2*MSL en TIME-WAIT, pour renvoyer un dernier ACK perdu et laisser mourir les vieux segments.',
    rfc: ['RFC 9293 3.6', 'RFC 9293 3.10.7.4'],
  },
  'CLOSING>TIME-WAIT': {
    en: 'Our FIN is acknowledged after a simultaneous close: TIME-WAIT for 2*MSL.',
    fr: 'Notre FIN est acquitté après une fermeture simultanée : TIME-WAIT pendant 2*MSL.',
    rfc: ['RFC 9293 3.6', 'RFC 9293 3.10.7.4'],
  },
  'CLOSE-WAIT>LAST-ACK': {
    en: 'This side closes in turn: it sends its FIN and waits for the last ACK.',
    fr: 'Ce côté ferme à son tour : il envoie son FIN et attend le dernier ACK.',
    rfc: ['RFC 9293 3.10.4', 'RFC 9293 3.6'],
  },
  'LAST-ACK>CLOSED': {
    en: 'The last ACK arrives: the connection is gone on this side, with no TIME-WAIT.',
    fr: 'Le dernier ACK arrive : la connexion disparaît de ce côté, sans TIME-WAIT.',
    rfc: ['RFC 9293 3.10.7.4', 'RFC 9293 3.6'],
  },
  'TIME-WAIT>CLOSED': {
    en: '2*MSL have passed in TIME-WAIT: the connection is finally forgotten and its port pair can be reused.',
    fr: '2*MSL se sont écoulés en TIME-WAIT : la connexion est enfin oubliée et son couple de ports peut resservir.',
    rfc: ['RFC 9293 3.10.8', 'RFC 9293 3.6'],
  },
  'LISTEN>CLOSED': {
    en: 'The listening socket is closed: new connection requests will be refused with RST.',
    fr: 'La socket d’écoute est fermée : les nouvelles demandes de connexion seront refusées par un RST.',
    rfc: ['RFC 9293 3.10.4'],
  },
};

/** State changes no FROM>TO entry describes, chosen by their cause. */
export const causeTransitions = {
  'rcv-rst': {
    en: 'The connection is reset: it goes straight to CLOSED and any blocked call fails.',
    fr: 'La connexion est réinitialisée : elle passe directement à CLOSED et tout appel bloqué échoue.',
    rfc: ['RFC 9293 3.5.3', 'RFC 9293 3.10.7.4'],
    causes: ['rcv-rst'],
    to: ['CLOSED', 'LISTEN'],
  },
  abort: {
    en: 'The connection is aborted: this side sends RST and goes straight to CLOSED.',
    fr: 'La connexion est interrompue : ce côté envoie un RST et passe directement à CLOSED.',
    rfc: ['RFC 9293 3.10.5', 'RFC 9293 3.5.2'],
    causes: ['abort', 'listener-closed'],
    to: ['CLOSED'],
  },
  timeout: {
    en: 'The kernel gives up: every retransmission (or probe) went unanswered, so the connection goes to CLOSED with ETIMEDOUT.',
    fr: 'Le noyau abandonne : aucune retransmission (ni sonde) n’a reçu de réponse, la connexion passe donc à CLOSED avec ETIMEDOUT.',
    rfc: ['RFC 9293 3.8.3', 'RFC 1122 4.2.3.5'],
    causes: ['timeout'],
    to: ['CLOSED'],
  },
  'fin-wait-2-timeout': {
    en: 'The peer’s FIN never came: Linux drops the connection after tcp_fin_timeout in FIN-WAIT-2.',
    fr: 'Le FIN du pair n’est jamais venu : Linux abandonne la connexion après tcp_fin_timeout en FIN-WAIT-2.',
    rfc: ['RFC 9293 3.10.7.4'],
    causes: ['fin-wait-2-timeout'],
    to: ['CLOSED'],
  },
  crash: {
    en: 'The host is gone: its connection vanishes without a FIN or an RST.',
    fr: 'L’hôte a disparu : sa connexion s’évanouit sans FIN ni RST.',
    rfc: ['RFC 9293 3.10.7.4'],
    causes: ['crash'],
    to: ['CLOSED'],
  },
} as const satisfies Partial<Record<StateCause, Entry>>;

export const genericTransition: Entry = {
  en: 'The socket changes state.',
  fr: 'La socket change d’état.',
  rfc: ['RFC 9293 3.3.2'],
};

/** A timer's name (`en`/`fr`, masculine in French) and what it is for. */
export interface TimerEntry extends Entry {
  purpose: LocalizedText;
}

export const timerEntries: Readonly<Record<TimerKind, TimerEntry>> = {
  retransmit: {
    en: 'retransmission timer (RTO)',
    fr: 'temporisateur de retransmission (RTO)',
    purpose: {
      en: 'If no ACK comes back before it expires, the unacknowledged data is sent again and the RTO doubles.',
      fr: 'Si aucun ACK ne revient avant son expiration, les données non acquittées sont renvoyées et le RTO double.',
    },
    rfc: ['RFC 6298', 'RFC 9293 3.8.1'],
  },
  'delayed-ack': {
    en: 'delayed ACK timer',
    fr: 'temporisateur d’ACK retardé',
    purpose: {
      en: 'The receiver waits a little before acknowledging, hoping to carry the ACK on data of its own.',
      fr: 'Le récepteur attend un peu avant d’acquitter, pour joindre l’ACK à ses propres données.',
    },
    rfc: ['RFC 9293 3.8.6.3', 'RFC 1122 4.2.3.2'],
  },
  'time-wait': {
    en: 'TIME-WAIT timer',
    fr: 'temporisateur TIME-WAIT',
    purpose: {
      en: 'It lasts 2*MSL; then the connection is forgotten.',
      fr: 'Il dure 2*MSL ; ensuite la connexion est oubliée.',
    },
    rfc: ['RFC 9293 3.10.8', 'RFC 9293 3.6'],
  },
  keepalive: {
    en: 'keepalive timer',
    fr: 'temporisateur keepalive',
    purpose: {
      en: 'After this much idle time, a probe checks that the peer is still alive.',
      fr: 'Après ce temps d’inactivité, une sonde vérifie que le pair est toujours là.',
    },
    rfc: ['RFC 1122 4.2.3.6', 'RFC 9293 3.8.4'],
  },
  persist: {
    en: 'persist timer',
    fr: 'temporisateur de persistance',
    purpose: {
      en: 'While the peer’s window is 0, probes ask whether it has reopened.',
      fr: 'Tant que la fenêtre du pair vaut 0, des sondes demandent si elle s’est rouverte.',
    },
    rfc: ['RFC 9293 3.8.6.1', 'RFC 1122 4.2.2.17'],
  },
  'fin-wait-2': {
    en: 'FIN-WAIT-2 timer',
    fr: 'temporisateur FIN-WAIT-2',
    purpose: {
      en: 'Linux does not wait forever for the peer’s FIN (tcp_fin_timeout).',
      fr: 'Linux n’attend pas indéfiniment le FIN du pair (tcp_fin_timeout).',
    },
    rfc: [],
  },
  timeout: {
    en: 'socket timeout',
    fr: 'délai de la socket',
    purpose: {
      en: 'Set by settimeout() or SO_RCVTIMEO: the blocked call gives up when it expires.',
      fr: 'Fixé par settimeout() ou SO_RCVTIMEO : l’appel bloqué abandonne à son expiration.',
    },
    rfc: [],
  },
};

export const timerActions: Readonly<Record<'set' | 'fire' | 'cancel', LocalizedText>> = {
  set: { en: 'The {timer} starts. {purpose}', fr: 'Le {timer} démarre. {purpose}' },
  fire: { en: 'The {timer} expires. {purpose}', fr: 'Le {timer} expire. {purpose}' },
  cancel: {
    en: 'The {timer} is cancelled: it is no longer needed.',
    fr: 'Le {timer} est annulé : il ne sert plus.',
  },
};

/** Socket calls: what the call asks of the kernel. Calls missing here have no RFC counterpart. */
export const callEntries: Partial<Readonly<Record<SocketCall, Entry>>> = {
  socket: {
    en: '{host} asks the kernel for a new socket; it gets back a small number, the descriptor.',
    fr: '{host} demande une nouvelle socket au noyau ; il reçoit un petit nombre, le descripteur.',
    rfc: [],
  },
  bind: {
    en: '{host} attaches the socket to a local address and port.',
    fr: '{host} attache la socket à une adresse et un port locaux.',
    rfc: [],
  },
  listen: {
    en: '{host} makes the socket passive: the kernel will answer connection requests on its port.',
    fr: '{host} rend la socket passive : le noyau répondra aux demandes de connexion sur son port.',
    rfc: ['RFC 9293 3.9.1.1'],
  },
  accept: {
    en: '{host} takes the next fully established connection from the queue, waiting if there is none.',
    fr: '{host} prend la prochaine connexion établie dans la file, en attendant s’il n’y en a pas.',
    rfc: ['RFC 9293 3.9.1.1'],
  },
  connect: {
    en: '{host} opens a connection: the kernel starts the three-way handshake.',
    fr: '{host} ouvre une connexion : le noyau lance la poignée de main en trois temps.',
    rfc: ['RFC 9293 3.9.1.1', 'RFC 9293 3.5'],
  },
  send: {
    en: '{host} hands bytes to the kernel’s send buffer; they leave when TCP decides.',
    fr: '{host} confie des octets au tampon d’émission du noyau ; ils partent quand TCP le décide.',
    rfc: ['RFC 9293 3.9.1.2', 'RFC 9293 3.7.4'],
  },
  sendall: {
    en: '{host} hands all its bytes to the kernel’s send buffer; they leave when TCP decides.',
    fr: '{host} confie tous ses octets au tampon d’émission du noyau ; ils partent quand TCP le décide.',
    rfc: ['RFC 9293 3.9.1.2', 'RFC 9293 3.7.4'],
  },
  recv: {
    en: '{host} reads from the receive buffer, waiting until at least one byte (or the end of stream) is there.',
    fr: '{host} lit le tampon de réception, en attendant au moins un octet (ou la fin du flux).',
    rfc: ['RFC 9293 3.9.1.3'],
  },
  shutdown: {
    en: '{host} closes one direction only (half-close): it can still receive.',
    fr: '{host} ferme un seul sens (demi-fermeture) : il peut encore recevoir.',
    rfc: ['RFC 9293 3.6.1'],
  },
  close: {
    en: '{host} closes the socket: for a connection, the kernel sends FIN once the queued data is out.',
    fr: '{host} ferme la socket : pour une connexion, le noyau envoie FIN une fois les données en attente parties.',
    rfc: ['RFC 9293 3.9.1.4', 'RFC 9293 3.6'],
  },
  sendto: {
    en: '{host} sends one datagram to the given address.',
    fr: '{host} envoie un datagramme à l’adresse donnée.',
    rfc: ['RFC 768'],
  },
  recvfrom: {
    en: '{host} waits for one whole datagram, and learns who sent it.',
    fr: '{host} attend un datagramme entier, et apprend qui l’a envoyé.',
    rfc: ['RFC 768'],
  },
  setsockopt: {
    en: '{host} changes a socket option.',
    fr: '{host} modifie une option de la socket.',
    rfc: [],
  },
  settimeout: {
    en: '{host} sets how long blocking calls may wait.',
    fr: '{host} fixe combien de temps les appels bloquants peuvent attendre.',
    rfc: [],
  },
  sleep: {
    en: '{host} pauses its program.',
    fr: '{host} met son programme en pause.',
    rfc: [],
  },
};

/** Socket options worth their own sentence and RFC section. */
export const optionEntries: Readonly<Record<string, Entry>> = {
  TCP_NODELAY: {
    en: 'TCP_NODELAY turns Nagle’s algorithm off: small writes leave at once instead of waiting for an ACK.',
    fr: 'TCP_NODELAY désactive l’algorithme de Nagle : les petites écritures partent aussitôt au lieu d’attendre un ACK.',
    rfc: ['RFC 896', 'RFC 9293 3.7.4'],
  },
  SO_KEEPALIVE: {
    en: 'SO_KEEPALIVE asks the kernel to probe an idle connection.',
    fr: 'SO_KEEPALIVE demande au noyau de sonder une connexion inactive.',
    rfc: ['RFC 1122 4.2.3.6', 'RFC 9293 3.8.4'],
  },
  SO_REUSEADDR: {
    en: 'SO_REUSEADDR lets bind() reuse a port still held by a connection in TIME-WAIT.',
    fr: 'SO_REUSEADDR permet à bind() de réutiliser un port encore tenu par une connexion en TIME-WAIT.',
    rfc: ['RFC 9293 3.6'],
  },
  SO_LINGER: {
    en: 'SO_LINGER with a zero timeout makes close() abort the connection with RST instead of FIN.',
    fr: 'SO_LINGER avec un délai nul fait que close() interrompt la connexion par RST au lieu de FIN.',
    rfc: ['RFC 9293 3.10.5'],
  },
  SO_BROADCAST: {
    en: 'SO_BROADCAST allows sending to a broadcast address.',
    fr: 'SO_BROADCAST autorise l’envoi à une adresse de diffusion.',
    rfc: ['RFC 919'],
  },
};

export const errnoEntries: Readonly<Record<string, Entry>> = {
  ECONNREFUSED: {
    en: 'ECONNREFUSED: nothing listens on that port; the peer answered with RST (TCP) or ICMP port unreachable (UDP).',
    fr: 'ECONNREFUSED : rien n’écoute sur ce port ; le pair a répondu par RST (TCP) ou ICMP port injoignable (UDP).',
    rfc: ['RFC 9293 3.5.2', 'RFC 1122 4.1.3.1'],
  },
  ETIMEDOUT: {
    en: 'ETIMEDOUT: the peer never answered, even after every retransmission; the kernel gave up.',
    fr: 'ETIMEDOUT : le pair n’a jamais répondu, même après toutes les retransmissions ; le noyau a abandonné.',
    rfc: ['RFC 9293 3.8.3', 'RFC 1122 4.2.3.5'],
  },
  ECONNRESET: {
    en: 'ECONNRESET: the peer reset the connection (RST).',
    fr: 'ECONNRESET : le pair a réinitialisé la connexion (RST).',
    rfc: ['RFC 9293 3.5.3'],
  },
  EPIPE: {
    en: 'EPIPE: writing to a connection that can no longer send.',
    fr: 'EPIPE : écriture sur une connexion qui ne peut plus envoyer.',
    rfc: ['RFC 9293 3.10.2'],
  },
  EADDRINUSE: {
    en: 'EADDRINUSE: the port is still taken, often by a connection in TIME-WAIT.',
    fr: 'EADDRINUSE : le port est encore pris, souvent par une connexion en TIME-WAIT.',
    rfc: ['RFC 9293 3.6'],
  },
  EAGAIN: {
    en: 'EAGAIN: the call timed out before anything arrived.',
    fr: 'EAGAIN : l’appel a expiré avant que rien n’arrive.',
    rfc: [],
  },
};

/** Successful returns worth more than "it returned". */
export const returnEntries: Partial<Readonly<Record<SocketCall, Entry>>> = {
  connect: {
    en: 'connect() returns: the three-way handshake is complete on {host}’s side.',
    fr: 'connect() retourne : la poignée de main en trois temps est terminée du côté de {host}.',
    rfc: ['RFC 9293 3.5'],
  },
  accept: {
    en: 'accept() returns a new socket for this client; the listening socket keeps listening for others.',
    fr: 'accept() renvoie une nouvelle socket pour ce client ; la socket d’écoute continue d’attendre les autres.',
    rfc: ['RFC 9293 3.9.1.1'],
  },
  send: {
    en: 'send() returns once the bytes are in the kernel’s send buffer, not when the peer has received them.',
    fr: 'send() retourne dès que les octets sont dans le tampon d’émission du noyau, pas quand le pair les a reçus.',
    rfc: ['RFC 9293 3.9.1.2'],
  },
  sendall: {
    en: 'sendall() returns once all the bytes are in the kernel’s send buffer, not when the peer has received them.',
    fr: 'sendall() retourne dès que tous les octets sont dans le tampon d’émission du noyau, pas quand le pair les a reçus.',
    rfc: ['RFC 9293 3.9.1.2'],
  },
  recv: {
    en: 'recv() returns {bytes} bytes from the receive buffer. TCP is a byte stream: one message may come in pieces, or several at once.',
    fr: 'recv() renvoie {bytes} octets du tampon de réception. TCP est un flux d’octets : un message peut arriver en morceaux, ou plusieurs d’un coup.',
    rfc: ['RFC 9293 3.9.1.3'],
  },
  recvfrom: {
    en: 'recvfrom() returns one whole datagram of {bytes} bytes, with the sender’s address.',
    fr: 'recvfrom() renvoie un datagramme entier de {bytes} octets, avec l’adresse de l’expéditeur.',
    rfc: ['RFC 768'],
  },
};

/** Calls whose return only reports success, with what that success means. */
export const plainReturnEntries: Partial<Readonly<Record<SocketCall, Entry>>> = {
  socket: {
    en: 'socket() returns descriptor {bytes}: {host}’s program names the socket by this number from now on.',
    fr: 'socket() renvoie le descripteur {bytes} : le programme de {host} désigne désormais la socket par ce numéro.',
    rfc: [],
  },
  bind: {
    en: 'bind() returns 0: the local address and port now belong to this socket.',
    fr: 'bind() renvoie 0 : l’adresse et le port locaux appartiennent désormais à cette socket.',
    rfc: [],
  },
  listen: {
    en: 'listen() returns 0: the socket is in LISTEN, and the kernel completes handshakes on its own.',
    fr: 'listen() renvoie 0 : la socket est en LISTEN, et le noyau mène seul les poignées de main.',
    rfc: ['RFC 9293 3.9.1.1'],
  },
  close: {
    en: 'close() returns at once: the descriptor is gone, while the kernel finishes the closing handshake on its own.',
    fr: 'close() retourne aussitôt : le descripteur disparaît, tandis que le noyau termine seul la fermeture.',
    rfc: ['RFC 9293 3.9.1.4'],
    says: ['kernel-finishes-close'],
  },
  shutdown: {
    en: 'shutdown() returns 0: this direction is closed, the socket can still receive.',
    fr: 'shutdown() renvoie 0 : ce sens est fermé, la socket peut encore recevoir.',
    rfc: ['RFC 9293 3.6.1'],
  },
  setsockopt: {
    en: 'setsockopt() returns 0: the option is set and applies from now on.',
    fr: 'setsockopt() renvoie 0 : l’option est fixée et s’applique désormais.',
    rfc: [],
  },
  settimeout: {
    en: 'settimeout() returns: from now on a blocking call on this socket gives up after that delay.',
    fr: 'settimeout() retourne : désormais un appel bloquant sur cette socket abandonne après ce délai.',
    rfc: [],
  },
  sleep: {
    en: '{host}’s program wakes up and goes on; meanwhile its kernel kept working.',
    fr: 'Le programme de {host} se réveille et continue ; pendant ce temps, son noyau a continué de travailler.',
    rfc: [],
  },
  sendto: {
    en: 'sendto() returns {bytes}: the datagram is handed to the network, with no promise that it arrives.',
    fr: 'sendto() renvoie {bytes} : le datagramme est confié au réseau, sans garantie qu’il arrive.',
    rfc: ['RFC 768'],
  },
};

/**
 * close() on a socket with no closing handshake left to run, by the socket's state when it was
 * called (and CLOSED at once from a synchronized state: an abort).
 */
export const closeReturnEntries = {
  listener: {
    en: 'close() returns 0: the socket stops listening and its port is free again; connections already accepted have their own descriptors and go on.',
    fr: 'close() renvoie 0 : la socket cesse d’écouter et son port est de nouveau libre ; les connexions déjà acceptées ont leurs propres descripteurs et continuent.',
    rfc: ['RFC 9293 3.10.4'],
  },
  gone: {
    en: 'close() returns 0: the connection had already ended (reset, refused or timed out), so there is nothing left to send; only the descriptor is freed.',
    fr: 'close() renvoie 0 : la connexion était déjà terminée (réinitialisée, refusée ou expirée), il n’y a plus rien à envoyer ; seul le descripteur est libéré.',
    rfc: ['RFC 9293 3.10.4'],
  },
  timeWait: {
    en: 'close() returns at once: both directions were already closed; the descriptor is freed and the kernel keeps the connection in TIME-WAIT for 2×MSL on its own.',
    fr: 'close() retourne aussitôt : les deux sens étaient déjà fermés ; le descripteur est libéré et le noyau garde seul la connexion en TIME-WAIT pendant 2×MSL.',
    rfc: ['RFC 9293 3.6.1'],
  },
  aborted: {
    en: 'close() returns at once: the kernel aborted the connection with a RST instead of closing it (SO_LINGER with a zero timeout, or data left unread); nothing more is exchanged.',
    fr: 'close() retourne aussitôt : le noyau a interrompu la connexion par un RST au lieu de la fermer (SO_LINGER à zéro, ou des données non lues) ; plus rien n’est échangé.',
    rfc: ['RFC 9293 3.10.4', 'RFC 2525 2.17'],
  },
  unconnected: {
    en: 'close() returns 0: this socket had no connection (UDP, or TCP never connected), so the kernel only frees it.',
    fr: 'close() renvoie 0 : cette socket n’avait pas de connexion (UDP, ou TCP jamais connecté), le noyau la libère simplement.',
    rfc: [],
  },
} satisfies Readonly<Record<string, Entry>>;

export const returnOk: Entry = {
  en: '{call}() returns to {host}’s program.',
  fr: '{call}() rend la main au programme de {host}.',
  rfc: [],
};

export const endOfStream: Entry = {
  en: 'recv() returns 0 bytes: the peer sent FIN, this is the end of the stream.',
  fr: 'recv() renvoie 0 octet : le pair a envoyé FIN, c’est la fin du flux.',
  rfc: ['RFC 9293 3.10.7.4', 'RFC 9293 3.6'],
};
