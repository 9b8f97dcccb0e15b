import { describe, expect, it } from 'vitest';
import type { Capabilities } from '../bridge-protocol/messages';
import { sampleTrace } from '../trace/test-fixtures';
import type { TraceEvent } from '../trace/types';
import {
  bridgeToken,
  bridgeUrl,
  initialBridgeState,
  isRunActive,
  reduceBridge,
  runBlocker,
  type BridgeAction,
  type BridgeState,
} from './bridge';
import { initialState, reduce } from './state';

const capabilities: Capabilities = { capture: true, python: true };
const hosts = [
  { name: 'server', addr: '10.0.0.1' },
  { name: 'client', addr: '10.0.0.2' },
];

const apply = (state: BridgeState, ...actions: BridgeAction[]): BridgeState => actions.reduce(reduceBridge, state);

const ready = (): BridgeState =>
  apply(
    initialBridgeState(),
    { type: 'connecting' },
    { type: 'opened' },
    {
      type: 'message',
      message: { type: 'welcome', version: '0.1.0', protocol: 1, capabilities },
    },
  );

const started = (): BridgeState =>
  apply(
    ready(),
    { type: 'runRequested', scenarioId: 'tcp-echo', hosts },
    {
      type: 'message',
      message: { type: 'run-started', runId: 'r1' },
    },
  );

const segment: TraceEvent = {
  t: 5,
  kind: 'segment',
  id: 1,
  from: 'client',
  to: 'server',
  src: '127.0.0.2:40000',
  dst: '127.0.0.1:50000',
  flags: ['SYN'],
  seq: 1,
  ack: 0,
  window: 65535,
  len: 0,
  options: {},
  payload: '',
};
const call: TraceEvent = { t: 1, kind: 'call', host: 'server', socket: 3, call: 'listen', args: { backlog: 1 } };

describe('the bridge connection', () => {
  it('starts without a token and says so', () => {
    expect(runBlocker(initialBridgeState())).toBe('no-token');
  });

  it('is ready after welcome, and runs only with python', () => {
    expect(runBlocker(apply(initialBridgeState(), { type: 'connecting' }))).toBe('connecting');
    expect(runBlocker(ready())).toBeNull();
    const noPython = apply(ready(), {
      type: 'message',
      message: { type: 'welcome', version: '0.1.0', protocol: 1, capabilities: { capture: false, python: false } },
    });
    expect(runBlocker(noPython)).toBe('no-python');
  });

  it('tells a bridge that never answered from one that closed the connection', () => {
    expect(runBlocker(apply(initialBridgeState(), { type: 'down', reason: 'unreachable' }))).toBe('unreachable');
    expect(runBlocker(apply(ready(), { type: 'down', reason: 'closed' }))).toBe('closed');
  });

  it('fails a run in progress when the connection goes', () => {
    const state = apply(started(), { type: 'down', reason: 'closed' });
    expect(state.run?.phase).toBe('failed');
    expect(state.run?.error?.fr).toContain('connexion');
  });
});

describe('a real run', () => {
  it('is refused while another runs or before the bridge is ready', () => {
    expect(apply(initialBridgeState(), { type: 'runRequested', scenarioId: 'tcp-echo', hosts }).run).toBeNull();
    const running = started();
    expect(runBlocker(running)).toBe('running');
    expect(apply(running, { type: 'runRequested', scenarioId: 'chat', hosts }).run?.scenarioId).toBe('tcp-echo');
  });

  it('collects streamed events of its own run only, and keeps the final trace', () => {
    let state = apply(started(), { type: 'events', runId: 'r1', events: [call] });
    state = apply(state, { type: 'message', message: { type: 'trace-event', runId: 'other', event: segment } });
    state = apply(state, { type: 'message', message: { type: 'trace-event', runId: 'r1', event: segment } });
    expect(state.real?.events).toEqual([call, segment]);
    state = apply(state, {
      type: 'message',
      message: { type: 'run-status', runId: 'r1', text: { en: 'capturing', fr: 'capture' } },
    });
    expect(state.run?.status?.en).toBe('capturing');
    const final = { ...sampleTrace(), source: 'real' as const };
    state = apply(state, { type: 'message', message: { type: 'run-finished', runId: 'r1', trace: final } });
    expect(state.run?.phase).toBe('finished');
    expect(state.real).toBe(final);
    expect(isRunActive(state.run)).toBe(false);
    expect(runBlocker(state)).toBeNull();
  });

  it('keeps the reason of a failed or refused run in both languages', () => {
    const reason = { en: 'udp-discovery cannot run on real sockets', fr: 'udp-discovery ne peut pas…' };
    const failed = apply(started(), { type: 'message', message: { type: 'run-failed', runId: 'r1', error: reason } });
    expect(failed.run?.phase).toBe('failed');
    expect(failed.run?.error).toEqual(reason);
    // Refused before run-started: the run we asked for is the one that failed.
    const refused = apply(
      ready(),
      { type: 'runRequested', scenarioId: 'tcp-echo', hosts },
      {
        type: 'message',
        message: { type: 'run-failed', runId: 'x', error: reason },
      },
    );
    expect(refused.run?.phase).toBe('failed');
    // A late failure of an old run changes nothing.
    expect(apply(failed, { type: 'message', message: { type: 'run-failed', runId: 'old', error: reason } })).toBe(
      failed,
    );
  });

  it('remembers a cancel asked for before the run had an id', () => {
    const state = apply(
      ready(),
      { type: 'runRequested', scenarioId: 'tcp-echo', hosts },
      { type: 'cancelRequested' },
      {
        type: 'message',
        message: { type: 'run-started', runId: 'r1' },
      },
    );
    expect(state.run?.phase).toBe('cancelling');
    expect(state.run?.runId).toBe('r1');
  });

  it('is dropped with its scenario', () => {
    const app = { ...initialState('en'), ...started(), scenarioId: 'tcp-echo' };
    expect(reduce(app, { type: 'selectScenario', scenarioId: 'chat', seed: 1 }).run).toBeNull();
  });
});

describe('the real trace', () => {
  it('is null until the run shows something, then a real trace at the loopback addresses seen', () => {
    expect(started().real).toBeNull();
    const trace = apply(started(), { type: 'events', runId: 'r1', events: [call, segment] }).real;
    expect(trace?.source).toBe('real');
    expect(trace?.meta.live).toBe(true);
    expect(trace?.events).toEqual([call, segment]);
    expect(trace?.hosts).toEqual([
      { name: 'server', addr: '10.0.0.1' },
      { name: 'client', addr: '127.0.0.2' },
    ]);
  });
});

describe('the URL', () => {
  it('reads the token and builds the same-origin WebSocket address', () => {
    expect(bridgeToken('?lang=fr&token=abc123')).toBe('abc123');
    expect(bridgeToken('?token=')).toBeNull();
    expect(bridgeToken('')).toBeNull();
    expect(bridgeUrl({ protocol: 'http:', host: '127.0.0.1:4321' }, 'a b')).toBe(
      'ws://127.0.0.1:4321/bridge?token=a%20b',
    );
    expect(bridgeUrl({ protocol: 'https:', host: 'x' }, 't')).toBe('wss://x/bridge?token=t');
  });
});
