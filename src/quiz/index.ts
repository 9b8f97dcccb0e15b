// Predict, then see (issue 13): the questions of a lesson, generated from its Trace at the moments
// that matter (the next segment's flags, seq and ack; the next state; what recv() returns; whether
// a send leaves now under Nagle) and written in its scenario. Pure and deterministic: the same
// Trace and seed give the same questions with their choices in the same order, and every
// generated answer is what the Trace holds.
import { cursorForEvent } from '../trace/query';
import type { Trace } from '../trace/types';
import { nagleCandidates, recvCandidates } from './calls';
import { generator, shuffled } from './random';
import { segmentCandidates } from './segment';
import { stateCandidates } from './state';
import type { Candidate, QuizOptions, QuizQuestion } from './types';
import { resolveAt } from './written';

export type { QuestionKind, QuizChoice, QuizOptions, QuizQuestion, WrittenQuestion } from './types';
export { resolveAt, stepSelector } from './written';

/** At most this many generated questions in a lesson, so it stays a lesson and not a questionnaire. */
export const maxGenerated = 10;

/**
 * The flavors asked first when a lesson has more moments than `maxGenerated`: the numbers of the
 * handshake's answer, of an ACK and of a close; the two sides of a close; end of stream; Nagle.
 * Flavors not listed come after, in the order they are met.
 */
const priority: readonly string[] = [
  'nagle:send',
  'segment:syn-ack',
  'segment:ack-of-data',
  'state:ESTABLISHED>FIN-WAIT-1',
  'segment:fin',
  'state:ESTABLISHED>CLOSE-WAIT',
  'recv:eof',
  'segment:ack-of-fin',
  'state:FIN-WAIT-2>TIME-WAIT',
  'segment:rst-refused',
  'segment:rst-abort',
  'state:rcv-rst',
  'state:abort',
  'state:timeout',
  'recv:error',
  'state:FIN-WAIT-1>CLOSING',
  'state:LAST-ACK>CLOSED',
  'recv:data',
  'segment:fin-answer',
];

const rank = (key: string): number => {
  const found = priority.indexOf(key);
  return found < 0 ? priority.length : found;
};

/** "RFC 9293 §3.4, §3.10.7.4" as ["RFC 9293 3.4", "RFC 9293 3.10.7.4"]; other text as it is. */
export function clauses(text: string): string[] {
  let rfc: string | undefined;
  return text.split(', ').map((part) => {
    const match = /^(?:(RFC \d+) ?)?(?:§([\d.]+))?/.exec(part);
    if (match?.[1] !== undefined) rfc = match[1];
    if (match?.[2] !== undefined && rfc !== undefined) return `${rfc} ${match[2]}`;
    return match?.[1] ?? part;
  });
}

function ask(candidate: Candidate, seed: number): QuizQuestion {
  const order = shuffled([candidate.right, ...candidate.wrong], generator(seed, candidate.key));
  return {
    key: candidate.key,
    kind: candidate.kind,
    eventIndex: candidate.eventIndex,
    prompt: candidate.prompt,
    choices: order,
    answer: order.indexOf(candidate.right),
    explanation: candidate.explanation,
    rfc: clauses(candidate.rfc),
  };
}

function written(trace: Trace, options: QuizOptions): QuizQuestion[] {
  const out: QuizQuestion[] = [];
  options.written?.forEach((question, i) => {
    const eventIndex = resolveAt(trace, question.at);
    if (eventIndex === undefined || question.answer >= question.choices.length) return;
    out.push({
      key: `written:${i}`,
      kind: 'written',
      eventIndex,
      prompt: question.prompt,
      choices: question.choices.map((text, c) => ({ text, value: `written:${i}:${c}` })),
      answer: question.answer,
      explanation: question.explanation,
      rfc: question.rfc === undefined ? [] : clauses(question.rfc),
    });
  });
  return out;
}

/** The first moment of each flavor, none at the event of a written question, the most telling kept. */
function generated(trace: Trace, options: QuizOptions, taken: ReadonlySet<number>): Candidate[] {
  const all = [
    ...segmentCandidates(trace),
    ...stateCandidates(trace),
    ...recvCandidates(trace),
    ...(options.nagle === true ? nagleCandidates(trace) : []),
  ].sort((a, b) => a.eventIndex - b.eventIndex);
  const first = new Map<string, Candidate>();
  for (const candidate of all)
    if (!first.has(candidate.key) && !taken.has(candidate.eventIndex)) first.set(candidate.key, candidate);
  // A stable sort: equal ranks stay in the order they are met.
  const kept = [...first.values()].sort((a, b) => rank(a.key) - rank(b.key)).slice(0, maxGenerated);
  return kept.sort((a, b) => a.eventIndex - b.eventIndex);
}

function build(trace: Trace, options: QuizOptions): readonly QuizQuestion[] {
  const own = written(trace, options);
  const taken = new Set(own.map((question) => question.eventIndex));
  const asked = generated(trace, options, taken).map((candidate) => ask(candidate, options.seed));
  return [...own, ...asked].sort((a, b) => a.eventIndex - b.eventIndex);
}

const cache = new WeakMap<Trace, { options: QuizOptions; questions: readonly QuizQuestion[] }>();

/** The lesson's questions in the order they are met; memoized for the Trace and the same options. */
export function quizQuestions(trace: Trace, options: QuizOptions): readonly QuizQuestion[] {
  const cached = cache.get(trace);
  if (
    cached !== undefined &&
    cached.options.seed === options.seed &&
    cached.options.nagle === options.nagle &&
    cached.options.written === options.written
  )
    return cached.questions;
  const questions = build(trace, options);
  cache.set(trace, { options, questions });
  return questions;
}

/** The question met when stepping from `cursor` to `cursor + 1`, if any. */
export function questionAtStep(questions: readonly QuizQuestion[], trace: Trace, cursor: number) {
  return questions.find((question) => cursorForEvent(trace, question.eventIndex) === cursor + 1);
}
