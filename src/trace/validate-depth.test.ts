// Deep nesting in a Trace's free-form fields (call args, setsockopt options, meta): one problem
// with its JSON path, before anything recurses into it.
import { describe, expect, it } from 'vitest';
import { sampleTrace } from './test-fixtures';
import { parseTrace, traceLimits } from './validate';

const mark = 'DEEP-MARK';
const deep = (levels: number): string => `${'['.repeat(levels)}${']'.repeat(levels)}`;

/** The sample trace's text with 100,000 nested arrays where `place` puts the mark. */
function deepTrace(place: (trace: Record<string, unknown> & { events: Record<string, unknown>[] }) => void): string {
  const trace = structuredClone(sampleTrace()) as unknown as Record<string, unknown> & {
    events: Record<string, unknown>[];
  };
  place(trace);
  return JSON.stringify(trace).replace(JSON.stringify(mark), deep(100_000));
}

describe('nesting depth of a Trace', () => {
  it.each<[string, (trace: Record<string, unknown> & { events: Record<string, unknown>[] }) => void, RegExp]>([
    ['meta', (trace) => (trace.meta = { ...(trace.meta as object), extra: mark }), /^\$\.meta\.extra(\[0\])+$/],
    [
      'a call’s args',
      (trace) => {
        const index = trace.events.findIndex((e) => e.kind === 'call');
        const call = trace.events[index] as Record<string, unknown>;
        call.args = { ...(call.args as object), deep: mark };
      },
      /^\$\.events\[\d+\]\.args\.deep(\[0\])+$/,
    ],
  ])('refuses 100,000 nested arrays in %s with the JSON path and the limit', (_name, place, path) => {
    const result = parseTrace(deepTrace(place));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.path).toMatch(path);
    expect(result.problems[0]?.message).toBe(`nested deeper than ${traceLimits.maxNestingDepth} levels (the limit)`);
  });

  it('accepts the sample trace', () => {
    expect(parseTrace(JSON.stringify(sampleTrace())).ok).toBe(true);
  });
});
