// Packet capture of a real run: `tcpdump -i lo -U --immediate-mode -w -` filtered on the run's
// ports and addresses, its pcap stream kept in memory and parsed by the same importer as a
// dropped file (src/trace/import). Traffic starts only once tcpdump said "listening on lo", and
// stop() always leaves no tcpdump behind (SIGTERM, then SIGKILL). tcpdump runs under
// lifeline.py, which ends it when the bridge dies, even by SIGKILL (its stdin closes).
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCapture } from '../../src/trace/import';
import type { CaptureResult, DecodedPacket } from '../../src/trace/import';

export const lifelinePath = fileURLToPath(new URL('./lifeline.py', import.meta.url));

export type CaptureAvailability = { ok: true; path: string } | { ok: false; reason: string };

const installHint = 'install it (apt-get install tcpdump)';
const grantHint =
  'run the bridge as root, or grant tcpdump the capture capabilities: sudo setcap cap_net_raw,cap_net_admin=eip';

function findInPath(name: string, pathVariable = process.env.PATH ?? ''): string | undefined {
  const places = [...pathVariable.split(delimiter), '/usr/sbin', '/sbin', '/usr/bin'];
  for (const dir of places) {
    if (dir === '') continue;
    const full = join(dir, name);
    try {
      accessSync(full, constants.X_OK);
      return full;
    } catch {
      // not here
    }
  }
  return undefined;
}

function getcap(path: string): Promise<string> {
  return new Promise((resolve) => {
    execFile('getcap', [path], { timeout: 2000 }, (error, stdout) => resolve(error ? '' : stdout));
  });
}

/** Whether this process may capture on lo: tcpdump installed, and root or tcpdump has cap_net_raw. */
export async function captureAvailability(): Promise<CaptureAvailability> {
  const path = findInPath('tcpdump');
  if (path === undefined) return { ok: false, reason: `tcpdump is not installed: ${installHint}` };
  if (process.getuid?.() === 0) return { ok: true, path };
  const caps = await getcap(path);
  if (/cap_net_raw/.test(caps)) return { ok: true, path };
  return {
    ok: false,
    reason: `capturing packets needs root or the cap_net_raw capability on ${path}: ${grantHint} ${path}`,
  };
}

/** A BPF filter for the run's ports on the run's addresses, plus ICMP errors between them. */
export function captureFilter(ports: readonly number[], addresses: readonly string[]): string {
  const hosts = addresses.map((a) => `host ${a}`).join(' or ');
  const portList = ports.map((p) => `port ${p}`).join(' or ');
  const traffic = ports.length > 0 ? `((tcp or udp) and (${portList}))` : '(tcp or udp)';
  return `(${traffic} or icmp) and (${hosts})`;
}

export interface CaptureOptions {
  ports: readonly number[];
  addresses: readonly string[];
  /** tcpdump's path (captureAvailability().path). */
  path: string;
  /** How long to wait for "listening on" before giving up. */
  startTimeoutMs?: number;
  /** Bounds the bytes kept in memory. */
  maxBytes?: number;
  /** The python3 that runs lifeline.py. */
  python?: string;
}

/** A running tcpdump. */
export class Capture {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private exited = false;
  private readonly exit: Promise<void>;
  private stderrText = '';
  private parsedPackets = 0;

  private constructor(
    private readonly child: ChildProcess,
    private readonly maxBytes: number,
  ) {
    this.exit = new Promise((resolve) => {
      // 'close': the exit and the end of the pcap stream, so no last packet is lost.
      child.once('close', () => {
        this.exited = true;
        resolve();
      });
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      if (this.size + chunk.length > this.maxBytes) return; // the bound: later packets are left out
      this.chunks.push(chunk);
      this.size += chunk.length;
    });
  }

  /** Starts tcpdump and resolves once it listens on lo (or rejects with its own message). */
  static start(options: CaptureOptions): Promise<Capture> {
    const args = [
      '-i',
      'lo',
      '-U',
      '--immediate-mode',
      '-n',
      '-w',
      '-',
      captureFilter(options.ports, options.addresses),
    ];
    // Its own process group, so that a last SIGKILL reaches tcpdump as well as its lifeline.
    const child = spawn(options.python ?? 'python3', [lifelinePath, options.path, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdin?.on('error', () => {}); // the lifeline may be gone already
    const capture = new Capture(child, options.maxBytes ?? 64 * 1024 * 1024);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        void capture.stop();
        reject(new Error(`tcpdump did not start within ${options.startTimeoutMs ?? 5000} ms`));
      }, options.startTimeoutMs ?? 5000);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`cannot start tcpdump: ${error.message}`));
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        capture.stderrText += chunk.toString('utf8');
        if (/listening on lo/.test(capture.stderrText)) {
          clearTimeout(timer);
          resolve(capture);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        const message = capture.stderrText.trim().split('\n').pop() ?? '';
        reject(new Error(`tcpdump exited (${String(code)}): ${message}`));
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  bytes(): Uint8Array {
    const all = Buffer.concat(this.chunks);
    return new Uint8Array(all.buffer, all.byteOffset, all.length);
  }

  /** The whole capture so far, parsed again (captures of a lesson are a few kilobytes). */
  parse(): CaptureResult {
    return parseCapture(this.bytes());
  }

  /** Packets not returned by an earlier call, for live streaming. A cut last record waits. */
  newPackets(): DecodedPacket[] {
    const packets = this.parse().packets;
    const fresh = packets.slice(this.parsedPackets);
    this.parsedPackets = packets.length;
    return fresh;
  }

  /** SIGTERM (the lifeline passes it on), then SIGKILL to the group; resolves once both are gone. */
  async stop(graceMs = 1000): Promise<void> {
    if (this.exited) return;
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => {
      if (this.exited || this.child.pid === undefined) return;
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        this.child.kill('SIGKILL');
      }
    }, graceMs * 2);
    await this.exit;
    clearTimeout(killer);
  }

  get running(): boolean {
    return !this.exited;
  }
}
