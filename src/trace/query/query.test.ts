import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenario/library';
import { simulate } from '../../sim';
import type { SegmentEvent, Trace, TraceEvent } from '../types';
import { eventOwners, hostDescriptors, hostStates, hostTransports, packetIndex, relativeNumbers } from '.';

const lesson = (id: string): Trace => simulate(findScenario(id)!, { seed: 1 });

function segment(
  id: number,
  src: string,
  dst: string,
  flags: SegmentEvent['flags'],
  seq: number,
  ack: number,
): SegmentEvent {
  const [from, to] = [src.split(':')[0]!, dst.split(':')[0]!];
  return {
    t: id,
    kind: 'segment',
    id,
    from,
    to,
    src,
    dst,
    flags,
    seq,
    ack,
    window: 1000,
    len: 0,
    options: {},
    payload: '',
  };
}

const traceOf = (events: TraceEvent[], hosts: Trace['hosts'] = []): Trace => ({
  format: 'wirestep-trace',
  version: 2,
  source: 'pcap',
  meta: {},
  hosts,
  events,
});

describe('relativeNumbers', () => {
  it('counts each direction from its ISN, and restarts both on a reused 4-tuple', () => {
    const c = '10.0.0.2:5000';
    const s = '10.0.0.1:80';
    const trace = traceOf([
      segment(1, c, s, ['SYN'], 1000, 0),
      segment(2, s, c, ['SYN', 'ACK'], 7000, 1001),
      segment(3, c, s, ['ACK'], 1001, 7001),
      // The same ports again after TIME-WAIT: a new connection with new ISNs.
      segment(4, c, s, ['SYN'], 50_000, 0),
      segment(5, s, c, ['RST', 'ACK'], 0, 50_001),
      segment(6, s, c, ['SYN', 'ACK'], 90_000, 50_001),
      segment(7, c, s, ['ACK'], 50_001, 90_001),
    ]);
    const n = relativeNumbers(trace);
    expect(n.get(2)).toEqual({ seq: 0, ack: 1 });
    expect(n.get(3)).toEqual({ seq: 1, ack: 1 });
    expect(n.get(4)).toEqual({ seq: 0 });
    // The RST answers the new SYN: the server's old ISN is forgotten, so the RST counts from itself.
    expect(n.get(5)).toEqual({ seq: 0, ack: 1 });
    expect(n.get(7)).toEqual({ seq: 1, ack: 1 });
  });

  it('shows an ack as absolute while the peer’s ISN is unknown (a capture that starts late)', () => {
    const trace = traceOf([segment(1, '1.1.1.1:1', '2.2.2.2:2', ['ACK'], 500, 9000)]);
    expect(relativeNumbers(trace).get(1)).toEqual({ seq: 0, ack: 9000, ackAbsolute: true });
  });

  it('wraps modulo 2^32 (RFC 9293 3.4)', () => {
    const trace = traceOf([
      segment(1, '1.1.1.1:1', '2.2.2.2:2', ['SYN'], 0xffffffff, 0),
      segment(2, '1.1.1.1:1', '2.2.2.2:2', [], 4, 0),
    ]);
    expect(relativeNumbers(trace).get(2)?.seq).toBe(5);
  });

  it('is computed once per trace', () => {
    const trace = lesson('tcp-echo');
    expect(relativeNumbers(trace)).toBe(relativeNumbers(trace));
  });

  it('numbers only as far as asked: a lookup near the start reads no later event', () => {
    const c = '10.0.0.2:5000';
    const s = '10.0.0.1:80';
    const events: TraceEvent[] = [segment(1, c, s, ['SYN'], 1000, 0), segment(2, s, c, ['SYN', 'ACK'], 7000, 1001)];
    const read: number[] = [];
    const watched = new Proxy(events, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) read.push(Number(key));
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const n = relativeNumbers(traceOf(watched));
    expect(n.get(1)).toEqual({ seq: 0 });
    expect(read).toEqual([0]);
    // Further on, the pass resumes where it stopped; an id never sent reads to the end once.
    expect(n.get(2)).toEqual({ seq: 0, ack: 1 });
    expect(n.get(99)).toBeUndefined();
    expect(read).toEqual([0, 1]);
  });

  it('gives every lesson segment the same numbers in any lookup order', () => {
    for (const id of ['tcp-echo', 'tcp-retransmission', 'congestion-control']) {
      const trace = lesson(id);
      const segments = trace.events.filter((event) => event.kind === 'segment');
      const forward = segments.map((event) => relativeNumbers(trace).get(event.id));
      const copy = { ...trace, events: [...trace.events] };
      const backward = [...segments].reverse().map((event) => relativeNumbers(copy).get(event.id));
      expect(backward.reverse()).toEqual(forward);
      expect(forward.every((numbers) => numbers !== undefined)).toBe(true);
    }
  });
});

