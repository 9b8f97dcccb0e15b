// Kernel tracepoints of a real run (README "Bridge"): the parser of tracefs trace_pipe lines
// (sock:inet_sock_set_state, tcp:tcp_probe, tcp:tcp_cong_state_set, tcp:tcp_retransmit_skb,
// tcp:tcp_retransmit_synack, tcp:tcp_send_reset, tcp:tcp_receive_reset, sock:inet_sk_error_report),
// and KernelTracer, which drives bridge/capture/tracefs_reader.py. The reader owns the tracefs
// instance (instances/wirestep-<pid>-<n>, trace clock "mono") and removes it when told to stop,
// on a signal, or when its stdin closes because the bridge died — so tracing is always left as
// it was found.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TcpState } from '../../src/tcp';

export const tracefsReaderPath = fileURLToPath(new URL('./tracefs_reader.py', import.meta.url));

export type TracepointAvailability = { ok: true } | { ok: false; reason: string };

interface RecordBase {
  /** The trace clock's time (CLOCK_MONOTONIC), microseconds: the kernel prints µs. */
  monoUs: number;
  /** The task that was running when the event fired (often not the socket's owner: softirq). */
  task: string;
  cpu: number;
  /** The socket's own address and its peer's, "a.b.c.d:port"; a listener's peer is "0.0.0.0:*". */
  local: string;
  peer: string;
}

export type TracepointRecord =
  | (RecordBase & { event: 'inet_sock_set_state'; from: TcpState; to: TcpState; oldstate: string; newstate: string })
  /** `err`: what sending the retransmission returned (0: it left). */
  | (RecordBase & { event: 'tcp_retransmit_skb'; state: string; err: number })
  /** A SYN-ACK the listener sent again for a half-open connection (its 4-tuple is the child's). */
  | (RecordBase & { event: 'tcp_retransmit_synack' })
  | (RecordBase & { event: 'tcp_send_reset'; state: string; reason: string })
  | (RecordBase & { event: 'tcp_receive_reset' })
  | (RecordBase & { event: 'tcp_probe' } & ProbeValues)
  /** Linux's tcp_ca_state: 0 Open, 1 Disorder, 2 CWR, 3 Recovery, 4 Loss. */
  | (RecordBase & { event: 'tcp_cong_state_set'; congState: number })
  /** The errno (positive, sk->sk_err) the kernel reported to the socket; protocol as printed. */
  | (RecordBase & { event: 'inet_sk_error_report'; protocol: string; error: number });

/**
 * What tcp:tcp_probe prints on 6.18 (include/trace/events/tcp.h), recorded in tcp_rcv_established()
 * as a segment arrives on an ESTABLISHED socket, before the kernel processes it. Sequence numbers
 * are absolute; windows are bytes (snd_wnd already scaled); cwnd and ssthresh count segments;
 * ssthresh is tcp_current_ssthresh() (0x7fffffff: TCP_INFINITE_SSTHRESH); srtt is srtt_us >> 3,
 * microseconds, 0 before the first RTT sample. The format has no MSS and no RCV.NXT.
 */
export interface ProbeValues {
  dataLen: number;
  sndNxt: number;
  sndUna: number;
  cwnd: number;
  ssthresh: number;
  sndWnd: number;
  srttUs: number;
  rcvWnd: number;
  /** The socket cookie (hex), stable for the socket's life. */
  cookie: string;
}

const probeFields: [keyof ProbeValues, string][] = [
  ['dataLen', 'data_len'],
  ['sndNxt', 'snd_nxt'],
  ['sndUna', 'snd_una'],
  ['cwnd', 'snd_cwnd'],
  ['ssthresh', 'ssthresh'],
  ['sndWnd', 'snd_wnd'],
  ['srttUs', 'srtt'],
  ['rcvWnd', 'rcv_wnd'],
];

