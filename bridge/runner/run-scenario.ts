// The real-socket runner (README "Bridge", ARCHITECTURE.md): runs a scenario's programs with real sockets on
// loopback (bridge/runner/runner.py), captures the packets with tcpdump when permitted, records
// the kernel's TCP states from its tracepoints (bridge/capture/tracepoints.ts) when permitted,
// else polls them from ss, and merges the three into a Trace (`source: 'real'`), streamed live
// through onEvent and returned whole at the end. `meta.states` says where the states came from.
import { readFileSync } from 'node:fs';
import { release } from 'node:os';
import type { Scenario, Step } from '../../src/scenario/schema';
import type { LocalizedText, Trace, TraceHost } from '../../src/trace/types';
import { Capture, captureAvailability, type CaptureAvailability } from '../capture/tcpdump';
import { nowMicroseconds } from '../capture/clock';
import {
  SsPoller,
  ssAvailability,
  ssInNamespaces,
  timeWaitSockets,
  type SsObservation,
  type SsRunner,
} from '../capture/ss';
import { KernelTracer, tracepointAvailability, type TracepointAvailability } from '../capture/tracepoints';
import {
  bridgeLimits,
  checkBridgeLimits,
  loopbackBroadcast,
  loopbackPlan,
  mapAddress,
  type LoopbackPlan,
} from '../limits';
import { linkAvailability, Wire, type WireReady } from '../netns/link';
import type { RunScenario, RunScenarioOptions } from '../run-contract';
import { RunMerge } from './live-merge';
import type { RunnerEvent } from './merge';
import type { MergeContext } from './merge-state';
import { PythonRunner, type RunnerReady } from './python';

export interface RealRunOptions {
  /** Added to every scenario port; undefined/null: 0 unless a port is taken, then a free offset. */
  portOffset?: number | null;
  /** false: API events and ss states only. */
  capture?: boolean;
  python?: string;
  /** Milliseconds between two ss polls. */
  ssIntervalMs?: number;
  /** false: states from ss even when the kernel's tracepoints are available. */
  tracepoints?: boolean;
  /**
   * true (the bridge's and the CLI's default): each host in its own network namespace, joined by
   * the userspace wire that applies the lesson's link and faults (bridge/netns/link.ts); falls
   * back to loopback, saying why (meta.linkReason), when namespaces or TUN devices are not
   * permitted. false: loopback, asked for (`--loopback`, RunOptions.loopback). Absent: loopback.
   */
  link?: boolean;
}

/** Where a real run's hosts live: their own namespaces joined by the wire, or one loopback. */
export type LinkMode = 'namespaces' | 'loopback';

export interface Runnability {
  runnable: boolean;
  /** Why it cannot run for real (runnable false), in English and French. */
  reasons: LocalizedText[];
  /** What the real run will not reproduce (link latency, drop faults). */
  caveats: LocalizedText[];
  /** Start delays and sleeps of the longest program, loops unrolled. */
  estimatedMs: number;
  /** Runs for more than 10 s of real time (sleeps, keepalive idle time). */
  long: boolean;
  timeLimitS: number;
}

const longRunMs = 10_000;

/**
 * Whether a scenario can run for real, and what will differ from the simulation. On loopback a
 * broadcast or a crash cannot run, and the link and the drop, delay and duplicate faults are not
 * reproduced; under the wire (`namespaces`) all of them are.
 */
