// The quiz's own text, in English and French (LocalizedText, like a scenario's): `{name}` marks a
// value filled in per question. Each explanation says why the right answer is right in the
// words of the clause it cites.
import type { LocalizedText } from '../trace/types';

export const messages = {
  'segment.prompt': {
    en: 'The next segment goes from {from} to {to}{data}. Which flags, seq and ack (relative) does it carry?',
    fr: 'Le prochain segment va de {from} à {to}{data}. Quels drapeaux, seq et ack (relatifs) porte-t-il ?',
  },
  'segment.withData': { en: ', with {len} bytes of data', fr: ', avec {len} octets de données' },
  'segment.choice': { en: '{flags} · seq {seq} · ack {ack}', fr: '{flags} · seq {seq} · ack {ack}' },
  'segment.choiceNoAck': { en: '{flags} · seq {seq} (no ACK)', fr: '{flags} · seq {seq} (sans ACK)' },
  'segment.why.syn-ack': {
    en: 'The answer to a SYN is SYN,ACK: its own SYN (seq {seq}, its ISN) and ack {ack}, the client’s ISN + 1, because a SYN takes one sequence number.',
    fr: 'La réponse à un SYN est SYN,ACK : son propre SYN (seq {seq}, son ISN) et ack {ack}, l’ISN du client + 1, car un SYN consomme un numéro de séquence.',
  },
  'segment.why.ack-of-syn': {
    en: 'The third segment of the handshake acknowledges the peer’s SYN: ack {ack} = its ISN + 1. Its seq is {seq}, because this side’s own SYN used sequence number 0.',
    fr: 'Le troisième segment de la poignée de main acquitte le SYN du pair : ack {ack} = son ISN + 1. Son seq vaut {seq}, car le SYN de ce côté a utilisé le numéro 0.',
  },
  'segment.why.data': {
    en: 'The data starts at seq {seq}, the next byte of this side’s stream, and ack {ack} names the next byte expected from the peer. After its {len} bytes this side goes on at seq {next}.',
    fr: 'Les données commencent à seq {seq}, l’octet suivant du flux de ce côté, et ack {ack} désigne le prochain octet attendu du pair. Après ses {len} octets, ce côté continue à seq {next}.',
  },
  'segment.why.ack-of-data': {
    en: 'An ACK names the next byte expected, not the last one received: the data began at seq {start} and carried {bytes} bytes, so ack = {start} + {bytes} = {ack}.',
    fr: 'Un ACK désigne le prochain octet attendu, pas le dernier reçu : les données commençaient à seq {start} et portaient {bytes} octets, donc ack = {start} + {bytes} = {ack}.',
  },
  'segment.why.fin': {
    en: 'close() sends a FIN at seq {seq}, right after the last byte sent. The ACK bit stays set, as on every segment after the handshake; the FIN itself takes one sequence number.',
    fr: 'close() envoie un FIN à seq {seq}, juste après le dernier octet envoyé. Le bit ACK reste levé, comme sur tout segment après la poignée de main ; le FIN consomme lui-même un numéro de séquence.',
  },
  'segment.why.fin-answer': {
    en: 'This side closes in turn. Its FIN (seq {seq}) also acknowledges the peer’s FIN: a FIN takes one sequence number, so ack {ack} is the peer’s FIN + 1.',
    fr: 'Ce côté ferme à son tour. Son FIN (seq {seq}) acquitte aussi le FIN du pair : un FIN consomme un numéro de séquence, donc ack {ack} est le FIN du pair + 1.',
  },
  'segment.why.ack-of-fin': {
    en: 'A FIN takes one sequence number, like a SYN: its ACK is the FIN’s seq + 1, here {ack}.',
    fr: 'Un FIN consomme un numéro de séquence, comme un SYN : son ACK vaut le seq du FIN + 1, ici {ack}.',
  },
  'segment.why.rst-refused': {
    en: 'No socket listens on that port, so the kernel answers the SYN with a reset: RST,ACK with ack {ack}, the SYN + 1, so that the sender accepts it.',
    fr: 'Aucune socket n’écoute sur ce port : le noyau répond au SYN par une réinitialisation, RST,ACK avec ack {ack}, le SYN + 1, pour que l’émetteur l’accepte.',
  },
  'segment.why.rst-abort': {
    en: 'This side aborts the connection instead of closing it: a RST at seq {seq}, its next sequence number, so that the peer accepts it. No FIN and no answer: the reset ends the connection on both sides.',
    fr: 'Ce côté abandonne la connexion au lieu de la fermer : un RST à seq {seq}, son prochain numéro de séquence, pour que le pair l’accepte. Ni FIN ni réponse : la réinitialisation termine la connexion des deux côtés.',
  },

  'state.prompt': {
    en: '{host} fd{fd} is in {from}. Now: {cause}. Which state does it move to?',
    fr: '{host} fd{fd} est en {from}. Maintenant : {cause}. Dans quel état passe-t-il ?',
  },
  'state.why.listen-syn-received': {
    en: 'A SYN reaches the listening socket: a new connection is born in SYN-RECEIVED and answers SYN,ACK. The listening socket itself stays in LISTEN, ready for more clients.',
    fr: 'Un SYN atteint la socket d’écoute : une nouvelle connexion naît en SYN-RECEIVED et répond SYN,ACK. La socket d’écoute elle-même reste en LISTEN, prête pour d’autres clients.',
  },
  'state.why.syn-sent-established': {
    en: 'The SYN,ACK acknowledges our SYN: the client is ESTABLISHED and answers with the third segment, a plain ACK.',
    fr: 'Le SYN,ACK acquitte notre SYN : le client est ESTABLISHED et répond par le troisième segment, un simple ACK.',
  },
  'state.why.syn-received-established': {
    en: 'The ACK of our SYN,ACK completes the three-way handshake: the connection is ESTABLISHED, and accept() can return it.',
    fr: 'L’ACK de notre SYN,ACK termine la poignée de main en trois temps : la connexion est ESTABLISHED, et accept() peut la renvoyer.',
  },
  'state.why.established-fin-wait-1': {
    en: 'This side closes first (the active close): it sends its FIN and waits in FIN-WAIT-1 for it to be acknowledged. CLOSE-WAIT is the state of the side that receives a FIN.',
    fr: 'Ce côté ferme le premier (fermeture active) : il envoie son FIN et attend en FIN-WAIT-1 qu’il soit acquitté. CLOSE-WAIT est l’état du côté qui reçoit un FIN.',
  },
  'state.why.established-close-wait': {
    en: 'The peer’s FIN says it will send nothing more. This side may still send, so it waits in CLOSE-WAIT until its own program calls close().',
    fr: 'Le FIN du pair annonce qu’il n’enverra plus rien. Ce côté peut encore envoyer : il attend en CLOSE-WAIT que son propre programme appelle close().',
  },
  'state.why.close-wait-last-ack': {
    en: 'The peer has already closed; now this side sends its own FIN and waits in LAST-ACK for its ACK (the passive close).',
    fr: 'Le pair a déjà fermé ; ce côté envoie maintenant son propre FIN et attend son ACK en LAST-ACK (fermeture passive).',
  },
  'state.why.fin-wait-1-fin-wait-2': {
    en: 'Our FIN is acknowledged, but the peer has not closed yet: FIN-WAIT-2 waits for its FIN.',
    fr: 'Notre FIN est acquitté, mais le pair n’a pas encore fermé : FIN-WAIT-2 attend son FIN.',
  },
  'state.why.fin-wait-1-closing': {
    en: 'The peer’s FIN arrived before the ACK of ours: both sides closed at once (simultaneous close), and CLOSING waits for that ACK.',
    fr: 'Le FIN du pair est arrivé avant l’ACK du nôtre : les deux côtés ont fermé en même temps (fermeture simultanée), et CLOSING attend cet ACK.',
  },
  'state.why.fin-wait-1-time-wait': {
    en: 'The peer’s FIN acknowledges ours in the same segment: both FINs are done at once, straight to TIME-WAIT.',
    fr: 'Le FIN du pair acquitte le nôtre dans le même segment : les deux FIN sont faits d’un coup, directement en TIME-WAIT.',
  },
  'state.why.fin-wait-2-time-wait': {
    en: 'The peer’s FIN arrives: this side acknowledges it and waits 2×MSL in TIME-WAIT, in case that last ACK is lost and the FIN comes again. The side that closed first is the one that waits.',
    fr: 'Le FIN du pair arrive : ce côté l’acquitte et attend 2×MSL en TIME-WAIT, au cas où ce dernier ACK se perdrait et le FIN reviendrait. C’est le côté qui a fermé le premier qui attend.',
  },
  'state.why.closing-time-wait': {
    en: 'The ACK of our FIN arrives: both FINs are acknowledged, and TIME-WAIT waits 2×MSL before the connection is gone.',
    fr: 'L’ACK de notre FIN arrive : les deux FIN sont acquittés, et TIME-WAIT attend 2×MSL avant que la connexion disparaisse.',
  },
  'state.why.last-ack-closed': {
    en: 'The ACK of our FIN arrives: the passive closer is done and its connection is deleted at once. No TIME-WAIT on this side.',
    fr: 'L’ACK de notre FIN arrive : le côté qui ferme en second a fini, sa connexion est supprimée aussitôt. Pas de TIME-WAIT de ce côté.',
  },
  'state.why.rst': {
    en: 'A RST ends the connection at once: no FIN exchange and no TIME-WAIT, straight to CLOSED.',
    fr: 'Un RST met fin à la connexion aussitôt : ni échange de FIN ni TIME-WAIT, directement CLOSED.',
  },
  'state.why.abort': {
    en: 'An abort ({cause}) sends a RST and deletes the connection: CLOSED at once, without FIN and without TIME-WAIT.',
    fr: 'Un abandon ({cause}) envoie un RST et supprime la connexion : CLOSED aussitôt, sans FIN et sans TIME-WAIT.',
  },
  'state.why.timeout': {
    en: 'The kernel gave up ({cause}): the connection is dropped to CLOSED, with no FIN, and the program gets ETIMEDOUT.',
    fr: 'Le noyau a abandonné ({cause}) : la connexion tombe en CLOSED, sans FIN, et le programme reçoit ETIMEDOUT.',
  },

  'recv.prompt': {
    en: '{host} fd{fd} called {call}({max}). What does it return?',
    fr: '{host} fd{fd} a appelé {call}({max}). Que renvoie-t-il ?',
  },
  'recv.bytes.one': { en: '{count} byte', fr: '{count} octet' },
  'recv.bytes.other': { en: '{count} bytes', fr: '{count} octets' },
  'recv.eof': { en: '0: end of stream', fr: '0 : fin du flux' },
  'recv.blocks': { en: 'Nothing yet: it keeps waiting', fr: 'Rien pour l’instant : il continue d’attendre' },
  'recv.error': { en: 'An error: {errno}', fr: 'Une erreur : {errno}' },
  'recv.why.bytes': {
    en: 'recv({max}) returns the bytes already received, at most {max}: here {count}. It does not wait for {max} bytes, and a stream keeps no message boundaries.',
    fr: 'recv({max}) renvoie les octets déjà reçus, au plus {max} : ici {count}. Il n’attend pas {max} octets, et un flux ne garde pas les limites des messages.',
  },
  'recv.why.datagram': {
    en: 'recvfrom() returns one whole datagram, here {count} bytes: UDP keeps each message’s boundaries.',
    fr: 'recvfrom() renvoie un datagramme entier, ici {count} octets : UDP garde les limites de chaque message.',
  },
  'recv.why.eof': {
    en: 'The peer’s FIN has arrived and every byte before it has been read: recv() returns 0, the end of the stream. A FIN is not an error.',
    fr: 'Le FIN du pair est arrivé et tous les octets d’avant ont été lus : recv() renvoie 0, la fin du flux. Un FIN n’est pas une erreur.',
  },
  'recv.why.ECONNRESET': {
    en: 'A RST arrived: the connection is gone and recv() fails with ECONNRESET. Unlike a FIN, a reset loses whatever was still in flight.',
    fr: 'Un RST est arrivé : la connexion n’existe plus et recv() échoue avec ECONNRESET. Contrairement à un FIN, une réinitialisation perd ce qui était encore en route.',
  },
  'recv.why.ETIMEDOUT': {
    en: 'The retransmissions (or keepalive probes) went unanswered until the kernel gave up: recv() fails with ETIMEDOUT.',
    fr: 'Les retransmissions (ou sondes keepalive) sont restées sans réponse jusqu’à l’abandon du noyau : recv() échoue avec ETIMEDOUT.',
  },
  'recv.why.ECONNREFUSED': {
    en: 'An ICMP port unreachable came back for an earlier datagram: the connected UDP socket reports it as ECONNREFUSED.',
    fr: 'Un ICMP port inaccessible est revenu pour un datagramme précédent : la socket UDP connectée le signale par ECONNREFUSED.',
  },
  'recv.why.EAGAIN': {
    en: 'The receive timeout (settimeout, SO_RCVTIMEO) expired before any data arrived: EAGAIN (Python raises socket.timeout).',
    fr: 'Le délai de réception (settimeout, SO_RCVTIMEO) a expiré avant l’arrivée de données : EAGAIN (Python lève socket.timeout).',
  },
  'recv.why.error': { en: 'The call fails with {errno}.', fr: 'L’appel échoue avec {errno}.' },

  'nagle.prompt': {
    en: '{host} calls {call}() with {bytes} bytes while {inFlight} bytes it sent are not yet acknowledged. Does this data leave now?',
    fr: '{host} appelle {call}() avec {bytes} octets alors que {inFlight} octets envoyés ne sont pas encore acquittés. Ces données partent-elles maintenant ?',
  },
  'nagle.now': {
    en: 'Yes: it leaves at once, in its own segment',
    fr: 'Oui : elles partent aussitôt, dans leur propre segment',
  },
  'nagle.held': {
    en: 'No: it waits until the data in flight is acknowledged',
    fr: 'Non : elles attendent que les données en route soient acquittées',
  },
  'nagle.timer': {
    en: 'No: it waits for the retransmission timer, then leaves',
    fr: 'Non : elles attendent le temporisateur de retransmission, puis partent',
  },
  'nagle.why.held': {
    en: 'Nagle’s algorithm: while sent data is unacknowledged, a segment smaller than the MSS is held back until the ACK arrives. If the peer delays its ACK, the {bytes} bytes wait with it.',
    fr: 'Algorithme de Nagle : tant que des données envoyées ne sont pas acquittées, un segment plus petit que le MSS est retenu jusqu’à l’arrivée de l’ACK. Si le pair retarde son ACK, les {bytes} octets attendent avec lui.',
  },
  'nagle.why.nodelay': {
    en: 'TCP_NODELAY turns Nagle’s algorithm off: the kernel sends at once, even with {inFlight} bytes in flight.',
    fr: 'TCP_NODELAY désactive l’algorithme de Nagle : le noyau envoie aussitôt, même avec {inFlight} octets en route.',
  },
  'nagle.why.now': {
    en: 'Nothing held this data back: Nagle’s algorithm only waits for a segment smaller than the MSS, and not when TCP_NODELAY is set.',
    fr: 'Rien n’a retenu ces données : l’algorithme de Nagle ne fait attendre qu’un segment plus petit que le MSS, et pas quand TCP_NODELAY est levé.',
  },
} as const satisfies Record<string, LocalizedText>;

export type QuizMessage = keyof typeof messages;
