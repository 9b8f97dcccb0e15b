// The text drawn on arrows and in the time column, in the usual notation: `SYN, ACK seq=0 ack=1`.
import type { Lang } from '../i18n';
import type { DatagramEvent, SegmentEvent } from '../trace/types';
import { previewPayload } from './payload';
import type { RelativeNumbers } from '../trace/query';

export type SeqMode = 'relative' | 'absolute';

/**
 * `SYN seq=0`, `ACK ack=1`, `PSH, ACK seq=1 ack=1 len=14`: seq only when the segment occupies
 * sequence space (SYN, FIN, RST or data), ack only with the ACK flag, win only when it is zero.
 */
export function segmentNotation(segment: SegmentEvent, relative: RelativeNumbers | undefined, mode: SeqMode): string {
  const useRelative = mode === 'relative' && relative !== undefined;
  const parts = [segment.flags.length > 0 ? segment.flags.join(', ') : '—'];
  const flags = new Set(segment.flags);
  if (flags.has('SYN') || flags.has('FIN') || flags.has('RST') || segment.len > 0 || !flags.has('ACK')) {
    parts.push(`seq=${useRelative ? relative.seq : segment.seq}`);
  }
  if (flags.has('ACK')) parts.push(`ack=${useRelative ? (relative.ack ?? segment.ack) : segment.ack}`);
  if (segment.len > 0) parts.push(`len=${segment.len}`);
  if (segment.window === 0 && !flags.has('RST')) parts.push('win=0');
  return parts.join(' ');
}

const maxPreview = 18;

/** `UDP len=3 "one"`: the payload preview cut short for the diagram. */
export function datagramNotation(datagram: DatagramEvent): string {
  let preview = datagram.payload === '' ? '' : previewPayload(datagram.payload);
  if (preview.length > maxPreview) preview = `${preview.slice(0, maxPreview - 1)}…`;
  return preview === '' ? `UDP len=${datagram.len}` : `UDP len=${datagram.len} ${preview}`;
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

function localNumber(text: string, lang: Lang): string {
  return lang === 'fr' ? text.replace('.', ',') : text;
}

/** An instant for the time column: `0 s`, `16 ms`, `1.016 s`, `60.026 s`, `250 µs`. */
export function formatInstant(us: number, lang: Lang): string {
  if (us === 0) return '0 s';
  if (us < 1000) return `${us} µs`;
  if (us < 1_000_000) return `${localNumber(trimZeros((us / 1000).toFixed(3)), lang)} ms`;
  return `${localNumber(trimZeros((us / 1_000_000).toFixed(6)), lang)} s`;
}

/** An elapsed time, rounded for reading: `59.97 s`, `200 ms`, `1.5 ms`, `40 µs`. */
export function formatDuration(us: number, lang: Lang): string {
  if (us < 1000) return `${Math.round(us)} µs`;
  if (us < 1_000_000) return `${localNumber(trimZeros((us / 1000).toFixed(us < 10_000 ? 2 : 1)), lang)} ms`;
  return `${localNumber(trimZeros((us / 1_000_000).toFixed(2)), lang)} s`;
}