describe('eventOwners and hostDescriptors', () => {
  it('gives socket() to the descriptor it returns, and a closed port’s RST to its host only', () => {
    const trace = lesson('tcp-refused');
    const owners = eventOwners(trace);
    const socketCall = trace.events.findIndex((e) => e.kind === 'call' && e.call === 'socket');
    const returned = trace.events.find((e, i) => i > socketCall && e.kind === 'return' && e.call === 'socket');
    expect(owners.at(socketCall)).toEqual({
      host: 'client',
      socket: returned?.kind === 'return' ? returned.socket : -2,
    });
    const rst = trace.events.findIndex((e) => e.kind === 'segment' && e.flags.includes('RST'));
    expect(owners.at(rst)).toEqual({ host: 'server' });
    expect(hostDescriptors(trace).get('server')).toEqual([]);
  });

  it('never names descriptor -1: sleep() and a failed socket() belong to their host only', () => {
    for (const id of ['tcp-refused', 'tcp-echo', 'udp-echo']) {
      const trace = lesson(id);
      const owners = eventOwners(trace);
      expect([...owners].every((owner) => owner === undefined || owner.socket === undefined || owner.socket >= 0)).toBe(
        true,
      );
      const sleep = trace.events.findIndex((e) => e.kind === 'call' && e.call === 'sleep');
      if (sleep >= 0) expect(owners.at(sleep)).toEqual({ host: trace.events[sleep]!.kind === 'call' ? 'client' : '' });
      for (const fds of hostDescriptors(trace).values()) expect(fds.every((fd) => fd >= 0)).toBe(true);
    }
  });
});

describe('hostStates', () => {
  it('says tcp-refused’s server has no socket, not UDP (its kernel answers alone)', () => {
    const trace = lesson('tcp-refused');
    expect(trace.hosts.find((h) => h.name === 'server')?.sockets).toEqual([]);
    const end = hostStates(trace, trace.events.length);
    expect(end.find((s) => s.host === 'server')).toEqual({ host: 'server', kind: 'none' });
    expect(end.find((s) => s.host === 'client')).toMatchObject({ kind: 'tcp', state: 'CLOSED' });
  });

  it('says a UDP-only host is UDP', () => {
    const trace = lesson('udp-echo');
    expect(hostStates(trace, trace.events.length).map((s) => s.kind)).toEqual(['udp', 'udp']);
  });

  it('reads a capture’s transports from its packets, which is all a capture can know', () => {
    const trace = traceOf(
      [segment(1, '10.0.0.2:5000', '10.0.0.1:80', ['SYN'], 1, 0)],
      [
        { name: 'a', addr: '10.0.0.2' },
        { name: 'b', addr: '10.0.0.1' },
        { name: 'c', addr: '10.0.0.3' },
      ],
    );
    const named = traceOf(
      trace.events.map((e) => (e.kind === 'segment' ? { ...e, from: 'a', to: 'b' } : e)),
      trace.hosts,
    );
    expect([...hostTransports(named)]).toEqual([
      ['a', ['tcp']],
      ['b', ['tcp']],
      ['c', []],
    ]);
  });
});

describe('packetIndex', () => {
  it('finds each packet’s sending event and its fate', () => {
    const trace = lesson('udp-echo');
    const { byId, eventOf, fateOf } = packetIndex(trace);
    for (const [id, packet] of byId) {
      expect(trace.events[eventOf.get(id)!]).toBe(packet);
      const fate = trace.events[fateOf.get(id) ?? -1];
      if (fate !== undefined) expect(fate).toMatchObject({ id });
    }
    expect([...fateOf.values()].some((i) => trace.events[i]?.kind === 'drop')).toBe(true);
  });
});
