// The bridge server (DESIGN.md "Bridge"): one HTTP server on 127.0.0.1 that serves the built app
// and upgrades `/bridge?token=...` to a WebSocket after checking Host, Origin and token. Each
// connection may run one scenario at a time through a RunScenario; a failing run, a bad frame or
// a client that leaves never takes the server down.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import {
  bridgePath,
  encodeMessage,
  parseClientMessage,
  protocolVersion,
  type BridgeMessage,
  type Capabilities,
  type RunMessage,
} from '../src/bridge-protocol/messages';
import type { Scenario } from '../src/scenario/schema';
import { validateScenario } from '../src/scenario/validate';
import type { LocalizedText } from '../src/trace/types';
import { bridgeLimits, checkBridgeLimits, type BridgeLimits } from './limits';
import type { DetectCapabilities, RunScenario } from './run-contract';
import { checkUpgrade, generateToken, isAllowedHost, refuseUpgrade, requestUrl, securityHeaders } from './security';
import { createStaticHandler, type StaticHandler } from './static';

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

type StopReason = 'cancelled' | 'client-left' | 'timeout' | 'too-many-events' | 'slow-client' | 'shutdown';

interface ActiveRun {
  id: string;
  controller: AbortController;
  stop?: StopReason;
  done: Promise<void>;
}

interface Connection {
  ws: WebSocket;
  run?: ActiveRun;
}

const defaults = { ...bridgeLimits, maxClients: 16, closeGraceMs: 2000 };

