// The scripted peer: runs a packetdrill script against one simulated host. `<` lines are injected
// at their times, `>` lines must match what the host sends (within the script's tolerance), and
// syscall lines run on the host's socket API with their results and errno checked. The run stops
// at the first line that fails (as packetdrill does) or that the simulator cannot express.
import { Host } from '../sim/host';
import { Kernel, type Blocking, type Result, type Wait } from '../sim/kernel';
import type { TcpSegment } from '../sim/packet';
import { tcpConfig, type ProfileName } from '../sim/profiles';
import { forkStreams } from '../sim/streams';
import { TcpSocket } from '../sim/tcp/socket';
import type { TraceEvent } from '../trace/types';
import { SYN } from '../tcp';
import { ScriptContext } from './context';
import { LOCAL_HOST, PEER_HOST, noteEvent, segmentEvents } from './trace';
import {
  WINDOW_SIZE,
  describeSegment,
  describeSpec,
  inboundFields,
  mismatches,
  optionDifferences,
  type Numbering,
} from './packets';
import type { PacketSpec, Script, ScriptEvent, ShellSpec, SyscallSpec } from './script';
import { runShell, configFromSysctls } from './shell';
import { LOCAL_ADDR, LOCAL_PORT, PEER_ADDR, PEER_EPHEMERAL_PORT, Stop } from './stop';
import { runSyscall, type SyscallOutcome } from './syscalls';

/** packetdrill's default --tolerance_usecs. */
const DEFAULT_TOLERANCE_US = 4000;
/** How far past a missed `>` line the peer looks, to say what came instead. */
const LOOK_AHEAD_US = 10_000_000;

export interface RunOptions {
  profile?: ProfileName;
  seed?: number;
  /** The peer's ISN; scripts write the peer's numbers relative to it. */
  peerIsn?: number;
}

export type RunStatus = 'pass' | 'fail' | 'unsupported';

export interface RunResult {
  status: RunStatus;
  line?: number;
  column?: number;
  expected?: string;
  got?: string;
  reason?: string;
  /** Ids of the stack-difference rules a line needed to pass (stack-differences.ts `rules`). */
  differences: string[];
  /** Events on the host: calls, returns and state changes, with their times. */
  events: TraceEvent[];
}

interface Pending {
  event: ScriptEvent;
  spec: SyscallSpec;
  gen: Blocking<Result<unknown>>;
  wait: Wait;
  /** When the call must return (µs), and with what tolerance window start. */
  due: number;
  finish: (result: Result<unknown>) => SyscallOutcome;
}

const us = (t: number): string => `${(t / 1_000_000).toFixed(6)} s`;

export class ScriptRun {
  readonly ctx: ScriptContext;
  readonly host: Host;
  readonly kernel: Kernel;
  readonly numbering: Numbering;
  readonly tolerance: number;
  readonly differences = new Set<string>();
  /** The connection's ports as the peer sees them: set by connect(), else packetdrill's passive defaults. */
  ports = { local: LOCAL_PORT, remote: PEER_EPHEMERAL_PORT };
  /** The descriptor the last syscall named (what `%{ tcpi_state }%` reads). */
  currentFd = -1;
  private last = 0;
  private pending: Pending | null = null;

  constructor(
    readonly script: Script,
    options: RunOptions = {},
  ) {
    const ipv6 = script.options['ip_version'] === 'ipv6';
    const tcp = tcpConfig(options.profile ?? 'linux', configFromSysctls(script, ipv6));
    this.ctx = new ScriptContext(tcp);
    const [streams] = forkStreams(options.seed ?? 1, ['local']);
    if (!streams) throw new Error('no streams for the host');
    this.host = new Host('local', LOCAL_ADDR, this.ctx, streams.random);
    this.kernel = new Kernel(this.host, { address: (a) => a }, () => undefined);
    this.numbering = { localIsn: 0, peerIsn: options.peerIsn ?? 1_000_000 };
    const tol = Number(script.options['tolerance_usecs']);
    this.tolerance = Number.isFinite(tol) && tol >= 0 ? tol : DEFAULT_TOLERANCE_US;
  }

  run(): RunResult {
    const events = this.ctx.events;
    try {
      const problem = this.script.problems[0];
      if (problem) throw new Stop('unsupported', problem, { reason: problem.message });
      for (const event of this.script.events) this.step(event);
      if (this.pending) this.advanceUntil(() => this.pending === null, this.pending.due + this.tolerance);
      if (this.pending) {
        const { event, due } = this.pending;
        throw new Stop('fail', event.at, { expected: `return by ${us(due + this.tolerance)}`, got: 'still blocked' });
      }
      return { status: 'pass', differences: [...this.differences], events };
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
      const what =
        e.status === 'fail'
          ? `expected ${e.detail.expected ?? ''}, got ${e.detail.got ?? ''}`
          : (e.detail.reason ?? '');
      const fr =
        e.status === 'fail'
          ? `attendu ${e.detail.expected ?? ''}, reçu ${e.detail.got ?? ''}`
          : (e.detail.reason ?? '');
      events.push(
        noteEvent(this.ctx.now, {
          en: `line ${e.at.line}: ${e.status === 'fail' ? 'failed' : 'unsupported'}: ${what}`,
          fr: `ligne ${e.at.line} : ${e.status === 'fail' ? 'échec' : 'non pris en charge'} : ${fr}`,
        }),
      );
      return {
        status: e.status,
        line: e.at.line,
        column: e.at.column,
        ...e.detail,
        differences: [...this.differences],
        events,
      };
    }
  }

