// The reader for Trace version 1 files (written before state events carried a `reason` code):
// the one place that still reads the English cause text, so that old files open unchanged.
import type { StateCause, StateEvent, Trace, TraceEvent } from './types';
import { TRACE_VERSION } from './types';

/** Cause texts the v1 producers wrote (simulator, importer, runner), most specific first. */
const version1Causes: readonly [RegExp, StateCause][] = [
  [/^connect\(\) timed out|retransmissions exhausted|no ACK after|probes unanswered|keepalive/i, 'timeout'],
  [/^listen\(\)/, 'listen'],
  [/^connect\(\)|^SYN sent \(connect\)/, 'connect'],
  [/during the handshake|before accept\(\)/, 'listener-closed'],
  [/^2\*MSL/, 'time-wait-expired'],
  [/FIN-WAIT-2 timeout/, 'fin-wait-2-timeout'],
  [/host crashed/, 'crash'],
  [/SO_LINGER 0|unread received data|data received after close\(\)|^RST sent/, 'abort'],
  [/RST received/, 'rcv-rst'],
  [/^SYN,ACK received/, 'rcv-syn-ack'],
  [/^SYN received/, 'rcv-syn'],
  [/^ACK of (our )?SYN/, 'rcv-ack-of-syn'],
  [/^ACK of (our )?FIN/, 'rcv-ack-of-fin'],
  [/^FIN received/, 'rcv-fin'],
  [/^close\(\)|^shutdown\(|^FIN sent/, 'close'],
  [/mid-connection|seen by ss/, 'observed'],
];

function version1Reason(cause: string): StateCause {
  for (const [pattern, reason] of version1Causes) if (pattern.test(cause)) return reason;
  return 'unknown';
}

/** A validated v1 document as a v2 Trace: state events gain their `reason`; nothing else changes. */
export function upgradeFromVersion1(json: unknown): Trace {
  const trace = json as Omit<Trace, 'version'> & { version: 1 };
  const events = trace.events.map((event: TraceEvent) =>
    event.kind === 'state' && (event as Partial<StateEvent>).reason === undefined
      ? { ...event, reason: version1Reason(event.cause) }
      : event,
  );
  return { ...trace, version: TRACE_VERSION, events };
}
