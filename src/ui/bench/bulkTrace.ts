// A synthetic bulk transfer for benchmarks (scripts/bench-diagram.ts, scripts/bench-ui.mjs via
// `?bench=N`): not a lesson, never listed, never loaded unless asked for.
import type { TcbEvent, Trace, TraceEvent } from '../../trace/types';

const mss = 1460;
const latencyUs = 5000;

function tcb(host: string, socket: number, at: number): TcbEvent {
  return {
    kind: 'tcb',
    t: at,
    host,
    socket,
    state: 'ESTABLISHED',
    iss: 1000,
    irs: 5000,
    sndUna: 0,
    sndNxt: 0,
    sndWnd: 65535,
    rcvNxt: 0,
    rcvWnd: 65535,
    sendQueued: 0,
    recvQueued: 0,
    rtoMs: 200,
  };
}

const ends = {
  client: { from: 'client', to: 'server', src: '10.0.0.2:40000', dst: '10.0.0.1:8080', socket: 3 },
  server: { from: 'server', to: 'client', src: '10.0.0.1:8080', dst: '10.0.0.2:40000', socket: 4 },
} as const;

function segment(id: number, t: number, sender: keyof typeof ends, seq: number, ack: number, len: number): TraceEvent {
  // Written out field by field (not a rest and a spread): this ran for a tenth of ?bench=10000's first render.
  const { from, to, src, dst, socket } = ends[sender];
  return {
    kind: 'segment',
    t,
    id,
    from,
    to,
    src,
    dst,
    flags: ['ACK'],
    seq,
    ack,
    window: 65535,
    len,
    options: {},
    payload: '',
    socket,
  };
}

/** A client sendall() of `segmentCount / 2` full segments and the server's ACKs: `segmentCount` segments. */
export function bulkTransferTrace(segmentCount = 10_000): Trace {
  const events: TraceEvent[] = [];
  const client = { host: 'client', socket: 3 };
  const server = { host: 'server', socket: 4 };
  let id = 0;
  let t = 0;
  events.push({ kind: 'call', t, ...server, socket: 3, call: 'accept', args: {} });
  events.push({
    kind: 'state',
    t,
    ...server,
    from: 'LISTEN',
    to: 'ESTABLISHED',
    reason: 'rcv-ack-of-syn',
    cause: 'handshake',
  });
  events.push({ kind: 'return', t, ...server, socket: 3, call: 'accept', result: { fd: 4 } });
  events.push({
    kind: 'state',
    t,
    ...client,
    from: 'SYN-SENT',
    to: 'ESTABLISHED',
    reason: 'rcv-syn-ack',
    cause: 'handshake',
  });
  events.push({ kind: 'call', t, ...client, call: 'sendall', args: { bytes: (segmentCount / 2) * mss } });
  events.push({ kind: 'call', t, ...server, call: 'recv', args: { max: 65536 } });
  const pending: { at: number; event: TraceEvent }[] = [];
  for (let i = 0; i < segmentCount / 2; i++) {
    t += 120; // bandwidth-limited: one full segment every 120 µs
    const data = ++id;
    events.push(segment(data, t, 'client', 1001 + i * mss, 5001, mss));
    events.push({ kind: 'timer', t, ...client, timer: 'retransmit', action: 'set', at: t + 200_000 });
    events.push(tcb('client', 3, t));
    pending.push({
      at: t + latencyUs,
      event: { kind: 'deliver', t: t + latencyUs, id: data, host: 'server', socket: 4 },
    });
    const ack = ++id;
    pending.push({
      at: t + latencyUs,
      event: segment(ack, t + latencyUs, 'server', 5001, 1001 + (i + 1) * mss, 0),
    });
    pending.push({
      at: t + 2 * latencyUs,
      event: { kind: 'deliver', t: t + 2 * latencyUs, id: ack, host: 'client', socket: 3 },
    });
    // Flush what is due, keeping events sorted by time.
    while (pending.length > 0 && pending[0]!.at <= t + 120) events.push(pending.shift()!.event);
  }
  for (const { event } of pending) events.push(event);
  const end = events[events.length - 1]!.t;
  events.push({ kind: 'return', t: end, ...client, call: 'sendall', result: (segmentCount / 2) * mss });
  events.push({ kind: 'return', t: end, ...server, call: 'recv', result: { bytes: 65536, payload: '' } });
  events.sort((a, b) => a.t - b.t);
  return {
    format: 'wirestep-trace',
    version: 2,
    source: 'sim',
    meta: { scenario: 'bulk-transfer' },
    hosts: [
      { name: 'client', addr: '10.0.0.2' },
      { name: 'server', addr: '10.0.0.1' },
    ],
    events,
  };
}