  /** The script time of an event: absolute, or after the previous event's actual time. */
  private timeOf(event: ScriptEvent): { start: number; end: number } | null {
    const t = event.time;
    if (t.kind === 'any') return null;
    const base = t.kind === 'relative' ? this.last : 0;
    return { start: base + t.us, end: base + (t.endUs ?? t.us) };
  }

  private step(event: ScriptEvent): void {
    const window = this.timeOf(event);
    const body = event.body;
    if (body.kind === 'packet' && body.direction === 'out') {
      this.expectPacket(event, body, window);
      return;
    }
    if (window) this.advanceTo(window.start);
    this.last = this.ctx.now;
    if (body.kind === 'packet') this.inject(event, body);
    else if (body.kind === 'syscall') this.syscall(event, body);
    else if (body.kind === 'shell') this.shell(event, body);
    else runCode(this, event, body.text);
    this.poll();
  }

  // ---- Time -------------------------------------------------------------------------------

  /** Runs timers and wakes blocked calls up to time t, then sets the clock to t. */
  advanceTo(t: number): void {
    this.advanceUntil(() => false, t);
    this.ctx.now = Math.max(this.ctx.now, t);
  }

  /** Runs timers in order until `done` holds or the next one is past `limit`; true if done. */
  private advanceUntil(done: () => boolean, limit: number): boolean {
    this.poll();
    while (!done()) {
      const deadline = this.pending?.wait.deadline ?? null;
      let next = this.ctx.nextWakeup(limit);
      if (deadline !== null && deadline <= limit && (next === null || deadline < next)) next = deadline;
      if (next === null) return false;
      this.ctx.fire(next);
      this.poll();
    }
    return true;
  }

  /** Resumes a blocked call whose wait is over. */
  private poll(): void {
    const p = this.pending;
    if (!p) return;
    const timedOut = p.wait.deadline !== null && this.ctx.now >= p.wait.deadline;
    if (!timedOut && !p.wait.ready()) return;
    const next = p.gen.next(timedOut);
    if (!next.done) {
      p.wait = next.value;
      return;
    }
    this.pending = null;
    this.checkReturn(p.event, p.due);
    this.judge(p.event, p.finish(next.value));
  }

  private checkReturn(event: ScriptEvent, due: number): void {
    const now = this.ctx.now;
    if (now < due - this.tolerance || now > due + this.tolerance)
      throw new Stop('fail', event.at, { expected: `return at ${us(due)}`, got: `returned at ${us(now)}` });
  }

  // ---- Packets ----------------------------------------------------------------------------

  private inject(event: ScriptEvent, spec: PacketSpec): void {
    const fields = inboundFields(spec, this.numbering);
    if (!fields) throw new Stop('unsupported', event.at, { reason: `flags ${spec.flags} or sequence ... inbound` });
    const seg: TcpSegment = {
      proto: 'tcp',
      id: this.ctx.nextPacketId(),
      srcAddr: PEER_ADDR,
      srcPort: this.ports.remote,
      dstAddr: LOCAL_ADDR,
      dstPort: this.ports.local,
      ...fields,
    };
    const target = this.host.lookup(seg);
    this.ctx.events.push(...segmentEvents(seg, this.ctx.now, PEER_HOST, LOCAL_HOST, target?.fd));
    this.host.receive(seg, target);
  }

  private nextSegment(): { seg: TcpSegment; at: number } | null {
    for (;;) {
      const sent = this.ctx.outbox.shift();
      if (!sent) return null;
      if (sent.packet.proto === 'tcp') return { seg: sent.packet, at: sent.at };
    }
  }

