// The link model of one direction: propagation latency, jitter, loss, duplication, reordering
// and bandwidth (a FIFO transmitter), all drawn from the run's single PRNG.
import type { LinkOptions } from '../scenario/schema';
import type { Rng } from './rng';

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

export type LinkVerdict = { lost: true; atUs: number } | { lost: false; arrivals: number[] };

export class Link {
  private transmitterFreeAt = 0;

  constructor(readonly config: LinkConfig) {}

  private delay(rng: Rng): number {
    const c = this.config;
    let d = c.latencyUs + (c.jitterUs > 0 ? rng.below(c.jitterUs + 1) : 0);
    // A reordered packet is held back long enough for the next ones to overtake it.
    if (rng.chance(c.reorderProbability)) d += Math.max(c.latencyUs, 1000) + rng.below(Math.max(c.latencyUs, 1000) + 1);
    return d;
  }

  /** When a packet of `bytes` sent now arrives (twice if duplicated), or where it is lost. */
  carry(now: number, bytes: number, rng: Rng): LinkVerdict {
    const c = this.config;
    const start = Math.max(now, this.transmitterFreeAt);
    const serialization = c.bitsPerUs > 0 ? Math.ceil((bytes * 8) / c.bitsPerUs) : 0;
    this.transmitterFreeAt = start + serialization;
    const departed = start + serialization;
    if (rng.chance(c.lossProbability)) return { lost: true, atUs: departed + Math.floor(c.latencyUs / 2) };
    const arrivals = [departed + this.delay(rng)];
    if (rng.chance(c.duplicateProbability)) arrivals.push(departed + this.delay(rng) + 1);
    return { lost: false, arrivals };
  }
}
