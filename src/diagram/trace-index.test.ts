import { describe, expect, it } from 'vitest';
import { callPartners, packetFates, packetIndex, relativeNumbers } from '../trace/query';
import { datagram, lesson, segment, traceOf } from './test-traces';
import { hiddenCalls, indexTrace, joinsBroadcast } from './trace-index';

describe('indexTrace', () => {
  it('reads packets, fates, call pairs and relative numbers from the query layer', () => {
    const trace = lesson('tcp-echo');
    const index = indexTrace(trace, false);
    expect(index.packets).toBe(packetIndex(trace));
    expect(index.fates).toBe(packetFates(trace));
    expect(index.partner).toBe(callPartners(trace));
    expect(index.relative).toBe(relativeNumbers(trace));
    expect(index.lanes.map((lane) => `${lane.host}/${lane.fd}`)).toEqual(['server/3', 'server/4', 'client/3']);
  });

  it('draws each event on its socket’s lane, socket() on the descriptor it returns', () => {
    const trace = lesson('tcp-echo');
    const { events, eventLane, lanes } = indexTrace(trace, false);
    events.forEach((event, at) => {
      const lane = lanes[eventLane[at]!]!;
      if (event.kind === 'segment') expect(lane).toMatchObject({ host: event.from, fd: event.socket });
      if (event.kind === 'deliver') expect(lane).toMatchObject({ host: event.host, fd: event.socket });
      if (event.kind === 'state' || event.kind === 'timer') expect(lane).toMatchObject({ host: event.host });
      if (event.kind === 'call' && event.call === 'socket') {
        const returned = events[callPartners(trace)[at]!];
        expect(lane.fd).toBe(returned?.kind === 'return' ? returned.socket : -1);
      }
    });
  });

  it('ends a drop on the lane its flow last reached, and a packet in flight where its flow was heading', () => {
    const trace = traceOf([
      segment(0, 1, { socket: 3 }),
      { t: 5, kind: 'deliver', id: 1, host: 'b', socket: 5 },
      segment(10, 2, { socket: 3 }),
      { t: 15, kind: 'drop', id: 2, reason: 'loss' },
      segment(20, 3, { socket: 3 }),
      { t: 21, kind: 'call', host: 'b', socket: 4, call: 'close', args: {} },
      { t: 21, kind: 'return', host: 'b', socket: 4, call: 'close', result: 0 },
    ]);
    const index = indexTrace(trace, false);
    const fd5 = index.laneOf('b', 5);
    expect(fd5).not.toBe(index.laneOf('b'));
    expect(index.eventLane[3]).toBe(fd5);
    expect(index.headingLane(segment(20, 3, { socket: 3 }))).toBe(fd5);
    // A flow nothing received yet heads to the host's first lane.
    expect(index.headingLane(segment(30, 9, { dst: '10.0.0.2:9' }))).toBe(index.laneOf('b'));
  });
});

describe('hiddenCalls', () => {
  it('hides, in presentation mode only, the calls that return at once without an error', () => {
    const trace = lesson('time-wait-reuseaddr');
    const partner = callPartners(trace);
    const hidden = hiddenCalls(trace.events, partner, true);
    const calls = (shown: boolean) =>
      new Set(trace.events.flatMap((e, at) => (e.kind === 'call' && (hidden[at] === 0) === shown ? [e.call] : [])));
    expect(calls(false)).toContain('setsockopt');
    expect(calls(true)).toContain('accept');
    expect(calls(true)).toContain('bind'); // the one that fails with EADDRINUSE
    expect(hiddenCalls(trace.events, partner, false).every((flag) => flag === 0)).toBe(true);
  });
});

describe('joinsBroadcast', () => {
  it('joins broadcast copies sent at the same instant by the same socket, and nothing else', () => {
    const events = [
      datagram(0, 1, { broadcast: true, to: 'b' }),
      datagram(0, 2, { broadcast: true, to: 'c', copyOf: 1 }),
      datagram(0, 3, { to: 'b' }),
      datagram(0, 4, { broadcast: true }),
      datagram(1, 5, { broadcast: true }),
    ];
    expect(events.map((_, at) => joinsBroadcast(events, at))).toEqual([false, true, false, false, false]);
  });
});