export function runnability(scenario: Scenario, mode: LinkMode = 'loopback'): Runnability {
  const reasons: LocalizedText[] = checkBridgeLimits(scenario).map((p) => ({
    en: `${p.path}: ${p.text.en}`,
    fr: `${p.path} : ${p.text.fr}`,
  }));
  const caveats: LocalizedText[] = [];
  const plan = loopbackPlan(scenario);
  let broadcast = false;
  let keepaliveIdleS = 0;
  // Linux's defaults (tcp_keepalive_intvl 75 s, tcp_keepalive_probes 9) unless a step sets them.
  let keepaliveIntervalS = 75;
  let keepaliveCount = 9;
  let estimatedMs = 0;
  const walk = (steps: readonly Step[], times: number, cost: { ms: number }): void => {
    for (const step of steps) {
      if (step.op === 'sendto' && step.host !== undefined && mapAddress(plan, step.host) === loopbackBroadcast)
        broadcast = true;
      if (step.op === 'sleep') cost.ms += step.ms * times * (step.backoff ?? 1) ** Math.max(0, times - 1);
      if (step.op === 'setsockopt' && step.option === 'TCP_KEEPIDLE') keepaliveIdleS = Number(step.value);
      if (step.op === 'setsockopt' && step.option === 'TCP_KEEPINTVL') keepaliveIntervalS = Number(step.value);
      if (step.op === 'setsockopt' && step.option === 'TCP_KEEPCNT') keepaliveCount = Number(step.value);
      if (step.op === 'repeat') walk(step.steps, times * step.times, cost);
      if (step.op === 'loop') walk(step.steps, times * Math.min(step.max, 10), cost);
      if (step.op === 'accept' && step.spawn) walk(step.spawn, times, cost);
    }
  };
  for (const program of scenario.programs) {
    const cost = { ms: program.startMs ?? 0 };
    walk(program.steps, 1, cost);
    estimatedMs = Math.max(estimatedMs, cost.ms);
  }
  if (broadcast && mode === 'loopback') {
    reasons.push({
      en: 'a broadcast (x.x.x.255) cannot be run on loopback: each host is bound to its own 127.0.0.x address, and a datagram to 127.255.255.255 reaches only sockets bound to 0.0.0.0, whose answers would all come from 127.0.0.1',
      fr: 'une diffusion (x.x.x.255) ne peut pas s’exécuter sur l’interface de bouclage : chaque hôte est lié à sa propre adresse 127.0.0.x, et un datagramme vers 127.255.255.255 n’atteint que les sockets liées à 0.0.0.0, dont les réponses viendraient toutes de 127.0.0.1',
    });
  }
  (scenario.faults ?? []).forEach((fault, i) => {
    if (fault.type !== 'inject') return;
    // A crafted segment needs a raw socket forging the peer's address and port, its numbers read
    // from the receiver's TCB at that moment; neither loopback nor the wire does that yet.
    reasons.push({
      en: `fault rule ${i + 1} crafts a ${fault.flags.join(',')} segment into ${fault.to}’s connection as if from ${fault.from}: a real run cannot forge a segment yet, only the simulator can`,
      fr: `la règle de panne ${i + 1} forge un segment ${fault.flags.join(',')} vers la connexion de ${fault.to} comme venant de ${fault.from} : une exécution réelle ne sait pas encore forger de segment, seul le simulateur le peut`,
    });
  });
  for (const fault of mode === 'loopback' ? (scenario.faults ?? []) : []) {
    if (fault.type === 'inject') continue;
    if (fault.type === 'crash') {
      reasons.push({
        en: `the fault "${fault.host} crashes at ${fault.atMs} ms" needs its packets to vanish without FIN or RST, which loopback cannot do without firewall rules`,
        fr: `la panne « ${fault.host} tombe à ${fault.atMs} ms » demande que ses paquets disparaissent sans FIN ni RST, ce que l’interface de bouclage ne sait pas faire sans règles de pare-feu`,
      });
    } else if (fault.type === 'drop') {
      caveats.push({
        en: `the fault rule dropping packet ${JSON.stringify(fault.nth)} from ${fault.from} to ${fault.to} is not reproduced: loopback loses nothing`,
        fr: `la règle qui perd le paquet ${JSON.stringify(fault.nth)} de ${fault.from} vers ${fault.to} n’est pas reproduite : l’interface de bouclage ne perd rien`,
      });
    } else if (fault.type === 'delay' || fault.type === 'duplicate') {
      const nth = JSON.stringify(fault.nth);
      caveats.push(
        fault.type === 'delay'
          ? {
              en: `the fault rule delaying packet ${nth} from ${fault.from} to ${fault.to} by ${fault.ms} ms is not reproduced: loopback delivers every packet at once, in order`,
              fr: `la règle qui retarde de ${fault.ms} ms le paquet ${nth} de ${fault.from} vers ${fault.to} n’est pas reproduite : l’interface de bouclage livre chaque paquet aussitôt, dans l’ordre`,
            }
          : {
              en: `the fault rule duplicating packet ${nth} from ${fault.from} to ${fault.to} is not reproduced: loopback delivers every packet once`,
              fr: `la règle qui duplique le paquet ${nth} de ${fault.from} vers ${fault.to} n’est pas reproduite : l’interface de bouclage livre chaque paquet une seule fois`,
            },
      );
    }
  }
  const link = scenario.link;
  if (mode === 'loopback' && link !== undefined && Object.values(link).some((v) => typeof v === 'number' && v > 0)) {
    caveats.push({
      en: `the link conditions (${JSON.stringify(link)}) are not reproduced: loopback has no latency (a few µs) and an MSS of 65483`,
      fr: `les conditions du lien (${JSON.stringify(link)}) ne sont pas reproduites : l’interface de bouclage n’a pas de latence (quelques µs) et son MSS est 65483`,
    });
  }
  const long = estimatedMs > longRunMs || keepaliveIdleS > 5;
  // A crashed peer is found out by keepalive: idle time, then every probe unanswered (ETIMEDOUT).
  const crashS = mode === 'namespaces' ? Math.max(0, ...crashTimesMs(scenario)) / 1000 : 0;
  const keepaliveS = keepaliveIdleS > 0 ? keepaliveIdleS + keepaliveIntervalS * keepaliveCount : 0;
  const neededS = Math.ceil(estimatedMs / 1000 + (crashS > 0 ? crashS + keepaliveS : 0));
  const timeLimitS = Math.min(bridgeLimits.maxDurationMs / 1000, Math.max(30, neededS + 10));
  return { runnable: reasons.length === 0, reasons, caveats, estimatedMs, long, timeLimitS };
}

