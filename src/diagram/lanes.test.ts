import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCapture } from '../trace/import';
import { packetIndex } from '../trace/query';
import type { Trace } from '../trace/types';
import { buildLanes } from './lanes';
import { lesson, segment, traceOf } from './test-traces';

/** Each deliver and drop: its packet id, its kind, and the lane ("host/fd", "host/-" for no socket) it ends on. */
function fateLanes(trace: Trace): string[] {
  const { lanes, eventLane } = buildLanes(trace);
  return trace.events.flatMap((event, at) => {
    if (event.kind !== 'deliver' && event.kind !== 'drop') return [];
    const lane = lanes[eventLane[at]!]!;
    return [`${event.id} ${event.kind} ${lane.host}/${lane.fd ?? '-'}`];
  });
}

describe('buildLanes: where each packet ends', () => {
  it('ends every deliver that names a socket on that socket’s lane', () => {
    for (const id of ['tcp-echo', 'tcp-retransmission', 'udp-echo', 'tcp-timeout', 'time-wait-reuseaddr']) {
      const trace = lesson(id);
      const { lanes, eventLane } = buildLanes(trace);
      trace.events.forEach((event, at) => {
        if (event.kind === 'deliver' && event.socket !== undefined && event.socket >= 0)
          expect(lanes[eventLane[at]!], `${id} event ${at}`).toMatchObject({ host: event.host, fd: event.socket });
      });
    }
  });

  it('tcp-retransmission: a lost SYN heads to the listener, lost data to the accepted connection', () => {
    const trace = lesson('tcp-retransmission');
    const drops = fateLanes(trace).filter((line) => line.includes('drop'));
    const byId = packetIndex(trace).byId;
    for (const line of drops) {
      const id = Number(line.split(' ')[0]);
      const packet = byId.get(id)!;
      const isSyn = packet.kind === 'segment' && packet.flags.includes('SYN');
      expect(line).toBe(`${id} drop server/${isSyn ? 3 : 4}`);
    }
    expect(drops.filter((line) => line.endsWith('server/4')).length).toBeGreaterThan(0);
  });

  it('udp-echo: the lost reply heads to the client’s socket, a closed port’s datagram to the server without socket', () => {
    const trace = lesson('udp-echo');
    const lines = fateLanes(trace);
    expect(lines.filter((line) => line.includes('drop'))).toEqual(['4 drop client/3']);
    const closedPort = trace.events.find((e) => e.kind === 'datagram' && e.dst.endsWith(':9999'));
    expect(lines).toContain(`${closedPort?.kind === 'datagram' ? closedPort.id : -1} deliver server/-`);
    const { lanes, eventLane } = buildLanes(trace);
    const icmp = trace.events.findIndex((e) => e.kind === 'icmp');
    expect(lanes[eventLane[icmp]!]?.host).toBe('server');
    expect(lanes[eventLane[icmp]!]?.fd).toBeUndefined();
  });

  it('tcp-timeout: the last RST reaches the server’s kernel, not the closed listening socket', () => {
    const trace = lesson('tcp-timeout');
    const { lanes } = buildLanes(trace);
    expect(lanes.map((lane) => `${lane.host}/${lane.fd ?? '-'}`)).toEqual([
      'server/-',
      'server/3',
      'server/4',
      'client/-',
      'client/3',
    ]);
    const lastRst = trace.events.filter((e) => e.kind === 'segment' && e.flags.includes('RST')).at(-1);
    expect(lastRst?.kind === 'segment' && lastRst.socket).toBe(undefined);
    const id = lastRst?.kind === 'segment' ? lastRst.id : -1;
    expect(fateLanes(trace)).toContain(`${id} deliver server/-`);
  });

  it('a packet in flight heads to the socket of its connection at the receiver', () => {
    const trace = traceOf([
      segment(0, 1, { socket: 3, flags: ['SYN'] }),
      { t: 5, kind: 'deliver', id: 1, host: 'b', socket: 4 },
      segment(6, 2, { from: 'b', to: 'a', src: '10.0.0.2:80', dst: '10.0.0.1:1000', socket: 5 }),
      segment(10, 3, { socket: 3 }),
    ]);
    const map = buildLanes(trace);
    expect(map.headingLane(3, 'b')).toBe(map.laneOf('b', 5));
    // Nothing known of the connection at all: the host.
    expect(map.headingLane(99, 'b')).toBe(map.laneOf('b'));
  });
});

describe('buildLanes: a capture’s lanes are named by address and port', () => {
  const fixtures = join(import.meta.dirname, '../trace/import/fixtures');
  const lanesOf = (name: string, names?: Record<string, string>) =>
    buildLanes(importCapture(new Uint8Array(readFileSync(join(fixtures, name))), { names })).lanes.map(
      (lane) => `${lane.host} ${lane.endpoint ?? '?'}`,
    );

  it('print-flags.pcap: both sockets of 127.0.0.1, each by its port', () => {
    expect(lanesOf('print-flags.pcap')).toEqual(['127.0.0.1 127.0.0.1:55920', '127.0.0.1 127.0.0.1:80']);
  });

  it('with endpoint names: the hosts are named, the lanes keep their address and port', () => {
    const names = { '127.0.0.1:80': 'server', '127.0.0.1:55920': 'client' };
    expect(lanesOf('print-flags.pcap', names)).toEqual(['client 127.0.0.1:55920', 'server 127.0.0.1:80']);
  });

  it('dns_udp.pcap: UDP lanes are sockets too, named by address and port', () => {
    expect(lanesOf('dns_udp.pcap')).toEqual(['209.87.249.18 209.87.249.18:53', '192.168.1.11 192.168.1.11:43966']);
  });

  it('a simulated trace keeps its descriptors (lanes say "fd 3")', () => {
    expect(buildLanes(lesson('tcp-echo')).lanes.every((lane) => lane.endpoint === undefined)).toBe(true);
  });
});
