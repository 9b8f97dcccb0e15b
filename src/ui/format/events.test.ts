import { describe, expect, it } from 'vitest';
import type { Trace } from '../../trace/types';
import { describeTrace, formatTime, type EventRow } from './events';

const client = '10.0.0.2:40000';
const server = '10.0.0.1:8080';

// A small hand-written trace (handshake, one lost data segment); the simulator's own output is
// covered by the end-to-end test.
const trace: Trace = {
  format: 'wirestep-trace',
  version: 2,
  source: 'sim',
  meta: { scenario: 'fixture', seed: 1 },
  hosts: [
    { name: 'server', addr: '10.0.0.1' },
    { name: 'client', addr: '10.0.0.2' },
  ],
  events: [
    { t: 0, kind: 'call', host: 'client', socket: 3, call: 'connect', args: { host: 'server', port: 8080 } },
    {
      t: 0,
      kind: 'state',
      host: 'client',
      socket: 3,
      from: 'CLOSED',
      to: 'SYN-SENT',
      reason: 'connect',
      cause: 'connect()',
    },
    {
      t: 0,
      kind: 'segment',
      id: 1,
      from: 'client',
      to: 'server',
      src: client,
      dst: server,
      flags: ['SYN'],
      seq: 4294967000,
      ack: 0,
      window: 65535,
      len: 0,
      options: { mss: 1460 },
      payload: '',
    },
    { t: 0, kind: 'timer', host: 'client', socket: 3, timer: 'retransmit', action: 'set', at: 1_000_000 },
    { t: 5000, kind: 'deliver', id: 1 },
    {
      t: 5000,
      kind: 'segment',
      id: 2,
      from: 'server',
      to: 'client',
      src: server,
      dst: client,
      flags: ['SYN', 'ACK'],
      seq: 7000,
      ack: 4294967001,
      window: 65535,
      len: 0,
      options: {},
      payload: '',
    },
    { t: 10_001, kind: 'deliver', id: 2 },
    {
      t: 10_001,
      kind: 'state',
      host: 'client',
      socket: 3,
      from: 'SYN-SENT',
      to: 'ESTABLISHED',
      reason: 'rcv-syn-ack',
      cause: 'SYN,ACK',
    },
    { t: 10_001, kind: 'return', host: 'client', socket: 3, call: 'connect' },
    {
      t: 10_001,
      kind: 'segment',
      id: 3,
      from: 'client',
      to: 'server',
      src: client,
      dst: server,
      flags: ['ACK', 'PSH'],
      seq: 4294967001,
      ack: 7001,
      window: 65535,
      len: 5,
      options: {},
      payload: 'aGVsbG8=',
    },
    { t: 15_001, kind: 'drop', id: 3, reason: 'loss' },
    { t: 20_000, kind: 'return', host: 'server', socket: 4, call: 'recv', result: { bytes: 5, payload: 'aGVsbG8=' } },
    { t: 20_000, kind: 'return', host: 'client', socket: 5, call: 'connect', errno: 'ECONNREFUSED' },
    { t: 20_000, kind: 'note', text: { en: 'All done.', fr: 'Terminé.' } },
  ],
};

const text = (row: EventRow | undefined) => row?.parts.map((part) => part.text).join(' ');

describe('describeTrace', () => {
  const rows = describeTrace(trace, 'en');

  it('gives one row per event, with time in ms to the microsecond', () => {
    expect(rows).toHaveLength(trace.events.length);
    expect(rows.map((row) => row.time).slice(6, 8)).toEqual(['10.001', '10.001']);
  });

  it('shows calls and states', () => {
    expect(text(rows[0])).toBe('connect(host="server", port=8080)');
    expect(rows[0]).toMatchObject({ host: 'client', socket: 3, kindLabel: 'call' });
    expect(text(rows[7])).toBe('SYN-SENT → ESTABLISHED SYN,ACK');
  });

  it('numbers sequences from each side’s ISN, across the 32-bit wrap', () => {
    expect(text(rows[2])).toBe('client → server SYN seq=0 win=65535 len=0 mss=1460 #1');
    expect(text(rows[5])).toBe('server → client SYN, ACK seq=0 ack=1 win=65535 len=0 #2');
    expect(text(rows[9])).toBe('client → server ACK, PSH seq=1 ack=1 win=65535 len=5 "hello" #3');
  });

  it('tells where a packet arrived or was lost', () => {
    expect(rows[4]).toMatchObject({ host: 'server' });
    expect(text(rows[4])).toContain('arrived at server');
    const lost = rows[10];
    expect(lost?.parts.find((part) => part.tone === 'error')?.text).toBe('lost before reaching server');
    expect(text(lost)).toContain('(loss)');
  });

  it('shows return values, and errno in the error tone', () => {
    expect(text(rows[8])).toBe('connect() → succeeded');
    expect(text(rows[11])).toBe('recv() → 5 bytes "hello"');
    expect(rows[12]?.parts.at(-1)).toEqual({ text: 'ECONNREFUSED', tone: 'error' });
  });

  it('speaks French', () => {
    const french = describeTrace(trace, 'fr');
    expect(text(french[3])).toBe('temporisateur de retransmission armé, expire à 1000.000 ms');
    expect(text(french[11])).toBe('recv() → 5 octets "hello"');
    expect(text(french[13])).toBe('Terminé.');
    expect(french[10]?.kindLabel).toBe('perdu');
  });

  it('stops at the row limit', () => {
    expect(describeTrace(trace, 'en', 3)).toHaveLength(3);
  });
});

describe('formatTime', () => {
  it('prints microseconds as milliseconds with three decimals', () => {
    expect(formatTime(0)).toBe('0.000');
    expect(formatTime(1)).toBe('0.001');
    expect(formatTime(2_000_500)).toBe('2000.500');
  });
});
