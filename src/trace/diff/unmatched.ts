// A packet one trace sends and the other does not: named by what the other trace does instead
// (the ACK rides on a FIN or on data, comes later for more bytes), or by what the packet is.
import { describe, describeFr, named } from './named';
import { direction, isPureAck } from './packets';
import type { Sources } from './pairs';
import type { DiffPacket, Named, PacketDifference } from './types';

/**
 * `p` is in the trace `side` only; `others` are the other trace's packets in the same direction,
 * and `own` the packets of p's trace in that direction.
 */
export function unmatched(
  p: DiffPacket,
  side: 'a' | 'b',
  own: readonly DiffPacket[],
  others: readonly DiffPacket[],
  sources: Sources,
): PacketDifference {
  const inTrace = side === 'a' ? sources.a : sources.b;
  const notIn = side === 'a' ? sources.b : sources.a;
  const found = isPureAck(p) ? pureAck(p, own, others, inTrace, notIn) : other(p, inTrace, notIn);
  const difference: PacketDifference = {
    type: side === 'a' ? 'only-in-a' : 'only-in-b',
    group: 'segment',
    direction: direction(p),
    ...found,
  };
  difference[side] = p;
  return difference;
}

function pureAck(
  p: DiffPacket,
  own: readonly DiffPacket[],
  others: readonly DiffPacket[],
  inTrace: string,
  notIn: string,
): Named {
  const what = {
    en: `a pure ACK (ack=${p.ack ?? '-'}) only in the ${inTrace} trace`,
    fr: `un ACK seul (ack=${p.ack ?? '-'}) seulement dans la trace ${inTrace}`,
  };
  if (p.probe !== undefined) {
    return named('probe', what, {
      en: `a ${p.probe} probe (RFC 1122 4.2.3.6, RFC 9293 3.8.6.1): its timer fired in the ${inTrace} trace only.`,
      fr: `une sonde ${p.probe} (RFC 1122 4.2.3.6, RFC 9293 3.8.6.1) : son temporisateur n’a expiré que dans la trace ${inTrace}.`,
    });
  }
  const fin = others.find((q) => q.kind === 'segment' && q.ack === p.ack && q.flags.includes('FIN'));
  if (fin !== undefined) {
    return named(
      'ack-on-fin',
      {
        en: 'Linux delays the ACK of a FIN and carries it on its own FIN',
        fr: 'Linux retarde l’ACK d’un FIN et le porte sur son propre FIN',
      },
      {
        en: `${what.en}: in the ${notIn} trace the same acknowledgment rides on the FIN (${describe(fin)}). A FIN received in ESTABLISHED puts Linux in ping-pong mode and delays its ACK (tcp_fin); close() comes before the 40 ms timer, so the ACK leaves with the FIN: a 3-segment teardown.`,
        fr: `${what.fr} : dans la trace ${notIn}, le même acquittement voyage sur le FIN (${describeFr(fin)}). Un FIN reçu en ESTABLISHED met Linux en mode ping-pong et retarde son ACK (tcp_fin) ; close() arrive avant le délai de 40 ms, l’ACK part donc avec le FIN : une fermeture en 3 segments.`,
      },
    );
  }
  const carrier = others.find((q) => q.kind === 'segment' && q.ack === p.ack && q.len > 0);
  if (carrier !== undefined) {
    return named(
      'ack-on-data',
      { en: 'the ACK rides on data in the other trace', fr: 'l’ACK voyage sur des données dans l’autre trace' },
      {
        en: `${what.en}: the ${notIn} trace carries the same acknowledgment on its data (${describe(carrier)}). A receiver may delay an ACK (up to 500 ms, RFC 1122 4.2.3.2; 40 ms on Linux) to send it with its reply; Linux acknowledges at once in quick-ACK mode (the first segments, tcp_incr_quickack) and after a read that empties the queue (tcp_cleanup_rbuf).`,
        fr: `${what.fr} : la trace ${notIn} porte le même acquittement sur ses données (${describeFr(carrier)}). Un récepteur peut retarder un ACK (jusqu’à 500 ms, RFC 1122 4.2.3.2 ; 40 ms sous Linux) pour l’envoyer avec sa réponse ; Linux acquitte aussitôt en mode quick-ACK (les premiers segments, tcp_incr_quickack) et après une lecture qui vide la file (tcp_cleanup_rbuf).`,
      },
    );
  }
  const before = own.filter((q) => q.rel < p.rel || (q.rel === p.rel && q.event < p.event)).at(-1);
  if (before !== undefined && before.ack === p.ack && before.scaledWindow !== p.scaledWindow) {
    return named(
      'window-update',
      { en: 'a window update only in one trace', fr: 'une mise à jour de fenêtre dans une seule trace' },
      {
        en: `${what.en}, the same ack as the segment before it with a new window (${before.scaledWindow} to ${p.scaledWindow} bytes): a receiver announces a window that reopened after its program read (RFC 9293 3.8.6.2.2; Linux when the window grows by at least an MSS or doubles, __tcp_cleanup_rbuf).`,
        fr: `${what.fr}, le même ack que le segment précédent avec une nouvelle fenêtre (${before.scaledWindow} puis ${p.scaledWindow} octets) : un récepteur annonce une fenêtre rouverte après une lecture de son programme (RFC 9293 3.8.6.2.2 ; Linux quand la fenêtre grandit d’au moins un MSS ou double, __tcp_cleanup_rbuf).`,
      },
    );
  }
  const later = others.find((q) => q.kind === 'segment' && q.ack !== undefined && p.ack !== undefined && q.ack > p.ack);
  if (later !== undefined && !others.some((q) => q.ack === p.ack)) {
    return named(
      'ack-merged',
      {
        en: 'the other trace acknowledges these bytes only later, with more',
        fr: 'l’autre trace n’acquitte ces octets que plus tard, avec d’autres',
      },
      {
        en: `${what.en}: the ${notIn} trace first acknowledges past them with ${describe(later)}. An ACK may wait for a second full-sized segment or the delayed-ACK timer (RFC 1122 4.2.3.2, RFC 9293 3.8.6.3): one ACK then covers both.`,
        fr: `${what.fr} : la trace ${notIn} les acquitte pour la première fois au-delà, avec ${describeFr(later)}. Un ACK peut attendre un deuxième segment plein ou le délai d’ACK retardé (RFC 1122 4.2.3.2, RFC 9293 3.8.6.3) : un seul ACK couvre alors les deux.`,
      },
    );
  }
  return named(
    'pure-ack',
    { en: 'a pure ACK the other side does not send', fr: 'un ACK seul que l’autre côté n’envoie pas' },
    {
      en: `${what.en}; the ${notIn} trace sends no segment acknowledging the same byte at this point (a duplicate ACK, RFC 5681 3.2, or an ACK the other kernel merged or skipped).`,
      fr: `${what.fr} ; la trace ${notIn} n’envoie ici aucun segment qui acquitte le même octet (ACK dupliqué, RFC 5681 3.2, ou ACK que l’autre noyau a fusionné ou omis).`,
    },
  );
}

