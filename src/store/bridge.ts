// The bridge slice: the bridge to real sockets (`npm start`, README "Bridge") as the page sees
// it. The connection, what the bridge can do, the one real run of the current scenario and the
// real trace (`real`, its one record), as plain data changed by one pure reducer. Which trace is
// on screen (source.ts) follows `real` in the same update (state.ts). The WebSocket client
// (bridge-client.ts) imports the message parser (zod), so it is loaded apart, and only when the
// page's URL carries the bridge's token.
import type { BridgeMessage, Capabilities } from '../bridge-protocol/messages';
import { TRACE_VERSION, type LocalizedText, type Trace, type TraceEvent, type TraceHost } from '../trace/types';

/** Why there is no usable connection; the UI words each one in both languages. */
export type BridgeDownReason =
  /** The page was not opened from the URL `npm start` prints (a static site, `vite preview`). */
  | 'no-token'
  /** The WebSocket never opened: the bridge is not running, or refused the token. */
  | 'unreachable'
  /** The bridge closed an open connection (it stopped, or the page broke the protocol). */
  | 'closed'
  /** This browser has no WebSocket. */
  | 'unsupported';

export type BridgeLink =
  | { status: 'down'; reason: BridgeDownReason }
  | { status: 'connecting' }
  /** Open, waiting for `welcome`. */
  | { status: 'open' }
  | { status: 'ready'; version: string; capabilities: Capabilities };

export type RunPhase = 'starting' | 'running' | 'cancelling' | 'finished' | 'failed';

export interface RealRun {
  scenarioId: string;
  /** Null until `run-started` names it. */
  runId: string | null;
  phase: RunPhase;
  /** The scenario's hosts, for the live trace until the final one arrives. */
  hosts: TraceHost[];
  /** `real` is this run's trace: its first events (or its final trace) arrived. */
  traced: boolean;
  /** The bridge's latest progress note. */
  status: LocalizedText | null;
  /** Why the run failed (or was cancelled or refused). */
  error: LocalizedText | null;
}

export interface BridgeState {
  link: BridgeLink;
  run: RealRun | null;
  /** The last protocol mistake the bridge reported (`error`, English only, for developers). */
  protocolError: string | null;
  /**
   * The real trace: the latest run's that showed something (growing while it streams, then the
   * validated final trace), or null before any. A run that has shown nothing yet leaves the
   * previous one, so what was on screen stays until the new run shows something.
   */
  real: Trace | null;
}

export type BridgeAction =
  | { type: 'connecting' }
  | { type: 'opened' }
  | { type: 'down'; reason: BridgeDownReason }
  | { type: 'message'; message: BridgeMessage }
  /** Several `trace-event`s at once: the client batches them so a burst draws once. */
  | { type: 'events'; runId: string; events: TraceEvent[] }
  | { type: 'runRequested'; scenarioId: string; hosts: TraceHost[] }
  | { type: 'cancelRequested' };

export function initialBridgeState(): BridgeState {
  return { link: { status: 'down', reason: 'no-token' }, run: null, protocolError: null, real: null };
}

const activePhases: ReadonlySet<RunPhase> = new Set(['starting', 'running', 'cancelling']);

export const isRunActive = (run: RealRun | null): boolean => run !== null && activePhases.has(run.phase);

/** A message about the run in progress (or, for a refused run, the run we asked for). */
function isOurs(run: RealRun | null, runId: string, refusalAllowed: boolean): run is RealRun {
  if (run === null || !isRunActive(run)) return false;
  return run.runId === runId || (run.runId === null && refusalAllowed);
}

export function reduceBridge<S extends BridgeState>(state: S, action: BridgeAction): S {
  switch (action.type) {
    case 'connecting':
      return { ...state, link: { status: 'connecting' } };
    case 'opened':
      return { ...state, link: { status: 'open' } };
    case 'down': {
      // A run cannot outlive its connection: the bridge stops it when the page leaves.
      const run =
        state.run !== null && isRunActive(state.run)
          ? { ...state.run, phase: 'failed' as const, error: lostText }
          : state.run;
      return { ...state, link: { status: 'down', reason: action.reason }, run };
    }
    case 'runRequested':
      if (state.link.status !== 'ready' || isRunActive(state.run)) return state;
      return {
        ...state,
        run: {
          scenarioId: action.scenarioId,
          runId: null,
          phase: 'starting',
          hosts: action.hosts,
          traced: false,
          status: null,
          error: null,
        },
      };
    case 'cancelRequested':
      if (state.run === null || !isRunActive(state.run)) return state;
      return { ...state, run: { ...state.run, phase: 'cancelling' } };
    case 'events': {
      const run = state.run;
      if (!isOurs(run, action.runId, false) || action.events.length === 0) return state;
      const before = run.traced ? (state.real?.events ?? []) : [];
      const real = liveTrace(run, [...before, ...action.events]);
      return { ...state, run: run.traced ? run : { ...run, traced: true }, real };
    }
    case 'message':
      return reduceMessage(state, action.message);
  }
}

