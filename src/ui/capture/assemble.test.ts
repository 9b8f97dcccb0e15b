import { describe, expect, it } from 'vitest';
import type { SegmentEvent, TraceEvent } from '../../trace/types';
import { TraceAssembler } from './assemble';

/** A fresh copy each time, as structured clone would deliver it: no value shared with another event. */
function segment(id: number): SegmentEvent {
  return JSON.parse(
    JSON.stringify({
      t: id,
      kind: 'segment',
      id,
      from: '10.0.0.2',
      to: '10.0.0.1',
      src: '10.0.0.2:41000',
      dst: '10.0.0.1:8080',
      flags: ['ACK'],
      seq: id,
      ack: 1,
      window: 65535,
      len: 0,
      options: {},
      payload: '',
    }),
  ) as SegmentEvent;
}

describe('TraceAssembler', () => {
  it('keeps the slices’ events in order and starts again empty once taken', () => {
    const assembler = new TraceAssembler();
    assembler.add([segment(1), segment(2)]);
    assembler.add([segment(3)]);
    expect(assembler.received).toBe(3);
    expect(assembler.take().map((event) => (event as SegmentEvent).id)).toEqual([1, 2, 3]);
    expect(assembler.received).toBe(0);
  });

  it('leaves the events as they came', () => {
    const assembler = new TraceAssembler();
    const note: TraceEvent = { t: 0, kind: 'note', text: { en: 'a', fr: 'b' } };
    assembler.add([note]);
    expect(assembler.take()).toEqual([note]);
  });
});
