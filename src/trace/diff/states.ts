// State sequences compared per socket: sockets paired per host (the same descriptor, else in the
// order they first change state), then each socket's from → to changes aligned.
import type { TcpState } from '../../tcp';
import type { StateEvent, Trace } from '../types';
import { align } from './align';
import { named } from './named';
import type { Sources } from './pairs';
import type { Named, StateDifference } from './types';

interface Change {
  event: number;
  t: number;
  from: TcpState;
  to: TcpState;
}

/** Each host's sockets in the order they first change state, with their changes. */
function socketsOf(trace: Trace): Map<string, Map<number, Change[]>> {
  const out = new Map<string, Map<number, Change[]>>();
  for (const [event, e] of trace.events.entries()) {
    if (e.kind !== 'state') continue;
    const host = out.get(e.host) ?? new Map<number, Change[]>();
    out.set(e.host, host);
    const changes = host.get(e.socket) ?? [];
    host.set(e.socket, changes);
    changes.push(change(e, event));
  }
  return out;
}

function change(e: StateEvent, event: number): Change {
  return { event, t: e.t, from: e.from, to: e.to };
}

/** Pairs of sockets of one host: same descriptor first, the rest in order of appearance. */
function pairSockets(a: readonly number[], b: readonly number[]): [number | undefined, number | undefined][] {
  const shared = a.filter((s) => b.includes(s));
  const restA = a.filter((s) => !shared.includes(s));
  const restB = b.filter((s) => !shared.includes(s));
  const out: [number | undefined, number | undefined][] = shared.map((s) => [s, s]);
  for (let i = 0; i < Math.max(restA.length, restB.length); i++) out.push([restA[i], restB[i]]);
  return out;
}

export function stateCount(trace: Trace): number {
  return trace.events.filter((e) => e.kind === 'state').length;
}

export function compareStates(a: Trace, b: Trace, sources: Sources): StateDifference[] {
  const socketsA = socketsOf(a);
  const socketsB = socketsOf(b);
  const endA = a.events.at(-1)?.t ?? 0;
  const endB = b.events.at(-1)?.t ?? 0;
  const out: StateDifference[] = [];
  for (const host of new Set([...socketsA.keys(), ...socketsB.keys()])) {
    const hostA = socketsA.get(host) ?? new Map<number, Change[]>();
    const hostB = socketsB.get(host) ?? new Map<number, Change[]>();
    for (const [sa, sb] of pairSockets([...hostA.keys()], [...hostB.keys()])) {
      const changesA = sa === undefined ? [] : (hostA.get(sa) ?? []);
      const changesB = sb === undefined ? [] : (hostB.get(sb) ?? []);
      const rows = align(changesA, changesB, { key: (c) => `${c.from}>${c.to}` });
      for (const [ca, cb] of rows) {
        if (ca !== undefined && cb !== undefined) continue;
        const one = (ca ?? cb) as Change;
        const side = ca !== undefined ? 'a' : 'b';
        // A change after the other trace's last event happened when that run no longer watched.
        const unobserved = side === 'a' ? one.t - firstT(a) > endB - firstT(b) : one.t - firstT(b) > endA - firstT(a);
        const difference: StateDifference = {
          type: side === 'a' ? 'only-in-a' : 'only-in-b',
          group: 'state',
          host,
          from: one.from,
          to: one.to,
          ...explainState(
            host,
            one,
            side === 'a' ? sources.a : sources.b,
            side === 'a' ? sources.b : sources.a,
            unobserved,
          ),
        };
        if (sa !== undefined) difference.aSocket = sa;
        if (sb !== undefined) difference.bSocket = sb;
        if (side === 'a') difference.aEvent = one.event;
        else difference.bEvent = one.event;
        if (unobserved) difference.unobserved = true;
        out.push(difference);
      }
    }
  }
  return out;
}

/** The time of a trace's first packet, the origin both traces' times are counted from. */
function firstT(trace: Trace): number {
  const first = trace.events.find((e) => e.kind === 'segment' || e.kind === 'datagram' || e.kind === 'icmp');
  return first?.t ?? trace.events[0]?.t ?? 0;
}

function explainState(host: string, c: Change, inTrace: string, notIn: string, unobserved: boolean): Named {
  const what = {
    en: `${host}: ${c.from} → ${c.to} only in the ${inTrace} trace`,
    fr: `${host} : ${c.from} → ${c.to} seulement dans la trace ${inTrace}`,
  };
  if (unobserved) {
    return named('state-unobserved', what, {
      en: `it comes after the ${notIn} trace ends: that run stopped watching before (TIME-WAIT lasts 60 s on Linux, TCP_TIMEWAIT_LEN), so this is not a disagreement.`,
      fr: `il vient après la fin de la trace ${notIn} : cette exécution ne regardait plus (TIME-WAIT dure 60 s sous Linux, TCP_TIMEWAIT_LEN), ce n’est donc pas un désaccord.`,
    });
  }
  if (c.to === 'SYN-RECEIVED' || c.from === 'SYN-RECEIVED') {
    return named('state-syn-received', what, {
      en: 'Linux keeps a connection being opened as a request socket and creates the child socket only when the final ACK arrives; it then reports SYN-RECEIVED and ESTABLISHED together, and a source without tracepoints may miss it.',
      fr: 'Linux garde une connexion en cours d’ouverture comme socket de requête et ne crée la socket fille qu’à l’arrivée du dernier ACK ; il signale alors SYN-RECEIVED et ESTABLISHED ensemble, et une source sans points de trace peut le manquer.',
    });
  }
  return named('state', what, {
    en: `the ${notIn} trace's socket does not make this change here: the segments that drive it (RFC 9293 3.10.7) differ, or that trace's source (ss polling, packet inference) did not see it.`,
    fr: `la socket de la trace ${notIn} ne fait pas ce changement ici : les segments qui le provoquent (RFC 9293 3.10.7) diffèrent, ou la source de cette trace (relevés ss, déduction des paquets) ne l’a pas vu.`,
  });
}
