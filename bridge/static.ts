// Serves the built app (dist/) over HTTP: GET and HEAD only, no directory listing, nothing
// outside the root (no `..`, no dotfiles, no symlink escape), index.html for app routes.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.pcap': 'application/vnd.tcpdump.pcap',
};

export function contentTypeOf(path: string): string {
  return contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * `headers` go on every answer (security headers). A path with an extension that is not a file
 * is a 404; a path without one is an app route and gets index.html.
 */
export function createStaticHandler(root: string, headers: Record<string, string>): StaticHandler {
  const rootDir = resolve(root);
  return async (request, response) => {
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return sendText(response, 405, 'method not allowed');
    }
    const pathname = safePathname(request.url ?? '');
    if (pathname === undefined) return sendText(response, 404, 'not found');
    const realRoot = await realpath(rootDir).catch(() => undefined);
    if (realRoot === undefined) {
      return sendText(response, 503, 'the app is not built: run "npm run build" (or "npm start", which builds it)');
    }
    let file = await findFile(realRoot, pathname);
    if (file === undefined && extname(pathname) === '') file = await findFile(realRoot, '/index.html');
    if (file === undefined) return sendText(response, 404, 'not found');
    response.statusCode = 200;
    response.setHeader('Content-Type', contentTypeOf(file.path));
    response.setHeader('Content-Length', file.size);
    // Vite puts a content hash in every file name under assets/: those never change.
    response.setHeader(
      'Cache-Control',
      pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    await new Promise<void>((done) => {
      const stream = createReadStream(file.path);
      stream.on('error', () => {
        response.destroy();
        done();
      });
      response.on('close', () => {
        stream.destroy();
        done();
      });
      stream.pipe(response);
    });
  };
}

/**
 * The decoded path, or undefined when it could leave the root or name a hidden file: `..` or `.x`
 * segments, backslashes, NUL, or bad percent-encoding. `/` is `/index.html`.
 */
export function safePathname(target: string): string | undefined {
  if (!target.startsWith('/')) return undefined;
  const raw = target.split(/[?#]/, 1)[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/');
  if (segments.some((s) => s.startsWith('.'))) return undefined;
  return decoded.endsWith('/') ? `${decoded}index.html` : decoded;
}

async function findFile(realRoot: string, pathname: string): Promise<{ path: string; size: number } | undefined> {
  const candidate = join(realRoot, pathname);
  if (!candidate.startsWith(realRoot + sep)) return undefined;
  try {
    // realpath: a symbolic link inside dist/ must not lead outside it.
    const real = await realpath(candidate);
    if (!real.startsWith(realRoot + sep)) return undefined;
    const info = await stat(real);
    return info.isFile() ? { path: real, size: info.size } : undefined;
  } catch {
    return undefined;
  }
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'text/plain; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.end(`${text}\n`);
}
