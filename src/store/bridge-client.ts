// The WebSocket client of the bridge: loaded apart (it brings the message parser and zod), only
// when the URL carries the bridge's token. It turns frames into bridge actions of the one store
// (whose reducer also puts the real trace on screen, in the same update) and sends the page's
// requests; it keeps no state of its own beyond the batch of events not yet dispatched.
import {
  encodeMessage,
  parseBridgeMessage,
  protocolVersion,
  type BridgeMessage,
  type ClientMessage,
  type ParseResult,
} from '../bridge-protocol/messages';
import { findScenario } from '../scenario/library';
import type { TraceEvent } from '../trace/types';
import { bridgeUrl, isRunActive, type BridgeAction, type BridgeState } from './bridge';
import { setBridgeCommands, type BridgeCommands } from './bridge-commands';
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

/** The part of the app store the client uses: the bridge slice, and bridge actions. */
export interface BridgeStore {
  getState: () => BridgeState;
  dispatch: (action: BridgeAction) => void;
  subscribe: (listener: (state: BridgeState, previous: BridgeState) => void) => () => void;
}

export interface BridgeClientDeps {
  url: string;
  createSocket: (url: string) => SocketLike;
  store: BridgeStore;
  /** Batches a burst of events into one update; the default waits one frame's worth (16 ms). */
  schedule?: (flush: () => void) => void;
  parse?: (text: string) => ParseResult<BridgeMessage>;
}

export interface BridgeClient extends BridgeCommands {
  /** Closes the socket and stops following the store. */
  dispose: () => void;
}

export function createBridgeClient(deps: BridgeClientDeps): BridgeClient {
  const bridge = deps.store;
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
    run: (scenarioId, scenario) => {
      const before = bridge.getState().run;
      const hosts = (scenario ?? findScenario(scenarioId))?.hosts ?? [];
      bridge.dispatch({ type: 'runRequested', scenarioId, hosts });
      if (bridge.getState().run === before) return;
      // The scenario type is plain JSON data: the message's loose record type takes it as it is.
      send(scenario === undefined ? { type: 'run', scenarioId } : { type: 'run', scenario: { ...scenario } });
    },
    cancel: () => {
      const run = bridge.getState().run;
      if (run === null || !isRunActive(run)) return;
      bridge.dispatch({ type: 'cancelRequested' });
      if (run.runId !== null) send({ type: 'cancel', runId: run.runId });
    },
  };

  const stopWatching = cancelDroppedRuns(bridge, send);
  setBridgeCommands(commands);

  return {
    ...commands,
    dispose: () => {
      disposed = true;
      stopWatching();
      setBridgeCommands(null);
      socket.close(1000, 'page closed');
    },
  };
}

/**
 * A run the store dropped (another scenario, an import: the same action cleared the real trace)
 * is stopped on the bridge too. One without an id yet is cancelled when `run-started` names it.
 */
function cancelDroppedRuns(store: BridgeStore, send: (message: ClientMessage) => void): () => void {
  return store.subscribe((state, previous) => {
    const run = previous.run;
    if (state.run !== null || run === null || !isRunActive(run) || run.runId === null) return;
    send({ type: 'cancel', runId: run.runId });
  });
}

let client: BridgeClient | null = null;

/** Opens the page's one connection to the bridge (called by startBridge in bridge-commands.ts). */
export function connectBridge(win: Window, token: string): BridgeClient {
  client?.dispose();
  client = createBridgeClient({
    url: bridgeUrl(win.location, token),
    createSocket: (url) => new WebSocket(url),
    store: {
      getState: useAppStore.getState,
      dispatch: (action) => useAppStore.getState().dispatch(action),
      subscribe: useAppStore.subscribe,
    },
  });
  return client;
}
