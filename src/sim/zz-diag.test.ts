import fc from 'fast-check';
import { test } from 'vitest';
import { simulate } from './index';
import { tcpStreamCase, lossyLink, simSeed, udpCase } from './test-generators';
import { gaveUp, returnsOf, returnedBytes } from './test-invariants';
test('diag', () => {
  const samples = fc.sample(fc.tuple(tcpStreamCase, simSeed, lossyLink), { seed: 42, numRuns: 200 });
  let give = 0, events = 0, maxEv = 0, retrans = 0, bytes = 0; let maxT = 0;
  for (const [c, seed, link] of samples) {
    const tr = simulate(c.scenario, { seed, link });
    if (gaveUp(tr)) give++;
    events += tr.events.length; maxEv = Math.max(maxEv, tr.events.length);
    retrans += tr.events.filter(e => e.kind === 'segment' && e.retransmission).length;
    bytes += returnsOf(tr, 'server', 'recv').map(returnedBytes).reduce((n, r) => n + (r?.bytes ?? 0), 0);
    maxT = Math.max(maxT, tr.events[tr.events.length-1]!.t);
  }
  console.log({ give, avgEvents: events / samples.length, maxEv, retrans, bytes, maxT });
  const u = fc.sample(fc.tuple(udpCase, simSeed, lossyLink), { seed: 42, numRuns: 200 });
  let recv = 0, sent = 0;
  for (const [c, seed, link] of u) { const tr = simulate(c.scenario, { seed, link }); sent += c.datagrams.length; recv += returnsOf(tr, 'server', 'recvfrom').filter(r => !r.errno).length; }
  console.log({ sent, recv });
});
