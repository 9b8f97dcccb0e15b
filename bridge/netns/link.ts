// Every lesson under its own link, for real (issue 10 item 2): one network namespace per lesson
// host, joined by the userspace wire (bridge/wire/wire.py) over TUN devices, which applies the
// lesson's link and fault rules and writes the pcap the real Trace's packets come from.
//
// Cleanup is guaranteed three ways, like bridge/capture/lifeline.py: the wire deletes its
// namespaces and closes its TUNs (the kernel deletes them) on stdin EOF, which it reads the moment
// this process closes its end or dies, and on SIGTERM (PR_SET_PDEATHSIG too); stop() waits for
// that and then deletes whatever is left of this wire's namespaces; every new run first sweeps
// namespaces of wires whose process is gone (a wire killed with SIGKILL cannot clean up).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../../src/scenario/schema';

export const wirePath = fileURLToPath(new URL('../wire/wire.py', import.meta.url));

/** The prefix of every namespace a wire makes: ws-<wire pid>-<host index>. */
export const namespacePrefix = 'ws-';

export type LinkAvailability = { ok: true } | { ok: false; reason: string };

/** The fate of one packet the wire took from a host (its pcap record `index`). */
export interface WireFate {
  kind: 'deliver' | 'drop';
  index: number;
  to: string;
  /** CLOCK_REALTIME µs. */
  t: number;
  /** Why it vanished; on a delivery, the delay or duplicate rules that moved or made it. */
  reason?: string;
}

export interface WireReady {
  /** Host name -> its network namespace (/run/netns/NAME). */
  namespaces: Record<string, string>;
  /**
   * Host name -> its address in the run's own /24 (10.0.k.x): the lesson's 10.0.0.x when no other
   * run holds that subnet, so that concurrent runs' sockets never share a 4-tuple (wire.py
   * claim_subnet).
   */
  addresses: Record<string, string>;
  /** The run's subnet, "10.0.k.0/24". */
  subnet: string;
  /** The namespace configuration read back in the last namespace made (sysctl name -> value). */
  sysctls: Record<string, string>;
}

function run(command: string, args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 10_000 }, (error, stdout, stderr) =>
      resolve({ ok: error === null, stdout, stderr }),
    );
  });
}

/** Whether this process may make namespaces and TUN devices, and why not (any scenario). */
export function machineLinkAvailability(): LinkAvailability {
  if (process.platform !== 'linux') return { ok: false, reason: 'network namespaces need Linux' };
  if (process.getuid?.() !== 0) {
    return { ok: false, reason: 'network namespaces and TUN devices need root (CAP_NET_ADMIN and CAP_SYS_ADMIN)' };
  }
  try {
    accessSync('/dev/net/tun', constants.R_OK | constants.W_OK);
  } catch {
    return { ok: false, reason: '/dev/net/tun is missing or not writable (modprobe tun)' };
  }
  return { ok: true };
}

/** Whether this scenario can run in namespaces here, and why not. */
export function linkAvailability(scenario: Scenario): LinkAvailability {
  const machine = machineLinkAvailability();
  if (!machine.ok) return machine;
  const outside = scenario.hosts.filter((h) => !/^10\.0\.0\.(\d+)$/.test(h.addr) || h.addr.endsWith('.255'));
  if (outside.length > 0) {
    // The wire's addresses exist only inside the namespaces it makes, all in 10.0.0.0/24.
    return { ok: false, reason: `hosts outside 10.0.0.0/24: ${outside.map((h) => h.addr).join(', ')}` };
  }
  return { ok: true };
}