/** tcp_probe's numbers (snd_nxt and snd_una print as %#x hex); undefined when one is missing. */
function probeValues(f: Map<string, string>): ProbeValues | undefined {
  const values: Partial<Record<keyof ProbeValues, number | string>> = { cookie: f.get('sock_cookie') ?? '' };
  for (const [key, name] of probeFields) {
    const text = f.get(name);
    const value = text === undefined ? Number.NaN : Number(text);
    if (!Number.isInteger(value) || value < 0) return undefined;
    values[key] = value;
  }
  return values as unknown as ProbeValues;
}

/** The kernel's tcp_state_name table to RFC 9293's names. */
const kernelStates: Record<string, TcpState> = {
  TCP_ESTABLISHED: 'ESTABLISHED',
  TCP_SYN_SENT: 'SYN-SENT',
  TCP_SYN_RECV: 'SYN-RECEIVED',
  TCP_NEW_SYN_RECV: 'SYN-RECEIVED',
  TCP_FIN_WAIT1: 'FIN-WAIT-1',
  TCP_FIN_WAIT2: 'FIN-WAIT-2',
  TCP_TIME_WAIT: 'TIME-WAIT',
  TCP_CLOSE: 'CLOSED',
  TCP_CLOSE_WAIT: 'CLOSE-WAIT',
  TCP_LAST_ACK: 'LAST-ACK',
  TCP_LISTEN: 'LISTEN',
  TCP_CLOSING: 'CLOSING',
};

export function kernelStateName(name: string): TcpState | undefined {
  return kernelStates[name];
}

// "   python3-21577   [000] .Ns2.  4652.551421: inet_sock_set_state: family=AF_INET ..."
const linePattern = /^\s*(.+)-(\d+)\s+\[(\d+)\]\s+\S+\s+(\d+)\.(\d{6}):\s+(\w+):\s+(.*)$/;

function fields(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of text.trim().split(/\s+/)) {
    const at = pair.indexOf('=');
    if (at > 0) map.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return map;
}

/** The endpoints of a record with saddr/sport/daddr/dport fields; a peer port 0 is "*". */
function endpoints(f: Map<string, string>): { local: string; peer: string } | undefined {
  const [saddr, sport, daddr, dport] = [f.get('saddr'), f.get('sport'), f.get('daddr'), f.get('dport')];
  if (saddr === undefined || sport === undefined || daddr === undefined || dport === undefined) return undefined;
  return { local: `${saddr}:${sport}`, peer: `${daddr}:${dport === '0' ? '*' : dport}` };
}

/** One trace_pipe line as a record; lines of other events, IPv6 or other protocols give undefined. */
export function parseTraceLine(line: string): TracepointRecord | undefined {
  const match = linePattern.exec(line);
  if (match === null) return undefined;
  const [, task = '', , cpu = '0', seconds = '0', micros = '0', event = '', rest = ''] = match;
  const f = fields(rest);
  const base = { monoUs: Number(seconds) * 1_000_000 + Number(micros), task, cpu: Number(cpu) };
  if (event === 'tcp_send_reset' || event === 'tcp_probe') {
    // src/dest print as "a.b.c.d:port" (%pISpc), IPv6 as "[…]:port".
    const [local, peer] = [f.get('src'), f.get('dest')];
    if (local === undefined || peer === undefined || local.includes('[')) return undefined;
    if (event === 'tcp_send_reset') {
      return { ...base, event, local, peer, state: f.get('state') ?? '', reason: f.get('reason') ?? '' };
    }
    const values = f.get('family') === 'AF_INET' ? probeValues(f) : undefined;
    return values === undefined ? undefined : { ...base, event, local, peer, ...values };
  }
  if (f.get('family') !== 'AF_INET') return undefined;
  const ends = endpoints(f);
  if (ends === undefined) return undefined;
  if (event === 'inet_sock_set_state') {
    if (f.get('protocol') !== 'IPPROTO_TCP') return undefined;
    const [oldstate = '', newstate = ''] = [f.get('oldstate'), f.get('newstate')];
    const [from, to] = [kernelStateName(oldstate), kernelStateName(newstate)];
    if (from === undefined || to === undefined) return undefined;
    return { ...base, ...ends, event, from, to, oldstate, newstate };
  }
  if (event === 'tcp_retransmit_skb') {
    return { ...base, ...ends, event, state: f.get('state') ?? '', err: Number(f.get('err') ?? 0) };
  }
  if (event === 'tcp_receive_reset' || event === 'tcp_retransmit_synack') return { ...base, ...ends, event };
  if (event === 'tcp_cong_state_set') {
    const congState = Number(f.get('cong_state'));
    return Number.isInteger(congState) ? { ...base, ...ends, event, congState } : undefined;
  }
  if (event === 'inet_sk_error_report') {
    const error = Number(f.get('error'));
    if (!Number.isInteger(error)) return undefined;
    return { ...base, ...ends, event, protocol: f.get('protocol') ?? '', error };
  }
  return undefined;
}

