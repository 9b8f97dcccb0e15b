// Base64 (RFC 4648 section 4, standard alphabet, with padding) without Buffer or btoa, so the
// simulator encodes payloads the same way in the browser, in Node and in tests.

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Character code -> 6-bit value, or -1 for characters outside the alphabet. */
const decodeTable: Int16Array = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

/** Alphabet character codes, for writing the output as codes then turning them into a string. */
const encodeTable: Uint8Array = Uint8Array.from(alphabet, (ch) => ch.charCodeAt(0));
const padCode = 0x3d; // '='

/** Codes turned into a string per call: small enough for any engine's argument limit. */
const chunkCodes = 8192;

/** Reused output buffer: encoding allocates nothing but the resulting string. */
let scratch = new Uint8Array(4096);
/**
 * Views of the first n codes of `scratch`, by n, made once: the decoder needs a view of exactly
 * the codes written, and a new one per call was as much garbage as the string itself (issue 9:
 * a capture's payloads are encoded one by one, most of them of a few lengths).
 */
const maxPrefixViews = 512;
const noPrefixes = (): (Uint8Array | undefined)[] => new Array<Uint8Array | undefined>(maxPrefixViews).fill(undefined);
let prefixes = noPrefixes();

/**
 * The Encoding API (in browsers and Node alike, though in neither TypeScript library we allow
 * the core) turns the ASCII codes into one flat string fastest; fromCharCode is the fallback.
 */
interface Latin1Decoder {
  decode(bytes: Uint8Array): string;
}
const latin1: Latin1Decoder | null = (() => {
  const Decoder = (globalThis as { TextDecoder?: new (label: string) => Latin1Decoder }).TextDecoder;
  return Decoder ? new Decoder('latin1') : null;
})();

export function encodeBase64(bytes: Uint8Array): string {
  const size = Math.ceil(bytes.length / 3) * 4;
  if (scratch.length < size) {
    scratch = new Uint8Array(size);
    prefixes = noPrefixes();
  }
  const codes = scratch;
  const whole = bytes.length - (bytes.length % 3);
  let o = 0;
  for (let i = 0; i < whole; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    codes[o++] = encodeTable[n >> 18] as number;
    codes[o++] = encodeTable[(n >> 12) & 63] as number;
    codes[o++] = encodeTable[(n >> 6) & 63] as number;
    codes[o++] = encodeTable[n & 63] as number;
  }
  const rest = bytes.length - whole;
  if (rest > 0) {
    const n = ((bytes[whole] as number) << 16) | (rest === 2 ? (bytes[whole + 1] as number) << 8 : 0);
    codes[o++] = encodeTable[n >> 18] as number;
    codes[o++] = encodeTable[(n >> 12) & 63] as number;
    codes[o++] = rest === 2 ? (encodeTable[(n >> 6) & 63] as number) : padCode;
    codes[o++] = padCode;
  }
  const used = o < maxPrefixViews ? (prefixes[o] ??= codes.subarray(0, o)) : codes.subarray(0, o);
  if (latin1) return latin1.decode(used);
  const parts: string[] = [];
  for (let start = 0; start < o; start += chunkCodes) parts.push(fromCodes(used.subarray(start, start + chunkCodes)));
  return parts.join('');
}

function fromCodes(codes: Uint8Array): string {
  // apply() takes any array-like and, unlike a spread, needs no iterator: much faster in V8.
  return String.fromCharCode.apply(null, codes as unknown as number[]);
}

export class Base64Error extends Error {}

/** decodeBase64 for views that show what they can: undefined instead of an error. */
export function decodeBase64OrUndefined(text: string): Uint8Array | undefined {
  try {
    return decodeBase64(text);
  } catch (error) {
    if (error instanceof Base64Error) return undefined;
    throw error;
  }
}

/**
 * Decodes standard, padded base64. Throws Base64Error naming the first offending position on
 * a character outside the alphabet, a length that is not a multiple of 4, or misplaced padding.
 */
export function decodeBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) {
    throw new Base64Error(`invalid base64: length ${text.length} is not a multiple of 4`);
  }
  let padding = 0;
  if (text.endsWith('==')) padding = 2;
  else if (text.endsWith('=')) padding = 1;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  const dataLength = text.length - padding;
  const value = (index: number): number => {
    const code = text.charCodeAt(index);
    const v = code < 128 ? (decodeTable[code] as number) : -1;
    if (v < 0) {
      const what =
        text.charAt(index) === '='
          ? 'misplaced padding "="'
          : `unexpected character ${JSON.stringify(text.charAt(index))}`;
      throw new Base64Error(`invalid base64: ${what} at position ${index}`);
    }
    return v;
  };
  let o = 0;
  const whole = dataLength - (dataLength % 4);
  for (let i = 0; i < whole; i += 4) {
    const n = (value(i) << 18) | (value(i + 1) << 12) | (value(i + 2) << 6) | value(i + 3);
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  if (padding === 2) {
    const n = (value(whole) << 18) | (value(whole + 1) << 12);
    if ((n & 0xffff) !== 0)
      throw new Base64Error(`invalid base64: non-zero bits before padding at position ${whole + 1}`);
    out[o++] = n >> 16;
  } else if (padding === 1) {
    const n = (value(whole) << 18) | (value(whole + 1) << 12) | (value(whole + 2) << 6);
    if ((n & 0xff) !== 0)
      throw new Base64Error(`invalid base64: non-zero bits before padding at position ${whole + 2}`);
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 0xff;
  }
  return out;
}
