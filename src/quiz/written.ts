// A scenario's own questions, placed on the Trace: `at` is an event index, or a program step as
// the Trace names it in `step` (program index, then step index, deeper for nested steps):
// "1.4" stops before the step's call, "1.4:return" before its return.
import { stepIndices } from '../trace/query';
import type { Trace } from '../trace/types';
import type { WrittenQuestion } from './types';

export const stepSelector = /^(\d{1,3}(?:\.\d{1,4}){1,8})(?::(call|return))?$/;

/** The event a written question is about, or undefined when this Trace has none such (another run). */
export function resolveAt(trace: Trace, at: WrittenQuestion['at']): number | undefined {
  if (typeof at === 'number') {
    const event = trace.events[at];
    return event === undefined || event.kind === 'tcb' || !stepIndices(trace).includes(at) ? undefined : at;
  }
  const match = stepSelector.exec(at);
  if (match === null) return undefined;
  const [, step, which = 'call'] = match;
  const index = trace.events.findIndex((event) => event.kind === which && event.step === step);
  return index < 0 ? undefined : index;
}