  private expectPacket(event: ScriptEvent, spec: PacketSpec, window: { start: number; end: number } | null): void {
    const latest = window ? window.end + this.tolerance : this.ctx.now + LOOK_AHEAD_US;
    const has = (): boolean => this.ctx.outbox.some((s) => s.packet.proto === 'tcp');
    if (!this.advanceUntil(has, latest)) {
      const found = this.advanceUntil(has, latest + LOOK_AHEAD_US);
      const later = found ? this.ctx.outbox.find((s) => s.packet.proto === 'tcp') : undefined;
      const got =
        later && later.packet.proto === 'tcp'
          ? `${describeSegment(later.packet, this.numbering)} at ${us(later.at)}`
          : 'no segment';
      throw new Stop('fail', event.at, { expected: `${describeSpec(spec)} by ${us(latest)}`, got });
    }
    const sent = this.nextSegment();
    if (!sent) throw new Error('a segment was queued');
    const { seg, at } = sent;
    // The socket's ISN: learnt from its SYN as packetdrill does, relative numbers from then on.
    if (seg.flags & SYN && spec.seq !== null) this.numbering.localIsn = (seg.seq - spec.seq) >>> 0;
    else if (seg.flags & SYN) this.numbering.localIsn = seg.seq;
    const all = mismatches(spec, seg, this.numbering);
    const wrong = all.filter((m) => m !== WINDOW_SIZE);
    if (wrong.length > 0 || (window && at < window.start - this.tolerance)) {
      const when = window ? ` at ${us(window.start)}` : '';
      throw new Stop('fail', event.at, {
        expected: `${describeSpec(spec)}${when}`,
        got: `${describeSegment(seg, this.numbering)} at ${us(at)}`,
        reason: wrong.length > 0 ? `${wrong.join(', ')} differ` : 'sent too early',
      });
    }
    const line = event.at.line;
    this.ctx.events.push(
      // At the time of the check, which may be after the segment was sent.
      noteEvent(this.ctx.now, {
        en: `line ${line}: ${describeSpec(spec)} met`,
        fr: `ligne ${line} : ${describeSpec(spec)} conforme`,
      }),
    );
    if (optionDifferences(spec, seg).length > 0) this.differences.add('tcp-options');
    if (all.includes(WINDOW_SIZE)) this.differences.add(WINDOW_SIZE);
    this.last = at;
  }

  // ---- Syscalls and shell commands --------------------------------------------------------

  private syscall(event: ScriptEvent, spec: SyscallSpec): void {
    if (this.pending) throw new Stop('unsupported', event.at, { reason: 'a second call while one is blocked' });
    const started = this.ctx.now;
    const due = event.returns
      ? event.returns.kind === 'relative'
        ? started + event.returns.us
        : event.returns.us
      : started;
    const call = runSyscall(this, event, spec);
    if (call.kind === 'done') {
      this.judge(event, call.outcome);
      return;
    }
    const first = call.gen.next(false);
    if (first.done) {
      this.checkReturn(event, due);
      this.judge(event, call.finish(first.value));
      return;
    }
    this.pending = { event, spec, gen: call.gen, wait: first.value, due, finish: call.finish };
  }

  /** Fails the run when a syscall's outcome differs from the script's. */
  private judge(event: ScriptEvent, outcome: SyscallOutcome): void {
    if (outcome.difference) this.differences.add(outcome.difference);
    if (outcome.expected !== outcome.got)
      throw new Stop('fail', event.at, { expected: outcome.expected, got: outcome.got });
  }

  private shell(event: ScriptEvent, spec: ShellSpec): void {
    const outcome = runShell(this, spec.command);
    if (outcome === null) throw new Stop('unsupported', event.at, { reason: `shell command \`${spec.command}\`` });
    this.judge(event, outcome);
  }

  /** Every TCP socket of the host with its state, for sockstat and tcpi_state. */
  tcpSockets(): TcpSocket[] {
    return this.host.allTcpSockets();
  }

  socketOf(fd: number): TcpSocket | undefined {
    const sock = this.host.descriptor(fd);
    return sock instanceof TcpSocket ? sock : undefined;
  }
}

const TCPI_STATES: Record<string, string> = {
  TCPI_ESTABLISHED: 'ESTABLISHED',
  TCPI_SYN_SENT: 'SYN-SENT',
  TCPI_SYN_RECEIVED: 'SYN-RECEIVED',
  TCPI_SYN_RECV: 'SYN-RECEIVED',
  TCPI_FIN_WAIT1: 'FIN-WAIT-1',
  TCPI_FIN_WAIT_1: 'FIN-WAIT-1',
  TCPI_FIN_WAIT2: 'FIN-WAIT-2',
  TCPI_FIN_WAIT_2: 'FIN-WAIT-2',
  TCPI_TIME_WAIT: 'TIME-WAIT',
  TCPI_CLOSE: 'CLOSED',
  TCPI_CLOSED: 'CLOSED',
  TCPI_CLOSE_WAIT: 'CLOSE-WAIT',
  TCPI_LAST_ACK: 'LAST-ACK',
  TCPI_LISTEN: 'LISTEN',
  TCPI_CLOSING: 'CLOSING',
};

/** `%{ assert tcpi_state == TCPI_X }%` checks the state of the last socket named; other code is skipped. */
function runCode(run: ScriptRun, event: ScriptEvent, text: string): void {
  const m = /^assert\s+tcpi_state\s*==\s*(TCPI_[A-Z0-9_]+)$/.exec(text);
  if (!m) return;
  const want = TCPI_STATES[m[1] ?? ''];
  if (!want) throw new Stop('unsupported', event.at, { reason: `unknown state ${m[1]}` });
  const got = run.socketOf(run.currentFd)?.state ?? 'no socket';
  if (got !== want) throw new Stop('fail', event.at, { expected: `tcpi_state ${want}`, got: `tcpi_state ${got}` });
}
