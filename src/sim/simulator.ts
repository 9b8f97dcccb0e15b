// simulate(): builds the world a scenario describes, runs its programs on virtual time until
// nothing is left to happen, and returns the Trace. No wall clock, one PRNG: same input, same Trace.
import type { LinkOptions, Scenario, Step } from '../scenario/schema';
import type { Trace } from '../trace/types';
import type { Host } from './host';
import { Kernel, type Wait } from './kernel';
import { linkConfig } from './link';
import { ProgramError, runSteps, type Runtime, type Value } from './program';
import { tcpConfig, type ProfileName } from './profiles';
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

interface Thread {
  readonly process: Process;
  readonly run: Generator<Wait, unknown, boolean>;
  wait: Wait | null;
  done: boolean;
  step: string | undefined;
}

interface Process {
  readonly host: Host;
  readonly kernel: Kernel;
  readonly owned: Set<number>;
  readonly leftovers: Map<number, Uint8Array>;
  readonly threads: Thread[];
  exited: boolean;
}

export function simulate(scenario: Scenario, options: SimOptions = {}): Trace {
  const seed = options.seed ?? scenario.seed ?? 1;
  const profile = options.profile ?? scenario.profile ?? 'linux';
  const linkLayers = (from: string, to: string): LinkOptions[] => {
    const specific = scenario.links?.find((l) => l.from === from && l.to === to)?.options;
    return [scenario.link, specific, options.link].filter((x): x is LinkOptions => x !== undefined);
  };
  const world = new World(
    seed,
    { ...tcpConfig(profile, scenario.tcp), forceNoDelay: options.noDelay },
    (from, to) => linkConfig(...linkLayers(from, to)),
    scenario.faults ?? [],
    {
      maxEvents: options.maxEvents ?? scenario.limits?.maxEvents ?? DEFAULT_MAX_EVENTS,
      maxDurationUs: (scenario.limits?.maxDurationMs ?? DEFAULT_MAX_DURATION_MS) * 1000,
    },
  );
  // The MSS follows the smallest MTU of the scenario's links (RFC 9293 3.7.1: MTU - 40).
  const mtu = Math.min(
    ...scenario.hosts.flatMap((a) =>
      scenario.hosts.filter((b) => b !== a).map((b) => linkConfig(...linkLayers(a.name, b.name)).mtuBytes),
    ),
    65536,
  );
  world.tcp.mss = Math.min(world.tcp.mss, mtu - 40);
  for (const host of scenario.hosts) world.addHost(host.name, host.addr);

  const threads: Thread[] = [];
  let current: Thread | null = null;
  const resolver = {
    address: (hostOrAddr: string): string => world.hosts.get(hostOrAddr)?.addr ?? hostOrAddr,
  };

  const note = (host: Host, en: string, fr: string): void => {
    const step = current?.step;
    world.emit({ kind: 'note', host: host.name, text: { en, fr }, ...(step !== undefined ? { step } : {}) });
  };

  const startThread = (process: Process, steps: readonly Step[], path: string, vars: Map<string, Value>): void => {
    const runtime: Runtime = {
      kernel: process.kernel,
      leftovers: process.leftovers,
      groups: process.host.groups,
      spawn: (inner, innerPath, innerVars) => startThread(process, inner, innerPath, innerVars),
      setStep: (p) => {
        thread.step = p;
      },
      own: (fd) => process.owned.add(fd),
      disown: (fd) => process.owned.delete(fd),
      note: (en, fr) => note(process.host, en, fr),
    };
    const thread: Thread = {
      process,
      run: runSteps(runtime, steps, path, vars, 0),
      wait: null,
      done: false,
      step: undefined,
    };
    process.threads.push(thread);
    threads.push(thread);
  };

  /** The last thread of a process ended: the kernel closes what it left open (as exit() does). */
  const exitProcess = (process: Process, reason: 'ended' | 'stopped'): void => {
    if (process.exited) return;
    process.exited = true;
    for (const thread of process.threads) thread.done = true;
    if (process.host.crashed) return;
    const open = [...process.owned].filter((fd) => process.host.descriptor(fd)?.held);
    if (reason === 'stopped') {
      note(
        process.host,
        'nothing else can happen: the program is stopped (like Ctrl-C)',
        'plus rien ne peut arriver : le programme est arrêté (comme avec Ctrl-C)',
      );
    }
    if (open.length > 0) {
      note(
        process.host,
        `the process exits: the kernel closes descriptors ${open.join(', ')}`,
        `le processus se termine : le noyau ferme les descripteurs ${open.join(', ')}`,
      );
      for (const fd of open) process.kernel.close(fd);
    }
  };

  const processes: Process[] = scenario.programs.map((program, index) => {
    const host = world.hosts.get(program.host);
    if (!host) throw new SimulationError(`program ${index} runs on unknown host "${program.host}"`);
    const process: Process = {
      host,
      kernel: new Kernel(host, resolver, () => current?.step),
      owned: new Set(),
      leftovers: new Map(),
      threads: [],
      exited: false,
    };
    world.at(Math.round((program.startMs ?? 0) * 1000), () =>
      startThread(process, program.steps, String(index), new Map()),
    );
    return process;
  });

  for (const fault of scenario.faults ?? []) {
    if (fault.type !== 'crash') continue;
    world.at(Math.round(fault.atMs * 1000), () => {
      const host = world.hosts.get(fault.host);
      if (!host || host.crashed) return;
      note(
        host,
        `${host.name} crashes: its sockets vanish without FIN or RST`,
        `${host.name} tombe en panne : ses sockets disparaissent sans FIN ni RST`,
      );
      host.crash();
      for (const process of processes) if (process.host === host) exitProcess(process, 'stopped');
    });
  }

  /** Runs every thread that can go on now, until none can. */
  const runReadyThreads = (): void => {
    for (let progressed = true; progressed;) {
      progressed = false;
      for (let i = 0; i < threads.length; i++) {
        const thread = threads[i] as Thread;
        if (thread.done) continue;
        const wait = thread.wait;
        const timedOut = wait !== null && wait.deadline !== null && wait.deadline <= world.now && !wait.ready();
        if (wait !== null && !timedOut && !wait.ready()) continue;
        current = thread;
        let next: IteratorResult<Wait, unknown>;
        try {
          next = thread.run.next(timedOut);
        } catch (error) {
          if (error instanceof ProgramError) throw new SimulationError(error.message);
          throw error;
        } finally {
          current = null;
        }
        world.flushTcb();
        progressed = true;
        if (next.done) {
          thread.done = true;
          if (thread.process.threads.every((t) => t.done)) exitProcess(thread.process, 'ended');
        } else {
          thread.wait = next.value;
          if (next.value.deadline !== null) world.wakeThreadsAt(next.value.deadline);
        }
      }
    }
  };

  for (;;) {
    runReadyThreads();
    if (world.step()) continue;
    world.checkNothingBeyondLimit((t, owner) =>
      owner ? owner.hasTimerAt(t) : threads.some((th) => !th.done && th.wait?.deadline === t),
    );
    // Nothing is scheduled any more: programs still blocked would wait forever, so stop them.
    const stuck = processes.filter((p) => !p.exited && p.threads.length > 0);
    if (stuck.length === 0) break;
    for (const process of stuck) exitProcess(process, 'stopped');
  }

  return {
    format: 'wirestep-trace',
    version: 1,
    source: 'sim',
    meta: { scenario: scenario.id, seed, profile, title: scenario.title },
    hosts: scenario.hosts.map((h) => ({ name: h.name, addr: h.addr })),
    events: world.events,
  };
}
