import { describe, expect, it } from 'vitest';
import type { SegmentEvent, TraceEvent } from '../../trace/types';
import { TraceAssembler } from './assemble';
import { EventPacker } from './event-columns';

function segment(id: number): SegmentEvent {
  return {
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
  };
}

const packed = (packer: EventPacker, events: TraceEvent[]) => structuredClone(packer.pack(events, 0, events.length));

describe('TraceAssembler', () => {
  it('keeps the slices’ events in order and starts again empty, for a new trace, once taken', () => {
    const assembler = new TraceAssembler();
    let packer = new EventPacker();
    assembler.add(packed(packer, [segment(1), segment(2)]));
    assembler.add(packed(packer, [segment(3)]));
    expect(assembler.received).toBe(3);
    expect(assembler.take()).toEqual([segment(1), segment(2), segment(3)]);
    expect(assembler.received).toBe(0);
    // The next trace's stream starts its tables again.
    packer = new EventPacker();
    const note: TraceEvent = { t: 0, kind: 'note', text: { en: 'a', fr: 'b' } };
    assembler.add(packed(packer, [note, segment(4)]));
    expect(assembler.take()).toEqual([note, segment(4)]);
  });

  it('joins more slices than one concat call takes', () => {
    const assembler = new TraceAssembler();
    const packer = new EventPacker();
    const events = Array.from({ length: 2100 }, (_, id) => segment(id));
    for (const event of events) assembler.add(packed(packer, [event]));
    expect(assembler.take()).toEqual(events);
  });
});
