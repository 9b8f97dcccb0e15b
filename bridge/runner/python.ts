// Drives runner.py: sends it the scenario, waits for "ready" (its ports are known and free),
// says "go" once capture and ss are in place, and reads its JSON lines until "end".
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { maxFrameBytes, programNotes } from '../../src/scenario/program-notes';
import type { Scenario } from '../../src/scenario/schema';
import { TRACE_PAYLOAD_LIMIT } from '../../src/tcp';
import { bridgeLimits } from '../limits';
import type { RunnerEvent } from './merge';

export const runnerPath = fileURLToPath(new URL('./runner.py', import.meta.url));

export interface RunnerConfig {
  scenario: Scenario;
  /** Host name -> loopback address. */
  addresses: Record<string, string>;
  /** Scenario address (10.0.0.x, a broadcast) -> loopback address. */
  scenarioAddresses: Record<string, string>;
  /** Added to every port the scenario names; null lets the runner pick one if a port is taken. */
  portOffset: number | null;
  timeLimitS: number;
  /** Programs all blocked with nothing happening for this long are stopped (like Ctrl-C). */
  quietMs?: number;
  python?: string;
  /** Host name -> the network namespace its programs run in (bridge/netns/link.ts). */
  netns?: Record<string, string>;
  /** Set on every TCP socket (TCP_CONGESTION) when the namespace's default cannot be. */
  congestionControl?: string;
}

/** Notes only the runner writes: a mistake in the scenario, or in the runner itself. */
export const runnerNotes = {
  scenarioError: { en: 'scenario error: {error}', fr: 'erreur dans le scénario : {error}' },
  runnerError: { en: 'runner error: {error}', fr: 'erreur du runner : {error}' },
} as const;

/**
 * What runner.py takes from the TypeScript side rather than hard-coding it, so the simulator and
 * the runner cut payloads and word their notes alike: the first line it reads holds these too.
 */
export const sharedRunnerConfig = {
  tracePayloadLimit: TRACE_PAYLOAD_LIMIT,
  maxFrameBytes,
  notes: { ...programNotes, ...runnerNotes },
  // A port offset it picks keeps every port where checkBridgeLimits allows them.
  minPort: bridgeLimits.minPort,
  maxPort: bridgeLimits.maxPort,
};

export interface RunnerReady {
  portOffset: number;
  ports: number[];
}

export interface RunnerEnd {
  reason: 'ended' | 'stopped' | 'time limit' | 'aborted' | 'crashed';
  /** CLOCK_REALTIME µs. */
  t: number;
}

type Line =
  | { kind: 'ready'; portOffset: number; ports: number[]; t: number }
  | { kind: 'started'; t: number }
  | { kind: 'end'; reason: RunnerEnd['reason']; t: number }
  | RunnerEvent;

export class PythonRunner {
  readonly ready: Promise<RunnerReady>;
  readonly ended: Promise<RunnerEnd>;
  /** CLOCK_REALTIME µs at which the programs start (their startMs count from it). */
  readonly started: Promise<number>;
  private readonly child: ChildProcess;
  private stderrText = '';
  private exited = false;

  constructor(config: RunnerConfig, onEvent: (e: RunnerEvent) => void) {
    this.child = spawn(config.python ?? 'python3', [runnerPath], { stdio: ['pipe', 'pipe', 'pipe'] });
    let resolveReady: (r: RunnerReady) => void = () => {};
    let rejectReady: (e: Error) => void = () => {};
    this.ready = new Promise((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    let resolveEnd: (r: RunnerEnd) => void = () => {};
    this.ended = new Promise((resolve) => (resolveEnd = resolve));
    let resolveStarted: (t: number) => void = () => {};
    this.started = new Promise((resolve) => (resolveStarted = resolve));
    let ended = false;
    let buffered = '';
    this.child.stdout?.setEncoding('utf8');
    this.child.stdout?.on('data', (chunk: string) => {
      buffered += chunk;
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const text = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
        if (text.trim() === '') continue;
        let line: Line;
        try {
          line = JSON.parse(text) as Line;
        } catch {
          continue; // not ours: ignore rather than crash the run
        }
        if (line.kind === 'ready') resolveReady({ portOffset: line.portOffset, ports: line.ports });
        else if (line.kind === 'end') {
          ended = true;
          resolveEnd({ reason: line.reason, t: line.t });
        } else if (line.kind === 'started') resolveStarted(line.t);
        else onEvent(line);
      }
    });
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      if (this.stderrText.length < 65_536) this.stderrText += chunk;
    });
    const onGone = (): void => {
      this.exited = true;
      rejectReady(new Error(`the Python runner stopped before it was ready: ${this.lastError() || 'no message'}`));
      if (!ended) resolveEnd({ reason: 'crashed', t: Date.now() * 1000 });
    };
    this.child.once('exit', onGone);
    this.child.once('error', (error) => {
      this.stderrText += `cannot start ${config.python ?? 'python3'}: ${error.message}\n`;
      onGone();
    });
    this.child.stdin?.on('error', () => {}); // a runner that died already: reported through `ended`
    const { python: _python, ...sent } = config;
    void _python;
    this.child.stdin?.write(`${JSON.stringify({ quietMs: 500, ...sent, ...sharedRunnerConfig })}\n`);
  }

  /** Starts the programs (`started` then says when: runner.py starts them 20 ms later). */
  go(): void {
    this.child.stdin?.write('go\n');
  }

  /** Stops every program at once (they close their sockets); the runner then ends. */
  stop(): void {
    if (this.exited) return;
    this.child.stdin?.write('stop\n');
    setTimeout(() => {
      if (!this.exited) this.child.kill('SIGKILL');
    }, 3000).unref();
  }

  lastError(): string {
    return this.stderrText.trim().split('\n').slice(-3).join(' | ');
  }

  get running(): boolean {
    return !this.exited;
  }
}
