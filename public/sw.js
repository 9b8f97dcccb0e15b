// Wirestep's service worker: after one visit the app and its built-in lessons (bundled in the
// JavaScript) work offline. Precaches every file of the build (Vite's wirestep-manifest.json lists
// them, lazy chunks included) and serves them cache-first; a page load is network-first, so an
// online visit gets the newest build and refreshes the cache for it. Anything not of the build
// (the bridge's WebSocket and API, another site's lesson file) goes to the network untouched; a
// lesson file of this site goes to the network first and is kept for offline use.
const CACHE = 'wirestep-v1';
/** Lesson files fetched from this site: kept apart, so a new build's refresh does not drop them. */
const LESSONS = 'wirestep-lessons-v1';
const scope = new URL(self.registration.scope);

async function buildFiles() {
  const response = await fetch(new URL('wirestep-manifest.json', scope), { cache: 'no-cache' });
  if (!response.ok) throw new Error(`manifest: HTTP ${response.status}`);
  const manifest = await response.json();
  const files = new Set(['./']);
  for (const entry of Object.values(manifest)) {
    files.add(entry.file);
    for (const css of entry.css ?? []) files.add(css);
    for (const asset of entry.assets ?? []) files.add(asset);
  }
  return [...files].map((file) => new URL(file, scope).href);
}

/** Caches every file of the build now online; the old build's files are dropped. */
async function refresh() {
  const cache = await caches.open(CACHE);
  const wanted = await buildFiles();
  const have = new Set((await cache.keys()).map((request) => request.url));
  await Promise.all(wanted.filter((url) => !have.has(url)).map((url) => cache.add(url)));
  const keep = new Set(wanted);
  await Promise.all((await cache.keys()).filter((r) => !keep.has(r.url)).map((r) => cache.delete(r)));
}

self.addEventListener('install', (event) => {
  event.waitUntil(refresh().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((name) => name !== CACHE && name !== LESSONS).map((name) => caches.delete(name))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  if (request.mode === 'navigate') {
    // The page itself (any query: ?scenario=, ?lesson=): the network's when online.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) event.waitUntil(refresh().catch(() => undefined));
          return response;
        })
        .catch(async () => (await caches.match(new URL('./', scope).href)) ?? Response.error()),
    );
    return;
  }
  if (url.pathname.endsWith('.json') && !url.pathname.endsWith('/wirestep-manifest.json')) {
    // A lesson published next to the app (?lesson=lessons/x.json): its teacher may edit it, so
    // the network's copy first; the last one fetched is kept for a classroom gone offline.
    event.respondWith(
      fetch(request)
        .then(async (response) => {
          if (response.ok) await (await caches.open(LESSONS)).put(request.url, response.clone());
          return response;
        })
        .catch(async () => (await caches.match(request.url)) ?? Response.error()),
    );
    return;
  }
  event.respondWith(caches.match(request.url).then((cached) => cached ?? fetch(request)));
});