/** How the trace clock relates to CLOCK_REALTIME, read by the reader at its start. */
export interface TraceClock {
  clock: 'mono';
  /** CLOCK_REALTIME − CLOCK_MONOTONIC, microseconds (fractional). */
  offsetUs: number;
  /** Half the width of the tightest bracketing read, microseconds: the offset's uncertainty. */
  errorUs: number;
}

/** A record's time on CLOCK_REALTIME µs, the clock of the runner and of tcpdump. */
export function realtimeUs(record: TracepointRecord, clock: TraceClock): number {
  return Math.round(record.monoUs + clock.offsetUs);
}

type ReaderLine =
  | { kind: 'ready'; instance: string; clock: 'mono'; offsetNs: number; errorNs: number }
  | { kind: 'line'; text: string }
  | { kind: 'end'; offsetNs: number; errorNs: number }
  | { kind: 'error'; reason: string }
  | { ok: boolean; reason?: string };

function parseReaderLine(text: string): ReaderLine | undefined {
  try {
    return JSON.parse(text) as ReaderLine;
  } catch {
    return undefined;
  }
}

/** Whether this process may trace: root, tracefs mounted or mountable, the tracepoint present. */
export function tracepointAvailability(python = 'python3'): Promise<TracepointAvailability> {
  if (process.getuid?.() !== 0) {
    return Promise.resolve({
      ok: false,
      reason: 'kernel tracepoints need root (tracefs instances): the bridge is not running as root',
    });
  }
  return new Promise((resolve) => {
    const child = spawn(python, [tracefsReaderPath, 'check'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 5000 });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('error', (error) => resolve({ ok: false, reason: `cannot run ${python}: ${error.message}` }));
    child.once('close', () => {
      const answer = parseReaderLine(out.trim());
      if (answer !== undefined && 'ok' in answer && answer.ok) return resolve({ ok: true });
      const reason = answer !== undefined && 'reason' in answer ? answer.reason : undefined;
      resolve({ ok: false, reason: `kernel tracepoints unavailable: ${reason ?? 'the tracefs check failed'}` });
    });
  });
}

let instances = 0;

/** If the reader could not clean up (killed with SIGKILL), its instance is removed from here. */
function removeLeftInstance(path: string): void {
  if (!/\/instances\/wirestep-\d+-\d+$/.test(path) || !existsSync(path)) return;
  try {
    for (const event of ['sock/inet_sock_set_state', ...optionalEvents]) {
      const enable = join(path, 'events', event, 'enable');
      if (existsSync(enable)) writeFileSync(enable, '0');
    }
    rmdirSync(path);
    // The reader's own mount (tracefs was not mounted before) goes too.
    const root = path.replace(/\/instances\/[^/]+$/, '');
    if (/\/wirestep-tracefs-[^/]+$/.test(root)) {
      execFileSync('umount', ['-l', root], { timeout: 2000 });
      rmdirSync(root);
    }
  } catch {
    // tracefs refused: nothing more can be done from here
  }
}
const optionalEvents = [
  'tcp/tcp_retransmit_skb',
  'tcp/tcp_retransmit_synack',
  'tcp/tcp_send_reset',
  'tcp/tcp_receive_reset',
  'tcp/tcp_probe',
  'tcp/tcp_cong_state_set',
  'sock/inet_sk_error_report',
];

