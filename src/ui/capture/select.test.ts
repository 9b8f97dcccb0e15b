// The connection filter on captures built byte by byte and on a tcpdump fixture: each connection
// keeps its own segments, delivers, states and hosts, and the result is still a valid Trace.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCapture } from '../../trace/import';
import type { Trace } from '../../trace/types';
import { validateTrace } from '../../trace/validate';
import {
  connectionCount,
  connectionsOf,
  maxListedConnections,
  nameableEndpoints,
  selectConnection,
  traceForConnection,
} from './select';
import { clientEndpoints, serverEndpoint, twoConnectionCapture } from './test-captures';

function expectValid(trace: Trace): void {
  const checked = validateTrace(JSON.parse(JSON.stringify(trace)));
  expect(checked.ok ? [] : checked.problems).toEqual([]);
}

const two = (): Trace => importCapture(twoConnectionCapture(), { fileName: 'two.pcap' });

describe('connectionsOf', () => {
  it('lists the capture’s TCP connections from meta', () => {
    const connections = connectionsOf(two());
    expect(connections.map((c) => [c.id, c.client, c.server, c.segments])).toEqual([
      [0, clientEndpoints[0], serverEndpoint, 11],
      [1, clientEndpoints[1], serverEndpoint, 11],
    ]);
    expect(connectionCount(two())).toBe(2);
  });

  it('caps the list, and counts the connections it does not list', () => {
    const trace = two();
    const pcap = trace.meta.pcap;
    const good = pcap?.connections[0];
    if (pcap === undefined || good === undefined) throw new Error('a listed connection expected');
    const many = Array.from({ length: maxListedConnections + 5 }, (_, i) => ({ ...good, id: i }));
    const meta = { pcap: { ...pcap, connections: many, connectionCount: 99_999 } };
    const listed = connectionsOf({ ...trace, meta });
    expect(listed).toHaveLength(maxListedConnections);
    expect(listed[0]?.id).toBe(0);
    expect(connectionCount({ ...trace, meta })).toBe(99_999);
    expect(connectionsOf({ ...trace, meta: {} })).toEqual([]);
    expect(connectionCount({ ...trace, meta: {} })).toBe(0);
  });

  it('reads a Trace JSON written with the capture fields at the top of meta', () => {
    const { pcap, ...rest } = two().meta;
    const old = JSON.parse(JSON.stringify({ ...two(), meta: { ...rest, ...pcap } })) as unknown;
    const checked = validateTrace(old);
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    expect(connectionsOf(checked.trace)).toEqual(connectionsOf(two()));
    expect(connectionCount(checked.trace)).toBe(2);
  });

  it('refuses malformed connections with their JSON path, where the file has them', () => {
    const json = JSON.parse(JSON.stringify(two())) as { meta: Record<string, unknown> & { pcap: object } };
    const { pcap, ...rest } = json.meta;
    const connections = [null, { id: 'x' }];
    const problems = (meta: object): string[] => {
      const checked = validateTrace({ ...json, meta });
      return checked.ok ? [] : checked.problems.map((problem) => problem.path);
    };
    expect(problems({ ...rest, pcap: { ...pcap, connections } })).toContain('$.meta.pcap.connections[0]');
    expect(problems({ ...rest, ...pcap, connections })).toContain('$.meta.connections[1].id');
  });
});

