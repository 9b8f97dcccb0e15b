// One WebSocket connection of the bridge: it parses and checks each client message, answers it,
// sends only while the client is open (and stops its run when the client does not read), and has
// at most one run at a time, which the run supervisor carries out.
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { WebSocket, type RawData } from 'ws';
import {
  encodeMessage,
  parseClientMessage,
  protocolVersion,
  type BridgeMessage,
  type ClientMessage,
  type RunFinishedMessage,
  type RunMessage,
  type WelcomeMessage,
} from '../src/bridge-protocol/messages';
import { errorText } from './error-text';
import type { ActiveRun, RunClient, RunSupervisor } from './run-supervisor';

export interface SessionOptions {
  supervisor: RunSupervisor;
  /** Sent first, and again in answer to `hello`. */
  welcome: WelcomeMessage;
  /** Bytes queued for a slow client before its run is stopped and it is disconnected. */
  maxBufferedBytes: number;
  /** Closes a connection that sent nothing and had no run for this long. */
  idleTimeoutMs: number;
  log: (line: string) => void;
  /** Called once the WebSocket has closed. */
  onClose: (session: ConnectionSession) => void;
}

/** A run-finished message with more events than this is encoded and sent in parts. */
export const partsAboveEvents = 5000;
/**
 * Events encoded per part (per turn of the event loop): 2,000 took 144 ms to stringify and
 * write on an idle machine, long enough to show in the static requests' p99; 250 take under 20.
 */
const eventsPerPart = 250;

export class ConnectionSession implements RunClient {
  private run: ActiveRun | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** While a message goes out in parts, later messages wait here, in order. */
  private waiting: BridgeMessage[] | undefined;
  private corked = false;

  constructor(
    readonly ws: WebSocket,
    private readonly options: SessionOptions,
  ) {
    // ws reports an oversized frame (then closes with 1009) and protocol errors here.
    ws.on('error', (error) => options.log(`bridge: client error: ${errorText(error)}`));
    ws.on('close', () => {
      clearTimeout(this.idleTimer);
      options.onClose(this);
      if (this.run) options.supervisor.stop(this.run, 'client-left');
    });
    ws.on('message', (data, isBinary) => {
      this.armIdleTimer();
      try {
        this.receive(data, isBinary);
      } catch (error) {
        options.log(`bridge: message handling failed: ${errorText(error)}`);
        this.send({ type: 'error', message: 'internal error while handling the message' });
      }
    });
    this.send(options.welcome);
    this.armIdleTimer();
  }

