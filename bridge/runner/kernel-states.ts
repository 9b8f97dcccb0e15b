// The kernel's own account of a real run (bridge/capture/tracepoints.ts) as Trace events: every
// sock:inet_sock_set_state record of the run's sockets becomes a `state` event (`observed`,
// stamped with the kernel's time), resets, retransmissions and errors reported to a socket
// (sock:inet_sk_error_report, UDP's included) become notes. Only exact 4-tuples
// the runner named are kept, so sockets of earlier runs on the same ports never show.
//
// Linux's shapes, shown faithfully and explained in the cause text:
// - A connection that enters TIME-WAIT is handed to a timewait socket: the full socket reports
//   FIN_WAIT2 → CLOSE (or CLOSING → CLOSE) and the timewait socket, which reports nothing, holds
//   TIME-WAIT for 60 s (TCP_TIMEWAIT_LEN). The trace shows FIN-WAIT-2 → TIME-WAIT, confirmed by ss
//   when it can tell, and a note that no tracepoint reports the timewait socket's end.
// - An accepted socket is created only when the final ACK arrives (until then a request sock,
//   TCP_NEW_SYN_RECV, holds the half-open connection and reports no state): its LISTEN →
//   SYN-RECEIVED and SYN-RECEIVED → ESTABLISHED come at the same instant.
import type { TcpState } from '../../src/tcp';
import type { LocalizedText, NoteEvent, StateEvent, TraceEvent, TraceHost } from '../../src/trace/types';
import { realtimeUs, type TraceClock, type TracepointRecord } from '../capture/tracepoints';
import type { SocketDirectory } from './merge';

export interface KernelInput {
  records: readonly TracepointRecord[];
  clock: TraceClock;
  /** "local peer" of the run's sockets ss saw in TIME-WAIT at the end; undefined: ss could not tell. */
  timeWait?: ReadonlySet<string>;
  /** tcp_probe records the tracer did not keep (its bound). */
  probesDropped?: number;
  /** The sockets' congestion control (net.ipv4.tcp_congestion_control), when known. */
  congestionControl?: string;
}

const timeWaitFrom: readonly TcpState[] = ['FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSING'];

const timeWaitText = (kernel: string): LocalizedText => ({
  en: `kernel: ${kernel}; a timewait socket now holds the connection in TIME-WAIT (60 s on Linux)`,
  fr: `noyau : ${kernel} ; une socket timewait garde désormais la connexion en TIME-WAIT (60 s sous Linux)`,
});
const timeWaitEndNote: LocalizedText = {
  en: 'TIME-WAIT is held by a Linux timewait socket for 60 s, beyond the end of this run; no tracepoint reports its end, so this trace shows none',
  fr: 'TIME-WAIT est tenu par une socket timewait de Linux pendant 60 s, au-delà de la fin de cette exécution ; aucun point de trace ne signale sa fin, cette trace n’en montre donc pas',
};
const childText = (kernel: string): LocalizedText => ({
  en: `kernel: ${kernel}; Linux creates the accepted socket only when the final ACK of the handshake arrives`,
  fr: `noyau : ${kernel} ; Linux ne crée la socket acceptée qu’à l’arrivée de l’ACK final de la poignée de main`,
});

/** The run's own endpoints: a record belongs to the run when its 4-tuple is one the runner named. */
interface Matcher {
  directory: SocketDirectory;
  hosts: readonly TraceHost[];
  ports: ReadonlySet<number>;
}

function endpointPort(endpoint: string): number {
  return Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));
}

function hostOfAddress(hosts: readonly TraceHost[], endpoint: string): string | undefined {
  const addr = endpoint.slice(0, endpoint.lastIndexOf(':'));
  return hosts.find((h) => h.addr === addr)?.name;
}

/** Kernel records of the run as Trace events, on absolute CLOCK_REALTIME µs (the caller makes them relative). */
export function kernelEvents(kernel: KernelInput, matcher: Matcher): TraceEvent[] {
  const events: TraceEvent[] = [];
  const resetReceived = new Set<string>();
  let timeWaitNoted = false;
  for (const record of kernel.records) {
    const t = realtimeUs(record, kernel.clock);
    const key = `${record.local} ${record.peer}`;
    if (record.event === 'inet_sock_set_state') {
      const binding = matcher.directory.find(key, t);
      if (binding === undefined) continue; // not a socket of this run
      const state = stateEvent(record, t, binding, kernel.timeWait, resetReceived.has(key));
      events.push(state);
      if (state.to === 'TIME-WAIT' && !timeWaitNoted) {
        timeWaitNoted = true;
        events.push({ t, kind: 'note', host: binding.host, text: timeWaitEndNote });
      }
      continue;
    }
    if (record.event === 'tcp_probe' || record.event === 'tcp_cong_state_set') continue; // kernel-tcb.ts
    if (record.event === 'tcp_receive_reset') resetReceived.add(key);
    const note = kernelNote(record, t, matcher);
    if (note !== undefined) events.push(note);
  }
  return events;
}

