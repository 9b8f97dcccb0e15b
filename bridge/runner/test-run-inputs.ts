// A real run's three inputs made up for the merge's tests: a client that connects and sends N
// one-byte segments a server reads one by one, as runner.py reports them (absolute CLOCK_REALTIME
// microseconds, `local`/`peer` on bind, listen, connect, accept) and as tcpdump captures them on
// lo (LINKTYPE_RAW pcap), each segment ACKed, FIN both ways; ss saw ESTABLISHED on both sides.
import type { SsObservation } from '../capture/ss';
import { ACK, FIN, ipv4, PSH, SYN, tcpSegment, writePcap, type PcapRecord } from '../../src/trace/import/test-writer';
import type { TraceHost } from '../../src/trace/types';
import type { RunnerEvent } from './merge';

export const runT0 = 1_796_000_000_000_000;
export const runHosts: TraceHost[] = [
  { name: 'server', addr: '127.0.0.1' },
  { name: 'client', addr: '127.0.0.2' },
];
const server = { addr: '127.0.0.1', port: 8080 };
const client = { addr: '127.0.0.2', port: 40000 };
const s = `${server.addr}:${server.port}`;
const c = `${client.addr}:${client.port}`;

export interface RunInputs {
  api: RunnerEvent[];
  ss: SsObservation[];
  /** The capture (LINKTYPE_RAW pcap). */
  pcap: Uint8Array;
  /** Each record's time and the byte offset where it ends. */
  records: { t: number; end: number }[];
}

export function manySendsRun(sends: number): RunInputs {
  let t = runT0 + 1000;
  const api: RunnerEvent[] = [];
  const records: PcapRecord[] = [];
  const call = (host: string, socket: number, name: string, args: Record<string, unknown>, extra = {}): void =>
    void api.push({ t: (t += 20), kind: 'call', host, socket, call: name, args, ...extra } as RunnerEvent);
  const ret = (host: string, socket: number, name: string, result: unknown, extra = {}): void =>
    void api.push({ t: (t += 20), kind: 'return', host, socket, call: name, result, ...extra } as RunnerEvent);
  const packet = (from: typeof server, to: typeof server, seq: number, ack: number, flags: number, bytes = 0): void => {
    t += 10;
    const payload = new Uint8Array(bytes).fill(120);
    const tcp = tcpSegment({ srcPort: from.port, dstPort: to.port, seq, ack, flags, window: 65535, payload });
    records.push({ seconds: Math.floor(t / 1e6), fraction: t % 1e6, data: ipv4(6, from.addr, to.addr, tcp) });
  };
  call('server', -1, 'socket', { type: 'SOCK_STREAM' });
  ret('server', 3, 'socket', 3);
  call('server', 3, 'bind', { port: 8080 });
  ret('server', 3, 'bind', 0, { local: s });
  call('server', 3, 'listen', { backlog: 1 });
  ret('server', 3, 'listen', 0, { local: s });
  call('client', -1, 'socket', { type: 'SOCK_STREAM' });
  ret('client', 3, 'socket', 3);
  call('client', 3, 'connect', { addr: server.addr, port: server.port }, { local: c });
  packet(client, server, 100, 0, SYN);
  packet(server, client, 500, 101, SYN | ACK);
  packet(client, server, 101, 501, ACK);
  ret('client', 3, 'connect', 0, { local: c, peer: s });
  ret('server', 3, 'accept', { fd: 4, peer: c }, { local: s, peer: c });
  const ss: SsObservation[] = [
    { t: t + 5, local: c, peer: s, from: 'CLOSED', to: 'ESTABLISHED' },
    { t: t + 6, local: s, peer: c, from: 'CLOSED', to: 'ESTABLISHED' },
  ];
  for (let i = 0; i < sends; i++) {
    call('client', 3, 'send', { bytes: 1 });
    packet(client, server, 101 + i, 501, PSH | ACK, 1);
    ret('client', 3, 'send', 1);
    packet(server, client, 501, 102 + i, ACK);
    call('server', 4, 'recv', { max: 65536 });
    ret('server', 4, 'recv', { bytes: 1, payload: 'eA==' });
  }
  call('client', 3, 'close', {});
  packet(client, server, 101 + sends, 501, FIN | ACK);
  ret('client', 3, 'close', 0);
  packet(server, client, 501, 102 + sends, ACK);
  call('server', 4, 'close', {});
  packet(server, client, 501, 102 + sends, FIN | ACK);
  packet(client, server, 102 + sends, 502, ACK);
  ret('server', 4, 'close', 0);
  let end = 24;
  const ends = records.map((r) => ({ t: r.seconds * 1e6 + r.fraction, end: (end += 16 + r.data.length) }));
  return { api, ss, pcap: writePcap(records, { linkType: 101 }), records: ends };
}
