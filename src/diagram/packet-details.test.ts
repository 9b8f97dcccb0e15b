import { describe, expect, it } from 'vitest';
import { buildLanes } from './lanes';
import { currentPacket, packetDetails, packetOfEvent, windowText } from './packet-details';
import { lesson } from './test-traces';

describe('packetDetails', () => {
  const trace = lesson('tcp-retransmission');
  const lanes = buildLanes(trace);
  const all = trace.events.length;

  it('gives the SYN-ACK’s fields, relative and absolute numbers, and both sockets', () => {
    const at = trace.events.findIndex((e) => e.kind === 'segment' && e.flags.join() === 'SYN,ACK');
    const details = packetDetails(trace, lanes, at, all)!;
    expect(details.packet.kind).toBe('segment');
    expect(details).toMatchObject({
      fate: 'delivered',
      relativeSeq: 0,
      relativeAck: 1,
      sender: { host: 'server', fd: 4, address: '10.0.0.1:8080' },
      receiver: { host: 'client', fd: 3 },
    });
  });

  it('says a lost data segment was lost, on its way to the accepted connection', () => {
    const lost = trace.events.find((e) => e.kind === 'drop' && e.id > 2);
    const at = packetOfEvent(trace, trace.events.indexOf(lost!))!;
    const details = packetDetails(trace, lanes, at, all)!;
    expect(details).toMatchObject({ fate: 'dropped', receiver: { host: 'server', fd: 4 } });
    expect(details.payloadPreview).not.toBe('');
    // Before its fate is shown, it is in flight.
    expect(packetDetails(trace, lanes, at, at + 1)?.fate).toBe('in-flight');
  });

  it('follows the cursor: the current step’s packet, else the last one sent', () => {
    const first = trace.events.findIndex((e) => e.kind === 'segment');
    expect(currentPacket(trace, first)).toBeUndefined();
    expect(currentPacket(trace, first + 1)).toBe(first);
    expect(currentPacket(trace, first + 2)).toBe(first);
    expect(packetDetails(trace, lanes, 0, all)).toBeUndefined();
  });
});

describe('windowText', () => {
  it('gives a scaled window in bytes with the field and its shift (RFC 7323 2.3)', () => {
    expect(windowText({ window: 65536, windowRaw: 64, windowShift: 10 })).toBe('65536 (64 × 2^10)');
    expect(windowText({ window: 64240 })).toBe('64240');
  });
});