function stateEvent(
  record: Extract<TracepointRecord, { event: 'inet_sock_set_state' }>,
  t: number,
  binding: { host: string; socket: number },
  timeWait: ReadonlySet<string> | undefined,
  reset: boolean,
): StateEvent {
  const kernel = `${record.oldstate} → ${record.newstate}`;
  const key = `${record.local} ${record.peer}`;
  // Without ss, a close from FIN-WAIT-2 or CLOSING that no RST caused is TIME-WAIT (tcp_time_wait()).
  const toTimeWait =
    record.to === 'CLOSED' &&
    timeWaitFrom.includes(record.from) &&
    (timeWait?.has(key) ?? (!reset && record.from !== 'FIN-WAIT-1'));
  const child = record.from === 'LISTEN' && record.to === 'SYN-RECEIVED' && !record.peer.endsWith(':*');
  const text: LocalizedText = toTimeWait
    ? timeWaitText(kernel)
    : child
      ? childText(kernel)
      : { en: `kernel: ${kernel}`, fr: `noyau : ${kernel}` };
  return {
    t,
    kind: 'state',
    host: binding.host,
    socket: binding.socket,
    from: record.from,
    to: toTimeWait ? 'TIME-WAIT' : record.to,
    // The tracepoint says what changed, not why.
    reason: 'observed',
    cause: text.en,
    causeText: text,
    inferred: false,
  };
}

/** Linux's numbers (asm-generic/errno*.h) of the errors a socket is told about. */
const linuxErrnos: Record<number, string> = {
  32: 'EPIPE',
  90: 'EMSGSIZE',
  101: 'ENETUNREACH',
  103: 'ECONNABORTED',
  104: 'ECONNRESET',
  110: 'ETIMEDOUT',
  111: 'ECONNREFUSED',
  113: 'EHOSTUNREACH',
};

function kernelNote(record: TracepointRecord, t: number, matcher: Matcher): NoteEvent | undefined {
  // A UDP socket is known by its own address only (SocketDirectory "local *").
  const direct =
    matcher.directory.find(`${record.local} ${record.peer}`, t) ??
    (record.event === 'inet_sk_error_report' ? matcher.directory.find(`${record.local} *`, t) : undefined);
  const own = direct ?? matcher.directory.find(`${record.peer} ${record.local}`, t);
  // A reset from a port nobody listens on (skaddr 0) has no socket: the run's port and hosts say it is ours.
  const ours =
    own !== undefined ||
    (matcher.ports.has(endpointPort(record.local)) &&
      hostOfAddress(matcher.hosts, record.local) !== undefined &&
      hostOfAddress(matcher.hosts, record.peer) !== undefined);
  if (!ours) return undefined;
  // `local` is the side the event happened on (the sender of a reset, the receiver of one).
  const host = direct?.host ?? hostOfAddress(matcher.hosts, record.local);
  const base = { t, kind: 'note' as const, ...(host !== undefined ? { host } : {}) };
  switch (record.event) {
    case 'tcp_send_reset':
      return {
        ...base,
        text: {
          en: `kernel: RST sent from ${record.local} to ${record.peer} (reason ${record.reason}, state ${record.state})`,
          fr: `noyau : RST envoyé de ${record.local} à ${record.peer} (raison ${record.reason}, état ${record.state})`,
        },
      };
    case 'tcp_receive_reset':
      return {
        ...base,
        text: {
          en: `kernel: RST received by ${record.local} from ${record.peer}`,
          fr: `noyau : RST reçu par ${record.local} de ${record.peer}`,
        },
      };
    case 'inet_sk_error_report': {
      const errno = `${linuxErrnos[record.error] ?? 'errno'} (${record.error})`;
      return {
        ...base,
        text: {
          en: `kernel: error ${errno} reported to the socket ${record.local} (peer ${record.peer})`,
          fr: `noyau : erreur ${errno} signalée à la socket ${record.local} (pair ${record.peer})`,
        },
      };
    }
    case 'tcp_retransmit_synack':
      return {
        ...base,
        text: {
          en: `kernel: SYN-ACK retransmitted from ${record.local} to ${record.peer} (the handshake's final ACK had not come)`,
          fr: `noyau : SYN-ACK retransmis de ${record.local} à ${record.peer} (l’ACK final de la poignée de main n’était pas arrivé)`,
        },
      };
    case 'tcp_retransmit_skb':
      return {
        ...base,
        text: {
          en: `kernel: segment retransmitted from ${record.local} to ${record.peer} (state ${record.state})`,
          fr: `noyau : segment retransmis de ${record.local} à ${record.peer} (état ${record.state})`,
        },
      };
    default:
      return undefined;
  }
}
