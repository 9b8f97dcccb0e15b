// Crafted segments (the `inject` fault rule, src/scenario/inject.ts): at the rule's moment a segment
// forged with the peer's address and port arrives at the receiving host, as an off-path attacker
// would send it (RFC 5961 1.2). The real peer knows nothing of it: no socket of its sends it, its
// TCB does not move. Its numbers are read from the receiving connection at that moment, so the
// same rule makes the same segment at every run; the receiver then answers as its profile says
// (RFC 9293 3.10.7, RFC 5961: a challenge ACK, a reset, a duplicate ACK or silence).
import type { FaultRule } from '../scenario/schema';
import type { InjectRule } from '../scenario/inject';
import { ACK, flagBits, seqAdd } from '../tcp';
import { utf8Encode } from './bytes';
import type { Host } from './host';
import type { TcpSegment } from './packet';
import type { TcpSocket } from './tcp/socket';
import type { World } from './world';

/** Schedules every inject rule of the scenario at its moment. */
export function scheduleInjections(world: World, faults: readonly FaultRule[]): void {
  faults.forEach((fault, index) => {
    if (fault.type !== 'inject') return;
    world.at(Math.round(fault.atMs * 1000), () => inject(world, fault, index + 1));
  });
}

/**
 * The connection the rule aims at on its receiving host: the peer is `from`'s address, the ports
 * are the rule's when it names them; among several, the latest opened (earlier ones are usually
 * in TIME-WAIT or gone). A listening or closed socket is no connection.
 */
export function injectTarget(world: World, rule: InjectRule): TcpSocket | undefined {
  const from = world.hosts.get(rule.from);
  const to = world.hosts.get(rule.to);
  if (!from || !to) return undefined;
  const candidates = to
    .allTcpSockets()
    .filter(
      (sock) =>
        sock.remoteAddr === from.addr &&
        sock.state !== 'CLOSED' &&
        sock.state !== 'LISTEN' &&
        (rule.toPort === undefined || sock.localPort === rule.toPort) &&
        (rule.fromPort === undefined || sock.remotePort === rule.fromPort),
    );
  return candidates[candidates.length - 1];
}

/** The segment the rule makes against `sock` as it is now. */
export function craftedSegment(rule: InjectRule, sock: TcpSocket, id: number, ruleNumber: number): TcpSegment {
  const flags = flagBits(rule.flags);
  const seq =
    typeof rule.seq === 'number'
      ? rule.seq
      : seqAdd(
          rule.seq.rel === 'irs'
            ? sock.irs
            : rule.seq.rel === 'rcv.end'
              ? seqAdd(sock.rcvNxt, sock.receiveWindow())
              : sock.rcvNxt,
          rule.seq.offset,
        );
  const ackSpec = rule.ack ?? { rel: 'snd.nxt', offset: 0 };
  const ack = !(flags & ACK)
    ? 0
    : typeof ackSpec === 'number'
      ? ackSpec
      : seqAdd(
          ackSpec.rel === 'iss' ? sock.iss : ackSpec.rel === 'snd.una' ? sock.sndUna : sock.sndNxt,
          ackSpec.offset,
        );
  return {
    proto: 'tcp',
    id,
    srcAddr: sock.remoteAddr,
    srcPort: sock.remotePort,
    dstAddr: sock.localAddr,
    dstPort: sock.localPort,
    seq: seq >>> 0,
    ack: ack >>> 0,
    flags,
    // The window the receiver last heard from the peer, so an ACK-bearing segment leaves it as is.
    window: rule.window ?? sock.sndWnd,
    data: utf8Encode(rule.data ?? ''),
    crafted: ruleNumber,
  };
}

function inject(world: World, rule: InjectRule, ruleNumber: number): void {
  const from = world.hosts.get(rule.from);
  const to = world.hosts.get(rule.to);
  const sock = injectTarget(world, rule);
  if (!from || !to || !sock) {
    world.emit({
      kind: 'note',
      host: rule.to,
      text: {
        en: `fault rule ${ruleNumber}: ${rule.to} has no connection with ${rule.from} now, so no segment is crafted`,
        fr: `règle de panne ${ruleNumber} : ${rule.to} n’a pas de connexion avec ${rule.from} à cet instant, aucun segment n’est forgé`,
      },
    });
    return;
  }
  world.injectSegment(craftedSegment(rule, sock, world.nextPacketId(), ruleNumber), from as Host, to as Host);
}
