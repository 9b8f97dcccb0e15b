// What a quiz question is (issue 13, "predict, then see"): asked before the event it is about,
// with choices whose `value` names what each one claims, so a test can check the right one
// against the Trace without reading the text.
import type { LocalizedText } from '../trace/types';

export type QuestionKind = 'segment' | 'state' | 'recv' | 'nagle' | 'written';

export interface QuizChoice {
  text: LocalizedText;
  /** What the choice claims, in one canonical string (e.g. `FIN,ACK 15 16`, `FIN-WAIT-1`, `bytes:14`). */
  value: string;
}

export interface QuizQuestion {
  /**
   * Stable for a lesson across seeds and runs (a generated question is the first moment of its
   * flavor, e.g. `segment:ack-of-fin`; a written one is `written:<index>`): the score is kept by it.
   */
  key: string;
  kind: QuestionKind;
  /** The event the question is about: stepping forward stops before it is shown. */
  eventIndex: number;
  prompt: LocalizedText;
  /** Three or four for a generated question, in an order shuffled by the lesson's seed. */
  choices: readonly QuizChoice[];
  answer: number;
  explanation: LocalizedText;
  /** The clauses the answer rests on, e.g. `RFC 9293 3.4` (the explanation table's form), `RFC 896`. */
  rfc: readonly string[];
}

/** A question written in a scenario (`questions` in the scenario format), structurally. */
export interface WrittenQuestion {
  /** An event index, or a step of the program as the Trace names it (`1.4`; `1.4:return` for its return). */
  at: number | string;
  prompt: LocalizedText;
  choices: readonly LocalizedText[];
  answer: number;
  explanation: LocalizedText;
  rfc?: string;
}

export interface QuizOptions {
  /** The lesson's seed: it orders the choices. */
  seed: number;
  /** The lesson is about Nagle's algorithm: its sends are asked about (RFC 896). */
  nagle?: boolean;
  written?: readonly WrittenQuestion[];
}

/** A generated question before its choices are shuffled: the right one first. */
export interface Candidate {
  key: string;
  kind: Exclude<QuestionKind, 'written'>;
  eventIndex: number;
  prompt: LocalizedText;
  right: QuizChoice;
  wrong: readonly QuizChoice[];
  explanation: LocalizedText;
  rfc: string;
}
