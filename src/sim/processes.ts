// The scenario's programs as processes on the world's hosts, each made of threads (generators that
// yield while a socket call blocks), run cooperatively: every thread that can go on runs, in order.
import { scenarioLimits } from '../scenario/limits';
import { programNote } from '../scenario/program-notes';
import type { Program, Step } from '../scenario/schema';
import type { TimerOwner } from './context';
import type { Host } from './host';
import { Kernel, type Wait } from './kernel';
import { ProgramError, runSteps, type Runtime, type Value } from './program';
import { SimulationError, type World } from './world';

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

export class Processes {
  private readonly threads: Thread[] = [];
  /** The thread running now: kernel calls and notes name its step. */
  private current: Thread | null = null;
  private readonly processes: Process[];
  /** Steps and loop iterations executed so far by every thread of the run. */
  private executedSteps = 0;
  private readonly resolver = {
    address: (hostOrAddr: string): string => this.world.hosts.get(hostOrAddr)?.addr ?? hostOrAddr,
  };

  /** Creates one process per program and schedules its first thread at the program's start time. */
  constructor(
    private readonly world: World,
    programs: readonly Program[],
  ) {
    this.processes = programs.map((program, index) => {
      const host = world.hosts.get(program.host);
      if (!host) throw new SimulationError(`program ${index} runs on unknown host "${program.host}"`);
      const process: Process = {
        host,
        kernel: new Kernel(host, this.resolver, () => this.current?.step),
        owned: new Set(),
        leftovers: new Map(),
        threads: [],
        exited: false,
      };
      world.at(Math.round((program.startMs ?? 0) * 1000), () =>
        this.startThread(process, program.steps, String(index), new Map()),
      );
      return process;
    });
  }

  private note(host: Host, en: string, fr: string): void {
    const step = this.current?.step;
    this.world.emit({ kind: 'note', host: host.name, text: { en, fr }, ...(step !== undefined ? { step } : {}) });
  }

  private startThread(process: Process, steps: readonly Step[], path: string, vars: Map<string, Value>): void {
    const runtime: Runtime = {
      kernel: process.kernel,
      leftovers: process.leftovers,
      groups: process.host.groups,
      spawn: (inner, innerPath, innerVars) => this.startThread(process, inner, innerPath, innerVars),
      setStep: (p) => {
        thread.step = p;
      },
      countStep: (p) => this.countStep(p),
      own: (fd) => process.owned.add(fd),
      disown: (fd) => process.owned.delete(fd),
      note: (en, fr) => this.note(process.host, en, fr),
    };
    const thread: Thread = {
      process,
      run: runSteps(runtime, steps, path, vars, 0),
      wait: null,
      done: false,
      step: undefined,
    };
    process.threads.push(thread);
    this.threads.push(thread);
  }

  /** Loops can run without events or virtual time (empty bodies): this bound ends them. */
  private countStep(path: string): void {
    this.executedSteps += 1;
    if (this.executedSteps <= scenarioLimits.maxExecutedSteps) return;
    throw new SimulationError(
      `the run executed more than ${scenarioLimits.maxExecutedSteps} steps (every loop iteration counted), at step ${path} at t=${(this.world.now / 1e6).toFixed(6)} s; shorten its loops`,
    );
  }

  /** The last thread of a process ended: the kernel closes what it left open (as exit() does). */
  private exitProcess(process: Process, reason: 'ended' | 'stopped'): void {
    if (process.exited) return;
    process.exited = true;
    for (const thread of process.threads) thread.done = true;
    if (process.host.crashed) return;
    const open = [...process.owned].filter((fd) => process.host.descriptor(fd)?.held);
    // The same notes as the real-socket runner's (src/scenario/program-notes.ts).
    if (reason === 'stopped') {
      const { en, fr } = programNote('programStopped');
      this.note(process.host, en, fr);
    }
    if (open.length > 0) {
      const { en, fr } = programNote('processExits', { descriptors: open.join(', ') });
      this.note(process.host, en, fr);
      for (const fd of open) process.kernel.close(fd);
    }
  }

  /** A crash fault: the host's sockets vanish and its processes stop. */
  crash(hostName: string): void {
    const host = this.world.hosts.get(hostName);
    if (!host || host.crashed) return;
    this.note(
      host,
      `${host.name} crashes: its sockets vanish without FIN or RST`,
      `${host.name} tombe en panne : ses sockets disparaissent sans FIN ni RST`,
    );
    host.crash();
    for (const process of this.processes) if (process.host === host) this.exitProcess(process, 'stopped');
  }

  /** Runs every thread that can go on now, until none can (a thread may spawn more as it runs). */
  runReadyThreads(): void {
    for (let progressed = true; progressed;) {
      progressed = false;
      for (let i = 0; i < this.threads.length; i++) {
        const thread = this.threads[i] as Thread;
        if (thread.done) continue;
        const timedOut = wokenBy(thread.wait, this.world.now);
        if (timedOut === null) continue;
        this.resume(thread, timedOut);
        progressed = true;
      }
    }
  }

  /** Runs a thread until it blocks or ends. */
  private resume(thread: Thread, timedOut: boolean): void {
    this.current = thread;
    let next: IteratorResult<Wait, unknown>;
    try {
      next = thread.run.next(timedOut);
    } catch (error) {
      if (error instanceof ProgramError) throw new SimulationError(error.message);
      throw error;
    } finally {
      this.current = null;
    }
    this.world.flushTcb();
    if (next.done) {
      thread.done = true;
      if (thread.process.threads.every((t) => t.done)) this.exitProcess(thread.process, 'ended');
    } else {
      thread.wait = next.value;
      if (next.value.deadline !== null) this.world.wakeThreadsAt(next.value.deadline);
    }
  }

  /** Whether a wake-up or timer set aside for time t still matters (World.checkNothingBeyondLimit). */
  readonly isLive = (t: number, owner: TimerOwner | null): boolean =>
    owner ? owner.hasTimerAt(t) : this.threads.some((th) => !th.done && th.wait?.deadline === t);

  /**
   * Nothing is scheduled any more: programs still blocked would wait forever, so stop them (their
   * exit may send segments). Returns false when no program was left to stop.
   */
  stopBlocked(): boolean {
    const stuck = this.processes.filter((p) => !p.exited && p.threads.length > 0);
    for (const process of stuck) this.exitProcess(process, 'stopped');
    return stuck.length > 0;
  }
}

/** Why a thread may go on: false when its wait is over (or it never waited), true when it timed out, null while it must wait. */
function wokenBy(wait: Wait | null, now: number): boolean | null {
  if (wait === null) return false;
  const timedOut = wait.deadline !== null && wait.deadline <= now && !wait.ready();
  if (!timedOut && !wait.ready()) return null;
  return timedOut;
}
