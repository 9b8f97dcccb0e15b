// From an event's `step` path ("0.3.1" = programs[0].steps[3], then entry 1 of its nested steps or
// spawned handler) to the scenario step, its host and the code line it points at. Pure.
import type { Scenario, Step } from '../../scenario/schema';
import type { Trace } from '../../trace/types';

export type CodeLang = 'python' | 'go' | 'node';

export interface ResolvedStep {
  host: string;
  step: Step;
}

export function resolveStep(scenario: Scenario, path: string): ResolvedStep | undefined {
  const indices = path.split('.').map(Number);
  if (indices.some((index) => !Number.isInteger(index) || index < 0)) return undefined;
  const [programIndex, ...rest] = indices;
  const program = scenario.programs[programIndex ?? -1];
  if (program === undefined || rest.length === 0) return undefined;
  let steps: readonly Step[] | undefined = program.steps;
  let step: Step | undefined;
  for (const index of rest) {
    step = steps?.[index];
    if (step === undefined) return undefined;
    steps = 'steps' in step ? step.steps : 'spawn' in step ? step.spawn : undefined;
  }
  return step === undefined ? undefined : { host: program.host, step };
}

/** The line each host's program is at after the first `shown` events: the latest step it ran. */
export function currentLines(scenario: Scenario, trace: Trace, shown: number, lang: CodeLang): Map<string, number> {
  const lines = new Map<string, number>();
  const seen = new Set<string>();
  for (let index = Math.min(shown, trace.events.length) - 1; index >= 0; index--) {
    const path = trace.events[index]?.step;
    if (path === undefined || seen.has(path)) continue;
    seen.add(path);
    const resolved = resolveStep(scenario, path);
    if (resolved === undefined || lines.has(resolved.host)) continue;
    const line = resolved.step.ref?.[lang];
    if (line !== undefined) lines.set(resolved.host, line);
  }
  return lines;
}