  /** (Re)starts the idle countdown; a run in progress keeps the connection alive. */
  private armIdleTimer(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.run !== undefined) return this.armIdleTimer();
      if (this.ws.readyState === WebSocket.OPEN) this.ws.close(1000, 'idle');
    }, this.options.idleTimeoutMs);
    this.idleTimer.unref();
  }

  /** Sends to an open client only; false when nothing was sent. */
  send(message: BridgeMessage): boolean {
    const { ws } = this;
    if (ws.readyState !== WebSocket.OPEN) return false;
    if (this.waiting !== undefined) {
      this.waiting.push(message);
      return true;
    }
    if (message.type === 'run-finished' && message.trace.events.length > partsAboveEvents) {
      this.waiting = [];
      void this.sendInParts(message)
        .catch((error: unknown) => {
          this.options.log(`bridge: could not send a run-finished message: ${errorText(error)}`);
          ws.terminate();
        })
        .finally(() => this.sendWaiting());
      return true;
    }
    let text: string;
    try {
      text = encodeMessage(message);
    } catch (error) {
      this.options.log(`bridge: could not encode a ${message.type} message: ${errorText(error)}`);
      return false;
    }
    // A client that does not read would make the bridge hold every event in memory.
    if (ws.bufferedAmount + text.length > this.options.maxBufferedBytes) {
      if (this.run) this.options.supervisor.stop(this.run, 'slow-client');
      ws.terminate();
      return false;
    }
    this.cork();
    ws.send(text);
    return true;
  }

  /**
   * A run's events go out as one frame each, thousands per turn of the event loop: corked until
   * the turn ends, they leave in a few writev calls instead of one write each (Node's own
   * advice for many small writes; ws writes every frame to this socket).
   */
  private cork(): void {
    const socket = (this.ws as unknown as { _socket?: Socket })._socket;
    if (this.corked || socket === undefined || typeof socket.cork !== 'function') return;
    this.corked = true;
    socket.cork();
    process.nextTick(() => {
      this.corked = false;
      socket.uncork();
    });
  }

  /**
   * A large run-finished (issue 15, finding 7: 200,000 events are about 40 MB of JSON, whose
   * JSON.stringify held the event loop for a third of a second): encoded a part per turn of the
   * event loop, each part sent as a fragment of one text message (RFC 6455 5.4), so the page
   * receives the same message.
   */
  private async sendInParts(message: RunFinishedMessage): Promise<void> {
    const { events, ...header } = message.trace;
    const head = encodeMessage({ ...message, trace: { ...header, events: [] } });
    const tail = ']}}';
    if (!head.endsWith(`"events":[${tail}`)) throw new Error('run-finished: unexpected key order');
    let part = head.slice(0, -tail.length);
    for (let at = 0; at < events.length; at += eventsPerPart) {
      const json = JSON.stringify(events.slice(at, at + eventsPerPart));
      part += `${at > 0 ? ',' : ''}${json.slice(1, -1)}`;
      if (!this.sendPart(part, false)) return;
      part = '';
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.sendPart(`${part}${tail}`, true);
  }

  /** One fragment; false (and the connection cut) when the client is gone or does not read. */
  private sendPart(text: string, fin: boolean): boolean {
    const { ws } = this;
    if (ws.readyState !== WebSocket.OPEN) return false;
    if (ws.bufferedAmount + text.length > this.options.maxBufferedBytes) {
      if (this.run) this.options.supervisor.stop(this.run, 'slow-client');
      ws.terminate();
      return false;
    }
    ws.send(text, { fin });
    return true;
  }

  /** The messages that waited for a message sent in parts, in order (one may go in parts itself). */
  private sendWaiting(): void {
    const waiting = this.waiting ?? [];
    this.waiting = undefined;
    for (let i = 0; i < waiting.length; i++) {
      this.send(waiting[i] as BridgeMessage);
      const again = this.waiting as BridgeMessage[] | undefined;
      if (again !== undefined) {
        for (const later of waiting.slice(i + 1)) again.push(later);
        return;
      }
    }
  }

  attach(run: ActiveRun): void {
    this.run = run;
  }

  detach(run: ActiveRun): void {
    if (this.run === run) this.run = undefined;
    this.armIdleTimer();
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.send({ type: 'error', message: 'binary frames are not accepted; send JSON text' });
      return;
    }
    const parsed = parseClientMessage(rawText(data));
    if (!parsed.ok) {
      this.send({ type: 'error', message: parsed.error });
      return;
    }
    this.answer(parsed.message);
  }

  private answer(message: ClientMessage): void {
    switch (message.type) {
      case 'hello':
        if (message.protocol !== protocolVersion) {
          this.send({
            type: 'error',
            message: `protocol ${message.protocol} is not supported (the bridge speaks ${protocolVersion}); reload the page`,
          });
        }
        this.send(this.options.welcome);
        return;
      case 'run':
        this.startRun(message);
        return;
      case 'cancel':
        if (this.run?.id === message.runId) this.options.supervisor.stop(this.run, 'cancelled');
        else this.send({ type: 'error', message: `no run "${message.runId}" in progress on this connection` });
        return;
    }
  }

  private startRun(message: RunMessage): void {
    const runId = randomUUID();
    const { supervisor } = this.options;
    const refusal = supervisor.refusal();
    if (refusal !== undefined) {
      this.send({ type: 'run-failed', runId, error: refusal });
      return;
    }
    if (this.run) {
      const current = this.run.id;
      this.send({
        type: 'run-failed',
        runId,
        error: {
          en: `a run is already in progress on this connection (${current}); cancel it or wait for it to end`,
          fr: `une exécution est déjà en cours sur cette connexion (${current}) ; annulez-la ou attendez sa fin`,
        },
      });
      return;
    }
    // start() answers every outcome itself; anything it throws still ends on this connection only.
    supervisor.start(runId, message, this).catch((error: unknown) => {
      this.options.log(`bridge: run ${runId} failed unexpectedly: ${errorText(error)}`);
      this.send({
        type: 'run-failed',
        runId,
        error: { en: 'internal error while starting the run', fr: "erreur interne au lancement de l'exécution" },
      });
    });
  }
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