describe('selectConnection', () => {
  it('keeps one connection’s segments, delivers, states and hosts', () => {
    const trace = two();
    for (const connection of connectionsOf(trace)) {
      const one = selectConnection(trace, connection);
      expectValid(one);
      const segments = one.events.filter((e) => e.kind === 'segment');
      expect(segments).toHaveLength(connection.segments);
      for (const segment of segments) {
        expect([segment.src, segment.dst].sort()).toEqual([connection.client, connection.server].sort());
      }
      const ids = new Set(segments.map((s) => s.id));
      const delivers = one.events.filter((e) => e.kind === 'deliver');
      expect(delivers.map((d) => d.id).sort()).toEqual([...ids].sort());
      const states = one.events.filter((e) => e.kind === 'state');
      expect(states.length).toBeGreaterThan(0);
      expect(new Set(states.map((s) => s.socket))).toEqual(new Set([connection.clientSocket, connection.serverSocket]));
      expect(one.events.some((e) => e.kind === 'datagram')).toBe(false);
      expect(one.hosts.map((h) => h.name).sort()).toEqual([connection.clientHost, connection.serverHost].sort());
      expect(one.meta.connection).toBe(connection.id);
      // Events stay in time order and the original trace is untouched.
      expect(one.events.every((e, i) => i === 0 || e.t >= (one.events[i - 1]?.t ?? 0))).toBe(true);
    }
    expect(trace.events.filter((e) => e.kind === 'segment')).toHaveLength(22);
    expect(trace.meta.connection).toBeUndefined();
  });

  it('keeps the TIME-WAIT note of its own endpoint only', () => {
    const trace = two();
    const [first, second] = connectionsOf(trace);
    if (first === undefined || second === undefined) throw new Error('two connections expected');
    const notes = selectConnection(trace, first).events.flatMap((e) => (e.kind === 'note' ? [e.text.en] : []));
    expect(notes.some((text) => text.includes('TIME-WAIT'))).toBe(true);
    expect(notes.some((text) => text.includes(second.client))).toBe(false);
    // Both connections leave the shared server endpoint in TIME-WAIT: its note is shown once.
    expect(notes.filter((text) => text.startsWith(`${serverEndpoint} is in TIME-WAIT`))).toHaveLength(1);
  });

  it('tells connections on the same addresses apart by their sockets (port reuse)', () => {
    const trace = two();
    const [first] = connectionsOf(trace);
    if (first === undefined) throw new Error('a connection expected');
    // Pretend the second connection reused the first one's client endpoint.
    const events = trace.events.map((e) =>
      e.kind === 'segment' && e.src === clientEndpoints[1]
        ? { ...e, src: clientEndpoints[0] }
        : e.kind === 'segment' && e.dst === clientEndpoints[1]
          ? { ...e, dst: clientEndpoints[0] }
          : e,
    );
    const one = selectConnection({ ...trace, events }, first);
    expect(one.events.filter((e) => e.kind === 'segment')).toHaveLength(first.segments);
  });

  it('works on a real capture with one connection (print-flags.pcap)', () => {
    const bytes = new Uint8Array(
      readFileSync(join(import.meta.dirname, '../../trace/import/fixtures/print-flags.pcap')),
    );
    const trace = importCapture(bytes);
    const [only] = connectionsOf(trace);
    if (only === undefined) throw new Error('one connection expected');
    const one = selectConnection(trace, only);
    expectValid(one);
    expect(one.events.filter((e) => e.kind !== 'note')).toEqual(trace.events.filter((e) => e.kind !== 'note'));
  });
});

describe('traceForConnection and nameableEndpoints', () => {
  it('returns the whole trace for null or an unknown id', () => {
    const trace = two();
    expect(traceForConnection(trace, null)).toBe(trace);
    expect(traceForConnection(trace, 42)).toBe(trace);
    expect(traceForConnection(trace, 1).meta.connection).toBe(1);
  });

  it('offers the connection’s endpoints, or the first ones the packets use', () => {
    const trace = two();
    expect(nameableEndpoints(trace, 1)).toEqual([clientEndpoints[1], serverEndpoint]);
    expect(nameableEndpoints(trace, null)).toEqual([
      clientEndpoints[0],
      serverEndpoint,
      clientEndpoints[1],
      '10.0.0.9:5353',
      '10.0.0.1:5353',
    ]);
    expect(nameableEndpoints(trace, null, 2)).toEqual([clientEndpoints[0], serverEndpoint]);
  });
});
