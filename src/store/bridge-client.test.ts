import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { encodeMessage, type BridgeMessage } from '../bridge-protocol/messages';
import { sampleTrace } from '../trace/test-fixtures';
import type { Trace, TraceEvent } from '../trace/types';
import { createBridgeClient, type SocketLike } from './bridge-client';
import { initialState, reduce, type Action, type AppState } from './state';
import { totalSteps } from '../trace/query';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  closed = false;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  constructor(readonly url: string) {}
  send(text: string): void {
    this.sent.push(JSON.parse(text));
  }
  close(): void {
    this.closed = true;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  receive(message: BridgeMessage | string): void {
    const data = typeof message === 'string' ? message : encodeMessage(message);
    this.onmessage?.({ data } as MessageEvent);
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({ code: 1006 } as CloseEvent);
  }
}

function reducerStore<S, A>(initial: S, reducer: (state: S, action: A) => S) {
  const store = createStore<S>()(() => initial);
  return {
    getState: store.getState,
    subscribe: (listener: (state: S, previous: S) => void) => store.subscribe(listener),
    dispatch: (action: A) => store.setState(reducer(store.getState(), action), true),
  };
}

function setup() {
  // One store: the bridge slice and the rest of the app are read through the same one.
  const store = reducerStore<AppState, Action>(initialState('en'), reduce);
  const bridge = store;
  const app = store;
  app.dispatch({ type: 'selectScenario', scenarioId: 'tcp-echo', seed: 1 });
  app.dispatch({ type: 'simulated', trace: sampleTrace() });
  let socket: FakeSocket | undefined;
  const flushes: (() => void)[] = [];
  const client = createBridgeClient({
    url: 'ws://127.0.0.1:1/bridge?token=t',
    createSocket: (url) => (socket = new FakeSocket(url)),
    store,
    schedule: (flush) => void flushes.push(flush),
  });
  if (socket === undefined) throw new Error('no socket');
  const flush = () => flushes.splice(0).forEach((f) => f());
  return { bridge, app, socket, client, flush };
}

const welcome: BridgeMessage = {
  type: 'welcome',
  version: '0.1.0',
  protocol: 1,
  capabilities: { capture: true, python: true },
};
const realEvents = (): TraceEvent[] => sampleTrace().events;
const realTrace = (): Trace => ({ ...sampleTrace(), source: 'real' });