function crashTimesMs(scenario: Scenario): number[] {
  return (scenario.faults ?? []).flatMap((f) => (f.type === 'crash' ? [f.atMs] : []));
}

class RunRefused extends Error {}

/** Events with a time older than this behind the newest are final: streamed in time order. */
const streamHorizonUs = 200_000;
/** The live stream re-merges the whole run so far: at most every 100 ms, and ... */
const streamEveryMs = 100;
/**
 * ... never sooner than 50 times as long as the last merge took on the event loop, so that
 * merging holds it at most about 2% of the time and the bridge keeps serving pages and other
 * connections (issue 15, finding 7: 60,000 sends stalled static requests for seconds) ...
 */
const mergeDutyFactor = 50;
/**
 * ... or 3 times as long as a merge took in the worker thread (bridge/runner/live-merge.ts):
 * the loop is free then, but the worker shares the machine's cores with the run it records.
 */
const workerDutyFactor = 3;

/** How long the live stream waits after a merge that took `mergeMs` (in a worker: `offThread`). */
export function nextStreamDelayMs(mergeMs: number, offThread = false): number {
  return Math.max(streamEveryMs, mergeMs * (offThread ? workerDutyFactor : mergeDutyFactor));
}

export async function runReal(scenario: Scenario, opts: RunScenarioOptions, real: RealRunOptions = {}): Promise<Trace> {
  const linked: Linked | undefined =
    real.link === true ? await startWire(scenario, real) : real.link === false ? { reason: loopbackAsked } : undefined;
  const check = runnability(scenario, linked?.wire !== undefined ? 'namespaces' : 'loopback');
  if (!check.runnable) {
    await linked?.wire?.stop();
    linked?.wire?.dispose();
    const why = linked?.reason !== undefined ? ` (namespaces: ${linked.reason})` : '';
    throw new RunRefused(
      `${scenario.id} cannot run on real sockets${why}: ${check.reasons.map((r) => r.en).join('; ')}`,
    );
  }
  try {
    return await runChecked(scenario, check, opts, real, linked);
  } finally {
    // Also when the run never started (a failing availability check, a runner that cannot spawn).
    await linked?.wire?.stop();
    linked?.wire?.dispose();
  }
}

async function runChecked(
  scenario: Scenario,
  check: Runnability,
  opts: RunScenarioOptions,
  real: RealRunOptions,
  linked: Linked | undefined,
): Promise<Trace> {
  const wantCapture = (real.capture ?? opts.options?.capture ?? true) && linked?.wire === undefined;
  const availability: CaptureAvailability = wantCapture
    ? await captureAvailability()
    : { ok: false, reason: linked?.wire !== undefined ? 'the wire captures' : 'capture turned off for this run' };
  const tracing: TracepointAvailability =
    real.tracepoints === false
      ? { ok: false, reason: 'tracepoints turned off for this run' }
      : await tracepointAvailability(real.python);
  const can = { capture: availability, ss: await ssAvailability(), tracing };
  const run = new RealRun(scenario, check, opts, real, can, linked);
  const abort = (): void => run.runner.stop();
  opts.signal.addEventListener('abort', abort);
  try {
    if (opts.signal.aborted) run.runner.stop();
    return await run.execute();
  } finally {
    opts.signal.removeEventListener('abort', abort);
    await run.cleanup();
  }
}

