// A small hand-written trace (TCP echo over a 5 ms link) shared by the trace module's tests.
import { encodeBase64 } from '../encoding/base64';
import type { Trace, TraceEvent } from './types';

const hello = encodeBase64(Uint8Array.from('Hello, server!', (ch) => ch.charCodeAt(0)));
const clientIss = 4_000_000_000;
const serverIss = 1000;
const c = 'client';
const s = 'server';
const ca = '10.0.0.2:49152';
const sa = '10.0.0.1:8080';

const events: TraceEvent[] = [
  { t: 0, kind: 'call', host: s, socket: 3, call: 'listen', args: { backlog: 1 } },
  { t: 0, kind: 'state', host: s, socket: 3, from: 'CLOSED', to: 'LISTEN', reason: 'listen', cause: 'listen()' },
  { t: 0, kind: 'return', host: s, socket: 3, call: 'listen', result: 0 },
  { t: 0, kind: 'call', host: s, socket: 3, call: 'accept', args: {} },
  { t: 1000, kind: 'call', host: c, socket: 3, call: 'connect', args: { host: 'server', port: 8080 } },
  // prettier-ignore
  { t: 1000, kind: 'segment', id: 1, from: c, to: s, src: ca, dst: sa, flags: ['SYN'], seq: clientIss, ack: 0, window: 65535, len: 0, options: { mss: 1460 }, payload: '' },
  { t: 1000, kind: 'state', host: c, socket: 3, from: 'CLOSED', to: 'SYN-SENT', reason: 'connect', cause: 'connect()' },
  { t: 1000, kind: 'timer', host: c, socket: 3, timer: 'retransmit', action: 'set', at: 1_001_000 },
  { t: 6000, kind: 'deliver', id: 1 },
  // prettier-ignore
  { t: 6000, kind: 'segment', id: 2, from: s, to: c, src: sa, dst: ca, flags: ['SYN', 'ACK'], seq: serverIss, ack: clientIss + 1, window: 65535, len: 0, options: { mss: 1460 }, payload: '' },
  { t: 11000, kind: 'deliver', id: 2 },
  { t: 11000, kind: 'timer', host: c, socket: 3, timer: 'retransmit', action: 'cancel' },
  {
    t: 11000,
    kind: 'state',
    host: c,
    socket: 3,
    from: 'SYN-SENT',
    to: 'ESTABLISHED',
    reason: 'rcv-syn-ack',
    cause: 'SYN,ACK received',
  },
  // prettier-ignore
  { t: 11000, kind: 'segment', id: 3, from: c, to: s, src: ca, dst: sa, flags: ['ACK'], seq: clientIss + 1, ack: serverIss + 1, window: 65535, len: 0, options: {}, payload: '' },
  { t: 11000, kind: 'return', host: c, socket: 3, call: 'connect', result: 0 },
  { t: 11000, kind: 'call', host: c, socket: 3, call: 'sendall', args: { bytes: 14, payload: hello } },
  // prettier-ignore
  { t: 11000, kind: 'segment', id: 4, from: c, to: s, src: ca, dst: sa, flags: ['PSH', 'ACK'], seq: clientIss + 1, ack: serverIss + 1, window: 65535, len: 14, options: {}, payload: hello },
  { t: 11000, kind: 'return', host: c, socket: 3, call: 'sendall', result: 14 },
  { t: 11000, kind: 'call', host: c, socket: 3, call: 'recv', args: { max: 1024 } },
  { t: 16000, kind: 'deliver', id: 3 },
  {
    t: 16000,
    kind: 'state',
    host: s,
    socket: 4,
    from: 'SYN-RECEIVED',
    to: 'ESTABLISHED',
    reason: 'rcv-ack-of-syn',
    cause: 'ACK of SYN received',
  },
  { t: 16000, kind: 'return', host: s, socket: 3, call: 'accept', result: { fd: 4 } },
  { t: 16000, kind: 'drop', id: 4, reason: 'loss' },
  // prettier-ignore
  { t: 211000, kind: 'segment', id: 5, from: c, to: s, src: ca, dst: sa, flags: ['PSH', 'ACK'], seq: clientIss + 1, ack: serverIss + 1, window: 65535, len: 14, options: {}, payload: hello, retransmission: true },
  { t: 211000, kind: 'timer', host: c, socket: 3, timer: 'retransmit', action: 'fire' },
  { t: 216000, kind: 'deliver', id: 5 },
  { t: 216000, kind: 'note', host: s, text: { en: 'The data arrives at last.', fr: 'Les données arrivent enfin.' } },
  {
    t: 216000,
    kind: 'return',
    host: s,
    socket: 4,
    call: 'recv',
    result: { bytes: 14, payload: hello },
  },
  { t: 216000, kind: 'call', host: c, socket: 5, call: 'sendto', args: { host: 'server', port: 9 } },
  // prettier-ignore
  { t: 216000, kind: 'datagram', id: 6, from: c, to: s, src: '10.0.0.2:50000', dst: '10.0.0.1:9', len: 2, payload: 'aGk=' },
  { t: 221000, kind: 'deliver', id: 6 },
  { t: 221000, kind: 'icmp', id: 7, from: s, to: c, type: 'port-unreachable', about: 6 },
  { t: 226000, kind: 'deliver', id: 7 },
  { t: 226000, kind: 'call', host: c, socket: 5, call: 'recvfrom', args: { max: 100 } },
  { t: 226000, kind: 'return', host: c, socket: 5, call: 'recvfrom', errno: 'ECONNREFUSED' },
];

export function sampleTrace(): Trace {
  return {
    format: 'wirestep-trace',
    version: 2,
    source: 'sim',
    meta: { scenario: 'hand-written', seed: 1, profile: 'linux' },
    hosts: [
      { name: 'server', addr: '10.0.0.1' },
      { name: 'client', addr: '10.0.0.2' },
    ],
    events: JSON.parse(JSON.stringify(events)) as TraceEvent[],
  };
}
