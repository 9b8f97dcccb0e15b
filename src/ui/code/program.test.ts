import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenario/library';
import { simulate } from '../../sim';
import { currentLines, resolveStep } from './program';

const echo = findScenario('tcp-echo')!;

describe('resolveStep', () => {
  it('follows program, step and nested indices', () => {
    expect(resolveStep(echo, '0.3')).toMatchObject({ host: 'server', step: { op: 'accept' } });
    expect(resolveStep(echo, '1.1')).toMatchObject({ host: 'client', step: { op: 'connect' } });
    expect(resolveStep(echo, '0.99')).toBeUndefined();
    expect(resolveStep(echo, 'x')).toBeUndefined();
  });

  it('walks into spawned handlers', () => {
    const chat = findScenario('chat')!;
    const trace = simulate(chat);
    const nested = trace.events.find((event) => event.step !== undefined && event.step.split('.').length > 2);
    expect(nested).toBeDefined();
    expect(resolveStep(chat, nested!.step!)).toBeDefined();
  });
});

describe('currentLines', () => {
  it('gives each host the line of the latest step it ran', () => {
    const trace = simulate(echo, { seed: 1 });
    // After events[0..11): the server waits in accept(), the client is in connect().
    expect(Object.fromEntries(currentLines(echo, trace, 11, 'python'))).toEqual({ server: 6, client: 4 });
    expect(Object.fromEntries(currentLines(echo, trace, 11, 'go'))).toEqual({ server: 7, client: 9 });
    expect(currentLines(echo, trace, 0, 'python').size).toBe(0);
  });
});
