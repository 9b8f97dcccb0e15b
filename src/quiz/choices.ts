// The wrong choices of a question: distinct from each other and from the right one.
import type { QuizChoice } from './types';

/** Up to `count` distinct wrong choices, none equal to the right one. */
export function distinct(right: QuizChoice, wrong: readonly QuizChoice[], count: number): QuizChoice[] {
  const seen = new Set([right.value]);
  const out: QuizChoice[] = [];
  for (const choice of wrong) {
    if (out.length === count) break;
    if (seen.has(choice.value)) continue;
    seen.add(choice.value);
    out.push(choice);
  }
  return out;
}
