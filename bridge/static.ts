// Serves the built app (dist/) over HTTP: GET and HEAD only, no directory listing, nothing
// outside the root (no `..`, no dotfiles, no symlink escape), index.html for app routes.
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
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
  const cache = new StaticCache();
  return async (request, response) => {
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return sendText(response, 405, 'method not allowed');
    }
    const pathname = safePathname(request.url ?? '');
    if (pathname === undefined) return sendText(response, 404, 'not found');
    let file = await cache.get(pathname);
    if (file === undefined) {
      const realRoot = await realpath(rootDir).catch(() => undefined);
      if (realRoot === undefined) {
        return sendText(response, 503, 'the app is not built: run "npm run build" (or "npm start", which builds it)');
      }
      file = await findFile(realRoot, pathname);
      if (file === undefined && extname(pathname) === '') file = await findFile(realRoot, '/index.html');
      if (file === undefined) return sendText(response, 404, 'not found');
      file = await cache.put(pathname, file);
    }
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
    if (file.body !== undefined) {
      response.end(file.body);
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

interface FoundFile {
  path: string;
  size: number;
  mtimeMs: number;
  ino: number;
  /** The file's bytes, when the cache holds them. */
  body?: Buffer;
}

/**
 * The app's files in memory, so that a page is one stat() away instead of six file-system calls
 * through libuv's thread pool (realpath twice, stat, open, read, close), each of which waits for
 * the event loop while a large real run keeps it busy (issue 15, finding 7). A file is served
 * from memory only while its real path still has the size, mtime and inode read when it was
 * cached: a rebuilt dist/ is served as rebuilt. The request paths and the bytes held are bounded.
 */
class StaticCache {
  private readonly byPathname = new Map<string, FoundFile>();
  private bytes = 0;

  static readonly maxPaths = 512;
  static readonly maxFileBytes = 4 << 20;
  static readonly maxBytes = 64 << 20;

  async get(pathname: string): Promise<FoundFile | undefined> {
    const cached = this.byPathname.get(pathname);
    if (cached === undefined) return undefined;
    const info = await stat(cached.path).catch(() => undefined);
    if (info?.isFile() && info.size === cached.size && info.mtimeMs === cached.mtimeMs && info.ino === cached.ino) {
      return cached;
    }
    this.drop(pathname);
    return undefined;
  }

  /** Keeps `file` (with its bytes while they fit) for `pathname`; returns what to serve. */
  async put(pathname: string, file: FoundFile): Promise<FoundFile> {
    if (this.byPathname.size >= StaticCache.maxPaths) {
      const oldest = this.byPathname.keys().next().value;
      if (oldest !== undefined) this.drop(oldest);
    }
    const shared = [...this.byPathname.values()].find((f) => f.path === file.path && f.body !== undefined);
    let body = shared?.mtimeMs === file.mtimeMs && shared.size === file.size ? shared.body : undefined;
    if (body === undefined && file.size <= StaticCache.maxFileBytes && this.bytes + file.size <= StaticCache.maxBytes) {
      body = await readFile(file.path).catch(() => undefined);
      // Changed while read: serve it from disk this time.
      if (body !== undefined && body.length !== file.size) return file;
      if (body !== undefined) this.bytes += body.length;
    }
    const kept = body === undefined ? file : { ...file, body };
    this.byPathname.set(pathname, kept);
    return kept;
  }

  private drop(pathname: string): void {
    const gone = this.byPathname.get(pathname);
    this.byPathname.delete(pathname);
    if (gone?.body === undefined) return;
    // The bytes go once no other request path shares them.
    if (![...this.byPathname.values()].some((f) => f.body === gone.body)) this.bytes -= gone.body.length;
  }
}

async function findFile(realRoot: string, pathname: string): Promise<FoundFile | undefined> {
  const candidate = join(realRoot, pathname);
  if (!candidate.startsWith(realRoot + sep)) return undefined;
  try {
    // realpath: a symbolic link inside dist/ must not lead outside it.
    const real = await realpath(candidate);
    if (!real.startsWith(realRoot + sep)) return undefined;
    const info = await stat(real);
    return info.isFile() ? { path: real, size: info.size, mtimeMs: info.mtimeMs, ino: info.ino } : undefined;
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
