// What a real run can do depends on where it runs (issue 10): on loopback a broadcast or a crash
// cannot run and the link's faults are caveats; under the lesson's own link (network namespaces
// joined by the wire) every built-in lesson runs. The bridge refuses a run by the mode it will use.
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../src/scenario/library';
import type { Scenario } from '../../src/scenario/schema';
import { linkAvailability } from '../netns/link';
import { plannedLinkMode, refusalReasons, runnability } from './run-scenario';

const lesson = (id: string): Scenario => builtinScenarios.find((s) => s.id === id) as Scenario;

describe('runnability by link mode', () => {
  it('refuses a broadcast and a crash on loopback, runs both under the link', () => {
    expect(runnability(lesson('udp-discovery'), 'loopback').reasons[0]?.en).toMatch(/broadcast/);
    expect(runnability(lesson('keepalive'), 'loopback').reasons[0]?.en).toMatch(/crashes at 25000 ms/);
    expect(runnability(lesson('udp-discovery'), 'namespaces').runnable).toBe(true);
    expect(runnability(lesson('keepalive'), 'namespaces').runnable).toBe(true);
  });

  it('names the link and drop faults as not reproduced on loopback only', () => {
    const loopback = runnability(lesson('tcp-retransmission'), 'loopback').caveats.map((c) => c.en);
    expect(loopback.some((c) => c.includes('is not reproduced: loopback loses nothing'))).toBe(true);
    expect(loopback.some((c) => c.includes('the link conditions'))).toBe(true);
    expect(runnability(lesson('tcp-retransmission'), 'namespaces').caveats).toEqual([]);
  });

  it('refuses a crafted segment (an inject fault rule) in both modes, with the rule and its flags', () => {
    const echo = lesson('tcp-echo');
    const crafted: Scenario = {
      ...echo,
      faults: [
        { type: 'inject', atMs: 13, from: 'server', to: 'client', flags: ['RST'], seq: { rel: 'rcv.nxt', offset: 1 } },
      ],
    };
    for (const mode of ['loopback', 'namespaces'] as const) {
      const result = runnability(crafted, mode);
      expect(result.runnable).toBe(false);
      expect(result.reasons.map((r) => r.en)).toEqual([
        'fault rule 1 crafts a RST segment into client’s connection as if from server: a real run cannot forge a segment yet, only the simulator can',
      ]);
      expect(result.reasons[0]?.fr).toMatch(/^la règle de panne 1 forge un segment RST/);
    }
    expect(refusalReasons(crafted).length).toBe(1);
  });

  it('names a delay and a duplicate fault as not reproduced on loopback, and applies both under the link', () => {
    const echo = lesson('tcp-echo');
    const faulty: Scenario = {
      ...echo,
      faults: [
        { type: 'delay', from: 'server', to: 'client', nth: 3, ms: 50 },
        { type: 'duplicate', from: 'client', to: 'server', nth: 3 },
      ],
    };
    const loopback = runnability(faulty, 'loopback');
    expect(loopback.runnable).toBe(true);
    expect(loopback.caveats.map((c) => c.en).filter((c) => c.includes('fault rule'))).toEqual([
      'the fault rule delaying packet 3 from server to client by 50 ms is not reproduced: loopback delivers every packet at once, in order',
      'the fault rule duplicating packet 3 from client to server is not reproduced: loopback delivers every packet once',
    ]);
    expect(loopback.caveats[0]?.fr).toMatch(/^la règle qui retarde de 50 ms le paquet 3/);
    expect(runnability(faulty, 'namespaces')).toMatchObject({ runnable: true, caveats: [] });
  });

  it('gives a crash found out by keepalive the time it needs under the link', () => {
    // 25 s to the crash, then TCP_KEEPIDLE and every unanswered probe, plus a margin.
    expect(runnability(lesson('keepalive'), 'namespaces').timeLimitS).toBeGreaterThan(45);
  });

  it('plans namespaces whenever permitted, loopback when asked for or not permitted', () => {
    const echo = lesson('tcp-echo');
    expect(plannedLinkMode(echo, { loopback: true })).toBe('loopback');
    expect(plannedLinkMode(echo)).toBe(linkAvailability(echo).ok ? 'namespaces' : 'loopback');
    // The wire's addresses are 10.0.0.0/24: a lesson elsewhere stays on loopback.
    const elsewhere = { ...echo, hosts: echo.hosts.map((h, i) => ({ ...h, addr: `192.168.1.${i + 1}` })) };
    expect(plannedLinkMode(elsewhere)).toBe('loopback');
  });

  it('refuses on loopback saying why the run has no link of its own', () => {
    const [reason] = refusalReasons(lesson('udp-discovery'), { loopback: true });
    expect(reason?.en).toMatch(/broadcast .* \(on loopback: loopback was asked for this run\)$/);
    expect(reason?.fr).toMatch(/\(interface de bouclage : loopback was asked for this run\)$/);
    const planned = refusalReasons(lesson('udp-discovery'));
    expect(planned).toEqual(linkAvailability(lesson('udp-discovery')).ok ? [] : [expect.anything()]);
  });
});
