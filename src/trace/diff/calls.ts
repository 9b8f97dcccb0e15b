// Calls compared per host: the returns aligned by (call, step), outcomes as an errno or "ok".
import type { Trace } from '../types';
import { align } from './align';
import { named } from './named';
import type { CallDifference } from './types';

interface Outcome {
  event: number;
  /** "call@step" */
  key: string;
  result: string;
}

function returns(trace: Trace, host: string): Outcome[] {
  return trace.events.flatMap((e, event) =>
    e.kind === 'return' && e.host === host
      ? [{ event, key: `${e.call}@${e.step ?? ''}`, result: e.errno ?? 'ok' }]
      : [],
  );
}

export function compareCalls(a: Trace, b: Trace): CallDifference[] {
  const out: CallDifference[] = [];
  const hosts = [...new Set([...a.hosts, ...b.hosts].map((h) => h.name))];
  for (const host of hosts) {
    for (const [ra, rb] of align(returns(a, host), returns(b, host), { key: (o) => o.key })) {
      if (ra === undefined || rb === undefined || ra.result === rb.result) continue;
      const [call = '', step] = ra.key.split('@');
      const difference: CallDifference = {
        group: 'call',
        host,
        call,
        a: ra.result,
        b: rb.result,
        aEvent: ra.event,
        bEvent: rb.event,
        ...named(
          'call',
          {
            en: `${host} ${call}() returned ${ra.result} in the ${a.source} trace and ${rb.result} in the ${b.source} trace`,
            fr: `${host} ${call}() a renvoyé ${ra.result} dans la trace ${a.source} et ${rb.result} dans la trace ${b.source}`,
          },
          {
            en: 'the socket API reports what its kernel did (POSIX); the packets before this call differ, or the other kernel refuses what this one allows.',
            fr: 'l’API des sockets rapporte ce que son noyau a fait (POSIX) ; les paquets avant cet appel diffèrent, ou l’autre noyau refuse ce que celui-ci permet.',
          },
        ),
      };
      if (step !== undefined && step !== '') difference.step = step;
      out.push(difference);
    }
  }
  return out;
}
