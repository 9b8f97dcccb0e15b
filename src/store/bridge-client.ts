// The WebSocket client of the bridge: loaded apart (it brings the message parser and zod), only
// when the URL carries the bridge's token. It turns frames into bridge-store actions, sends the
// page's requests, and keeps the app store's real trace in step with the run.
import {
  encodeMessage,
  parseBridgeMessage,
  protocolVersion,
  type BridgeMessage,
  type ClientMessage,
  type ParseResult,
} from '../bridge-protocol/messages';
import { findScenario } from '../scenario/library';
import type { Trace, TraceEvent } from '../trace/types';
import {
  bridgeUrl,
  isRunActive,
  realTraceOf,
  setBridgeCommands,
  useBridgeStore,
  type BridgeAction,
  type BridgeCommands,
  type BridgeState,
} from './bridge';
import type { Action, AppState } from './state';
import { useAppStore } from './store';

/** The part of a WebSocket the client uses, so tests can pass a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(text: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
}

const socketOpen = 1;

interface Store<S, A> {
  getState: () => S;
  dispatch: (action: A) => void;
  subscribe: (listener: (state: S) => void) => () => void;
}

export interface BridgeClientDeps {
  url: string;
  createSocket: (url: string) => SocketLike;
  bridge: Store<BridgeState, BridgeAction>;
  app: Store<AppState, Action>;
  /** Batches a burst of events into one update; the default waits one frame's worth (16 ms). */
  schedule?: (flush: () => void) => void;
  parse?: (text: string) => ParseResult<BridgeMessage>;
}

export interface BridgeClient extends BridgeCommands {
  /** Closes the socket and stops following the stores. */
  dispose: () => void;
}

export function createBridgeClient(deps: BridgeClientDeps): BridgeClient {
  const { bridge, app } = deps;
  const parse = deps.parse ?? parseBridgeMessage;
  const schedule = deps.schedule ?? ((flush: () => void) => void setTimeout(flush, 16));
  let opened = false;
  let disposed = false;
  let queued: { runId: string; events: TraceEvent[] } | null = null;

  const flush = (): void => {
    const batch = queued;
    queued = null;
    if (batch !== null) bridge.dispatch({ type: 'events', runId: batch.runId, events: batch.events });
  };

  bridge.dispatch({ type: 'connecting' });
  let socket: SocketLike;
  try {
    socket = deps.createSocket(deps.url);
  } catch {
    // A malformed address or a blocked scheme: the same as a bridge that never answered.
    bridge.dispatch({ type: 'down', reason: 'unreachable' });
    return { run: () => {}, cancel: () => {}, dispose: () => {} };
  }
  const send = (message: ClientMessage): void => {
    if (socket.readyState === socketOpen) socket.send(encodeMessage(message));
  };

  socket.onopen = () => {
    opened = true;
    bridge.dispatch({ type: 'opened' });
    send({ type: 'hello', protocol: protocolVersion });
  };
  socket.onmessage = (event) => {
    if (typeof event.data !== 'string') return;
    const parsed = parse(event.data);
    if (!parsed.ok) {
      bridge.dispatch({ type: 'message', message: { type: 'error', message: parsed.error } });
      return;
    }
    const message = parsed.message;
    if (message.type === 'trace-event') {
      if (queued !== null && queued.runId !== message.runId) flush();
      if (queued === null) {
        queued = { runId: message.runId, events: [] };
        schedule(flush);
      }
      queued.events.push(message.event);
      return;
    }
    // Everything else keeps its order with the events before it.
    flush();
    bridge.dispatch({ type: 'message', message });
    if (message.type === 'run-started') {
      // A run the page no longer wants (cancelled before it had an id, or another scenario now).
      const run = bridge.getState().run;
      if (run?.runId !== message.runId || run.phase === 'cancelling') send({ type: 'cancel', runId: message.runId });
    }
  };
  socket.onerror = () => {};
  socket.onclose = () => {
    flush();
    setBridgeCommands(null);
    if (!disposed) bridge.dispatch({ type: 'down', reason: opened ? 'closed' : 'unreachable' });
  };

  const commands: BridgeCommands = {
    run: (scenarioId) => {
      const before = bridge.getState().run;
      bridge.dispatch({ type: 'runRequested', scenarioId, hosts: findScenario(scenarioId)?.hosts ?? [] });
      if (bridge.getState().run !== before) send({ type: 'run', scenarioId });
    },
    cancel: () => {
      const run = bridge.getState().run;
      if (run === null || !isRunActive(run)) return;
      bridge.dispatch({ type: 'cancelRequested' });
      if (run.runId !== null) send({ type: 'cancel', runId: run.runId });
    },
  };

  const stopFollowing = followRun(bridge, app, commands);
  setBridgeCommands(commands);

  return {
    ...commands,
    dispose: () => {
      disposed = true;
      stopFollowing();
      setBridgeCommands(null);
      socket.close(1000, 'page closed');
    },
  };
}

/**
 * Keeps the app store's real trace equal to the run's: each new batch of events (or the final
 * trace) becomes a `realTrace`; the first events of a run bring the real trace on screen. When the
 * app drops the real trace (another scenario, an import), the run goes too, cancelled if running.
 */
export function followRun(
  bridge: Store<BridgeState, BridgeAction>,
  app: Store<AppState, Action>,
  commands: Pick<BridgeCommands, 'cancel'>,
): () => void {
  let shown: { events: TraceEvent[] | null; final: Trace | null } = { events: null, final: null };
  /** The run whose trace was last given to the app, null when none is. */
  let pushedFor: string | null = null;

  const onBridge = (state: BridgeState): void => {
    const run = state.run;
    const events = run?.events ?? null;
    const final = run?.final ?? null;
    if (events === shown.events && final === shown.final) return;
    shown = { events, final };
    const trace = realTraceOf(run);
    // Until the run shows something, what was on screen stays (a refused run changes nothing).
    if (trace === null && run !== null) return;
    const runId = trace === null ? null : (run?.runId ?? null);
    const first = runId !== null && runId !== pushedFor;
    pushedFor = runId;
    app.dispatch({ type: 'realTrace', trace });
    if (first && app.getState().source === 'sim') app.dispatch({ type: 'setSource', source: 'real' });
  };

  const onApp = (state: AppState): void => {
    const run = bridge.getState().run;
    const dropped = pushedFor !== null && state.real === null;
    const elsewhere = run !== null && run.scenarioId !== state.scenarioId;
    if (!dropped && !elsewhere) return;
    // The app let the real trace go (another scenario, an import): so does the bridge store.
    pushedFor = null;
    if (isRunActive(run)) commands.cancel();
    if (run !== null) bridge.dispatch({ type: 'runCleared' });
  };

  const unsubscribeBridge = bridge.subscribe(onBridge);
  const unsubscribeApp = app.subscribe(onApp);
  return () => {
    unsubscribeBridge();
    unsubscribeApp();
  };
}

let client: BridgeClient | null = null;

/** Opens the page's one connection to the bridge (called by startBridge in bridge.ts). */
export function connectBridge(win: Window, token: string): BridgeClient {
  client?.dispose();
  const bridge = useBridgeStore;
  client = createBridgeClient({
    url: bridgeUrl(win.location, token),
    createSocket: (url) => new WebSocket(url),
    bridge: {
      getState: bridge.getState,
      dispatch: (action) => bridge.getState().dispatch(action),
      subscribe: bridge.subscribe,
    },
    app: {
      getState: useAppStore.getState,
      dispatch: (action) => useAppStore.getState().dispatch(action),
      subscribe: useAppStore.subscribe,
    },
  });
  return client;
}
