// The bridge's gatekeeping, checked before any WebSocket upgrade: a loopback Host (against DNS
// rebinding), the bridge's own Origin (against cross-site WebSocket hijacking) and the token
// printed at start (against other local users and pages), compared in constant time.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { bridgePath } from '../src/bridge-protocol/messages';

/** 32 random bytes as 64 hex digits. */
export function generateToken(): string {
  return randomBytes(32).toString('hex');
}

/** Constant-time for tokens of the right length; a different length is refused at once. */
export function tokenMatches(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

/** Host names a browser on this machine sends for the bridge; a rebound DNS name is refused. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const value = host.toLowerCase();
  return value === `127.0.0.1:${port}` || value === `localhost:${port}` || value === `[::1]:${port}`;
}

/** Only pages served by the bridge itself may open its WebSocket. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return false;
  const value = origin.toLowerCase();
  return value === `http://127.0.0.1:${port}` || value === `http://localhost:${port}`;
}

export type RefusalStatus = 400 | 403 | 404;

export type UpgradeCheck = { ok: true } | { ok: false; status: RefusalStatus; reason: string };

/** RFC 9110 7.2 (Host appears once) and 9112 3.2 (a server answers 400 otherwise). */
export function hasOneHost(request: IncomingMessage): boolean {
  let count = 0;
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    if (request.rawHeaders[i]?.toLowerCase() === 'host') count += 1;
  }
  return count === 1;
}

/** Every check of a WebSocket upgrade request, in order: path, Host, Origin, token. */
export function checkUpgrade(request: IncomingMessage, port: number, token: string): UpgradeCheck {
  if (!hasOneHost(request)) return { ok: false, status: 400, reason: 'exactly one Host header is required' };
  const url = requestUrl(request);
  if (url === undefined || url.pathname !== bridgePath) return { ok: false, status: 404, reason: 'not found' };
  if (!isAllowedHost(request.headers.host, port)) return { ok: false, status: 403, reason: 'bad Host header' };
  if (!isAllowedOrigin(request.headers.origin, port)) return { ok: false, status: 403, reason: 'bad Origin header' };
  const tokens = url.searchParams.getAll('token');
  if (tokens.length !== 1 || !tokenMatches(tokens[0], token)) {
    return { ok: false, status: 403, reason: 'missing or wrong token' };
  }
  return { ok: true };
}

/** The request target as a URL, or undefined when it is not an origin-form path. */
export function requestUrl(request: IncomingMessage): URL | undefined {
  const target = request.url ?? '';
  // `//evil.example/bridge` would parse as another host's /bridge: origin-form only.
  if (!target.startsWith('/') || target.startsWith('//')) return undefined;
  try {
    const url = new URL(target, 'http://127.0.0.1');
    return url.host === '127.0.0.1' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Answers a refused upgrade with a plain HTTP response and closes the socket; never upgrades. */
export function refuseUpgrade(socket: Duplex, status: RefusalStatus, reason: string): void {
  const text = statusText[status];
  const body = `${text}: ${reason}\n`;
  const head = [
    `HTTP/1.1 ${status} ${text}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'X-Content-Type-Options: nosniff',
  ].join('\r\n');
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  // end() flushes the response, then destroy(); the timer covers a peer that never reads.
  socket.once('finish', () => socket.destroy());
  socket.end(`${head}\r\n\r\n${body}`);
  setTimeout(() => socket.destroy(), 1000).unref();
}

const statusText: Record<RefusalStatus, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found' };

/** Headers on every HTTP answer: no sniffing, no framing, no referrer (the URL holds the token). */
export function securityHeaders(port: number): Record<string, string> {
  const ws = `ws://127.0.0.1:${port} ws://localhost:${port}`;
  return {
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      // React and framer-motion set style attributes.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      `connect-src 'self' ${ws}`,
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
