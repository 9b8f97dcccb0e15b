import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Base64Error, decodeBase64, encodeBase64 } from './base64';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('encodeBase64', () => {
  it('follows the RFC 4648 test vectors', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, encoded] of vectors) {
      expect(encodeBase64(text(plain))).toBe(encoded);
      expect(decodeBase64(encoded)).toEqual(text(plain));
    }
  });

  it('uses + and / for values 62 and 63', () => {
    expect(encodeBase64(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe('+/+/');
  });

  it('encodes large inputs across chunk boundaries', () => {
    const bytes = new Uint8Array(100_001).map((_, i) => (i * 7) & 0xff);
    expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('matches Node Buffer for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      }),
    );
  });
});

describe('decodeBase64', () => {
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
      }),
    );
  });

  it('decodes what Node Buffer encodes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(decodeBase64(Buffer.from(bytes).toString('base64'))).toEqual(bytes);
      }),
    );
  });

  it.each([
    ['Zg=', /not a multiple of 4/],
    ['Zm9v!A==', /unexpected character "!" at position 4/],
    ['Zm9v YQ=', /unexpected character " " at position 4/],
    ['Zg==Zm9v', /misplaced padding "=" at position 2/],
    ['=Zm9', /misplaced padding "=" at position 0/],
    ['Z===', /misplaced padding "=" at position 1/],
    ['Zh==', /non-zero bits before padding/],
    ['Zm9=', /non-zero bits before padding/],
    ['Zm9vé===', /unexpected character "é"/],
  ])('rejects %j', (input, message) => {
    expect(() => decodeBase64(input)).toThrow(Base64Error);
    expect(() => decodeBase64(input)).toThrow(message);
  });
});
