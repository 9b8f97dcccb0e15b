import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenario/library';
import { simulate } from '../../sim';
import type { SegmentEvent, StateEvent, TraceEvent } from '../../trace/types';
import type { PacketEvent } from '../../trace/query';
import { explainAt, explainEvent, rfcUrl } from './explain';

const segment = (overrides: Partial<SegmentEvent>): SegmentEvent => ({
  t: 0,
  kind: 'segment',
  id: 1,
  from: 'client',
  to: 'server',
  src: '10.0.0.2:40000',
  dst: '10.0.0.1:8080',
  flags: ['ACK'],
  seq: 0,
  ack: 0,
  window: 65535,
  len: 0,
  options: {},
  payload: '',
  ...overrides,
});
const state = (
  from: StateEvent['from'],
  to: StateEvent['to'],
  reason: StateEvent['reason'] = 'unknown',
  cause = '',
): StateEvent => ({
  t: 0,
  kind: 'state',
  host: 'server',
  socket: 4,
  from,
  to,
  reason,
  cause,
});
const rfc = (event: TraceEvent, packet?: PacketEvent) => explainEvent(event, { packet })?.rfc;

describe('segments', () => {
  it('cite the RFC section of their control flags', () => {
    expect(rfc(segment({ flags: ['SYN'] }))).toEqual(['RFC 9293 3.5']);
    expect(rfc(segment({ flags: ['SYN', 'ACK'] }))).toEqual(['RFC 9293 3.5']);
    expect(rfc(segment({ flags: ['FIN', 'ACK'] }))).toEqual(['RFC 9293 3.6', 'RFC 9293 3.10.4']);
    expect(rfc(segment({ flags: ['RST'] }))).toEqual(['RFC 9293 3.5.2', 'RFC 9293 3.10.7']);
  });

  it('tell retransmissions, probes, data, zero windows and pure ACKs apart', () => {
    expect(rfc(segment({ len: 5, retransmission: true }))).toEqual(['RFC 6298', 'RFC 9293 3.8.1']);
    expect(rfc(segment({ probe: 'keepalive' }))?.[0]).toBe('RFC 1122 4.2.3.6');
    expect(rfc(segment({ probe: 'zero-window' }))).toEqual(['RFC 9293 3.8.6.1']);
    expect(rfc(segment({ len: 14 }))?.[0]).toBe('RFC 9293 3.8');
    expect(rfc(segment({ window: 0 }))).toEqual(['RFC 9293 3.8.6']);
    expect(rfc(segment({}))).toEqual(['RFC 9293 3.4', 'RFC 9293 3.8.6.3']);
  });

  it('say what they carry, in both languages', () => {
    const data = explainEvent(segment({ len: 14 }));
    expect(data?.text.en).toBe(
      'client sends 14 bytes of data to server; they are numbered by seq, and the ACK says what client has received so far.',
    );
    expect(data?.text.fr).toContain('client envoie 14 octets de données à server');
    expect(explainEvent(segment({ flags: ['SYN'] }))?.text.fr).toContain('numéro de séquence initial');
  });
});

describe('other packets', () => {
  it('UDP follows RFC 768 and ICMP port unreachable RFC 1122 4.1.3.1', () => {
    const datagram: TraceEvent = {
      t: 0,
      kind: 'datagram',
      id: 2,
      from: 'client',
      to: 'server',
      src: 'a',
      dst: 'b',
      len: 4,
      payload: '',
    };
    expect(rfc(datagram)).toEqual(['RFC 768']);
    expect(explainEvent(datagram)?.text.en).toContain('UDP datagram of 4 bytes');
    expect(
      rfc({ t: 0, kind: 'icmp', id: 3, from: 'server', to: 'client', type: 'port-unreachable', about: 2 }),
    ).toEqual(['RFC 1122 4.1.3.1', 'RFC 792']);
  });

  it('explain a delivery or a loss through the packet it concerns', () => {
    const syn = segment({ flags: ['SYN'] });
    expect(rfc({ t: 1, kind: 'deliver', id: 1 }, syn)?.[0]).toBe('RFC 9293 3.10.7.1');
    expect(rfc({ t: 1, kind: 'drop', id: 1, reason: 'loss' }, syn)).toEqual(['RFC 9293 3.8.1', 'RFC 6298']);
    expect(explainEvent({ t: 1, kind: 'drop', id: 1, reason: 'loss' }, { packet: syn })?.text.en).toContain(
      'lost on the way to server',
    );
    expect(explainEvent({ t: 1, kind: 'deliver', id: 9 })).toBeUndefined();
  });
});

