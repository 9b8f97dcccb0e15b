// TCP options beyond MSS: what a SYN offers, what both sides agree on, and what each later
// segment carries. RFC 7323 (timestamps, window scale), RFC 2018 (SACK). The `linux` profile sends
// them as Linux does with its defaults (net.ipv4.tcp_timestamps, tcp_sack, tcp_window_scaling = 1);
// the `rfc` profile sends MSS only, the RFC 9293 textbook.
import { seqGt, seqLe } from '../../tcp';

/** The options of one segment, named as the capture importer names them (src/trace/import/decode.ts). */
export interface SegmentOptions {
  mss?: number;
  sackOk?: true;
  wscale?: number;
  tsval?: number;
  tsecr?: number;
  /** SACK blocks [left, right) (RFC 2018 3), most recent first. */
  sack?: [number, number][];
}

/** Option bytes in the header, padded as Linux lays them out (tcp_options_write). */
export function optionBytes(o: SegmentOptions): number {
  let n = 0;
  if (o.mss !== undefined) n += 4;
  if (o.tsval !== undefined)
    n += 12; // NOP NOP TS, or SACK-permitted + TS packed in 12
  else if (o.sackOk) n += 4;
  if (o.wscale !== undefined) n += 4; // NOP WS
  if (o.sack) n += 4 + 8 * o.sack.length; // NOP NOP SACK
  return n;
}

/** Bytes of options on every segment once timestamps are agreed (RFC 7323 3: 10, padded to 12). */
export const TIMESTAMP_OPTION_BYTES = 12;

/** What a connection agreed on in its handshake (RFC 7323 2.2 and 3.2, RFC 2018 2). */
export interface NegotiatedOptions {
  timestamps: boolean;
  sack: boolean;
  /** Our shift for the windows we announce, when both SYNs carried window scale; else null. */
  rcvWscale: number | null;
}

export const NOTHING_NEGOTIATED: NegotiatedOptions = { timestamps: false, sack: false, rcvWscale: null };

export interface OptionConfig {
  timestamps: boolean;
  sackPermitted: boolean;
  windowScale: number | null;
}

/** The options of our SYN, or of our SYN,ACK answering `peerSyn` (which may only echo what it offered). */
export function synOptions(config: OptionConfig, mss: number, peerSyn?: SegmentOptions): SegmentOptions {
  const options: SegmentOptions = { mss };
  const offered = (present: boolean): boolean => peerSyn === undefined || present;
  if (config.sackPermitted && offered(peerSyn?.sackOk === true)) options.sackOk = true;
  if (config.timestamps && offered(peerSyn?.tsval !== undefined)) options.tsval = 0;
  if (config.windowScale !== null && offered(peerSyn?.wscale !== undefined)) options.wscale = config.windowScale;
  return options;
}

/** Both SYNs seen: an option is in use when both carried it. */
export function negotiate(ours: SegmentOptions, theirs: SegmentOptions): NegotiatedOptions {
  return {
    timestamps: ours.tsval !== undefined && theirs.tsval !== undefined,
    sack: ours.sackOk === true && theirs.sackOk === true,
    rcvWscale: ours.wscale !== undefined && theirs.wscale !== undefined ? ours.wscale : null,
  };
}

/** SACK blocks for the data held out of order, merged, the newest first, at most `max` (RFC 2018 4). */
export function sackBlocks(
  pieces: readonly { seq: number; end: number }[],
  rcvNxt: number,
  max: number,
): [number, number][] {
  const blocks: [number, number][] = [];
  for (let i = pieces.length - 1; i >= 0; i--) {
    const piece = pieces[i];
    if (!piece || seqLe(piece.end, rcvNxt)) continue;
    const touching = blocks.find(([left, right]) => seqLe(left, piece.end) && seqLe(piece.seq, right));
    if (touching) {
      if (seqGt(touching[0], piece.seq)) touching[0] = piece.seq;
      if (seqGt(piece.end, touching[1])) touching[1] = piece.end;
    } else blocks.push([piece.seq, piece.end]);
  }
  return blocks.slice(0, max);
}
