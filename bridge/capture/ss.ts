// Kernel TCP states seen by `ss` (iproute2): the parser of `ss -tanoH` lines, and a poller that
// runs it every ~20 ms during a real run and turns changes into state observations. A poll
// misses transitions shorter than its period (loopback handshakes take microseconds), so the
// observations are the states the kernel really held, not every state it went through.
import { execFile } from 'node:child_process';
import type { TcpState } from '../../src/tcp';
import { nowMicroseconds } from './clock';

export interface SsSocket {
  state: TcpState;
  /** The name ss printed (ESTAB, SYN-RECV, ...). */
  ssState: string;
  local: string;
  peer: string;
  recvQueue: number;
  sendQueue: number;
  /** `timer:(timewait,59sec,0)` as { name: 'timewait', remaining: '59sec', retransmits: 0 }. */
  timer?: { name: string; remaining: string; retransmits: number };
}

/** ss's short names to RFC 9293's (ss prints the kernel's tcp_state_name table). */
const stateNames: Record<string, TcpState> = {
  ESTAB: 'ESTABLISHED',
  'SYN-SENT': 'SYN-SENT',
  'SYN-RECV': 'SYN-RECEIVED',
  'FIN-WAIT-1': 'FIN-WAIT-1',
  'FIN-WAIT-2': 'FIN-WAIT-2',
  'TIME-WAIT': 'TIME-WAIT',
  UNCONN: 'CLOSED',
  CLOSE: 'CLOSED',
  'CLOSE-WAIT': 'CLOSE-WAIT',
  'LAST-ACK': 'LAST-ACK',
  LISTEN: 'LISTEN',
  CLOSING: 'CLOSING',
};

export function ssStateName(name: string): TcpState | undefined {
  return stateNames[name];
}

/** Parses the lines of `ss -tanoH` (no header); lines it does not understand are skipped. */
export function parseSsOutput(text: string): SsSocket[] {
  const sockets: SsSocket[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const [name, recvQueue, sendQueue, local, peer, ...rest] = fields;
    if (name === undefined || local === undefined || peer === undefined) continue;
    const state = ssStateName(name);
    if (state === undefined) continue;
    const socket: SsSocket = {
      state,
      ssState: name,
      local,
      peer,
      recvQueue: Number(recvQueue),
      sendQueue: Number(sendQueue),
    };
    const timer = /^timer:\(([^,]+),([^,]+),(\d+)\)$/.exec(rest.find((f) => f.startsWith('timer:')) ?? '');
    if (timer !== null) {
      socket.timer = { name: timer[1] ?? '', remaining: timer[2] ?? '', retransmits: Number(timer[3]) };
    }
    sockets.push(socket);
  }
  return sockets;
}

/** The ss filter for sockets with one of these ports at either end. */
export function ssFilter(ports: readonly number[]): string {
  return `( ${ports.map((p) => `sport = :${p} or dport = :${p}`).join(' or ')} )`;
}

/** A state change of one socket (local, peer), seen between two polls. */
export interface SsObservation {
  /** CLOCK_REALTIME microseconds of the poll that saw it. */
  t: number;
  local: string;
  peer: string;
  from: TcpState;
  to: TcpState;
  timer?: SsSocket['timer'];
}

/** Compares two snapshots: new sockets come from CLOSED, vanished ones go to CLOSED. */
export function diffSnapshots(before: readonly SsSocket[], after: readonly SsSocket[], t: number): SsObservation[] {
  const key = (s: SsSocket): string => `${s.local} ${s.peer}`;
  const old = new Map(before.map((s) => [key(s), s]));
  const observations: SsObservation[] = [];
  for (const socket of after) {
    const previous = old.get(key(socket));
    old.delete(key(socket));
    if (previous?.state === socket.state) continue;
    const observation: SsObservation = {
      t,
      local: socket.local,
      peer: socket.peer,
      from: previous?.state ?? 'CLOSED',
      to: socket.state,
    };
    if (socket.timer !== undefined) observation.timer = socket.timer;
    observations.push(observation);
  }
  for (const gone of old.values()) {
    if (gone.state !== 'CLOSED')
      observations.push({ t, local: gone.local, peer: gone.peer, from: gone.state, to: 'CLOSED' });
  }
  return observations;
}

