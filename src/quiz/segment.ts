// Questions about the next segment's flags, seq and ack (relative, as the diagram shows them).
// The right answer is the segment the Trace holds; the wrong ones are the classic slips of RFC
// 9293 3.4: ack = the data's seq instead of seq + len, an ACK without the +1 a SYN or a FIN takes,
// a seq that forgets the SYN, a FIN or a SYN,ACK without its ACK bit.
import { flagBits, flagNames, type TcpFlag } from '../tcp';
import { relativeNumbers, segmentRoles, type SegmentRole } from '../trace/query';
import type { SegmentEvent, Trace } from '../trace/types';
import type { QuizMessage } from './messages';
import { distinct } from './choices';
import { both } from './text';
import type { Candidate, QuizChoice } from './types';

type Flavor =
  'syn-ack' | 'ack-of-syn' | 'data' | 'ack-of-data' | 'fin' | 'fin-answer' | 'ack-of-fin' | 'rst-refused' | 'rst-abort';

interface Numbers {
  flags: readonly TcpFlag[];
  seq: number;
  /** Absent when the ACK bit is off (the field then means nothing). */
  ack?: number;
}

const why: Record<Flavor, { key: QuizMessage; rfc: string }> = {
  'syn-ack': { key: 'segment.why.syn-ack', rfc: 'RFC 9293 §3.4, §3.5' },
  'ack-of-syn': { key: 'segment.why.ack-of-syn', rfc: 'RFC 9293 §3.4, §3.5' },
  data: { key: 'segment.why.data', rfc: 'RFC 9293 §3.4' },
  'ack-of-data': { key: 'segment.why.ack-of-data', rfc: 'RFC 9293 §3.4, §3.10.7.4' },
  fin: { key: 'segment.why.fin', rfc: 'RFC 9293 §3.4, §3.6' },
  'fin-answer': { key: 'segment.why.fin-answer', rfc: 'RFC 9293 §3.6' },
  'ack-of-fin': { key: 'segment.why.ack-of-fin', rfc: 'RFC 9293 §3.6, §3.10.7.4' },
  'rst-refused': { key: 'segment.why.rst-refused', rfc: 'RFC 9293 §3.5.2' },
  'rst-abort': { key: 'segment.why.rst-abort', rfc: 'RFC 9293 §3.5.2, §3.10.5' },
};

const has = (flags: readonly TcpFlag[], flag: TcpFlag) => flags.includes(flag);

function flavorOf(segment: SegmentEvent, role: SegmentRole | undefined): Flavor | undefined {
  const { flags } = segment;
  // A reset answering a SYN (a closed port) acknowledges it; an abort's reset does not.
  if (has(flags, 'RST')) return role?.acknowledges?.syn === true ? 'rst-refused' : 'rst-abort';
  if (has(flags, 'SYN')) return has(flags, 'ACK') ? 'syn-ack' : undefined;
  if (has(flags, 'FIN')) return role?.fin === 'answer' ? 'fin-answer' : 'fin';
  if (segment.len > 0) return 'data';
  const acknowledged = role?.acknowledges;
  if (acknowledged?.fin === true) return 'ack-of-fin';
  if (acknowledged?.syn === true) return 'ack-of-syn';
  return acknowledged !== undefined && acknowledged.bytes > 0 ? 'ack-of-data' : undefined;
}

/** The flags in the order the Trace and the diagram write them (SYN,ACK; FIN,ACK; PSH,ACK). */
const canonical = (flags: readonly TcpFlag[]): TcpFlag[] => flagNames(flagBits(flags));

const valueOf = (n: Numbers): string => `${canonical(n.flags).join(',')} ${n.seq} ${n.ack ?? '-'}`;

function choiceOf(n: Numbers): QuizChoice {
  const flags = canonical(n.flags).join(',');
  const text =
    n.ack === undefined
      ? both('segment.choiceNoAck', { flags, seq: n.seq })
      : both('segment.choice', { flags, seq: n.seq, ack: n.ack });
  return { text, value: valueOf(n) };
}