describe('state transitions', () => {
  it('cite the SEGMENT ARRIVES clause or the user call behind them', () => {
    expect(rfc(state('SYN-RECEIVED', 'ESTABLISHED'))).toEqual(['RFC 9293 3.10.7.4']);
    expect(rfc(state('SYN-SENT', 'ESTABLISHED'))).toEqual(['RFC 9293 3.10.7.3']);
    expect(rfc(state('LISTEN', 'SYN-RECEIVED'))?.[0]).toBe('RFC 9293 3.10.7.2');
    expect(rfc(state('ESTABLISHED', 'FIN-WAIT-1'))?.[0]).toBe('RFC 9293 3.10.4');
    expect(rfc(state('TIME-WAIT', 'CLOSED'))?.[0]).toBe('RFC 9293 3.10.8');
    expect(explainEvent(state('FIN-WAIT-2', 'TIME-WAIT'))?.text.en).toContain('2*MSL');
  });

  it('recognise a reset by its cause, and fall back to the state machine overview', () => {
    expect(rfc(state('ESTABLISHED', 'CLOSED', 'rcv-rst', 'RST received'))?.[0]).toBe('RFC 9293 3.5.3');
    expect(rfc(state('ESTABLISHED', 'CLOSED', 'timeout', 'retries exhausted (ETIMEDOUT)'))?.[0]).toBe('RFC 9293 3.8.3');
    expect(rfc(state('ESTABLISHED', 'CLOSED', 'abort', 'SO_LINGER 0'))?.[0]).toBe('RFC 9293 3.10.5');
    expect(rfc(state('CLOSING', 'ESTABLISHED'))).toEqual(['RFC 9293 3.3.2']);
  });
});

describe('timers, calls and returns', () => {
  it('cite RFC 6298 for retransmission, RFC 1122 for delayed ACK and keepalive', () => {
    const timer = (kind: 'retransmit' | 'delayed-ack' | 'keepalive'): TraceEvent => ({
      t: 0,
      kind: 'timer',
      host: 'client',
      socket: 3,
      timer: kind,
      action: 'set',
      at: 5,
    });
    expect(rfc(timer('retransmit'))?.[0]).toBe('RFC 6298');
    expect(rfc(timer('delayed-ack'))).toEqual(['RFC 9293 3.8.6.3', 'RFC 1122 4.2.3.2']);
    expect(rfc(timer('keepalive'))?.[0]).toBe('RFC 1122 4.2.3.6');
    expect(explainEvent(timer('retransmit'))?.text.en).toBe(
      'The retransmission timer (RTO) starts. If no ACK comes back before it expires, the unacknowledged data is sent again and the RTO doubles.',
    );
  });

  it('explain setsockopt(TCP_NODELAY) with Nagle’s RFC, and errno values', () => {
    const call: TraceEvent = {
      t: 0,
      kind: 'call',
      host: 'client',
      socket: 3,
      call: 'setsockopt',
      args: { option: 'TCP_NODELAY', value: 1 },
    };
    expect(rfc(call)).toEqual(['RFC 896', 'RFC 9293 3.7.4']);
    expect(rfc({ t: 0, kind: 'return', host: 'client', socket: 3, call: 'connect', errno: 'ECONNREFUSED' })?.[0]).toBe(
      'RFC 9293 3.5.2',
    );
    expect(
      explainEvent({ t: 0, kind: 'return', host: 'client', socket: 3, call: 'recv', result: { bytes: 0, payload: '' } })
        ?.text.en,
    ).toContain('end of the stream');
    expect(
      explainEvent({
        t: 0,
        kind: 'return',
        host: 'server',
        socket: 4,
        call: 'recv',
        result: { bytes: 14, payload: '' },
      })?.text.en,
    ).toMatch(/^recv\(\) returns 14 bytes/);
    expect(explainEvent({ t: 0, kind: 'return', host: 'server', socket: 3, call: 'bind', result: 0 })?.text.fr).toBe(
      'bind() renvoie 0 : l’adresse et le port locaux appartiennent désormais à cette socket.',
    );
  });

  it('leaves TCB snapshots to the TCB panel and shows notes as they are', () => {
    expect(explainEvent({ t: 0, kind: 'note', text: { en: 'Hi', fr: 'Salut' } })).toEqual({
      id: 'note',
      text: { en: 'Hi', fr: 'Salut' },
      rfc: [],
    });
  });
});

