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

describe('explainCause for a crafted segment and its answer (issue 13, craft a segment)', () => {
  const echo = findScenario('tcp-echo')!;
  const crafted = (seq: { rel: 'rcv.nxt' | 'rcv.end'; offset: number }, flags: ('RST' | 'ACK' | 'PSH')[]) => {
    const trace = simulate({
      ...echo,
      faults: [
        {
          type: 'inject',
          atMs: 13,
          from: 'server',
          to: 'client',
          flags,
          seq,
          data: flags.includes('PSH') ? 'x' : undefined,
        },
      ],
    });
    const index = trace.events.findIndex((e) => e.kind === 'segment' && e.crafted !== undefined);
    const answer = trace.events.findIndex((e, i) => i > index && e.kind === 'segment' && e.from === 'client');
    return { trace, index, answer };
  };

  it('says a crafted segment was crafted, by which rule, with whose address', () => {
    const { trace, index } = crafted({ rel: 'rcv.nxt', offset: 1 }, ['RST']);
    const explanation = explainCause(trace, index);
    expect(explanation?.id).toBe('cause.crafted');
    expect(explanation?.text.en).toContain('fault rule 1');
    expect(explanation?.text.fr).toContain('règle de panne 1');
    expect(explanation?.text.en).toContain('server');
  });

  it('names the answer to an in-window RST a challenge ACK (RFC 5961 3.2)', () => {
    const { trace, answer } = crafted({ rel: 'rcv.nxt', offset: 1 }, ['RST']);
    expect(explainCause(trace, answer)?.id).toBe('cause.challengeAck');
    expect(explainCause(trace, answer)?.rfc).toContain('RFC 5961 3.2');
  });

  it('names the answer to a SYN on the established connection a challenge ACK too (RFC 5961 4.2)', () => {
    const trace = simulate({
      ...echo,
      faults: [{ type: 'inject', atMs: 13, from: 'server', to: 'client', flags: ['SYN'], seq: 7 }],
    });
    const index = trace.events.findIndex((e) => e.kind === 'segment' && e.crafted !== undefined);
    const answer = trace.events.findIndex((e, i) => i > index && e.kind === 'segment' && e.from === 'client');
    expect(explainCause(trace, answer)?.id).toBe('cause.challengeAckSyn');
  });

  it('names the answer to crafted data past the window the ACK of an unacceptable segment', () => {
    const { trace, answer } = crafted({ rel: 'rcv.end', offset: 0 }, ['ACK', 'PSH']);
    expect(explainCause(trace, answer)?.id).toBe('cause.outOfWindow');
  });
});
