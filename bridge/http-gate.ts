// The HTTP gate of the bridge: one HTTP server on 127.0.0.1 that checks the Host of every request
// (against DNS rebinding), serves the built app, answers `/bridge` without an upgrade with 426,
// and upgrades `/bridge?token=...` to a WebSocket only after the Host, Origin and token checks
// (bridge/security.ts) and the server's own admission (shutting down, too many clients).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { bridgePath } from '../src/bridge-protocol/messages';
import { errorText } from './error-text';
import { checkUpgrade, hasOneHost, isAllowedHost, refuseUpgrade, requestUrl, securityHeaders } from './security';
import { createStaticHandler, type StaticHandler } from './static';

export interface HttpGateOptions {
  host: string;
  token: string;
  /** Largest inbound WebSocket frame; a larger one closes the connection with 1009. */
  maxPayloadBytes: number;
  /** The built app (dist/); without it only the WebSocket endpoint answers. */
  staticDir?: string;
  /** Why a checked upgrade is refused right now (shutting down, too many clients), or undefined. */
  admission: () => string | undefined;
  onConnection: (ws: WebSocket) => void;
  log: (line: string) => void;
}

export class HttpGate {
  /** Connections that passed every check and were upgraded, since the start. */
  acceptedConnections = 0;
  private port = 0;
  private serveStatic: StaticHandler | undefined;
  private readonly http: Server;
  private readonly wss: WebSocketServer;

  constructor(private readonly options: HttpGateOptions) {
    this.http = createServer((request, response) => this.onRequest(request, response));
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes, perMessageDeflate: false });
    this.http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.onUpgrade(request, socket, head),
    );
  }

  /** Listens on the gate's host; resolves with the port (0 picks a free one). */
  async listen(port: number): Promise<number> {
    const { http } = this;
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, this.options.host, () => {
        http.off('error', reject);
        resolve();
      });
    });
    http.on('error', (error) => this.options.log(`bridge: server error: ${errorText(error)}`));
    this.port = (http.address() as AddressInfo).port;
    const { staticDir } = this.options;
    if (staticDir !== undefined) this.serveStatic = createStaticHandler(staticDir, securityHeaders(this.port));
    return this.port;
  }

  /** Stops upgrading, then stops listening and drops every HTTP connection left. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }

  private onRequest(request: IncomingMessage, response: ServerResponse): void {
    this.handleRequest(request, response).catch((error: unknown) => {
      this.options.log(`bridge: HTTP error: ${errorText(error)}`);
      if (!response.headersSent) {
        response.statusCode = 500;
        response.end('internal error\n');
      } else response.destroy();
    });
  }

  private async handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { port } = this;
    if (!hasOneHost(request)) {
      response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
      response.end('Bad Request: exactly one Host header is required\n');
      return;
    }
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
    if (this.serveStatic === undefined) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('not found\n');
      return;
    }
    await this.serveStatic(request, response);
  }

  private onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    // An exception out of an 'upgrade' listener is uncaught and ends Node, dropping every page
    // and run: a failure here ends this one connection only, and is logged.
    try {
      this.upgrade(request, socket, head);
    } catch (error) {
      this.options.log(`bridge: upgrade failed: ${errorText(error)}`);
      socket.destroy();
    }
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const check = checkUpgrade(request, this.port, this.options.token);
    if (!check.ok) return refuseUpgrade(socket, check.status, check.reason);
    const refused = this.options.admission();
    if (refused !== undefined) return refuseUpgrade(socket, 403, refused);
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      this.acceptedConnections += 1;
      try {
        this.options.onConnection(ws);
      } catch (error) {
        // Upgraded already: the client hears 1011 (RFC 6455 7.4.1, an unexpected condition).
        this.options.log(`bridge: connection setup failed: ${errorText(error)}`);
        if (ws.readyState === ws.OPEN) ws.close(1011, 'internal error');
        else ws.terminate();
      }
    });
  }
}