/** meta.linkReason of a run told to stay on loopback (`--loopback`, RunOptions.loopback). */
export const loopbackAsked = 'loopback was asked for this run';

/** The wire and its namespaces, or why the run stays on loopback. */
interface Linked {
  wire?: Wire;
  ready?: WireReady;
  reason?: string;
}

async function startWire(scenario: Scenario, real: RealRunOptions): Promise<Linked> {
  const can = linkAvailability(scenario);
  if (!can.ok) return { reason: can.reason };
  try {
    const [wire, ready] = await Wire.start(scenario, real.python !== undefined ? { python: real.python } : {});
    return { wire, ready };
  } catch (error) {
    return { reason: `the wire could not start: ${(error as Error).message}` };
  }
}

interface Availabilities {
  capture: CaptureAvailability;
  ss: Awaited<ReturnType<typeof ssAvailability>>;
  tracing: TracepointAvailability;
}

/**
 * One real run, in passes: the runner gets ready, the tracepoints (or ss) and tcpdump start, the
 * programs go, events stream while they run, and the three sources merge into the final Trace.
 */
class RealRun {
  readonly runner: PythonRunner;
  private readonly api: RunnerEvent[] = [];
  private readonly ssObservations: SsObservation[] = [];
  private readonly hosts: TraceHost[];
  private capture: Capture | undefined;
  private poller: SsPoller | undefined;
  private tracer: KernelTracer | undefined;
  private statesReason: string | undefined;
  private timeWait: Set<string> | undefined;
  private captureReason: string | undefined;
  private streamer: ReturnType<typeof setTimeout> | undefined;
  /** The live stream's merge in progress: the run's end waits for it. */
  private streaming: Promise<void> = Promise.resolve();
  private readonly merge: RunMerge;

  constructor(
    private readonly scenario: Scenario,
    private readonly check: Runnability,
    private readonly opts: RunScenarioOptions,
    private readonly real: RealRunOptions,
    private readonly can: Availabilities,
    private readonly linked: Linked = {},
  ) {
    const plan = linked.ready !== undefined ? namespacePlan(scenario, linked.ready) : loopbackPlan(scenario);
    this.hosts = scenario.hosts.map((h) => ({ name: h.name, addr: plan.hosts.get(h.name) ?? '127.0.0.1' }));
    this.captureReason = can.capture.ok || linked.ready !== undefined ? undefined : can.capture.reason;
    this.runner = new PythonRunner(
      {
        scenario,
        addresses: Object.fromEntries(plan.hosts),
        scenarioAddresses: Object.fromEntries(plan.addresses),
        // Fresh namespaces hold no other socket: every port of the lesson is free as it is.
        portOffset: linked.ready !== undefined ? 0 : (real.portOffset ?? null),
        ...(linked.ready !== undefined
          ? { netns: linked.ready.namespaces, congestionControl: scenario.tcp?.congestionControl ?? 'cubic' }
          : {}),
        timeLimitS: check.timeLimitS,
        ...(real.python !== undefined ? { python: real.python } : {}),
      },
      (e) => this.api.push(e),
    );
    this.merge = new RunMerge({
      api: this.api,
      ss: this.ssObservations,
      records: () => this.tracer?.records ?? [],
      pcap: () => (this.linked.wire !== undefined ? this.linked.wire.pcap() : this.capture?.bytes()),
      fates: () => this.linked.wire?.fates ?? [],
    });
  }

