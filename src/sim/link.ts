// The link model of one direction: propagation latency, jitter, loss, duplication, reordering
// and bandwidth (a FIFO transmitter), each fault drawn from its own stream (src/sim/streams.ts).
import type { LinkOptions } from '../scenario/schema';
import type { LinkStreams } from './streams';

export interface LinkConfig {
  latencyUs: number;
  jitterUs: number;
  lossProbability: number;
  duplicateProbability: number;
  reorderProbability: number;
  /** Bits per microsecond; 0 = unlimited. */
  bitsPerUs: number;
  mtuBytes: number;
}

export function linkConfig(...layers: (LinkOptions | undefined)[]): LinkConfig {
  const merged: LinkOptions = Object.assign({}, ...layers.filter(Boolean));
  return {
    latencyUs: Math.round((merged.latencyMs ?? 1) * 1000),
    jitterUs: Math.round((merged.jitterMs ?? 0) * 1000),
    lossProbability: merged.lossProbability ?? 0,
    duplicateProbability: merged.duplicateProbability ?? 0,
    reorderProbability: merged.reorderProbability ?? 0,
    bitsPerUs: (merged.bandwidthKbps ?? 0) / 1000,
    mtuBytes: merged.mtuBytes ?? 1500,
  };
}

/** A packet's fate on the link: lost (and when the drop is drawn), or its arrival time and, when
 * duplicated, its copy's. One object per link, rewritten by each carry(): read it before the next
 * packet. Plain fields, not an array emptied per packet (`length = 0` is a runtime call). */
export interface LinkVerdict {
  lost: boolean;
  atUs: number;
  arrivalUs: number;
  duplicated: boolean;
  copyUs: number;
}

export class Link {
  private transmitterFreeAt = 0;
  /** Reused: a bulk run carries a packet per segment, and its verdict is read at once (World.carry). */
  private readonly verdict: LinkVerdict = { lost: false, atUs: 0, arrivalUs: 0, duplicated: false, copyUs: 0 };

  constructor(
    readonly config: LinkConfig,
    private readonly streams: LinkStreams,
  ) {}

  private delay(): number {
    const c = this.config;
    let d = c.latencyUs + (c.jitterUs > 0 ? this.streams.jitter.below(c.jitterUs + 1) : 0);
    // A reordered packet is held back long enough for the next ones to overtake it.
    const holdUs = Math.max(c.latencyUs, 1000);
    if (this.streams.reorder.chance(c.reorderProbability)) d += holdUs + this.streams.reorder.below(holdUs + 1);
    return d;
  }

  /** When a packet of `bytes` sent now arrives (twice if duplicated), or where it is lost. */
  carry(now: number, bytes: number): LinkVerdict {
    const c = this.config;
    const start = Math.max(now, this.transmitterFreeAt);
    const serialization = c.bitsPerUs > 0 ? Math.ceil((bytes * 8) / c.bitsPerUs) : 0;
    this.transmitterFreeAt = start + serialization;
    const departed = start + serialization;
    // Every packet draws from every stream whatever the others decide (a lost packet still draws its
    // delays), so the n-th draw of a stream always belongs to the link's n-th packet.
    const lost = this.streams.loss.chance(c.lossProbability);
    const duplicated = this.streams.duplicate.chance(c.duplicateProbability);
    const firstDelay = this.delay();
    const copyDelay = this.delay();
    const verdict = this.verdict;
    verdict.lost = lost;
    if (lost) {
      verdict.atUs = departed + Math.floor(c.latencyUs / 2);
      return verdict;
    }
    verdict.arrivalUs = departed + firstDelay;
    verdict.duplicated = duplicated;
    verdict.copyUs = departed + copyDelay + 1;
    return verdict;
  }
}