/** Deletes the namespaces of wires whose process is gone (killed before they could clean up). */
export async function sweepStaleNamespaces(): Promise<string[]> {
  const listed = await run('ip', ['netns', 'list']);
  if (!listed.ok) return [];
  const stale: string[] = [];
  for (const line of listed.stdout.split('\n')) {
    const match = /^(ws-(\d+)-\d+)\b/.exec(line.trim());
    if (match === null) continue;
    if (isAlive(Number(match[2]))) continue;
    stale.push(match[1] as string);
  }
  for (const name of stale) await run('ip', ['netns', 'delete', name]);
  return stale;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A running wire: the lesson's hosts in their namespaces, the link between them. */
export class Wire {
  readonly fates: WireFate[] = [];
  private readonly exit: Promise<void>;
  private exited = false;
  private stderrText = '';
  private readonly dir: string;

  private constructor(
    private readonly child: ChildProcess,
    dir: string,
  ) {
    this.dir = dir;
    this.exit = new Promise((resolve) =>
      child.once('close', () => {
        this.exited = true;
        resolve();
      }),
    );
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      if (this.stderrText.length < 16_384) this.stderrText += chunk;
    });
    child.stdin?.on('error', () => {}); // a wire that is gone already
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get pcapPath(): string {
    return join(this.dir, 'wire.pcap');
  }

  /** Makes the namespaces and TUN devices; resolves once every host is up, or rejects with why. */
  static async start(
    scenario: Scenario,
    options: { python?: string; timeoutMs?: number } = {},
  ): Promise<[Wire, WireReady]> {
    await sweepStaleNamespaces();
    const dir = mkdtempSync(join(tmpdir(), 'wirestep-wire-'));
    const child = spawn(options.python ?? 'python3', [wirePath], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const wire = new Wire(child, dir);
    const config = {
      hosts: scenario.hosts,
      link: scenario.link,
      links: scenario.links,
      faults: scenario.faults,
      seed: scenario.seed ?? 1,
      pcap: wire.pcapPath,
    };
    child.stdin?.write(`${JSON.stringify(config)}\n`);
    const ready = await wire.awaitReady(options.timeoutMs ?? 10_000).catch(async (error: unknown) => {
      await wire.stop();
      throw error;
    });
    return [wire, ready];
  }

  private awaitReady(timeoutMs: number): Promise<WireReady> {
    return new Promise((resolve, reject) => {
      let buffered = '';
      const timer = setTimeout(() => reject(new Error(`the wire was not ready within ${timeoutMs} ms`)), timeoutMs);
      this.child.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`cannot start the wire: ${error.message}`));
      });
      void this.exit.then(() => {
        clearTimeout(timer);
        reject(new Error(`the wire exited: ${this.stderrText.trim().split('\n').pop() ?? ''}`));
      });
      this.child.stdout?.setEncoding('utf8');
      this.child.stdout?.on('data', (chunk: string) => {
        buffered += chunk;
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          const line = JSON.parse(buffered.slice(0, newline)) as Record<string, unknown>;
          buffered = buffered.slice(newline + 1);
          newline = buffered.indexOf('\n');
          if (line.kind === 'ready') {
            clearTimeout(timer);
            resolve({
              namespaces: line.namespaces as Record<string, string>,
              addresses: line.addresses as Record<string, string>,
              subnet: String(line.subnet),
              sysctls: line.sysctls as Record<string, string>,
            });
          } else if (line.kind === 'error') {
            clearTimeout(timer);
            reject(new Error(String(line.message)));
          } else if (line.kind === 'deliver' || line.kind === 'drop') this.fates.push(line as unknown as WireFate);
        }
      });
    });
  }

  /** The instant the programs start: crash faults count their atMs from it. */
  setStart(t0Us: number): void {
    this.child.stdin?.write(`${JSON.stringify({ start: t0Us })}\n`);
  }

  /** Every packet the hosts sent so far, as a pcap (LINKTYPE_RAW). */
  pcap(): Uint8Array {
    try {
      return new Uint8Array(readFileSync(this.pcapPath));
    } catch {
      return new Uint8Array();
    }
  }

  /** Ends the wire (EOF on its stdin), waits for its own cleanup, then removes what is left. */
  async stop(): Promise<void> {
    if (!this.exited) {
      this.child.stdin?.end();
      const killer = setTimeout(() => this.child.kill('SIGTERM'), 3000);
      const last = setTimeout(() => this.child.kill('SIGKILL'), 6000);
      await this.exit;
      clearTimeout(killer);
      clearTimeout(last);
    }
    const pid = this.child.pid;
    if (pid !== undefined) {
      const listed = await run('ip', ['netns', 'list']);
      for (const line of listed.stdout.split('\n')) {
        const name = line.trim().split(' ')[0] ?? '';
        if (name.startsWith(`${namespacePrefix}${pid}-`)) await run('ip', ['netns', 'delete', name]);
      }
    }
  }

  /** Removes the pcap's directory (after the Trace is built from it). */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
