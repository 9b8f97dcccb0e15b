// A classic hex dump: offset, 16 bytes per row in two groups of 8, then the printable ASCII.
export interface HexRow {
  offset: string;
  hex: string;
  ascii: string;
}

const bytesPerRow = 16;

export function hexDump(bytes: Uint8Array): HexRow[] {
  const rows: HexRow[] = [];
  for (let start = 0; start < bytes.length; start += bytesPerRow) {
    const slice = bytes.subarray(start, start + bytesPerRow);
    const cells = Array.from(slice, (byte) => byte.toString(16).padStart(2, '0'));
    const hex = `${cells.slice(0, 8).join(' ')}${cells.length > 8 ? '  ' : ''}${cells.slice(8).join(' ')}`;
    const ascii = Array.from(slice, (byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.')).join('');
    rows.push({ offset: start.toString(16).padStart(8, '0'), hex, ascii });
  }
  return rows;
}

/** Text as a learner reads it: UTF-8 with control characters shown as escapes (\n, \x00). */
export function readableText(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => {
    if (c === '\r') return '\\r';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}