export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const limits = { ...defaults, ...options.limits };
  const token = options.token ?? generateToken();
  const log = options.log ?? (() => {});
  const connections = new Set<Connection>();
  const runs = new Set<ActiveRun>();
  let port = options.port;
  let accepted = 0;
  let closing: Promise<void> | undefined;
  let serveStatic: StaticHandler | undefined;

  // Checked once, before listening, so that `welcome` is the first message of every connection.
  const capabilities: Capabilities = await Promise.resolve()
    .then(() => options.capabilities())
    .catch((error: unknown) => ({
      capture: false,
      captureReason: `could not check for tcpdump: ${errorText(error)}`,
      python: false,
    }));

  const http = createServer((request, response) => {
    handleRequest(request, response).catch((error: unknown) => {
      log(`bridge: HTTP error: ${errorText(error)}`);
      if (!response.headersSent) {
        response.statusCode = 500;
        response.end('internal error\n');
      } else response.destroy();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxPayloadBytes, perMessageDeflate: false });

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // DNS rebinding: a page on evil.example resolved to 127.0.0.1 still sends Host: evil.example.
    if (!isAllowedHost(request.headers.host, port)) {
      for (const [name, value] of Object.entries(securityHeaders(port))) response.setHeader(name, value);
      response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Forbidden: bad Host header\n');
      return;
    }
    if (requestUrl(request)?.pathname === bridgePath) {
      response.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket' });
      response.end('the bridge speaks WebSocket only\n');
      return;
    }
    if (serveStatic === undefined) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('not found\n');
      return;
    }
    await serveStatic(request, response);
  }

  http.on('upgrade', (request: IncomingMessage, socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const check = checkUpgrade(request, port, token);
    if (!check.ok) return refuseUpgrade(socket, check.status, check.reason);
    if (closing !== undefined || connections.size >= limits.maxClients) {
      return refuseUpgrade(socket, 403, closing ? 'the bridge is shutting down' : 'too many clients');
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      accepted += 1;
      onConnection(ws);
    });
  });

  function onConnection(ws: WebSocket): void {
    const connection: Connection = { ws };
    connections.add(connection);
    // ws reports an oversized frame (then closes with 1009) and protocol errors here.
    ws.on('error', (error) => log(`bridge: client error: ${errorText(error)}`));
    ws.on('close', () => {
      connections.delete(connection);
      if (connection.run) stopRun(connection.run, 'client-left');
    });
    ws.on('message', (data, isBinary) => {
      try {
        onMessage(connection, data, isBinary);
      } catch (error) {
        log(`bridge: message handling failed: ${errorText(error)}`);
        send(connection, { type: 'error', message: 'internal error while handling the message' });
      }
    });
    sendWelcome(connection);
  }

  function sendWelcome(connection: Connection): void {
    send(connection, { type: 'welcome', version: options.version, protocol: protocolVersion, capabilities });
  }

  function onMessage(connection: Connection, data: RawData, isBinary: boolean): void {
    if (isBinary) {
      send(connection, { type: 'error', message: 'binary frames are not accepted; send JSON text' });
      return;
    }
    const parsed = parseClientMessage(rawText(data));
    if (!parsed.ok) {
      send(connection, { type: 'error', message: parsed.error });
      return;
    }
    const message = parsed.message;
    switch (message.type) {
      case 'hello':
        if (message.protocol !== protocolVersion) {
          send(connection, {
            type: 'error',
            message: `protocol ${message.protocol} is not supported (the bridge speaks ${protocolVersion}); reload the page`,
          });
        }
        sendWelcome(connection);
        return;
      case 'run':
        void startRun(connection, message);
        return;
      case 'cancel':
        if (connection.run?.id === message.runId) stopRun(connection.run, 'cancelled');
        else send(connection, { type: 'error', message: `no run "${message.runId}" in progress on this connection` });
        return;
    }
  }

  async function startRun(connection: Connection, message: RunMessage): Promise<void> {
    const runId = randomUUID();
    const fail = (text: LocalizedText): void => void send(connection, { type: 'run-failed', runId, error: text });
    if (closing !== undefined) return fail(stopText('shutdown', limits));
    if (connection.run) {
      return fail({
        en: `a run is already in progress on this connection (${connection.run.id}); cancel it or wait for it to end`,
        fr: `une exécution est déjà en cours sur cette connexion (${connection.run.id}) ; annulez-la ou attendez sa fin`,
      });
    }
    if (runs.size >= limits.maxConcurrentRuns) {
      return fail({
        en: `the bridge is busy (${runs.size} runs at once, at most ${limits.maxConcurrentRuns}); try again when one ends`,
        fr: `le pont est occupé (${runs.size} exécutions en cours, au plus ${limits.maxConcurrentRuns}) ; réessayez quand l'une d'elles sera finie`,
      });
    }
    const scenario = resolveScenario(message);
    if (!scenario.ok) return fail(scenario.error);

    const controller = new AbortController();
    let finishDone = (): void => {};
    const run: ActiveRun = { id: runId, controller, done: new Promise((resolve) => (finishDone = resolve)) };
    connection.run = run;
    runs.add(run);
    const timer = setTimeout(() => stopRun(run, 'timeout'), limits.maxDurationMs);
    let events = 0;
    let settled = false;
    send(connection, { type: 'run-started', runId });
    try {
      const trace = await Promise.resolve().then(() =>
        options.runScenario(scenario.scenario, {
          signal: controller.signal,
          onEvent: (event) => {
            if (settled || controller.signal.aborted) return;
            events += 1;
            if (events > limits.maxEventsPerRun) return stopRun(run, 'too-many-events');
            send(connection, { type: 'trace-event', runId, event });
          },
          onStatus: (status) => {
            if (settled || controller.signal.aborted) return;
            send(connection, { type: 'run-status', runId, text: status.text });
          },
          ...(message.options === undefined ? {} : { options: message.options }),
        }),
      );
      settled = true;
      if (run.stop !== undefined) fail(stopText(run.stop, limits));
      else if (!send(connection, { type: 'run-finished', runId, trace })) {
        fail({ en: 'the trace could not be sent', fr: "la trace n'a pas pu être envoyée" });
      }
    } catch (error) {
      settled = true;
      if (run.stop !== undefined) fail(stopText(run.stop, limits));
      else {
        log(`bridge: run ${runId} failed: ${errorText(error)}`);
        const why = errorText(error).slice(0, 1000);
        fail({ en: `the run failed: ${why}`, fr: `l'exécution a échoué : ${why}` });
      }
    } finally {
      clearTimeout(timer);
      runs.delete(run);
      if (connection.run === run) delete connection.run;
      finishDone();
    }
  }

  function resolveScenario(
    message: RunMessage,
  ): { ok: true; scenario: Scenario } | { ok: false; error: LocalizedText } {
    let scenario: Scenario;
    if ('scenarioId' in message) {
      const found = options.scenarios.find((s) => s.id === message.scenarioId);
      if (found === undefined) {
        return {
          ok: false,
          error: {
            en: `unknown scenario "${message.scenarioId}"`,
            fr: `scénario inconnu « ${message.scenarioId} »`,
          },
        };
      }
      scenario = found;
    } else {
      const result = validateScenario(message.scenario);
      if (!result.ok) {
        const [first, ...others] = result.problems;
        const where = `${first?.path ?? '$'}: ${first?.message ?? 'invalid'}`;
        return {
          ok: false,
          error: {
            en: `invalid scenario: ${where}${more(others.length, 'en')}`,
            fr: `scénario invalide : ${where}${more(others.length, 'fr')}`,
          },
        };
      }
      scenario = result.scenario;
    }
    const problems = checkBridgeLimits(scenario, limits);
    const [first, ...others] = problems;
    if (first === undefined) return { ok: true, scenario };
    return {
      ok: false,
      error: {
        en: `cannot run on real sockets: ${first.path}: ${first.text.en}${more(others.length, 'en')}`,
        fr: `exécution réelle impossible : ${first.path} : ${first.text.fr}${more(others.length, 'fr')}`,
      },
    };
  }

  function stopRun(run: ActiveRun, reason: StopReason): void {
    if (run.stop !== undefined) return;
    run.stop = reason;
    run.controller.abort(new Error(`run stopped: ${reason}`));
  }

  /** Sends to an open client only; false when nothing was sent. */
  function send(connection: Connection, message: BridgeMessage): boolean {
    const { ws } = connection;
    if (ws.readyState !== WebSocket.OPEN) return false;
    let text: string;
    try {
      text = encodeMessage(message);
    } catch (error) {
      log(`bridge: could not encode a ${message.type} message: ${errorText(error)}`);
      return false;
    }
    // A client that does not read would make the bridge hold every event in memory.
    if (ws.bufferedAmount + text.length > limits.maxBufferedBytes) {
      if (connection.run) stopRun(connection.run, 'slow-client');
      ws.terminate();
      return false;
    }
    ws.send(text);
    return true;
  }

  async function close(): Promise<void> {
    closing ??= (async () => {
      for (const run of runs) stopRun(run, 'shutdown');
      const open = [...connections].map(({ ws }) => ws).filter((ws) => ws.readyState !== WebSocket.CLOSED);
      const allClosed = Promise.all(
        open.map((ws) => new Promise<void>((resolve) => ws.once('close', () => resolve()))),
      );
      for (const ws of open) if (ws.readyState === WebSocket.OPEN) ws.close(1001, 'bridge shutting down');
      const runsDone = Promise.all([...runs].map((run) => run.done));
      // Give runners time to end their sockets and tcpdump; a client that never answers is cut.
      await Promise.race([Promise.all([allClosed, runsDone]), delay(limits.closeGraceMs)]);
      for (const { ws } of connections) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    })();
    return closing;
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, bridgeHost, () => {
      http.off('error', reject);
      resolve();
    });
  });
  http.on('error', (error) => log(`bridge: server error: ${errorText(error)}`));
  port = (http.address() as AddressInfo).port;
  if (options.staticDir !== undefined) serveStatic = createStaticHandler(options.staticDir, securityHeaders(port));

  return {
    port,
    token,
    url: `http://${bridgeHost}:${port}/?token=${token}`,
    get acceptedConnections() {
      return accepted;
    },
    get activeRuns() {
      return runs.size;
    },
    close,
  };
}

function stopText(reason: StopReason, limits: BridgeLimits): LocalizedText {
  switch (reason) {
    case 'cancelled':
      return { en: 'the run was cancelled', fr: "l'exécution a été annulée" };
    case 'client-left':
      return { en: 'the client left', fr: 'le client est parti' };
    case 'timeout':
      return {
        en: `the run was stopped after ${limits.maxDurationMs / 1000} s`,
        fr: `l'exécution a été arrêtée au bout de ${limits.maxDurationMs / 1000} s`,
      };
    case 'too-many-events':
      return {
        en: `the run was stopped after ${limits.maxEventsPerRun} events`,
        fr: `l'exécution a été arrêtée après ${limits.maxEventsPerRun} événements`,
      };
    case 'slow-client':
      return {
        en: 'the run was stopped: the page did not keep up with its events',
        fr: "l'exécution a été arrêtée : la page ne suivait pas le flot d'événements",
      };
    case 'shutdown':
      return { en: 'the bridge is shutting down', fr: "le pont s'arrête" };
  }
}

function more(count: number, lang: 'en' | 'fr'): string {
  if (count === 0) return '';
  return lang === 'en' ? ` (and ${count} more)` : ` (et ${count} autres)`;
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
