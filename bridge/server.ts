// The bridge server (README "Bridge", ARCHITECTURE.md): one HTTP server on 127.0.0.1 that serves the built app
// and upgrades `/bridge?token=...` to a WebSocket after checking Host, Origin and token. Each
// connection may run one scenario at a time through a RunScenario; a failing run, a bad frame or
// a client that leaves never takes the server down. Three parts, one job each: the HTTP gate
// (bridge/http-gate.ts), the connection sessions (bridge/session.ts) and the run supervisor
// (bridge/run-supervisor.ts); this module builds them, wires them together and closes them.
import { WebSocket } from 'ws';
import { protocolVersion, type Capabilities, type WelcomeMessage } from '../src/bridge-protocol/messages';
import type { Scenario } from '../src/scenario/schema';
import { errorText } from './error-text';
import { HttpGate } from './http-gate';
import { bridgeLimits, type BridgeLimits } from './limits';
import type { DetectCapabilities, RefuseRun, RunScenario } from './run-contract';
import { RunSupervisor } from './run-supervisor';
import { generateToken } from './security';
import { ConnectionSession } from './session';

/** The bridge only ever listens here: never on a network interface. */
export const bridgeHost = '127.0.0.1';

export interface BridgeServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** Default: 32 random bytes as hex. */
  token?: string;
  /** The built app (dist/); without it only the WebSocket endpoint answers. */
  staticDir?: string;
  runScenario: RunScenario;
  /** The runner's refusals of a valid scenario, answered before `run-started`. */
  refuseRun?: RefuseRun;
  capabilities: DetectCapabilities;
  /** Built-in scenarios, for `run` by id. */
  scenarios: readonly Scenario[];
  /** Wirestep's version, sent in `welcome`. */
  version: string;
  limits?: Partial<BridgeLimits & { maxClients: number; closeGraceMs: number }>;
  /** Unexpected errors, one line each (the CLI passes stderr). */
  log?: (line: string) => void;
}

export interface BridgeServer {
  readonly port: number;
  readonly token: string;
  /** The app's URL with `?token=...`: the one line `serve` prints. */
  readonly url: string;
  /** Connections that passed every check and were upgraded, since the start. */
  readonly acceptedConnections: number;
  readonly activeRuns: number;
  /** Stops runs, closes clients with 1001, then the server. Safe to call twice. */
  close(): Promise<void>;
}

const defaults = { ...bridgeLimits, maxClients: 16, closeGraceMs: 2000 };

export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const limits = { ...defaults, ...options.limits };
  const token = options.token ?? generateToken();
  const log = options.log ?? (() => {});
  const sessions = new Set<ConnectionSession>();
  let closing: Promise<void> | undefined;
  // Checked once, before listening, so that `welcome` is the first message of every connection.
  const welcome = welcomeMessage(options.version, await detect(options.capabilities));
  const supervisor = new RunSupervisor({
    runScenario: options.runScenario,
    ...(options.refuseRun === undefined ? {} : { refuseRun: options.refuseRun }),
    scenarios: options.scenarios,
    limits,
    log,
  });
  const gate = new HttpGate({
    host: bridgeHost,
    token,
    maxPayloadBytes: limits.maxPayloadBytes,
    ...(options.staticDir === undefined ? {} : { staticDir: options.staticDir }),
    admission: () => {
      if (closing !== undefined) return 'the bridge is shutting down';
      return sessions.size >= limits.maxClients ? 'too many clients' : undefined;
    },
    onConnection: (ws) => {
      const session = new ConnectionSession(ws, {
        supervisor,
        welcome,
        maxBufferedBytes: limits.maxBufferedBytes,
        idleTimeoutMs: limits.idleTimeoutMs,
        log,
        onClose: (closed) => sessions.delete(closed),
      });
      sessions.add(session);
    },
    log,
  });
  const port = await gate.listen(options.port);
  const close = (): Promise<void> =>
    (closing ??= closeAll({ supervisor, sessions, gate, closeGraceMs: limits.closeGraceMs }));
  return {
    port,
    token,
    url: `http://${bridgeHost}:${port}/?token=${token}`,
    get acceptedConnections() {
      return gate.acceptedConnections;
    },
    get activeRuns() {
      return supervisor.activeRuns;
    },
    close,
  };
}

function welcomeMessage(version: string, capabilities: Capabilities): WelcomeMessage {
  return { type: 'welcome', version, protocol: protocolVersion, capabilities };
}

/** What the machine allows; a failing check means no capture, with the reason. */
async function detect(capabilities: DetectCapabilities): Promise<Capabilities> {
  return Promise.resolve()
    .then(() => capabilities())
    .catch((error: unknown) => ({
      capture: false,
      captureReason: `could not check for tcpdump: ${errorText(error)}`,
      python: false,
    }));
}

/** Stops the runs, closes the clients with 1001 (cut after the grace time), then the gate. */
async function closeAll(parts: {
  supervisor: RunSupervisor;
  sessions: ReadonlySet<ConnectionSession>;
  gate: HttpGate;
  closeGraceMs: number;
}): Promise<void> {
  const runsDone = parts.supervisor.shutdown();
  const open = [...parts.sessions].map(({ ws }) => ws).filter((ws) => ws.readyState !== WebSocket.CLOSED);
  const allClosed = Promise.all(open.map((ws) => new Promise<void>((resolve) => ws.once('close', () => resolve()))));
  for (const ws of open) if (ws.readyState === WebSocket.OPEN) ws.close(1001, 'bridge shutting down');
  // Give runners time to end their sockets and tcpdump; a client that never answers is cut.
  await Promise.race([Promise.all([allClosed, runsDone]), delay(parts.closeGraceMs)]);
  for (const { ws } of parts.sessions) ws.terminate();
  await parts.gate.close();
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
