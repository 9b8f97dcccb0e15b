// simulate() hands each run's events to its Trace and keeps none: a later run (which keeps the
// world of the one before, for V8's hidden classes) must leave an earlier Trace as it was.
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../scenario/library';
import { simulate } from './simulator';

describe('simulate', () => {
  it('leaves an earlier Trace unchanged when it runs again', () => {
    const [first, second] = builtinScenarios;
    if (!first || !second) throw new Error('two built-in lessons are needed');
    const trace = simulate(first);
    const before = JSON.stringify(trace);
    const other = simulate(second);
    const again = simulate(first);
    expect(JSON.stringify(trace)).toBe(before);
    expect(JSON.stringify(again)).toBe(before);
    expect(other.events).not.toBe(trace.events);
    expect(again.events).not.toBe(trace.events);
  });
});
