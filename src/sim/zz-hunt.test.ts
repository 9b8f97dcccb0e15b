import fc from 'fast-check';
import { test, expect } from 'vitest';
import { simulate } from './index';
import { builtinScenarios } from '../scenario/library';
import { tcpStreamCase, lossyLink, simSeed, udpCase, profile, anyLink } from './test-generators';
import { gaveUp, returnsOf, returnedBytes, checkEveryRunEnds, checkStateChains, checkEventsAndPackets, duplicatesPossible, concat } from './test-invariants';
const N = Number(process.env.HUNT ?? 3000);
test('hunt stream', () => {
  let give = 0;
  fc.assert(fc.property(tcpStreamCase, simSeed, profile, lossyLink, fc.constantFrom(undefined, true, false), (c, seed, p, link, noDelay) => {
    const tr = simulate(c.scenario, { seed, profile: p, link, noDelay });
    const sent = concat(c.messages.map((m) => m.bytes));
    const got = concat(returnsOf(tr, 'server', 'recv').flatMap((r) => { const x = returnedBytes(r); return x ? [x.data] : []; }));
    const g = gaveUp(tr); if (g) give++;
    const a = Buffer.from(sent).toString('hex'), b = Buffer.from(got).toString('hex');
    if (g) expect(a.startsWith(b)).toBe(true); else expect(b).toBe(a);
    expect(checkEveryRunEnds(tr)).toEqual([]);
    expect(checkStateChains(tr)).toEqual([]);
    expect(checkEventsAndPackets(tr, duplicatesPossible(c.scenario, link))).toEqual([]);
  }), { seed: Number(process.env.FCSEED ?? 1), numRuns: N });
  console.log('gaveUp', give);
}, 600000);
let horizonHits = 0;
test('hunt builtin', () => {
  fc.assert(fc.property(fc.constantFrom(...builtinScenarios), simSeed, profile, anyLink, (s, seed, p, link) => {
    const tr = simulate(s, { seed, profile: p, link });
    const horizon = (s.limits?.maxDurationMs ?? 3_600_000) * 1000;
    if (tr.events.some((e) => e.kind === 'timer' && e.action === 'set' && (e.at ?? 0) > horizon)) { horizonHits++; return; }
    expect(checkEveryRunEnds(tr)).toEqual([]);
    expect(checkStateChains(tr)).toEqual([]);
    expect(checkEventsAndPackets(tr, duplicatesPossible(s, link))).toEqual([]);
  }), { seed: Number(process.env.FCSEED ?? 1), numRuns: N });
  console.log('horizonHits', horizonHits);
}, 600000);