  async execute(): Promise<Trace> {
    const ready = await this.runner.ready;
    if (this.check.long) {
      const s = Math.round(this.check.estimatedMs / 1000);
      this.status(
        `this scenario runs for real time (about ${s} s or more)`,
        `ce scénario s’exécute en temps réel (environ ${s} s ou plus)`,
      );
    }
    await this.startStates(ready.ports);
    await this.startCapture(ready.ports);
    if (this.opts.signal.aborted) throw new Error('run cancelled');
    this.runner.go();
    const t0 = await Promise.race([this.runner.started, this.runner.ended.then((e) => e.t)]);
    this.linked.wire?.setStart(t0);
    this.scheduleStream(ready, t0, streamEveryMs);
    const end = await this.runner.ended;
    clearTimeout(this.streamer);
    this.streamer = undefined;
    await this.streaming;
    // The last packets (still on the wire's link for up to a latency) and the TIME-WAIT sockets
    // that outlive the programs.
    await new Promise((resolve) =>
      setTimeout(resolve, 50 + (this.linked.wire !== undefined ? linkDrainMs(this.scenario) : 0)),
    );
    await this.poller?.stop();
    await this.tracer?.stop();
    await this.capture?.stop();
    if (this.tracer !== undefined && this.can.ss.ok) {
      this.timeWait = await timeWaitSockets(ready.ports, this.ssRunner()).catch(() => undefined);
    }
    if (end.reason === 'crashed') {
      throw new Error(`the Python runner failed: ${this.runner.lastError() || 'no message'}`);
    }
    if (this.opts.signal.aborted) throw new Error('run cancelled');
    const trace = await this.merge.finish(this.mergeContext(ready, t0), this.opts.onEvent);
    trace.meta.end = end.reason;
    return trace;
  }

  /** Ends whatever is still running: the runner, ss, the tracefs reader, tcpdump. */
  async cleanup(): Promise<void> {
    clearTimeout(this.streamer);
    this.streamer = undefined;
    if (this.runner.running) this.runner.stop();
    await this.poller?.stop();
    await this.tracer?.stop();
    await this.capture?.stop();
    await this.linked.wire?.stop();
    this.linked.wire?.dispose();
    await this.merge.dispose();
  }

  private status(en: string, fr: string): void {
    this.opts.onStatus({ text: { en, fr } });
  }

  /** The kernel's tracepoints when permitted; else ss, with the reason said. */
  private async startStates(ports: number[]): Promise<void> {
    if (this.can.tracing.ok) {
      try {
        this.tracer = await KernelTracer.start({
          ports,
          ...(this.real.python !== undefined ? { python: this.real.python } : {}),
        });
        return this.status(
          'kernel states from tracepoints (sock:inet_sock_set_state)',
          'états du noyau lus par ses points de trace (sock:inet_sock_set_state)',
        );
      } catch (error) {
        this.statesReason = `kernel tracepoints could not record: ${(error as Error).message}`;
      }
    } else this.statesReason = this.can.tracing.reason;
    this.status(
      `states polled with ss (${this.statesReason ?? ''})`,
      `états relevés avec ss (${this.statesReason ?? ''})`,
    );
    this.startSs(ports);
  }

  private startSs(ports: number[]): void {
    if (!this.can.ss.ok) return this.status(this.can.ss.reason, this.can.ss.reason);
    const interval = this.real.ssIntervalMs ?? 20;
    this.poller = new SsPoller(ports, (o) => this.ssObservations.push(o), interval, this.ssRunner());
    this.poller.start();
  }

  /** ss where the run's sockets are: inside each host's namespace under the wire, else here. */
  private ssRunner(): SsRunner | undefined {
    const namespaces = this.linked.ready?.namespaces;
    return namespaces === undefined ? undefined : ssInNamespaces(Object.values(namespaces));
  }

  private async startCapture(ports: number[]): Promise<void> {
    if (this.linked.wire !== undefined) {
      return this.status(
        'each host in its own network namespace; packets captured by the wire that carries the lesson’s link',
        'chaque hôte dans son propre espace de noms réseau ; paquets capturés par le fil qui applique le lien de la leçon',
      );
    }
    if (this.linked.reason !== undefined) {
      this.status(
        `loopback instead of the lesson’s link: ${this.linked.reason}`,
        `interface de bouclage au lieu du lien de la leçon : ${this.linked.reason}`,
      );
    }
    if (this.can.capture.ok) {
      try {
        const addresses = this.hosts.map((h) => h.addr);
        const python = this.real.python !== undefined ? { python: this.real.python } : {};
        this.capture = await Capture.start({ path: this.can.capture.path, ports, addresses, ...python });
        this.status('capturing on lo with tcpdump', 'capture sur lo avec tcpdump');
      } catch (error) {
        this.captureReason = `tcpdump could not capture: ${(error as Error).message}`;
      }
    }
    if (this.captureReason !== undefined) {
      this.status(
        `packets are not captured (${this.captureReason}); API events and kernel states only`,
        `les paquets ne sont pas capturés (${this.captureReason}) ; événements de l’API et états du noyau seulement`,
      );
    }
  }

