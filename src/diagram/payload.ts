// Short, readable previews of base64 payloads: quoted text when printable, hex bytes otherwise
// (on the diagram's arrows and in the event list).
import { decodeBase64OrUndefined } from '../encoding/base64';

const maxPreviewChars = 40;

const escapes: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\' };

/**
 * The Encoding API, in browsers and Node alike though in neither TypeScript library the core
 * allows (as in src/encoding/base64.ts); `fatal` makes invalid UTF-8 throw, so it reads as binary.
 */
interface Utf8Decoder {
  decode(bytes: Uint8Array): string;
}
type DecoderClass = new (label: string, options: { fatal: boolean }) => Utf8Decoder;
const Decoder = (globalThis as { TextDecoder?: DecoderClass }).TextDecoder;

function textOf(bytes: Uint8Array): string | undefined {
  if (Decoder === undefined) return undefined;
  let text: string;
  try {
    text = new Decoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  // Control characters other than tab, newline and carriage return mean binary data.
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? undefined : text;
}

/** `"hello\n"`, or `0a 1b ff …` for binary; cut to a few dozen characters with an ellipsis. */
export function previewPayload(base64: string): string {
  const bytes = decodeBase64OrUndefined(base64);
  if (bytes === undefined) return base64.slice(0, maxPreviewChars);
  const text = textOf(bytes);
  if (text !== undefined) {
    const escaped = text.replace(/[\n\r\t"\\]/g, (c) => escapes[c] ?? c);
    const cut = escaped.length > maxPreviewChars;
    return `"${cut ? escaped.slice(0, maxPreviewChars) : escaped}"${cut ? '…' : ''}`;
  }
  const shown = Array.from(bytes.slice(0, 12), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > 12 ? `${shown} …` : shown;
}
