// Questions about calls: what recv() returns (a byte count, 0 at end of stream, an error), and,
// in a lesson about Nagle's algorithm, whether a send's data leaves at once (RFC 896, RFC 9293
// 3.7.4). Both answers are read from the Trace: the call's return, and the segments between it
// and its call.
import type { QuizMessage } from './messages';
import { seqDiff, type Errno } from '../tcp';
import { callPartners } from '../trace/query';
import type { CallEvent, ReturnEvent, TcbEvent, Trace } from '../trace/types';
import { distinct } from './choices';
import { both, bothCount } from './text';
import type { Candidate, QuizChoice } from './types';

type RecvReturn = Extract<ReturnEvent, { call: 'recv' | 'recvfrom' }>;

const errorWhy: Partial<Record<Errno, { key: QuizMessage; rfc: string }>> = {
  ECONNRESET: { key: 'recv.why.ECONNRESET', rfc: 'RFC 9293 §3.5.3, §3.10.7.4' },
  ETIMEDOUT: { key: 'recv.why.ETIMEDOUT', rfc: 'RFC 9293 §3.8.3' },
  ECONNREFUSED: { key: 'recv.why.ECONNREFUSED', rfc: 'RFC 1122 §4.1.3.3' },
  EAGAIN: { key: 'recv.why.EAGAIN', rfc: 'POSIX recv()' },
};

const recvChoice = (value: string): QuizChoice => {
  if (value === 'eof') return { text: both('recv.eof'), value };
  if (value === 'blocks') return { text: both('recv.blocks'), value };
  if (value.startsWith('error:')) return { text: both('recv.error', { errno: value.slice(6) }), value };
  return { text: bothCount('recv.bytes', Number(value.slice(6))), value };
};

function recvValue(event: RecvReturn): string | undefined {
  if (event.errno !== undefined) return `error:${event.errno}`;
  if (event.result === undefined) return undefined;
  return event.result.bytes === 0 && event.call === 'recv' ? 'eof' : `bytes:${event.result.bytes}`;
}

/** The slips: the buffer size for the count, end of stream, a reset, waiting on. */
function recvSlips(right: string, max: number | undefined, stream: boolean): string[] {
  const otherError = ['ECONNRESET', 'ETIMEDOUT', 'EAGAIN'].find((errno) => `error:${errno}` !== right);
  const out: string[] = [];
  if (max !== undefined) out.push(`bytes:${max}`);
  if (stream) out.push('eof');
  out.push(stream ? 'error:ECONNRESET' : 'error:ECONNREFUSED', `error:${otherError ?? 'ECONNRESET'}`, 'blocks');
  return out;
}

function recvExplanation(event: RecvReturn, value: string, max: number | undefined) {
  if (value === 'eof') return { explanation: both('recv.why.eof'), rfc: 'RFC 9293 §3.6, §3.10.7.4' };
  if (event.errno !== undefined) {
    const known = errorWhy[event.errno];
    if (known !== undefined) return { explanation: both(known.key), rfc: known.rfc };
    return { explanation: both('recv.why.error', { errno: event.errno }), rfc: 'POSIX recv()' };
  }
  const count = event.result?.bytes ?? 0;
  if (event.call === 'recvfrom') return { explanation: both('recv.why.datagram', { count }), rfc: 'RFC 768' };
  return { explanation: both('recv.why.bytes', { count, max: max ?? count }), rfc: 'RFC 9293 §3.8, §3.10.3' };
}

function recvCandidate(trace: Trace, index: number, event: RecvReturn): Candidate | undefined {
  const value = recvValue(event);
  if (value === undefined) return undefined;
  const call = trace.events[callPartners(trace)[index] ?? -1];
  const max = call?.kind === 'call' && typeof call.args.max === 'number' ? call.args.max : undefined;
  const right = recvChoice(value);
  const stream = event.call === 'recv';
  const wrong = distinct(right, recvSlips(value, max, stream).map(recvChoice), 3);
  const flavor = value === 'eof' ? 'eof' : value.startsWith('error:') ? 'error' : 'data';
  return {
    key: `recv:${flavor}`,
    kind: 'recv',
    eventIndex: index,
    prompt: both('recv.prompt', { host: event.host, fd: event.socket, call: event.call, max: max ?? '…' }),
    right,
    wrong,
    ...recvExplanation(event, value, max),
  };
}

export function recvCandidates(trace: Trace): Candidate[] {
  const out: Candidate[] = [];
  trace.events.forEach((event, index) => {
    if (event.kind !== 'return' || (event.call !== 'recv' && event.call !== 'recvfrom')) return;
    const found = recvCandidate(trace, index, event as RecvReturn);
    if (found !== undefined) out.push(found);
  });
  return out;
}

const nagleChoice = (value: 'now' | 'held' | 'timer'): QuizChoice => ({ text: both(`nagle.${value}`), value });

/** The socket's TCB as last recorded before `index`, and whether TCP_NODELAY was set on it. */
function socketBefore(trace: Trace, index: number, call: CallEvent) {
  let tcb: TcbEvent | undefined;
  let noDelay = false;
  for (let i = 0; i < index; i++) {
    const event = trace.events[i];
    if (event === undefined || !('host' in event) || event.host !== call.host) continue;
    if (event.kind === 'tcb' && event.socket === call.socket) tcb = event;
    if (event.kind === 'call' && event.socket === call.socket && event.call === 'setsockopt')
      if (event.args.option === 'TCP_NODELAY') noDelay = Boolean(event.args.value);
  }
  return { tcb, noDelay };
}

function nagleCandidate(trace: Trace, index: number, call: CallEvent): Candidate | undefined {
  const returned = callPartners(trace)[index] ?? -1;
  if (returned < 0) return undefined;
  const { tcb, noDelay } = socketBefore(trace, index, call);
  const inFlight = tcb === undefined ? 0 : seqDiff(tcb.sndNxt, tcb.sndUna);
  // Nagle holds a small segment only while earlier data is unacknowledged: that is the question.
  if (tcb === undefined || inFlight <= 0 || tcb.state !== 'ESTABLISHED') return undefined;
  let next = index + 1;
  while (trace.events[next]?.kind === 'tcb') next++;
  const sent = trace.events
    .slice(index + 1, returned)
    .some((e) => e.kind === 'segment' && e.from === call.host && e.socket === call.socket && e.len > 0);
  const right = nagleChoice(sent ? 'now' : 'held');
  const bytes = typeof call.args.bytes === 'number' ? call.args.bytes : 0;
  const why: QuizMessage = !sent ? 'nagle.why.held' : noDelay ? 'nagle.why.nodelay' : 'nagle.why.now';
  return {
    key: 'nagle:send',
    kind: 'nagle',
    eventIndex: next,
    prompt: both('nagle.prompt', { host: call.host, call: call.call, bytes, inFlight }),
    right,
    wrong: distinct(right, [nagleChoice('held'), nagleChoice('now'), nagleChoice('timer')], 2),
    explanation: both(why, { bytes, inFlight }),
    rfc: 'RFC 896, RFC 9293 §3.7.4',
  };
}

export function nagleCandidates(trace: Trace): Candidate[] {
  const out: Candidate[] = [];
  trace.events.forEach((event, index) => {
    if (event.kind !== 'call' || (event.call !== 'send' && event.call !== 'sendall')) return;
    const found = nagleCandidate(trace, index, event);
    if (found !== undefined) out.push(found);
  });
  return out;
}