  /** Streams after `delayMs`, then again after a delay paced by what that merge cost. */
  private scheduleStream(ready: RunnerReady, t0: number, delayMs: number): void {
    this.streamer = setTimeout(() => {
      const upTo = nowMicroseconds() - t0 - streamHorizonUs;
      this.streaming = this.merge
        .stream(this.mergeContext(ready, t0), upTo, this.opts.onEvent)
        // A live merge that fails fails again at the run's end, which reports it.
        .catch(() => {})
        .then(() => {
          if (this.streamer !== undefined) {
            this.scheduleStream(ready, t0, nextStreamDelayMs(this.merge.lastMergeMs, this.merge.offThread));
          }
        });
    }, delayMs);
  }

  /** What a merge needs besides the run's inputs (RunMerge feeds those itself). */
  private mergeContext(ready: RunnerReady, t0: number): MergeContext {
    const { captureReason, check, tracer, timeWait } = this;
    const wire = this.linked.wire;
    const captured = wire !== undefined || this.capture !== undefined;
    const ssCheck = this.can.ss;
    const kernel =
      tracer === undefined
        ? undefined
        : {
            clock: tracer.clock,
            probesDropped: tracer.probesDropped,
            ...(congestionControl !== undefined ? { congestionControl } : {}),
          };
    return {
      scenarioId: this.scenario.id,
      hosts: this.hosts,
      t0,
      ports: ready.ports,
      ...(wire !== undefined ? { captureLateUs: 10_000 } : {}),
      ...(kernel !== undefined ? { kernel: timeWait !== undefined ? { ...kernel, timeWait } : kernel } : {}),
      capture: captured,
      ...(wire !== undefined ? { wireHosts: this.scenario.hosts.map((h) => h.name) } : {}),
      meta: {
        ...this.statesMeta(),
        capture: captured,
        ...(captureReason !== undefined ? { captureReason } : {}),
        kernel: release(),
        ...this.linkMeta(),
        portOffset: ready.portOffset,
        ports: ready.ports,
        ...(ssCheck.ok ? {} : { ssReason: ssCheck.reason }),
        ...(check.caveats.length > 0 ? { notReproduced: check.caveats } : {}),
        ...(check.long ? { long: true } : {}),
      },
    };
  }

  /** Where the hosts lived, what of the lesson the run reproduces, and the namespaces' settings. */
  private linkMeta(): Record<string, unknown> {
    const { ready, reason } = this.linked;
    if (ready === undefined) {
      return {
        link: 'loopback',
        ...(reason !== undefined ? { linkReason: reason } : {}),
        ...(congestionControl !== undefined ? { congestionControl } : {}),
      };
    }
    return {
      link: 'namespaces',
      subnet: ready.subnet,
      // Their names (ws-<wire pid>-<n>), so that anyone can check that none outlived the run.
      namespaces: ready.namespaces,
      reproduced: reproducedByWire(this.scenario),
      congestionControl: this.scenario.tcp?.congestionControl ?? 'cubic',
      namespaceSysctls: ready.sysctls,
    };
  }

  /** Where the states came from, and how well the kernel's clock maps onto the trace's. */
  private statesMeta(): Record<string, unknown> {
    const tracer = this.tracer;
    if (tracer !== undefined) {
      // The mapping's error: half the tightest CLOCK_REALTIME read bracketing CLOCK_MONOTONIC.
      return { states: 'tracepoints', traceClock: 'mono', clockErrorUs: Math.ceil(tracer.clock.errorUs) };
    }
    const source = this.poller !== undefined ? 'ss' : 'packets';
    return { states: source, ...(this.statesReason !== undefined ? { statesReason: this.statesReason } : {}) };
  }
}

/**
 * The congestion control new sockets get (net.ipv4.tcp_congestion_control, per network namespace;
 * the runner sets none of its own), or undefined when it cannot be read.
 */