describe('the built-in library', () => {
  it('has an explanation without a leftover {placeholder} for every event of every scenario', () => {
    for (const scenario of builtinScenarios) {
      const trace = simulate(scenario);
      for (const [index, event] of trace.events.entries()) {
        const explanation = explainAt(trace, index);
        if (explanation === undefined) continue;
        expect(explanation.text.en, `${scenario.id}: ${JSON.stringify(event)}`).not.toMatch(/\{\w+\}/);
        expect(explanation.text.fr).not.toMatch(/\{\w+\}/);
      }
    }
  });
});

describe('chosen from what the Trace says (tcp-echo)', () => {
  const trace = simulate(
    builtinScenarios.find((scenario) => scenario.id === 'tcp-echo')!,
    { seed: 1 },
  );
  const chosen = trace.events.map((_, index) => explainAt(trace, index));
  const indexOf = (test: (event: TraceEvent) => boolean) => trace.events.findIndex(test);

  it('the FIN sent from LAST-ACK answers the first one and never says the other direction stays open', () => {
    const fins = trace.events.flatMap((event, index) =>
      event.kind === 'segment' && event.flags.includes('FIN') ? [index] : [],
    );
    expect(fins.map((index) => chosen[index]?.id)).toEqual(['segment.finFirst', 'segment.finAnswer']);
    const answer = chosen[fins[1]!];
    expect(answer?.entry?.says).not.toContain('other-direction-open');
    expect(answer?.text.en).toBe(
      'client sends its own FIN, after the FIN of server: it closes the second direction. Once server acknowledges it, both directions are closed.',
    );
    expect(answer?.text.fr).toContain('ferme le second sens');
  });

  it('says what each delivery completed, not one sentence for all', () => {
    const delivered = trace.events.flatMap((event, index) => (event.kind === 'deliver' ? [chosen[index]?.id] : []));
    expect(delivered.slice(0, 3)).toEqual(['deliver.synAtListener', 'deliver.synAck', 'deliver.ackOfSyn']);
    expect(delivered).toEqual(expect.arrayContaining(['deliver.data', 'deliver.ackOfData', 'deliver.finFirst']));
    expect(new Set(delivered).size).toBeGreaterThanOrEqual(7);
  });

  it('names what a pure ACK acknowledges', () => {
    const third = indexOf((event) => event.kind === 'segment' && event.flags.join() === 'ACK');
    expect(chosen[third]?.id).toBe('segment.ackOfSyn');
    expect(chosen[third]?.entry?.says).not.toContain('sends-data');
  });
});

describe('retransmissions: on the timer or on duplicate ACKs (what the sender’s next TCB snapshot says)', () => {
  const lesson = (id: string) =>
    simulate(
      builtinScenarios.find((scenario) => scenario.id === id)!,
      { seed: 1 },
    );
  const retransmissions = (id: string) => {
    const trace = lesson(id);
    return trace.events.flatMap((event, index) =>
      event.kind === 'segment' && event.retransmission === true && event.len > 0 ? [explainAt(trace, index)] : [],
    );
  };

  it('congestion-control: the one lost segment is a fast retransmission (RFC 5681 3.2), not a timeout', () => {
    const [fast, ...others] = retransmissions('congestion-control');
    expect(others).toEqual([]);
    expect(fast?.id).toBe('segment.fastRetransmission');
    expect(fast?.rfc[0]).toBe('RFC 5681 3.2');
    expect(fast?.text.en).toContain('duplicate ACKs');
    expect(fast?.text.en).not.toContain('in time');
  });

  it('tcp-retransmission: each data retransmission waited for the RTO', () => {
    const explained = retransmissions('tcp-retransmission');
    expect(explained.length).toBeGreaterThan(0);
    for (const explanation of explained) expect(explanation?.id).toBe('segment.retransmission');
  });
});

describe('rfcUrl', () => {
  it('links to the section on rfc-editor.org', () => {
    expect(rfcUrl('RFC 9293 3.10.7.4')).toBe('https://www.rfc-editor.org/rfc/rfc9293#section-3.10.7.4');
    expect(rfcUrl('RFC 6298')).toBe('https://www.rfc-editor.org/rfc/rfc6298');
    expect(rfcUrl('Linux')).toBeUndefined();
  });
});
