// Crafted segments (inject fault rules) in a whole run: tcp-echo's client is ESTABLISHED from
// 11 ms to 21 ms, its server's connection is SYN-RECEIVED from 6 ms to 16 ms (5 ms links).
import { describe, expect, it } from 'vitest';
import { findScenario } from '../scenario/library';
import type { InjectRule } from '../scenario/inject';
import type { FaultRule, Scenario } from '../scenario/schema';
import { validateScenario } from '../scenario/validate';
import type { SegmentEvent, StateEvent, Trace } from '../trace/types';
import { simulate } from './index';
import type { ProfileName } from './profiles';

const echo = findScenario('tcp-echo') as Scenario;

function run(rule: FaultRule, options: { profile?: ProfileName; seed?: number } = {}): Trace {
  return simulate({ ...echo, faults: [rule] }, options);
}

const segments = (trace: Trace): SegmentEvent[] => trace.events.filter((e): e is SegmentEvent => e.kind === 'segment');
const crafted = (trace: Trace): SegmentEvent => {
  const found = segments(trace).find((s) => s.crafted !== undefined);
  if (found === undefined) throw new Error('no crafted segment');
  return found;
};
/** The segments `host` sent at the crafted segment's instant, after it: its answer. */
const answers = (trace: Trace, host: string): SegmentEvent[] => {
  const at = crafted(trace);
  return segments(trace).filter((s) => s.t === at.t && s.from === host && s.id > at.id);
};
const states = (trace: Trace, host: string): string[] =>
  trace.events.filter((e): e is StateEvent => e.kind === 'state' && e.host === host).map((e) => `${e.from}>${e.to}`);

const rstToClient = (seq: InjectRule['seq']): InjectRule => ({
  type: 'inject',
  atMs: 13,
  from: 'server',
  to: 'client',
  flags: ['RST'],
  seq,
});

describe('inject: a crafted segment into an ESTABLISHED connection', () => {
  it('is drawn as sent by the peer it pretends to be, marked with its rule, and delivered at once', () => {
    const trace = run(rstToClient({ rel: 'rcv.nxt', offset: 1 }));
    const segment = crafted(trace);
    expect(segment).toMatchObject({ from: 'server', to: 'client', flags: ['RST'], crafted: 1, t: 13_000 });
    expect(segment.socket).toBeUndefined();
    expect(segment.src).toBe('10.0.0.1:8080');
    const deliver = trace.events.find((e) => e.kind === 'deliver' && e.id === segment.id);
    expect(deliver).toMatchObject({ t: 13_000, host: 'client', socket: 3 });
  });

  it('a RST in the window but not at RCV.NXT gets a challenge ACK and resets nothing (RFC 5961 3.2)', () => {
    for (const profile of ['linux', 'rfc'] as const) {
      const trace = run(rstToClient({ rel: 'rcv.nxt', offset: 1 }), { profile });
      const segment = crafted(trace);
      const [challenge, ...more] = answers(trace, 'client');
      expect(more).toEqual([]);
      expect(challenge).toMatchObject({ flags: ['ACK'], len: 0, ack: (segment.seq - 1) >>> 0 });
      expect(states(trace, 'client')).not.toContain('ESTABLISHED>CLOSED');
      // The server knows nothing of it: the echo goes on and the client reads its reply.
      const reply = trace.events.find((e) => e.kind === 'return' && e.host === 'client' && e.call === 'recv');
      expect(reply).toMatchObject({ result: { bytes: 14 } });
    }
  });

  it('a RST at exactly RCV.NXT resets the connection: the client’s recv() fails with ECONNRESET', () => {
    const trace = run(rstToClient({ rel: 'rcv.nxt', offset: 0 }));
    expect(answers(trace, 'client')).toEqual([]);
    expect(states(trace, 'client')).toContain('ESTABLISHED>CLOSED');
    const recv = trace.events.find((e) => e.kind === 'return' && e.host === 'client' && e.call === 'recv');
    expect(recv).toMatchObject({ errno: 'ECONNRESET' });
  });

  it('a RST outside the window is dropped silently (RFC 9293 3.10.7.4 first)', () => {
    const trace = run(rstToClient({ rel: 'rcv.end', offset: 0 }));
    expect(answers(trace, 'client')).toEqual([]);
    expect(states(trace, 'client')).not.toContain('ESTABLISHED>CLOSED');
  });

  it('a SYN gets a challenge ACK (RFC 5961 4.2)', () => {
    const trace = run({ ...rstToClient({ rel: 'rcv.nxt', offset: 0 }), flags: ['SYN'] });
    expect(answers(trace, 'client').map((s) => s.flags)).toEqual([['ACK']]);
    expect(states(trace, 'client')).not.toContain('ESTABLISHED>CLOSED');
  });

  it('data outside the window gets a duplicate ACK and is not delivered', () => {
    const rule: FaultRule = {
      ...rstToClient({ rel: 'rcv.end', offset: 100 }),
      flags: ['ACK', 'PSH'],
      data: 'spoofed',
    };
    const trace = run(rule);
    const [ack] = answers(trace, 'client');
    expect(ack).toMatchObject({ flags: ['ACK'], len: 0 });
    const recv = trace.events.find((e) => e.kind === 'return' && e.host === 'client' && e.call === 'recv');
    expect(recv).toMatchObject({ result: { bytes: 14 } });
  });

  it('means the same segment under every seed: its numbers are relative to the receiver', () => {
    const relative = (seed: number) => {
      const trace = run(rstToClient({ rel: 'rcv.nxt', offset: 1 }), { seed });
      const segment = crafted(trace);
      const synAck = segments(trace).find((s) => s.from === 'server' && s.flags.includes('SYN'));
      return (segment.seq - (synAck?.seq ?? 0)) >>> 0;
    };
    expect(relative(1)).toBe(2);
    expect(relative(7)).toBe(2);
  });

  it('the ACK field defaults to the receiver’s SND.NXT, and names the rule’s number', () => {
    const trace = simulate({
      ...echo,
      faults: [
        { type: 'drop', from: 'server', to: 'client', nth: 99 },
        { ...rstToClient({ rel: 'rcv.nxt', offset: 1 }), flags: ['ACK'] },
      ],
    });
    const segment = crafted(trace);
    expect(segment.crafted).toBe(2);
    const clientData = segments(trace).find((s) => s.from === 'client' && s.len > 0);
    expect(segment.ack).toBe(((clientData?.seq ?? 0) + 14) >>> 0);
  });
});