function defaultCongestionControl(): string | undefined {
  try {
    return readFileSync('/proc/sys/net/ipv4/tcp_congestion_control', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
const congestionControl = defaultCongestionControl();

/**
 * Under the wire each host has the address the wire gave it in the run's own /24: the lesson's
 * 10.0.0.x when no other run holds that subnet, else 10.0.k.x (they exist only in its namespaces).
 */
function namespacePlan(scenario: Scenario, ready: WireReady): LoopbackPlan {
  const plan: LoopbackPlan = { hosts: new Map(), addresses: new Map() };
  for (const h of scenario.hosts) {
    const addr = ready.addresses[h.name] ?? h.addr;
    plan.hosts.set(h.name, addr);
    plan.addresses.set(h.addr, addr);
    plan.addresses.set(h.addr.replace(/\.\d+$/, '.255'), addr.replace(/\.\d+$/, '.255'));
  }
  return plan;
}

/**
 * The longest a packet can stay on the wire's links: latency, jitter and a reordering hold, plus
 * what the delay rules add (they add up on one packet) and a latency per duplicate rule's copy.
 */
function linkDrainMs(scenario: Scenario): number {
  const options = [scenario.link, ...(scenario.links ?? []).map((l) => l.options)];
  const faults = scenario.faults ?? [];
  const delaysMs = faults.reduce((sum, f) => sum + (f.type === 'delay' ? f.ms : 0), 0);
  const copies = faults.filter((f) => f.type === 'duplicate').length;
  return Math.max(
    ...options.map((o) => {
      const latency = o?.latencyMs ?? 1;
      const hold = (o?.reorderProbability ?? 0) > 0 ? 2 * Math.max(latency, 1) : 0;
      return latency * (1 + copies) + (o?.jitterMs ?? 0) + hold + delaysMs;
    }),
  );
}

/** What of the lesson the wire reproduces (meta.reproduced), in the order a reader checks it. */
function reproducedByWire(scenario: Scenario): string[] {
  const out = ['addresses', 'mtu'];
  const options = [scenario.link, ...(scenario.links ?? []).map((l) => l.options)];
  const has = (key: keyof NonNullable<Scenario['link']>): boolean =>
    options.some((o) => typeof o?.[key] === 'number' && (o[key] as number) > 0);
  out.push('latency');
  if (has('jitterMs')) out.push('jitter');
  if (has('lossProbability')) out.push('loss');
  if (has('duplicateProbability')) out.push('duplication');
  if (has('reorderProbability')) out.push('reordering');
  if (has('bandwidthKbps')) out.push('bandwidth');
  for (const fault of scenario.faults ?? [])
    out.push(fault.type === 'crash' ? `crash of ${fault.host}` : `${fault.type} faults`);
  if (sendsBroadcast(scenario.programs.flatMap((p) => p.steps))) out.push('broadcast');
  return [...new Set(out)];
}

function sendsBroadcast(steps: readonly Step[]): boolean {
  return steps.some(
    (step) =>
      (step.op === 'sendto' && step.host !== undefined && step.host.endsWith('.255')) ||
      ((step.op === 'repeat' || step.op === 'loop') && sendsBroadcast(step.steps)) ||
      (step.op === 'accept' && step.spawn !== undefined && sendsBroadcast(step.spawn)),
  );
}

/** The bridge's entry point (bridge/run-contract.ts). */
export const runScenario: RunScenario = (scenario, opts) =>
  runReal(scenario, opts, { link: opts.options?.loopback !== true });

/** Where a real run of this scenario will go, as the bridge's refusal check must know before it starts. */
export function plannedLinkMode(scenario: Scenario, options?: { loopback?: boolean }): LinkMode {
  return options?.loopback !== true && linkAvailability(scenario).ok ? 'namespaces' : 'loopback';
}

/**
 * Why the bridge refuses to run this scenario where it will run (bridge/run-contract.ts
 * RefuseRun); a refusal on loopback also says why the run could not have its own link.
 */
export function refusalReasons(scenario: Scenario, options?: { loopback?: boolean }): LocalizedText[] {
  const mode = plannedLinkMode(scenario, options);
  const reasons = runnability(scenario, mode).reasons;
  const can = linkAvailability(scenario);
  if (mode === 'namespaces' || reasons.length === 0) return reasons;
  const why = options?.loopback === true || can.ok ? loopbackAsked : can.reason;
  return reasons.map((r) => ({
    en: `${r.en} (on loopback: ${why})`,
    fr: `${r.fr} (interface de bouclage : ${why})`,
  }));
}

export function isRunRefused(error: unknown): boolean {
  return error instanceof RunRefused;
}
