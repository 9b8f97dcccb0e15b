// Packet lines against segments: building the segment a `<` line injects, matching a `>` line
// against what the socket sent, and writing both in packetdrill's notation for reports.
// Sequence numbers in a script are relative: inbound seq and outbound ack to the peer's ISN,
// outbound seq and inbound ack to the socket's ISN (learnt from its SYN; 0 before, as packetdrill).
import type { TcpSegment } from '../sim/packet';
import type { SegmentOptions } from '../sim/tcp/options';
import { ACK, FIN, PSH, RST, SYN, URG, seqAdd } from '../tcp';
import type { PacketSpec } from './script';

const FLAG_LETTERS: readonly [string, number][] = [
  ['S', SYN],
  ['F', FIN],
  ['R', RST],
  ['P', PSH],
  ['.', ACK],
  ['U', URG],
];

/** Flag letters to header bits; E and W (ECN) have no bit in the simulator and return null. */
export function flagBitsOf(letters: string): number | null {
  let bits = 0;
  for (const letter of letters) {
    const found = FLAG_LETTERS.find(([l]) => l === letter);
    if (!found) return null;
    bits |= found[1];
  }
  return bits;
}

export function flagLetters(bits: number): string {
  const letters = FLAG_LETTERS.filter(([, bit]) => bits & bit).map(([l]) => l);
  return letters.join('') || '.';
}

export interface Numbering {
  /** The socket's ISN once its SYN was seen. */
  localIsn: number;
  peerIsn: number;
}

const rel = (value: number, isn: number): number => (value - isn) >>> 0;

/** A segment in packetdrill's notation, its numbers relative as a script writes them. */
export function describeSegment(seg: TcpSegment, n: Numbering): string {
  const seq = rel(seg.seq, n.localIsn);
  const parts = [`${flagLetters(seg.flags)} ${seq}:${seq + seg.data.length}(${seg.data.length})`];
  if (seg.flags & ACK) parts.push(`ack ${rel(seg.ack, n.peerIsn)}`);
  parts.push(`win ${seg.window}`);
  const o = seg.options ?? {};
  const options = [
    ...(seg.mss !== undefined ? [`mss ${seg.mss}`] : []),
    ...(o.sackOk ? ['sackOK'] : []),
    ...(o.wscale !== undefined ? [`wscale ${o.wscale}`] : []),
    ...(o.tsval !== undefined ? [`TS val ${o.tsval} ecr ${o.tsecr ?? 0}`] : []),
  ];
  if (options.length > 0) parts.push(`<${options.join(',')}>`);
  return parts.join(' ');
}

export function describeSpec(spec: PacketSpec): string {
  const seq = spec.seq === null ? `...(${spec.len})` : `${spec.seq}:${spec.seq + spec.len}(${spec.len})`;
  const parts = [`${spec.flags} ${seq}`];
  if (spec.ack !== null) parts.push(`ack ${spec.ack}`);
  if (spec.window !== null) parts.push(`win ${spec.window}`);
  if (spec.options !== null) {
    const shown = spec.options.map((o) =>
      o.name === 'TS' ? `TS val ${o.values[0]} ecr ${o.values[1]}` : [o.name, ...o.values].join(' '),
    );
    parts.push(`<${shown.join(',')}>`);
  }
  return parts.join(' ');
}

/** SACK-permitted, window scale and timestamps as the script writes them (MSS travels apart). */
function segmentOptions(spec: PacketSpec): SegmentOptions | null {
  const out: SegmentOptions = {};
  for (const o of spec.options ?? []) {
    if (o.name === 'sackOK') out.sackOk = true;
    else if (o.name === 'wscale' && o.values[0] !== undefined) out.wscale = o.values[0];
    else if (o.name === 'TS' && o.values[0] !== undefined && o.values[1] !== undefined) {
      out.tsval = o.values[0];
      out.tsecr = o.values[1];
    }
  }
  return Object.keys(out).length > 0 ? out : null;
}

/**
 * Which of SACK-permitted, window scale (and its shift) and timestamps differ between a `>` line
 * that lists options and the segment sent. Each stack chooses what to offer (stack-differences.ts
 * 'tcp-options'); timestamp values are never compared (each stack has its own clock).
 */
export function optionDifferences(spec: PacketSpec, seg: TcpSegment): string[] {
  if (spec.options === null) return [];
  const want = segmentOptions(spec) ?? {};
  const got = seg.options ?? {};
  const out: string[] = [];
  if ((want.sackOk === true) !== (got.sackOk === true)) out.push('sackOK');
  if (want.wscale !== got.wscale) out.push('wscale');
  if ((want.tsval !== undefined) !== (got.tsval !== undefined)) out.push('TS');
  return out;
}

/** The fields of an injected segment (addresses and id are the peer's to fill in). */
export function inboundFields(
  spec: PacketSpec,
  n: Numbering,
): Pick<TcpSegment, 'seq' | 'ack' | 'flags' | 'window' | 'data' | 'mss' | 'options'> | null {
  const flags = flagBitsOf(spec.flags);
  if (flags === null || spec.seq === null) return null;
  const fields: Pick<TcpSegment, 'seq' | 'ack' | 'flags' | 'window' | 'data' | 'mss' | 'options'> = {
    seq: seqAdd(n.peerIsn, spec.seq),
    ack: flags & ACK ? seqAdd(n.localIsn, spec.ack ?? 0) : 0,
    flags,
    window: spec.window ?? 65535,
    data: new Uint8Array(spec.len), // packetdrill's payload bytes are zeros
  };
  const mss = spec.options?.find((o) => o.name === 'mss')?.values[0];
  if (mss !== undefined) fields.mss = mss;
  const options = segmentOptions(spec);
  if (options) fields.options = options;
  return fields;
}

/** The mismatch stack-differences.ts lists as the rule 'window-size'. */
export const WINDOW_SIZE = 'window-size';

/**
 * What differs between a `>` line and a sent segment: flags, relative seq (unless `...`), payload
 * length, ack (when the script gives one), window (when given) and the MSS option (when the script
 * lists options). An empty list is a match.
 */
export function mismatches(spec: PacketSpec, seg: TcpSegment, n: Numbering): string[] {
  const out: string[] = [];
  if (flagBitsOf(spec.flags) !== seg.flags) out.push('flags');
  if (spec.seq !== null && rel(seg.seq, n.localIsn) !== spec.seq >>> 0) out.push('seq');
  if (seg.data.length !== spec.len) out.push('length');
  if (spec.ack !== null && seg.flags & ACK && rel(seg.ack, n.peerIsn) !== spec.ack >>> 0) out.push('ack');
  if (spec.window !== null && seg.window !== spec.window) {
    // Both open but different sizes: how much to offer is each stack's choice (stack-differences.ts
    // 'window-size'); an open window against a zero one is a real difference.
    out.push(spec.window !== 0 && seg.window !== 0 ? WINDOW_SIZE : 'window');
  }
  if (spec.options !== null) {
    const mss = spec.options.find((o) => o.name === 'mss')?.values[0];
    if (mss !== seg.mss) out.push('mss');
  }
  return out;
}
