// simulate(): builds the world a scenario describes, runs its programs on virtual time until
// nothing is left to happen, and returns the Trace. No wall clock, seeded streams: same input, same Trace.
import type { LinkOptions, Scenario } from '../scenario/schema';
import { TRACE_VERSION, type Trace, type TraceEvent } from '../trace/types';
import { linkConfig } from './link';
import { Processes } from './processes';
import { tcpConfig, type ProfileName } from './profiles';
import { scheduleInjections } from './inject';
import { SimulationError, World } from './world';

export { SimulationError };

export interface SimOptions {
  seed?: number;
  profile?: ProfileName;
  /** Overrides applied to the link in both directions (CLI --loss, --latency-ms, UI controls). */
  link?: LinkOptions;
  /** true forces TCP_NODELAY on every TCP socket; undefined leaves each socket's own setting. */
  noDelay?: boolean;
  maxEvents?: number;
}

const DEFAULT_MAX_EVENTS = 1_000_000;
const DEFAULT_MAX_DURATION_MS = 3_600_000;

/**
 * The last run's programs (and through them its world: hosts, sockets, queues), kept until the
 * next run, without the Trace, which goes to the caller. V8 reaches the hidden class (map) of a
 * fully built socket, host or queue from its class only through weak transitions: once every
 * object of a run is collected (a GC between runs), those maps go, the next run makes new ones,
 * and the optimized code of every hot function that checked the old ones is thrown away ("weak
 * objects" deoptimizations: 150 in 4 runs of the bench) and warmed up again, which doubled the
 * CPU time of a 10 MB run. Keeping one run's objects alive keeps their maps, at the memory of a
 * finished run minus its events.
 */
const kept: { run: Processes | null } = { run: null };

export function simulate(scenario: Scenario, options: SimOptions = {}): Trace {
  const seed = options.seed ?? scenario.seed ?? 1;
  const profile = options.profile ?? scenario.profile ?? 'linux';
  const world = buildWorld(scenario, options, seed, profile);
  const processes = new Processes(world, scenario.programs);
  scheduleCrashes(world, processes, scenario);
  scheduleInjections(world, scenario.faults ?? []);
  runUntilNothingIsLeft(world, processes);
  const trace = finishTrace(scenario, world, seed, profile, world.takeEvents());
  kept.run = processes;
  return trace;
}

/** The hosts, links, fault rules and limits of the scenario, with the CLI or UI overrides. */
function buildWorld(scenario: Scenario, options: SimOptions, seed: number, profile: ProfileName): World {
  const linkLayers = (from: string, to: string): LinkOptions[] => {
    const specific = scenario.links?.find((l) => l.from === from && l.to === to)?.options;
    return [scenario.link, specific, options.link].filter((x): x is LinkOptions => x !== undefined);
  };
  const tcp = tcpConfig(profile, scenario.tcp);
  tcp.forceNoDelay = options.noDelay;
  const world = new World({
    seed,
    tcp,
    hosts: scenario.hosts,
    linkFor: (from, to) => linkConfig(...linkLayers(from, to)),
    faults: scenario.faults ?? [],
    limits: {
      maxEvents: options.maxEvents ?? scenario.limits?.maxEvents ?? DEFAULT_MAX_EVENTS,
      maxDurationUs: (scenario.limits?.maxDurationMs ?? DEFAULT_MAX_DURATION_MS) * 1000,
    },
  });
  // The MSS follows the smallest MTU of the scenario's links (RFC 9293 3.7.1: MTU - 40).
  const mtu = Math.min(
    ...scenario.hosts.flatMap((a) =>
      scenario.hosts.filter((b) => b !== a).map((b) => linkConfig(...linkLayers(a.name, b.name)).mtuBytes),
    ),
    65536,
  );
  world.tcp.mss = Math.min(world.tcp.mss, mtu - 40);
  return world;
}

function scheduleCrashes(world: World, processes: Processes, scenario: Scenario): void {
  for (const fault of scenario.faults ?? []) {
    if (fault.type !== 'crash') continue;
    world.at(Math.round(fault.atMs * 1000), () => processes.crash(fault.host));
  }
}

/** The event loop: threads run, then the clock jumps to the next event, until nothing can happen. */
function runUntilNothingIsLeft(world: World, processes: Processes): void {
  for (;;) {
    processes.runReadyThreads();
    if (world.step()) continue;
    world.checkNothingBeyondLimit(processes.isLive);
    if (!processes.stopBlocked()) break;
  }
}

function finishTrace(
  scenario: Scenario,
  world: World,
  seed: number,
  profile: ProfileName,
  events: TraceEvent[],
): Trace {
  return {
    format: 'wirestep-trace',
    version: TRACE_VERSION,
    source: 'sim',
    meta: { scenario: scenario.id, seed, profile, title: scenario.title },
    hosts: scenario.hosts.map((h) => ({
      name: h.name,
      addr: h.addr,
      sockets: [...(world.hosts.get(h.name)?.transports ?? [])].sort(),
    })),
    events,
  };
}
