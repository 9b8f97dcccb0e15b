// Questions about the next state of a socket, asked before the state event: the choices are the
// states learners confuse with the right one (the two sides of a close, RFC 9293 3.6), and the
// explanation is the transition's own, with its clause.
import type { QuizMessage } from './messages';
import type { TcpState } from '../tcp';
import type { StateEvent, Trace } from '../trace/types';
import { distinct } from './choices';
import { both, same } from './text';
import type { Candidate, QuizChoice } from './types';

/** The transitions worth a question, keyed `from>to`, and why each happens. */
const transitions: Readonly<Record<string, { key: QuizMessage; rfc: string }>> = {
  'LISTEN>SYN-RECEIVED': { key: 'state.why.listen-syn-received', rfc: 'RFC 9293 §3.5, §3.10.7.2' },
  'SYN-SENT>ESTABLISHED': { key: 'state.why.syn-sent-established', rfc: 'RFC 9293 §3.5, §3.10.7.3' },
  'SYN-RECEIVED>ESTABLISHED': { key: 'state.why.syn-received-established', rfc: 'RFC 9293 §3.5, §3.10.7.4' },
  'ESTABLISHED>FIN-WAIT-1': { key: 'state.why.established-fin-wait-1', rfc: 'RFC 9293 §3.6, §3.10.4' },
  'ESTABLISHED>CLOSE-WAIT': { key: 'state.why.established-close-wait', rfc: 'RFC 9293 §3.6, §3.10.7.4' },
  'CLOSE-WAIT>LAST-ACK': { key: 'state.why.close-wait-last-ack', rfc: 'RFC 9293 §3.6, §3.10.4' },
  'FIN-WAIT-1>FIN-WAIT-2': { key: 'state.why.fin-wait-1-fin-wait-2', rfc: 'RFC 9293 §3.6, §3.10.7.4' },
  'FIN-WAIT-1>CLOSING': { key: 'state.why.fin-wait-1-closing', rfc: 'RFC 9293 §3.6 (case 2)' },
  'FIN-WAIT-1>TIME-WAIT': { key: 'state.why.fin-wait-1-time-wait', rfc: 'RFC 9293 §3.6, §3.10.7.4' },
  'FIN-WAIT-2>TIME-WAIT': { key: 'state.why.fin-wait-2-time-wait', rfc: 'RFC 9293 §3.6, §3.10.7.4' },
  'CLOSING>TIME-WAIT': { key: 'state.why.closing-time-wait', rfc: 'RFC 9293 §3.6, §3.10.7.4' },
  'LAST-ACK>CLOSED': { key: 'state.why.last-ack-closed', rfc: 'RFC 9293 §3.6, §3.10.7.4' },
};

/** Exits to CLOSED that a reason explains better than the states do. */
const abrupt: Partial<Record<StateEvent['reason'], { key: QuizMessage; rfc: string }>> = {
  'rcv-rst': { key: 'state.why.rst', rfc: 'RFC 9293 §3.5.3, §3.10.7.4' },
  abort: { key: 'state.why.abort', rfc: 'RFC 9293 §3.10.5' },
  timeout: { key: 'state.why.timeout', rfc: 'RFC 9293 §3.8.3' },
};

/** The states taken for the right one, most often first. */
const confusions: Readonly<Record<TcpState, readonly TcpState[]>> = {
  CLOSED: ['TIME-WAIT', 'LAST-ACK', 'CLOSE-WAIT', 'FIN-WAIT-2'],
  LISTEN: ['SYN-SENT', 'ESTABLISHED', 'CLOSED'],
  'SYN-SENT': ['SYN-RECEIVED', 'ESTABLISHED', 'LISTEN'],
  'SYN-RECEIVED': ['ESTABLISHED', 'SYN-SENT', 'LISTEN'],
  ESTABLISHED: ['SYN-RECEIVED', 'SYN-SENT', 'LISTEN'],
  'FIN-WAIT-1': ['CLOSE-WAIT', 'FIN-WAIT-2', 'CLOSED', 'TIME-WAIT'],
  'FIN-WAIT-2': ['TIME-WAIT', 'CLOSED', 'CLOSE-WAIT', 'CLOSING'],
  'CLOSE-WAIT': ['FIN-WAIT-1', 'LAST-ACK', 'CLOSED', 'TIME-WAIT'],
  CLOSING: ['TIME-WAIT', 'FIN-WAIT-2', 'LAST-ACK', 'CLOSE-WAIT'],
  'LAST-ACK': ['CLOSED', 'TIME-WAIT', 'FIN-WAIT-1', 'CLOSING'],
  'TIME-WAIT': ['CLOSED', 'FIN-WAIT-2', 'CLOSE-WAIT', 'LAST-ACK'],
};

const stateChoice = (state: TcpState): QuizChoice => ({ text: same(state), value: state });

function candidate(index: number, event: StateEvent): Candidate | undefined {
  if (event.inferred === true) return undefined;
  const flavor = `${event.from}>${event.to}`;
  const reasoned = event.to === 'CLOSED' ? abrupt[event.reason] : undefined;
  const reason = reasoned ?? transitions[flavor];
  if (reason === undefined) return undefined;
  const right = stateChoice(event.to);
  const others = confusions[event.to].filter((state) => state !== event.from).map(stateChoice);
  const wrong = distinct(right, others, 3);
  if (wrong.length < 2) return undefined;
  const cause = event.causeText ?? same(event.cause);
  return {
    key: reasoned === undefined ? `state:${flavor}` : `state:${event.reason}`,
    kind: 'state',
    eventIndex: index,
    prompt: both('state.prompt', { host: event.host, fd: event.socket, from: event.from, cause }),
    right,
    wrong,
    explanation: both(reason.key, { from: event.from, to: event.to, cause }),
    rfc: reason.rfc,
  };
}

export function stateCandidates(trace: Trace): Candidate[] {
  const out: Candidate[] = [];
  trace.events.forEach((event, index) => {
    if (event.kind !== 'state') return;
    const found = candidate(index, event);
    if (found !== undefined) out.push(found);
  });
  return out;
}
