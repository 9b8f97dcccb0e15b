import { describe, expect, it } from 'vitest';
import type { DatagramEvent, SegmentEvent } from '../trace/types';
import { datagramNotation, formatDuration, formatInstant, segmentNotation } from './notation';

const segment = (fields: Partial<SegmentEvent>): SegmentEvent => ({
  kind: 'segment',
  t: 0,
  id: 1,
  from: 'client',
  to: 'server',
  src: '10.0.0.2:40000',
  dst: '10.0.0.1:8080',
  flags: ['ACK'],
  seq: 1000,
  ack: 2000,
  window: 65535,
  len: 0,
  options: {},
  payload: '',
  ...fields,
});

describe('segmentNotation', () => {
  it('writes seq only when the segment takes sequence space, ack only with ACK', () => {
    expect(segmentNotation(segment({ flags: ['SYN'] }), { seq: 0 }, 'relative')).toBe('SYN seq=0');
    expect(segmentNotation(segment({ flags: ['SYN', 'ACK'] }), { seq: 0, ack: 1 }, 'relative')).toBe(
      'SYN, ACK seq=0 ack=1',
    );
    expect(segmentNotation(segment({}), { seq: 1, ack: 1 }, 'relative')).toBe('ACK ack=1');
    expect(segmentNotation(segment({ flags: ['PSH', 'ACK'], len: 14 }), { seq: 1, ack: 1 }, 'relative')).toBe(
      'PSH, ACK seq=1 ack=1 len=14',
    );
    expect(segmentNotation(segment({ flags: ['FIN', 'ACK'] }), { seq: 15, ack: 15 }, 'relative')).toBe(
      'FIN, ACK seq=15 ack=15',
    );
  });

  it('shows absolute numbers on request, and a zero window', () => {
    expect(segmentNotation(segment({ flags: ['SYN'], seq: 2522700496 }), { seq: 0 }, 'absolute')).toBe(
      'SYN seq=2522700496',
    );
    expect(segmentNotation(segment({ window: 0 }), { seq: 1, ack: 5 }, 'relative')).toBe('ACK ack=5 win=0');
  });
});

describe('datagramNotation', () => {
  const datagram = (payload: string, len: number): DatagramEvent => ({
    kind: 'datagram',
    t: 0,
    id: 1,
    from: 'a',
    to: 'b',
    src: 'x',
    dst: 'y',
    len,
    payload,
  });
  it('quotes a short text payload and cuts a long one', () => {
    expect(datagramNotation(datagram('b25l', 3))).toBe('UDP len=3 "one"');
    expect(datagramNotation(datagram(btoa('a fairly long payload indeed'), 28))).toBe('UDP len=28 "a fairly long pa…');
    expect(datagramNotation(datagram('', 0))).toBe('UDP len=0');
  });
});

describe('time formats', () => {
  it('writes instants in the unit that reads best, with the language’s decimal mark', () => {
    expect(formatInstant(0, 'en')).toBe('0 s');
    expect(formatInstant(250, 'en')).toBe('250 µs');
    expect(formatInstant(16_000, 'en')).toBe('16 ms');
    expect(formatInstant(1_016_000, 'en')).toBe('1.016 s');
    expect(formatInstant(60_026_000, 'fr')).toBe('60,026 s');
  });

  it('rounds durations', () => {
    expect(formatDuration(59_970_000, 'en')).toBe('59.97 s');
    expect(formatDuration(59_970_000, 'fr')).toBe('59,97 s');
    expect(formatDuration(200_000, 'en')).toBe('200 ms');
    expect(formatDuration(1500, 'en')).toBe('1.5 ms');
    expect(formatDuration(40, 'en')).toBe('40 µs');
  });
});
