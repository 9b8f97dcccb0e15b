// Messages en français. Mêmes clés qu'en.ts : TypeScript refuse une clé manquante ou en trop.
import type { MessageKey } from './en';

export const fr: Record<MessageKey, string> = {
  'app.name': 'Wirestep',
  'app.tagline': 'Le dialogue client–serveur des sockets, pas à pas',
  'app.crashed': 'Un problème est survenu pendant l’affichage de la page : {message}',
  'app.reload': 'Recharger la page',

  'lang.label': 'Langue',
  'lang.en': 'Anglais',
  'lang.fr': 'Français',

  'scenarios.heading': 'Scénarios',
  'scenarios.count.one': '{count} scénario intégré',
  'scenarios.count.other': '{count} scénarios intégrés',
  'scenarios.concepts': 'Notions',
  'scenarios.empty': 'Aucun scénario intégré n’a été trouvé.',

  'scenario.none': 'Choisissez un scénario pour le simuler et voir ce qui se passe sur le réseau.',
  'scenario.seed': 'Graine',
  'scenario.seedHint': 'La même graine donne toujours la même exécution.',
  'scenario.hosts': 'Hôtes',

  'trace.heading': 'Événements',
  'trace.summary.one': '{count} événement sur {duration} ms de temps simulé',
  'trace.summary.other': '{count} événements sur {duration} ms de temps simulé',
  'trace.relativeSeq':
    'Les numéros de séquence et d’acquittement sont relatifs au numéro de séquence initial (ISN) de chaque côté, comme dans Wireshark.',
  'trace.error': 'La simulation a échoué : {message}',
  'trace.running': 'Simulation en cours…',
  'trace.showMore.one': 'Afficher {count} événement de plus',
  'trace.showMore.other': 'Afficher {count} événements de plus',
  'trace.col.time': 'Temps (ms)',
  'trace.col.host': 'Hôte',
  'trace.col.kind': 'Événement',
  'trace.col.details': 'Détails',

  'kind.call': 'appel',
  'kind.return': 'retour',
  'kind.state': 'état',
  'kind.segment': 'segment',
  'kind.datagram': 'datagramme',
  'kind.icmp': 'ICMP',
  'kind.deliver': 'reçu',
  'kind.drop': 'perdu',
  'kind.timer': 'temporisateur',
  'kind.note': 'note',

  'event.socket': 'socket {socket}',
  'event.returnOk': 'réussi',
  'event.bytes.one': '{count} octet',
  'event.bytes.other': '{count} octets',
  'event.inferred': '(déduit de la capture)',
  'event.retransmission': 'retransmission',
  'event.packet': 'paquet n° {id}',
  'event.deliveredTo': 'arrivé à {host}',
  'event.lostBefore': 'perdu avant d’atteindre {host}',
  'event.icmpAbout': 'en réponse au paquet n° {id}',
  'event.timer.set': 'temporisateur {timer} armé, expire à {at} ms',
  'event.timer.fire': 'temporisateur {timer} expiré',
  'event.timer.cancel': 'temporisateur {timer} annulé',

  'timer.retransmit': 'de retransmission',
  'timer.delayed-ack': 'd’ACK retardé',
  'timer.time-wait': 'TIME-WAIT',
  'timer.keepalive': 'keepalive',
  'timer.persist': 'de persistance',
  'timer.fin-wait-2': 'FIN-WAIT-2',
  'timer.timeout': 'de délai du socket',

  'icmp.port-unreachable': 'port injoignable',
  'icmp.host-unreachable': 'hôte injoignable',

  'concept.handshake': 'poignée de main en trois temps',
  'concept.data-transfer': 'transfert de données',
  'concept.teardown': 'fermeture de connexion',
  'concept.time-wait': 'TIME-WAIT',
};
