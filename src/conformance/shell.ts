// The shell commands of the FreeBSD scripts, read for what they mean on the simulated host:
// `sysctl -w` (the sizes and timers the simulator models set its TCP parameters; the rest is
// recorded), `sockstat ... | grep -c STATE | grep N` (a state assertion: N sockets in STATE) and
// `tcpdrop -s TIME_WAIT` (drop the connections in TIME-WAIT). Anything else is unsupported.
import type { tcpConfig } from '../sim/profiles';
import type { TcpState } from '../tcp';
import type { ScriptRun } from './peer';
import type { Script } from './script';
import type { SyscallOutcome } from './syscalls';

type TcpOverrides = NonNullable<Parameters<typeof tcpConfig>[1]>;

/** FreeBSD sysctls that are the host's defaults for what the simulator models. */
const MODELLED: Record<string, (value: number, out: TcpOverrides) => void> = {
  'net.inet.tcp.recvspace': (v, out) => (out.rcvBufBytes = v), // the default SO_RCVBUF
  'net.inet.tcp.sendspace': (v, out) => (out.sndBufBytes = v), // the default SO_SNDBUF
  'net.inet.tcp.rexmit_initial': (v, out) => (out.initialRtoMs = v), // RFC 6298 2.1's initial RTO, in ms
};

/**
 * FreeBSD sysctls that select a behaviour by name; the simulator has one behaviour for each, so a
 * script that sets one is run as is and its expectations are judged by the stack-differences file.
 */
const BEHAVIOURS = new Set([
  'net.inet.tcp.insecure_rst', // 1: RFC 793 reset processing instead of RFC 5961 3.2
  'net.inet.tcp.insecure_syn', // 1: RFC 793 SYN processing instead of RFC 5961 4.2
  'net.inet.tcp.drop_synfin', // 1: drop segments with both SYN and FIN
  'net.inet.tcp.blackhole', // >0: no RST for segments to closed ports
]);

const SYSCTL = /^sysctl\s+-w\s+([\w.]+)=(\S+)$/;

/** The TCP parameters the script's leading sysctls set, and the IPv6 MSS for an -ipv6 script. */
export function configFromSysctls(script: Script, ipv6: boolean): TcpOverrides {
  // packetdrill runs IPv6 scripts over IPv6, whose header is 20 bytes longer than IPv4's: the MSS a
  // 1500-byte link allows is 1440 (RFC 8200 5, RFC 9293 3.7.1). The simulator runs them over IPv4.
  const out: TcpOverrides = ipv6 ? { mss: 1440 } : {};
  for (const event of script.events) {
    if (event.body.kind !== 'shell') break; // only the settings made before the first socket call
    const m = SYSCTL.exec(event.body.command);
    const apply = m ? MODELLED[m[1] ?? ''] : undefined;
    if (m && apply) apply(Number(m[2]), out);
  }
  return out;
}

const FREEBSD_STATES: Record<string, TcpState> = {
  CLOSED: 'CLOSED',
  LISTEN: 'LISTEN',
  SYN_SENT: 'SYN-SENT',
  SYN_RCVD: 'SYN-RECEIVED',
  ESTABLISHED: 'ESTABLISHED',
  CLOSE_WAIT: 'CLOSE-WAIT',
  FIN_WAIT_1: 'FIN-WAIT-1',
  CLOSING: 'CLOSING',
  LAST_ACK: 'LAST-ACK',
  FIN_WAIT_2: 'FIN-WAIT-2',
  TIME_WAIT: 'TIME-WAIT',
};

/** `sockstat -4 -P tcp [-p port] -s [| grep packetdril] | grep -c STATE | grep N`. */
function sockstat(run: ScriptRun, command: string): SyscallOutcome | null {
  const stages = command.split('|').map((s) => s.trim());
  const head = stages[0] ?? '';
  const port = /\s-p\s+(\d+)/.exec(head)?.[1];
  const ownedOnly = stages.includes('grep packetdril');
  const stateName = stages.map((s) => /^grep\s+-c\s+(\w+)$/.exec(s)?.[1]).find((s) => s !== undefined);
  const count = stages.map((s) => /^grep\s+(\d+)$/.exec(s)?.[1]).find((s) => s !== undefined);
  const state = stateName ? FREEBSD_STATES[stateName] : undefined;
  if (!state || count === undefined) return null;
  const matching = run
    .tcpSockets()
    .filter(
      (sock) =>
        sock.state === state &&
        (!ownedOnly || sock.held) &&
        (port === undefined || sock.localPort === Number(port) || sock.remotePort === Number(port)),
    );
  return { expected: `${count} sockets in ${stateName}`, got: `${matching.length} sockets in ${stateName}` };
}

export function runShell(run: ScriptRun, command: string): SyscallOutcome | null {
  const sysctl = SYSCTL.exec(command);
  if (sysctl) {
    const [, name = '', value = ''] = sysctl;
    if (BEHAVIOURS.has(name) && value !== '0') run.differences.add(`sysctl ${name}=${value}`);
    return { expected: command, got: command };
  }
  if (command.startsWith('sockstat ')) return sockstat(run, command);
  if (command === 'tcpdrop -s TIME_WAIT') {
    for (const sock of run.tcpSockets())
      if (sock.state === 'TIME-WAIT') sock.abort({ en: 'tcpdrop -s TIME_WAIT', fr: 'tcpdrop -s TIME_WAIT' });
    return { expected: command, got: command };
  }
  return null;
}
