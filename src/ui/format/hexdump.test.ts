import { describe, expect, it } from 'vitest';
import { payloadOf } from './eventPayload';
import { hexDump, readableText } from './hexdump';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('hexDump', () => {
  it('prints 16 bytes per row in two groups, with offset and ASCII', () => {
    const rows = hexDump(bytes('Hello, server!\n\u0000xyz'));
    expect(rows).toEqual([
      {
        offset: '00000000',
        hex: '48 65 6c 6c 6f 2c 20 73  65 72 76 65 72 21 0a 00',
        ascii: 'Hello, server!..',
      },
      { offset: '00000010', hex: '78 79 7a', ascii: 'xyz' },
    ]);
    expect(hexDump(new Uint8Array())).toEqual([]);
  });
});

describe('readableText', () => {
  it('keeps newlines and tabs, escapes other control bytes', () => {
    expect(readableText(bytes('a\nb\tc\r\u0000'))).toBe('a\nb\tc\\r\\x00');
  });
});

describe('payloadOf', () => {
  const segment = {
    t: 0,
    kind: 'segment' as const,
    id: 4,
    from: 'a',
    to: 'b',
    src: 'x',
    dst: 'y',
    flags: ['ACK' as const],
    seq: 0,
    ack: 0,
    window: 1,
    len: 5,
    options: {},
    payload: btoa('hello'),
  };

  it('finds the bytes of a packet, its delivery, a call and a read', () => {
    expect(payloadOf(segment, () => undefined)).toEqual({ base64: btoa('hello'), length: 5 });
    expect(payloadOf({ t: 1, kind: 'deliver', id: 4 }, () => segment)).toEqual({ base64: btoa('hello'), length: 5 });
    expect(
      payloadOf(
        { t: 0, kind: 'call', host: 'a', socket: 3, call: 'sendall', args: { bytes: 5, payload: btoa('hello') } },
        () => undefined,
      ),
    ).toEqual({ base64: btoa('hello'), length: 5 });
    expect(
      payloadOf(
        { t: 0, kind: 'return', host: 'a', socket: 3, call: 'recv', result: { bytes: 0, payload: '' } },
        () => undefined,
      ),
    ).toBeUndefined();
    expect(payloadOf({ ...segment, len: 0, payload: '' }, () => undefined)).toBeUndefined();
  });
});