describe('the bridge client', () => {
  it('says hello once open and is ready after welcome', () => {
    const { bridge, socket } = setup();
    expect(socket.url).toBe('ws://127.0.0.1:1/bridge?token=t');
    expect(bridge.getState().link.status).toBe('connecting');
    socket.open();
    expect(socket.sent).toEqual([{ type: 'hello', protocol: 1 }]);
    socket.receive(welcome);
    expect(bridge.getState().link).toEqual({ status: 'ready', version: '0.1.0', capabilities: welcome.capabilities });
  });

  it('reports a bridge that never opened, and one that closed the connection', () => {
    const never = setup();
    never.socket.drop();
    expect(never.bridge.getState().link).toEqual({ status: 'down', reason: 'unreachable' });
    const later = setup();
    later.socket.open();
    later.socket.drop();
    expect(later.bridge.getState().link).toEqual({ status: 'down', reason: 'closed' });
  });

  it('keeps a bad frame as a protocol error without breaking', () => {
    const { bridge, socket } = setup();
    socket.open();
    socket.receive('{"type":"nope"}');
    expect(bridge.getState().protocolError).toContain('unknown message type');
    socket.receive(welcome);
    expect(bridge.getState().link.status).toBe('ready');
  });

  it('runs a scenario: live events become the real trace on screen, then the final trace', () => {
    const { bridge, app, socket, client, flush } = setup();
    socket.open();
    socket.receive(welcome);
    client.run('tcp-echo');
    expect(socket.sent.at(-1)).toEqual({ type: 'run', scenarioId: 'tcp-echo' });
    socket.receive({ type: 'run-started', runId: 'r1' });
    const [first, second, ...rest] = realEvents();
    if (first === undefined || second === undefined) throw new Error('sample too short');
    socket.receive({ type: 'trace-event', runId: 'r1', event: first });
    socket.receive({ type: 'trace-event', runId: 'r1', event: second });
    // Batched: nothing drawn until the flush, then both at once.
    expect(app.getState().real).toBeNull();
    flush();
    expect(bridge.getState().real?.events).toHaveLength(2);
    expect(app.getState().source).toBe('real');
    expect(app.getState().trace?.events).toHaveLength(2);
    expect(app.getState().trace?.source).toBe('real');
    // The cursor follows the live end.
    expect(app.getState().cursor).toBe(totalSteps(app.getState().trace as Trace));
    for (const event of rest) socket.receive({ type: 'trace-event', runId: 'r1', event });
    const final = realTrace();
    socket.receive({ type: 'run-finished', runId: 'r1', trace: final });
    expect(bridge.getState().run?.phase).toBe('finished');
    expect(app.getState().real).toEqual(final);
    expect(app.getState().trace).toEqual(final);
    // The simulation waits parked, and comes back with the switch.
    app.dispatch({ type: 'setSource', source: 'sim' });
    expect(app.getState().trace?.source).toBe('sim');
  });

  it('dispatches a burst of events as one store update, the real trace on screen with it', () => {
    const { app, socket, client, flush } = setup();
    socket.open();
    socket.receive(welcome);
    client.run('tcp-echo');
    socket.receive({ type: 'run-started', runId: 'r1' });
    let updates = 0;
    const unsubscribe = app.subscribe(() => void updates++);
    for (const event of realEvents().slice(0, 5)) socket.receive({ type: 'trace-event', runId: 'r1', event });
    expect(updates).toBe(0);
    flush();
    unsubscribe();
    expect(updates).toBe(1);
    expect(app.getState()).toMatchObject({ source: 'real', trace: app.getState().real });
    expect(app.getState().real?.events).toHaveLength(5);
  });

  it('keeps what is on screen when a run is refused', () => {
    const { bridge, app, socket, client } = setup();
    socket.open();
    socket.receive(welcome);
    const before = app.getState().trace;
    client.run('udp-discovery');
    socket.receive({ type: 'run-started', runId: 'r1' });
    socket.receive({ type: 'run-failed', runId: 'r1', error: { en: 'cannot run on loopback', fr: 'impossible' } });
    expect(bridge.getState().run?.error?.en).toBe('cannot run on loopback');
    expect(app.getState().trace).toBe(before);
    expect(app.getState().source).toBe('sim');
  });

  it('cancels: at once with a run id, or as soon as the run has one', () => {
    const { socket, client, bridge } = setup();
    socket.open();
    socket.receive(welcome);
    client.run('tcp-echo');
    client.cancel();
    expect(bridge.getState().run?.phase).toBe('cancelling');
    expect(socket.sent.at(-1)).toEqual({ type: 'run', scenarioId: 'tcp-echo' });
    socket.receive({ type: 'run-started', runId: 'r1' });
    expect(socket.sent.at(-1)).toEqual({ type: 'cancel', runId: 'r1' });
    socket.receive({ type: 'run-failed', runId: 'r1', error: { en: 'the run was cancelled', fr: 'annulée' } });
    expect(bridge.getState().run?.phase).toBe('failed');
  });

  it('cancels and forgets the run when another scenario is chosen', () => {
    const { bridge, app, socket, client, flush } = setup();
    socket.open();
    socket.receive(welcome);
    client.run('tcp-echo');
    socket.receive({ type: 'run-started', runId: 'r1' });
    const [first] = realEvents();
    if (first === undefined) throw new Error('sample too short');
    socket.receive({ type: 'trace-event', runId: 'r1', event: first });
    flush();
    expect(app.getState().real).not.toBeNull();
    app.dispatch({ type: 'selectScenario', scenarioId: 'chat', seed: 1 });
    expect(socket.sent.at(-1)).toEqual({ type: 'cancel', runId: 'r1' });
    expect(bridge.getState().run).toBeNull();
    expect(app.getState().real).toBeNull();
    expect(app.getState().source).toBe('sim');
  });

  it('closes the socket when disposed', () => {
    const { socket, client } = setup();
    client.dispose();
    expect(socket.closed).toBe(true);
  });
});