export interface KernelTracerOptions {
  ports: readonly number[];
  python?: string;
  startTimeoutMs?: number;
  /** Bounds the records kept. */
  maxRecords?: number;
  /** Bounds the tcp_probe records kept (one per arriving segment), so they never crowd out states. */
  maxProbes?: number;
}

/** A running tracefs reader. */
export class KernelTracer {
  readonly records: TracepointRecord[] = [];
  /** tcp_probe records beyond maxProbes, not kept. */
  probesDropped = 0;
  private probes = 0;
  clock: TraceClock = { clock: 'mono', offsetUs: 0, errorUs: 0 };
  instance = '';
  private exited = false;
  private readonly exit: Promise<void>;
  private pending = '';
  private readonly listeners = new Set<(line: ReaderLine) => void>();

  private constructor(
    private readonly child: ChildProcess,
    private readonly maxRecords: number,
    private readonly maxProbes: number,
  ) {
    this.exit = new Promise((resolve) =>
      child.once('close', () => {
        this.exited = true;
        resolve();
      }),
    );
    child.stdout?.on('data', (chunk: Buffer) => this.onData(chunk.toString('utf8')));
  }

  private onData(text: string): void {
    const lines = (this.pending + text).split('\n');
    this.pending = lines.pop() ?? '';
    for (const raw of lines) {
      const line = parseReaderLine(raw);
      if (line === undefined) continue;
      if ('kind' in line && line.kind === 'line') {
        this.keep(parseTraceLine(line.text));
      }
      if ('kind' in line && (line.kind === 'ready' || line.kind === 'end')) {
        this.clock = { clock: 'mono', offsetUs: line.offsetNs / 1000, errorUs: line.errorNs / 1000 };
        if (line.kind === 'ready') this.instance = line.instance;
      }
      for (const listener of this.listeners) listener(line);
    }
  }

  private keep(record: TracepointRecord | undefined): void {
    if (record === undefined) return;
    if (record.event === 'tcp_probe' && ++this.probes > this.maxProbes) {
      this.probesDropped++;
      return;
    }
    if (this.records.length < this.maxRecords) this.records.push(record);
  }

  /** Starts the reader and resolves once its instance records (or rejects with its reason). */
  static start(options: KernelTracerOptions): Promise<KernelTracer> {
    const name = `wirestep-${process.pid}-${++instances}`;
    const args = [tracefsReaderPath, 'run', name, options.ports.join(',')];
    // stdin stays a pipe: when the bridge dies it closes, and the reader cleans up.
    const child = spawn(options.python ?? 'python3', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin?.on('error', () => {}); // the reader may be gone already
    const tracer = new KernelTracer(child, options.maxRecords ?? 100_000, options.maxProbes ?? 20_000);
    return new Promise((resolve, reject) => {
      const fail = (reason: string): void => {
        clearTimeout(timer);
        void tracer.stop();
        reject(new Error(reason));
      };
      const timer = setTimeout(
        () => fail('the tracefs reader did not start within 5 s'),
        options.startTimeoutMs ?? 5000,
      );
      child.once('error', (error) => fail(`cannot start the tracefs reader: ${error.message}`));
      child.once('exit', (code) => fail(`the tracefs reader exited (${String(code)})`));
      tracer.listeners.add((line) => {
        if (!('kind' in line)) return;
        if (line.kind === 'error') fail(line.reason);
        if (line.kind === 'ready') {
          clearTimeout(timer);
          resolve(tracer);
        }
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return !this.exited;
  }

  /** Asks the reader to drain and clean up; SIGTERM, then SIGKILL if it lingers. */
  async stop(graceMs = 2000): Promise<void> {
    if (this.exited) return;
    this.child.stdin?.end('stop\n');
    const terminate = setTimeout(() => this.child.kill('SIGTERM'), graceMs);
    const kill = setTimeout(() => this.child.kill('SIGKILL'), graceMs * 2);
    await this.exit;
    clearTimeout(terminate);
    clearTimeout(kill);
    removeLeftInstance(this.instance);
  }
}