function other(p: DiffPacket, inTrace: string, notIn: string): Named {
  const what = {
    en: `${describe(p)} only in the ${inTrace} trace`,
    fr: `${describeFr(p)} seulement dans la trace ${inTrace}`,
  };
  if (p.retransmission === true) {
    return named('retransmission', what, {
      en: `a retransmission in the ${inTrace} trace: a packet was lost there (a fault rule or the link's loss) and its timer or three duplicate ACKs resent it (RFC 6298, RFC 5681 3.2); the ${notIn} run lost nothing.`,
      fr: `une retransmission dans la trace ${inTrace} : un paquet y a été perdu (règle de panne ou perte du lien) et son temporisateur ou trois ACK dupliqués l’ont renvoyé (RFC 6298, RFC 5681 3.2) ; l’exécution ${notIn} n’a rien perdu.`,
    });
  }
  if (p.flags.includes('RST')) {
    return named('abort', what, {
      en: 'one kernel aborted the connection and the other did not (close() with unread data, SO_LINGER 0, or a segment reaching a socket already gone; RFC 9293 3.10.7.1, 3.10.5).',
      fr: 'un noyau a interrompu la connexion et l’autre non (close() avec des données non lues, SO_LINGER 0, ou un segment arrivé sur une socket déjà fermée ; RFC 9293 3.10.7.1, 3.10.5).',
    });
  }
  if (p.len > 0) {
    return named('grouping', what, {
      en: `the bytes were grouped into segments differently (in the ${notIn} trace they travel in a neighbouring segment): Nagle's algorithm (RFC 896), the MSS or merged send() calls.`,
      fr: `les octets ont été regroupés autrement (dans la trace ${notIn}, ils voyagent dans un segment voisin) : l’algorithme de Nagle (RFC 896), le MSS ou des send() réunis.`,
    });
  }
  return named('only-one', what, {
    en: `the ${notIn} trace sends no such packet in this direction.`,
    fr: `la trace ${notIn} n’envoie pas un tel paquet dans ce sens.`,
  });
}
