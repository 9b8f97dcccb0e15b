// A difference's name and rule in both languages, and the short descriptions they quote.
import type { LocalizedText } from '../types';
import type { DiffPacket, Named, OptionSummary } from './types';

export function named(code: string, name: LocalizedText, rule: LocalizedText): Named {
  return {
    code,
    name,
    rule,
    explain: { en: `${name.en}: ${rule.en}`, fr: `${name.fr} : ${rule.fr}` },
  };
}

export function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** "SYN,ACK seq=0 ack=1 len=0", "datagram of 3 bytes", "ICMP error". */
export function describe(p: DiffPacket): string {
  if (p.kind === 'datagram') return `datagram of ${p.len} bytes`;
  if (p.kind === 'icmp') return 'ICMP error';
  const ack = p.ack === undefined ? '' : ` ack=${p.ack}`;
  return `${p.flags.join(',')} seq=${p.seq}${ack} len=${p.len}`;
}

export function describeFr(p: DiffPacket): string {
  if (p.kind === 'datagram') return `datagramme de ${p.len} octets`;
  if (p.kind === 'icmp') return 'erreur ICMP';
  return describe(p);
}

/** The options a segment carries, e.g. "MSS 1460, SACK-permitted, timestamps, window scale 7". */
export function describeOptions(o: OptionSummary, lang: 'en' | 'fr'): string {
  const parts: string[] = [];
  if (o.mss !== undefined) parts.push(`MSS ${o.mss}`);
  if (o.sackPermitted) parts.push(lang === 'en' ? 'SACK-permitted' : 'SACK permis');
  if (o.timestamps) parts.push(lang === 'en' ? 'timestamps' : 'horodatages');
  if (o.windowScale !== undefined)
    parts.push(`${lang === 'en' ? 'window scale' : 'facteur d’échelle'} ${o.windowScale}`);
  return parts.length > 0 ? parts.join(', ') : lang === 'en' ? 'no option' : 'aucune option';
}