describe('inject: a crafted RST into SYN-RECEIVED (RFC 9293 3.10.7.4)', () => {
  const rstToServer = (offset: number): FaultRule => ({
    type: 'inject',
    atMs: 10,
    from: 'client',
    to: 'server',
    flags: ['RST'],
    seq: { rel: 'rcv.nxt', offset },
  });

  it('at RCV.NXT, the half-open connection is dropped and the listener stays in LISTEN', () => {
    for (const profile of ['linux', 'rfc'] as const) {
      const trace = run(rstToServer(0), { profile });
      expect(states(trace, 'server')).toContain('SYN-RECEIVED>CLOSED');
      // The listener never handed the connection to accept(): it is still listening.
      const accepted = trace.events.find((e) => e.kind === 'return' && e.host === 'server' && e.call === 'accept');
      expect(accepted).toBeUndefined();
      // The client's ACK of the SYN,ACK then meets the listener, which answers with a reset
      // (RFC 9293 3.10.7.2 second), and the client's connection is reset.
      const reset = segments(trace).find((s) => s.from === 'server' && s.flags.includes('RST'));
      expect(reset).toBeDefined();
      expect(states(trace, 'client')).toContain('ESTABLISHED>CLOSED');
    }
  });

  it('linux: anywhere in the window it drops the request too (tcp_check_req); rfc: a challenge ACK', () => {
    const linux = run(rstToServer(5), { profile: 'linux' });
    expect(states(linux, 'server')).toContain('SYN-RECEIVED>CLOSED');
    expect(answers(linux, 'server')).toEqual([]);
    const rfc = run(rstToServer(5), { profile: 'rfc' });
    expect(states(rfc, 'server')).not.toContain('SYN-RECEIVED>CLOSED');
    expect(answers(rfc, 'server').map((s) => s.flags)).toEqual([['ACK']]);
  });
});

describe('inject: the rule itself', () => {
  it('notes that nothing is crafted when the hosts have no connection at that moment', () => {
    const trace = run({ ...rstToClient({ rel: 'rcv.nxt', offset: 0 }), atMs: 0.5 });
    expect(segments(trace).some((s) => s.crafted !== undefined)).toBe(false);
    const note = trace.events.find((e) => e.kind === 'note' && e.text.en.startsWith('fault rule 1'));
    expect(note).toBeDefined();
  });

  it('is validated: hosts known, an ACK number only with the ACK flag, a segment to another host', () => {
    const check = (rule: unknown) => validateScenario({ ...echo, faults: [rule] });
    expect(check(rstToClient({ rel: 'rcv.nxt', offset: 1 })).ok).toBe(true);
    const problems = (rule: unknown) => {
      const result = check(rule);
      return result.ok ? [] : result.problems.map((p) => p.path);
    };
    expect(problems({ ...rstToClient(5), to: 'nobody' })).toEqual(['$.faults[0].to']);
    expect(problems({ ...rstToClient(5), ack: 3 })).toEqual(['$.faults[0].ack']);
    expect(problems({ ...rstToClient(5), from: 'client' })).toEqual(['$.faults[0].to']);
    expect(problems({ ...rstToClient({ rel: 'snd.nxt', offset: 0 } as never) })).toEqual(['$.faults[0].seq']);
    expect(problems({ ...rstToClient(5), flags: [] })).toEqual(['$.faults[0].flags']);
  });
});
