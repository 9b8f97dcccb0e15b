import { describe, expect, it } from 'vitest';
import { findScenario } from '../scenario/library';
import { simulate } from '../sim';
import type { Trace, TraceEvent } from '../trace/types';
import { initialState, parseSeed, reduce, type Action, type AppState } from './state';
import { simulationOutcome } from './store';
import { shownEventCount, totalSteps } from '../trace/query';

const empty: Trace = { format: 'wirestep-trace', version: 2, source: 'sim', meta: {}, hosts: [], events: [] };

const segment = (id: number, t: number): TraceEvent => ({
  t,
  kind: 'segment',
  id,
  from: 'a',
  to: 'b',
  src: '10.0.0.1:1',
  dst: '10.0.0.2:2',
  flags: ['ACK'],
  seq: 0,
  ack: 0,
  window: 100,
  len: 0,
  options: {},
  payload: '',
});
const tcb = (t: number): TraceEvent => ({
  t,
  kind: 'tcb',
  host: 'a',
  socket: 3,
  state: 'ESTABLISHED',
  iss: 0,
  irs: 0,
  sndUna: 0,
  sndNxt: 0,
  sndWnd: 0,
  rcvNxt: 0,
  rcvWnd: 0,
  sendQueued: 0,
  recvQueued: 0,
  rtoMs: 1000,
});
const note = (t: number): TraceEvent => ({ t, kind: 'note', text: { en: 'n', fr: 'n' } });

/** 0 note, 1 segment, 2 tcb, 3 note, 4 note, 5 segment, 6 tcb: five steps. */
const small: Trace = { ...empty, events: [note(0), segment(1, 1), tcb(1), note(2), note(3), segment(2, 4), tcb(4)] };

const run = (state: AppState, ...actions: Action[]) => actions.reduce(reduce, state);
const loaded = (trace: Trace = small, cursor = 0) =>
  run(initialState('en'), { type: 'selectScenario', scenarioId: 'x', seed: 1, cursor }, { type: 'simulated', trace });

describe('reduce: scenario and simulation', () => {
  it('selecting a scenario sets its seed, conditions and waiting cursor, and clears the previous trace', () => {
    let state = loaded();
    state = reduce(state, {
      type: 'selectScenario',
      scenarioId: 'tcp-echo',
      seed: 9,
      cursor: 4,
      conditions: { lossProbability: 0.1, latencyMs: undefined },
    });
    expect(state).toMatchObject({ scenarioId: 'tcp-echo', seed: 9, trace: null, cursor: 4, error: null });
    expect(state.conditions).toEqual({ lossProbability: 0.1 });
  });

  it('clamps a shared link’s step to the trace once it arrives', () => {
    expect(loaded(small, 3).cursor).toBe(3);
    expect(loaded(small, 99).cursor).toBe(5);
  });

  it('keeps the last good trace when a re-run fails, with the error beside it', () => {
    const state = run(loaded(small, 2), { type: 'simulationFailed', message: 'no route' });
    expect(state.trace).toBe(small);
    expect(state.cursor).toBe(2);
    expect(state.error).toBe('no route');
    expect(reduce(state, { type: 'simulated', trace: small }).error).toBeNull();
  });

  it('keeps the cursor at the same fraction of the timeline when a re-run changes its length', () => {
    const longer: Trace = { ...empty, events: Array.from({ length: 10 }, (_, i) => note(i)) };
    const state = run(loaded(small, 2), { type: 'simulated', trace: longer });
    expect(state.cursor).toBe(4); // 2/5 of 10
    expect(run(loaded(small, 5), { type: 'simulated', trace: empty }).cursor).toBe(0);
  });

  it('does not mutate the previous state', () => {
    const before = initialState('en');
    reduce(before, { type: 'setLanguage', lang: 'fr' });
    expect(before.lang).toBe('en');
  });
});

