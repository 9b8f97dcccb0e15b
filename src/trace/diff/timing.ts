// Timing: the interval before each aligned packet (from the aligned packet before it, in time
// order) compared between the traces, when either interval is long enough to mean something.
import { describe, named, round } from './named';
import { direction, isPureAck } from './packets';
import type { Sources } from './pairs';
import type { DiffPacket, Named, TimingDifference, TimingTolerance } from './types';

/**
 * How far two intervals may differ: one tick, as a kernel timer fires on a tick (4 ms at HZ 250),
 * plus the timer wheel's rounding for long timers: a timer more than 63 ticks away sits in a
 * coarser level whose buckets are 8, 64, 512 ticks wide, and fires at the end of its bucket
 * (kernel/time/timer.c's wheel levels; a 1 s RTO may fire up to 32 ms late).
 */
export function toleranceMs(gapMs: number, tickMs: number): number {
  let bucketTicks = 1;
  let levelStartTicks = 64;
  while (gapMs / tickMs >= levelStartTicks && bucketTicks < 8 ** 6) {
    bucketTicks *= 8;
    levelStartTicks *= 8;
  }
  return tickMs + (bucketTicks > 1 ? bucketTicks * tickMs : 0);
}

export function describeTolerance(gapMs: number, tickMs: number): TimingTolerance {
  return {
    gapMs,
    tickMs,
    description: {
      en: `Intervals between aligned packets are compared when either is at least ${gapMs} ms; they agree within ${tickMs} ms (one tick of Linux's timers at HZ 250), plus the timer wheel's rounding for intervals of 64 ticks or more (${8 * tickMs} ms from ${64 * tickMs} ms, ${64 * tickMs} ms from ${512 * tickMs} ms).`,
      fr: `Les intervalles entre paquets alignés sont comparés quand l’un d’eux atteint ${gapMs} ms ; ils concordent à ${tickMs} ms près (un tic des temporisateurs de Linux à HZ 250), plus l’arrondi de la roue des temporisateurs pour les intervalles de 64 tics ou plus (${8 * tickMs} ms dès ${64 * tickMs} ms, ${64 * tickMs} ms dès ${512 * tickMs} ms).`,
    },
  };
}

export function compareTiming(
  pairs: readonly [DiffPacket, DiffPacket][],
  options: { gapMs: number; tickMs: number },
  sources: Sources,
): TimingDifference[] {
  const ordered = [...pairs].sort((x, y) => x[0].rel - y[0].rel || x[0].event - y[0].event);
  const out: TimingDifference[] = [];
  for (let i = 1; i < ordered.length; i++) {
    const [pa, pb] = ordered[i] as [DiffPacket, DiffPacket];
    const [qa, qb] = ordered[i - 1] as [DiffPacket, DiffPacket];
    const aGapMs = (pa.rel - qa.rel) / 1000;
    const bGapMs = (pb.rel - qb.rel) / 1000;
    const longest = Math.max(Math.abs(aGapMs), Math.abs(bGapMs));
    if (longest < options.gapMs) continue;
    const tolerance = toleranceMs(longest, options.tickMs);
    const delta = aGapMs - bGapMs;
    if (Math.abs(delta) <= tolerance) continue;
    const rule = explain(pa, pb, aGapMs, bGapMs, sources);
    out.push({
      type: rule.code === 'delayed-ack' ? 'delayed-ack' : 'gap',
      group: 'timing',
      direction: direction(pa),
      a: pa,
      b: pb,
      aGapMs: round(aGapMs),
      bGapMs: round(bGapMs),
      deltaMs: round(delta),
      toleranceMs: tolerance,
      ...rule,
    });
  }
  return out;
}

function explain(pa: DiffPacket, pb: DiffPacket, aGapMs: number, bGapMs: number, sources: Sources): Named {
  const ms = (x: number): string => `${round(x)} ms`;
  const name = {
    en: `${ms(aGapMs)} (${sources.a}) vs ${ms(bGapMs)} (${sources.b}) before ${describe(pa)}`,
    fr: `${ms(aGapMs)} (${sources.a}) contre ${ms(bGapMs)} (${sources.b}) avant ${describe(pa)}`,
  };
  if (isPureAck(pa) && isPureAck(pb) && Math.max(aGapMs, bGapMs) >= 30) {
    return named('delayed-ack', name, {
      en: 'a delayed ACK that waits a different time: Linux’s delayed-ACK timeout starts at 40 ms, adapts to the gaps between the segments it receives and is bounded by the RTT (tcp_event_data_recv, tcp_send_delayed_ack), and fires on a 4 ms tick; the simulation’s linux profile waits exactly 40 ms (RFC 1122 4.2.3.2 allows up to 500 ms).',
      fr: 'un ACK retardé qui attend une autre durée : le délai d’ACK retardé de Linux part de 40 ms, s’adapte aux intervalles entre les segments reçus et reste borné par le RTT (tcp_event_data_recv, tcp_send_delayed_ack), et expire sur un tic de 4 ms ; le profil linux de la simulation attend exactement 40 ms (la RFC 1122 4.2.3.2 permet jusqu’à 500 ms).',
    });
  }
  if (pa.retransmission === true || pb.retransmission === true) {
    return named('rto', name, {
      en: 'a retransmission timer that ran a different time: the RTO follows each trace’s measured RTT (RFC 6298 2, at least 200 ms on Linux, doubled after each expiry) and fires on the timer wheel.',
      fr: 'un temporisateur de retransmission qui a duré autrement : le RTO suit le RTT mesuré dans chaque trace (RFC 6298 2, au moins 200 ms sous Linux, doublé à chaque expiration) et expire sur la roue des temporisateurs.',
    });
  }
  if (Math.min(Math.abs(aGapMs), Math.abs(bGapMs)) < 1) {
    return named('latency', name, {
      en: 'in one trace this packet follows at once, in the other after a wait: the simulated link’s latency (the lesson’s link; loopback takes microseconds), a timer that ran in one trace only, or a program’s sleep.',
      fr: 'dans une trace ce paquet suit aussitôt, dans l’autre après une attente : la latence du lien simulé (le lien de la leçon ; l’interface de bouclage prend des microsecondes), un temporisateur qui n’a couru que dans une trace, ou une pause d’un programme.',
    });
  }
  return named('gap', name, {
    en: 'the wait before this packet differs by more than the tolerance: the link’s latency, a delayed ACK (40 ms on Linux) or Nagle’s algorithm waiting for it, a timeout waiting for a packet lost in one trace only, or the real programs’ own scheduling.',
    fr: 'l’attente avant ce paquet diffère de plus que la tolérance : la latence du lien, un ACK retardé (40 ms sous Linux) ou l’algorithme de Nagle qui l’attend, un délai d’attente d’un paquet perdu dans une seule trace, ou l’ordonnancement des vrais programmes.',
  });
}