const lostText: LocalizedText = {
  en: 'the connection to the bridge was lost during the run',
  fr: 'la connexion au pont a été perdue pendant l’exécution',
};

function reduceMessage<S extends BridgeState>(state: S, message: BridgeMessage): S {
  const run = state.run;
  switch (message.type) {
    case 'welcome':
      return {
        ...state,
        link: { status: 'ready', version: message.version, capabilities: message.capabilities },
      };
    case 'run-started':
      // A cancel asked for before the run had an id stays asked for (the client sends it now).
      if (run === null || run.runId !== null || !isRunActive(run)) return state;
      return {
        ...state,
        run: { ...run, runId: message.runId, phase: run.phase === 'starting' ? 'running' : run.phase },
      };
    case 'trace-event':
      return reduceBridge(state, { type: 'events', runId: message.runId, events: [message.event] });
    case 'run-status':
      if (!isOurs(run, message.runId, false)) return state;
      return { ...state, run: { ...run, status: message.text } };
    case 'run-finished':
      if (!isOurs(run, message.runId, false)) return state;
      return {
        ...state,
        run: { ...run, phase: 'finished', traced: true, status: null },
        real: message.trace,
      };
    case 'run-failed':
      if (!isOurs(run, message.runId, true)) return state;
      return { ...state, run: { ...run, runId: message.runId, phase: 'failed', error: message.error, status: null } };
    case 'error':
      return { ...state, protocolError: message.message };
  }
}

/** "127.0.0.2:40649" -> "127.0.0.2". */
const addressOf = (endpoint: string): string => endpoint.replace(/:\d+$/, '');

/**
 * The trace of a run still streaming: its events under the scenario's hosts, each host at the
 * loopback address its packets came from.
 */
function liveTrace(run: RealRun, events: TraceEvent[]): Trace {
  const seen = new Map<string, string>();
  for (const event of events) {
    if (event.kind === 'segment' || event.kind === 'datagram') {
      if (!seen.has(event.from)) seen.set(event.from, addressOf(event.src));
    }
  }
  return {
    format: 'wirestep-trace',
    version: TRACE_VERSION,
    source: 'real',
    meta: { scenario: run.scenarioId, live: true },
    hosts: run.hosts.map((host) => ({ name: host.name, addr: seen.get(host.name) ?? host.addr })),
    events,
  };
}

/** Why a real run cannot be started right now, or null when it can. */
export type RunBlocker = BridgeDownReason | 'connecting' | 'no-python' | 'running';

export function runBlocker(state: BridgeState): RunBlocker | null {
  const { link } = state;
  if (link.status === 'down') return link.reason;
  if (link.status !== 'ready') return 'connecting';
  if (!link.capabilities.python) return 'no-python';
  if (isRunActive(state.run)) return 'running';
  return null;
}

/** The token `npm start` put in the URL, or null. */
export function bridgeToken(search: string): string | null {
  const token = new URLSearchParams(search).get('token');
  return token === null || token.trim() === '' ? null : token.trim();
}

/** The bridge's WebSocket address on the page's own origin. */
export function bridgeUrl(location: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/bridge?token=${encodeURIComponent(token)}`;
}

export const selectBridgeLink = (state: BridgeState): BridgeLink => state.link;
export const selectRealRun = (state: BridgeState): RealRun | null => state.run;
export const selectRunBlocker = (state: BridgeState): RunBlocker | null => runBlocker(state);
export const selectReal = (state: BridgeState): Trace | null => state.real;
export const selectHasReal = (state: BridgeState): boolean => state.real !== null;
export const selectRealLive = (state: BridgeState): boolean => state.real?.meta.live === true;
/** Events the current run has shown so far (its trace is `real` once it has shown any). */
export const selectRunEventCount = (state: BridgeState): number =>
  state.run?.traced === true ? (state.real?.events.length ?? 0) : 0;
/** False when the real trace says its packets could not be captured (only the socket calls are in it). */
export const selectRealCaptured = (state: BridgeState): boolean => state.real?.meta.capture !== false;
