// The run's randomness, one stream per purpose, forked from the seed in a fixed order that depends
// only on the number of hosts (TigerBeetle's src/vopr.zig: each component draws its own seed from
// the root PRNG). Moving one knob (a direction's loss) never shifts another stream (an ISS, jitter).
import { Rng } from './rng';

/** What a host draws once: where its ephemeral ports start and the secret key of its ISS function. */
export interface HostRandomness {
  /** Uniform in [0, 1): the start of the ephemeral port range walk (RFC 6056). */
  readonly ephemeralStart: number;
  /** The secret key of RFC 6528's ISN function F (RFC 9293 3.4.1). */
  readonly issKey: number;
}

/** One direction of a link: each fault its own stream, so that changing one never moves another. */
export interface LinkStreams {
  readonly loss: Rng;
  readonly duplicate: Rng;
  readonly reorder: Rng;
  readonly jitter: Rng;
}

/** The streams of one host: its own draws, and those of each direction leaving it. */
export interface HostStreams<H> {
  readonly host: H;
  readonly random: HostRandomness;
  /** Towards every host, itself included (loopback), in the same order. */
  readonly links: readonly { readonly to: H; readonly streams: LinkStreams }[];
}

/**
 * Forks every stream of a run. The order is fixed: first one draw per host for its ephemeral ports
 * (the draws hosts made before the streams were split, so port numbers did not move), then one ISS
 * key per host, then four streams for each ordered pair of hosts.
 */
export function forkStreams<H>(seed: number, hosts: readonly H[]): HostStreams<H>[] {
  const root = new Rng(seed);
  const withPorts = hosts.map((host) => ({ host, ephemeralStart: root.next() }));
  const withKeys = withPorts.map(({ host, ephemeralStart }) => ({
    host,
    random: { ephemeralStart, issKey: root.nextUint32() },
  }));
  return withKeys.map(({ host, random }) => ({
    host,
    random,
    links: hosts.map((to) => ({ to, streams: forkLinkStreams(root) })),
  }));
}

function forkLinkStreams(root: Rng): LinkStreams {
  return { loss: root.fork(), duplicate: root.fork(), reorder: root.fork(), jitter: root.fork() };
}