describe('reduce: stepping', () => {
  it('steps forward and back within bounds', () => {
    let state = loaded();
    state = run(state, { type: 'stepBack' });
    expect(state.cursor).toBe(0);
    state = run(state, { type: 'stepForward' }, { type: 'stepForward' });
    expect(state.cursor).toBe(2);
    state = run(state, ...Array<Action>(10).fill({ type: 'stepForward' }));
    expect(state.cursor).toBe(5);
    expect(run(state, { type: 'first' }).cursor).toBe(0);
    expect(run(state, { type: 'goTo', cursor: -4 }).cursor).toBe(0);
    expect(run(state, { type: 'goTo', cursor: 3.4 }).cursor).toBe(3);
    expect(run(loaded(), { type: 'last' }).cursor).toBe(5);
  });

  it('returns the same state object when nothing moves (no re-render)', () => {
    const state = loaded();
    expect(reduce(state, { type: 'stepBack' })).toBe(state);
  });

  it('jumps to the next and previous segment, and stays put when there is none', () => {
    let state = run(loaded(), { type: 'nextSegment' });
    expect(state.cursor).toBe(2); // step 2 is events[1], the first segment
    state = run(state, { type: 'nextSegment' });
    expect(state.cursor).toBe(5); // events[5]
    expect(run(state, { type: 'nextSegment' }).cursor).toBe(5);
    state = run(state, { type: 'previousSegment' });
    expect(state.cursor).toBe(2);
    expect(run(state, { type: 'previousSegment' }).cursor).toBe(2);
  });

  it('selects the step of a clicked event; a TCB snapshot selects its step', () => {
    expect(run(loaded(), { type: 'selectEvent', eventIndex: 3 }).cursor).toBe(3);
    expect(run(loaded(), { type: 'selectEvent', eventIndex: 2 }).cursor).toBe(2);
    expect(run(loaded(), { type: 'selectEvent', eventIndex: 0 }).cursor).toBe(1);
  });

  it('ticks only while playing, and stops at the end', () => {
    let state = loaded();
    expect(run(state, { type: 'tick' }).cursor).toBe(0);
    state = run(state, { type: 'play' }, { type: 'tick' }, { type: 'tick' });
    expect(state).toMatchObject({ cursor: 2, playing: true });
    state = run(state, { type: 'tick' }, { type: 'tick' }, { type: 'tick' });
    expect(state).toMatchObject({ cursor: 5, playing: false });
    expect(run(state, { type: 'tick' }).cursor).toBe(5);
  });

  it('play at the end starts over; toggle pauses', () => {
    const state = run(loaded(small, 5), { type: 'togglePlay' });
    expect(state).toMatchObject({ cursor: 0, playing: true });
    expect(run(state, { type: 'togglePlay' }).playing).toBe(false);
    expect(run(initialState('en'), { type: 'play' }).playing).toBe(false);
  });

  it('stepping back restores exactly the earlier picture', () => {
    const trace = simulate(findScenario('tcp-echo')!, { seed: 1 });
    const forward = run(loaded(trace), ...Array<Action>(20).fill({ type: 'stepForward' }));
    const back = run(forward, { type: 'stepForward' }, { type: 'stepBack' });
    expect(back.cursor).toBe(20);
    expect(shownEventCount(trace, back.cursor)).toBe(shownEventCount(trace, forward.cursor));
    expect(totalSteps(trace)).toBe(trace.events.filter((event) => event.kind !== 'tcb').length);
  });
});

describe('parseSeed', () => {
  it('accepts 32-bit unsigned integers only', () => {
    expect(parseSeed('0')).toBe(0);
    expect(parseSeed(' 12 ')).toBe(12);
    expect(parseSeed('1.5')).toBeUndefined();
    expect(parseSeed('-3')).toBeUndefined();
    expect(parseSeed('')).toBeUndefined();
    expect(parseSeed(null)).toBeUndefined();
  });
});

describe('simulationOutcome', () => {
  it('reports an unknown scenario as an error instead of throwing', () => {
    expect(simulationOutcome(undefined, 'nope', 1)).toEqual({
      type: 'simulationFailed',
      message: 'unknown scenario "nope"',
    });
  });

  it('passes conditions to the simulator (Nagle off, more latency)', () => {
    const scenario = findScenario('tcp-echo')!;
    const outcome = simulationOutcome(scenario, 'tcp-echo', 1, { latencyMs: 50, nagle: false });
    expect(outcome.type).toBe('simulated');
    const base = simulationOutcome(scenario, 'tcp-echo', 1);
    if (outcome.type !== 'simulated' || base.type !== 'simulated') throw new Error('simulation failed');
    expect(outcome.trace.events.at(-1)!.t).toBeGreaterThan(base.trace.events.at(-1)!.t);
  });
});
