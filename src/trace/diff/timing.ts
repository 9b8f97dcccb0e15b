// Timing: the interval before each aligned packet (from the aligned packet before it, in time
// order) compared between the traces, when either interval is long enough to mean something, within
// what each trace's timers allow (a simulation's are exact, a real kernel's run on ticks).
import { describe, named, round } from './named';
import { direction, isPureAck } from './packets';
import type { Sources } from './pairs';
import type { DiffPacket, Named, TimingDifference, TimingTolerance } from './types';

/**
 * The timer wheel's rounding: a timer more than 63 ticks away sits in a coarser level whose buckets
 * are 8, 64, 512 ticks wide and fires at the end of its bucket (kernel/time/timer.c's wheel
 * levels), so a 1 s RTO may fire up to 32 ms late.
 */
function wheelBucketMs(gapMs: number, tickMs: number): number {
  let bucketTicks = 1;
  let levelStartTicks = 64;
  while (gapMs / tickMs >= levelStartTicks && bucketTicks < 8 ** 6) {
    bucketTicks *= 8;
    levelStartTicks *= 8;
  }
  return bucketTicks > 1 ? bucketTicks * tickMs : 0;
}

/**
 * How much shorter and longer than the nominal wait a trace's wait may be. A simulation's timers
 * fire exactly. A real kernel (or a capture) arms a timer in whole ticks from a tick counter up to
 * one tick old, so it may fire one tick early, and runs it from a later tick's softirq, which a
 * busy machine delays: up to two ticks late (40 ms delayed ACKs measured at 40.7-48.4 ms on this
 * project's 2-core machine at HZ 250), plus the wheel's rounding for long timers.
 */
function slack(source: string, gapMs: number, tickMs: number): { earlyMs: number; lateMs: number } {
  if (source === 'sim') return { earlyMs: 0, lateMs: 0 };
  return { earlyMs: tickMs, lateMs: 2 * tickMs + wheelBucketMs(gapMs, tickMs) };
}

/** The range a's wait minus b's wait may take and still agree, in milliseconds. */
export function allowedDeltaMs(sources: Sources, gapMs: number, tickMs: number): { minMs: number; maxMs: number } {
  const a = slack(sources.a, gapMs, tickMs);
  const b = slack(sources.b, gapMs, tickMs);
  return { minMs: -(a.earlyMs + b.lateMs), maxMs: a.lateMs + b.earlyMs };
}

export function describeTolerance(gapMs: number, tickMs: number): TimingTolerance {
  return {
    gapMs,
    tickMs,
    description: {
      en: `The wait before each aligned packet is compared when it is at least ${gapMs} ms in either trace. A simulation's timers fire exactly; a real kernel's wait may be up to ${tickMs} ms shorter (Linux arms timers in whole ticks, HZ 250) and up to ${2 * tickMs} ms longer (it runs them from a later tick, which a busy machine delays), plus the timer wheel's rounding for long timers (${8 * tickMs} ms from ${64 * tickMs} ms, ${64 * tickMs} ms from ${512 * tickMs} ms).`,
      fr: `L’attente avant chaque paquet aligné est comparée quand elle atteint ${gapMs} ms dans l’une des traces. Les temporisateurs d’une simulation expirent exactement ; l’attente d’un vrai noyau peut être jusqu’à ${tickMs} ms plus courte (Linux arme ses temporisateurs en tics entiers, HZ 250) et jusqu’à ${2 * tickMs} ms plus longue (il les exécute à un tic suivant, qu’une machine chargée retarde), plus l’arrondi de la roue des temporisateurs pour les longs délais (${8 * tickMs} ms dès ${64 * tickMs} ms, ${64 * tickMs} ms dès ${512 * tickMs} ms).`,
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
    const allowed = allowedDeltaMs(sources, longest, options.tickMs);
    const delta = aGapMs - bGapMs;
    if (delta >= allowed.minMs && delta <= allowed.maxMs) continue;
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
      allowedMs: [allowed.minMs, allowed.maxMs],
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