export type SsRunner = (args: readonly string[]) => Promise<string>;

const runSs: SsRunner = (args) =>
  new Promise((resolve, reject) => {
    execFile('ss', [...args], { timeout: 2000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout) => {
      if (error) reject(error);
      else resolve(stdout);
    });
  });

/**
 * ss inside each of these network namespaces (`ss -N NAME`, iproute2's setns into
 * /run/netns/NAME), their lines joined: under the wire (bridge/netns) each host's sockets live in
 * its own namespace, where an ss of the bridge's namespace cannot see them. The namespaces' hosts
 * have distinct addresses, so the joined lines never mix two sockets.
 */
export function ssInNamespaces(namespaces: readonly string[], run: SsRunner = runSs): SsRunner {
  return async (args) => {
    const outputs = await Promise.all(namespaces.map((name) => run(['-N', name, ...args])));
    return outputs.map((text) => (text.endsWith('\n') || text === '' ? text : `${text}\n`)).join('');
  };
}

/** Whether `ss` can be run here; the reason when it cannot. */
export async function ssAvailability(run: SsRunner = runSs): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await run(['-tanoH', 'state', 'all', '( sport = :1 )']);
    return { ok: true };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return {
      ok: false,
      reason:
        code === 'ENOENT'
          ? 'ss is not installed (apt-get install iproute2): kernel TCP states are not shown'
          : `ss failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
    };
  }
}

/**
 * Polls ss every `intervalMs` (one poll at a time, never overlapping) until stop(), which does
 * one last poll so that TIME-WAIT, which outlives the run, is seen with its remaining timer.
 */
export class SsPoller {
  private snapshot: SsSocket[] = [];
  private readonly observations: SsObservation[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** The last error of ss, if a poll failed. */
  error: string | undefined;

  constructor(
    private readonly ports: readonly number[],
    private readonly onObservation: (o: SsObservation) => void = () => {},
    private readonly intervalMs = 20,
    private readonly run: SsRunner = runSs,
  ) {}

  start(): void {
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.poll().finally(() => {
        this.running = undefined;
        this.schedule(this.intervalMs);
      });
    }, delayMs);
  }

  private async poll(): Promise<void> {
    if (this.ports.length === 0) return;
    let text: string;
    const startedAt = nowMicroseconds();
    try {
      text = await this.run(['-tanoH', 'state', 'all', ssFilter(this.ports)]);
    } catch (error) {
      this.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return;
    }
    // ss reads the kernel somewhere between its start and its end: the midpoint is the best guess.
    const t = Math.round((startedAt + nowMicroseconds()) / 2);
    const next = parseSsOutput(text);
    for (const observation of diffSnapshots(this.snapshot, next, t)) {
      this.observations.push(observation);
      this.onObservation(observation);
    }
    this.snapshot = next;
  }

  /** Stops polling after a final poll; returns every observation, in time order. */
  async stop(): Promise<SsObservation[]> {
    if (this.stopped) return [...this.observations];
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.running !== undefined) await this.running;
    await this.poll();
    return [...this.observations];
  }

  /** The sockets seen by the last poll (TIME-WAIT ones keep their timer). */
  lastSnapshot(): readonly SsSocket[] {
    return this.snapshot;
  }
}

/** "local peer" of the sockets in TIME-WAIT on these ports now (confirms the kernel's timewait hand-off). */
export async function timeWaitSockets(ports: readonly number[], run: SsRunner = runSs): Promise<Set<string>> {
  if (ports.length === 0) return new Set();
  // `state all`: with a single state ss leaves out its State column.
  const text = await run(['-tanoH', 'state', 'all', ssFilter(ports)]);
  return new Set(
    parseSsOutput(text)
      .filter((s) => s.state === 'TIME-WAIT')
      .map((s) => `${s.local} ${s.peer}`),
  );
}
