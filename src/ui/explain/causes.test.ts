import { describe, expect, it } from 'vitest';
import { builtinScenarios, findScenario } from '../../scenario/library';
import { simulate } from '../../sim';
import { isPacket } from '../../trace/query';
import { causeEntries, explainCause } from './causes';

const run = (id: string) => {
  const scenario = findScenario(id)!;
  return simulate(scenario, { seed: scenario.seed ?? 1 });
};
const why = (id: string) => {
  const trace = run(id);
  return trace.events.flatMap((event, index) => (isPacket(event) ? [explainCause(trace, index)] : []));
};

describe('explainCause (the packet pane’s why)', () => {
  it('says why every packet of every lesson left, in both languages, every value filled in', () => {
    for (const scenario of builtinScenarios) {
      const trace = simulate(scenario, { seed: scenario.seed ?? 1 });
      trace.events.forEach((event, index) => {
        if (!isPacket(event)) return;
        const explanation = explainCause(trace, index);
        expect(explanation, `${scenario.id} event ${index}`).toBeDefined();
        for (const text of [explanation!.text.en, explanation!.text.fr]) {
          expect(text).not.toMatch(/[{}]/);
          expect(text).toContain(event.from);
        }
      });
    }
  });

  it('names the rule behind each lesson’s key moments', () => {
    const ids = (id: string) => new Set(why(id).map((explanation) => explanation?.id));
    expect(ids('tcp-retransmission')).toContain('cause.rto');
    expect([...ids('nagle')]).toEqual(expect.arrayContaining(['cause.nagle', 'cause.delayedAck', 'cause.send']));
    expect([...ids('nagle-nodelay')]).not.toContain('cause.nagle');
    expect([...ids('congestion-control')]).toEqual(
      expect.arrayContaining(['cause.congestionWindow', 'cause.fastRetransmit', 'cause.duplicateAck']),
    );
    expect([...ids('tcp-refused')]).toContain('cause.reset');
    expect([...ids('udp-echo')]).toContain('cause.portUnreachable');
    expect([...ids('keepalive')]).toEqual(expect.arrayContaining(['cause.keepalive', 'cause.keepaliveGiveUp']));
    expect([...ids('tcp-abort-rst')]).toContain('cause.abort');
  });

  it('the retransmission after RTO cites RFC 6298, Nagle RFC 896', () => {
    const rto = why('tcp-retransmission').find((explanation) => explanation?.id === 'cause.rto');
    expect(rto?.rfc).toContain('RFC 6298 5.4');
    expect(rto?.text.en).toMatch(/^The retransmission timer \(RTO\) of client expired/);
    const nagle = why('nagle').find((explanation) => explanation?.id === 'cause.nagle');
    expect(nagle?.rfc[0]).toBe('RFC 896');
    expect(nagle?.text.fr).toMatch(/^La règle de Nagle faisait retenir ces octets par client/);
  });

  it('every entry has both languages', () => {
    for (const entry of Object.values(causeEntries)) {
      expect(entry.en.length).toBeGreaterThan(10);
      expect(entry.fr.length).toBeGreaterThan(10);
    }
  });
});