const without = (flags: readonly TcpFlag[], flag: TcpFlag) => flags.filter((f) => f !== flag);

/** The wrong answers worth offering, most telling first. */
function slips(right: Numbers, segment: SegmentEvent, role: SegmentRole | undefined): Numbers[] {
  const { flags, seq, ack } = right;
  const acknowledged = role?.acknowledges;
  const out: Numbers[] = [];
  if (ack !== undefined) {
    // An ACK names the next byte expected: ack = the data's own seq is the first slip.
    if (acknowledged !== undefined && acknowledged.bytes > 0) out.push({ flags, seq, ack: ack - acknowledged.bytes });
    // A SYN and a FIN each take one sequence number.
    if (acknowledged?.syn === true || acknowledged?.fin === true) out.push({ flags, seq, ack: ack - 1 });
  }
  if (has(flags, 'SYN') && has(flags, 'ACK')) out.push({ flags: without(flags, 'ACK'), seq });
  if (has(flags, 'FIN') && has(flags, 'ACK')) out.push({ flags: without(flags, 'ACK'), seq });
  // A closed port does not answer SYN,ACK; an abort is not an orderly FIN.
  if (has(flags, 'RST') && acknowledged?.syn === true) out.push({ flags: ['SYN', 'ACK'], seq, ack });
  else if (has(flags, 'RST')) out.push({ flags: ack === undefined ? ['FIN'] : ['FIN', 'ACK'], seq, ack });
  if (!has(flags, 'FIN') && acknowledged?.fin === true) out.push({ flags: ['FIN', 'ACK'], seq, ack });
  // The SYN took sequence number 0: the first byte after it is 1, not 0.
  if (seq >= 1 && !has(flags, 'SYN') && !has(flags, 'RST')) out.push({ flags, seq: seq - 1, ack });
  if (segment.len > 0) out.push({ flags, seq: seq + segment.len, ack });
  if (ack !== undefined) out.push({ flags, seq, ack: ack + 1 });
  out.push({ flags, seq: seq + 1, ack });
  return out;
}

function candidate(trace: Trace, index: number, segment: SegmentEvent): Candidate | undefined {
  if (segment.retransmission === true || segment.probe !== undefined) return undefined;
  const role = segmentRoles(trace).get(index);
  const flavor = flavorOf(segment, role);
  const numbers = relativeNumbers(trace).get(segment.id);
  if (flavor === undefined || numbers === undefined || numbers.ackAbsolute === true) return undefined;
  const right: Numbers = { flags: segment.flags, seq: numbers.seq, ack: numbers.ack };
  const rightChoice = choiceOf(right);
  const wrong = distinct(rightChoice, slips(right, segment, role).map(choiceOf), 3);
  if (wrong.length < 2) return undefined;
  const data = segment.len > 0 ? both('segment.withData', { len: segment.len }) : { en: '', fr: '' };
  const acknowledged = role?.acknowledges;
  const params = {
    seq: right.seq,
    ack: right.ack ?? 0,
    len: segment.len,
    next: right.seq + segment.len,
    bytes: acknowledged?.bytes ?? 0,
    start: (right.ack ?? 0) - (acknowledged?.bytes ?? 0),
    from: segment.from,
    to: segment.to,
  };
  return {
    key: `segment:${flavor}`,
    kind: 'segment',
    eventIndex: index,
    prompt: both('segment.prompt', { from: segment.from, to: segment.to, data }),
    right: rightChoice,
    wrong,
    explanation: both(why[flavor].key, params),
    rfc: why[flavor].rfc,
  };
}

export function segmentCandidates(trace: Trace): Candidate[] {
  const out: Candidate[] = [];
  trace.events.forEach((event, index) => {
    if (event.kind !== 'segment') return;
    const found = candidate(trace, index, event);
    if (found !== undefined) out.push(found);
  });
  return out;
}
