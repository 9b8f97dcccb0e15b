// The built site on a plain static server under a sub-path (a course on GitHub Pages at
// /networking/wirestep/): the first page works there, and again with the network cut after the
// first visit (the service worker, public/sw.js), lazy chunks included.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { expect, test } from '@playwright/test';

const dist = resolve(process.env.PW_OUT_DIR ?? 'dist');
const prefix = '/networking/wirestep/';
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
};

let server: Server;
let site = '';
const served: string[] = [];

test.beforeAll(async () => {
  // A server that knows nothing of the app: files under the prefix, 404 for anything else.
  server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    served.push(path);
    if (!path.startsWith(prefix)) return void response.writeHead(404).end();
    let file = normalize(join(dist, path.slice(prefix.length)));
    if (!file.startsWith(dist)) return void response.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void response.writeHead(404).end();
    response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  site = `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`;
});

test.afterAll(() => new Promise<void>((done) => server.close(() => done())));

test('served from a sub-path, then offline: the lesson opens, steps and exports', async ({ page, context }) => {
  await page.goto(`${site}?scenario=tcp-echo&lang=en&animate=0`);
  await expect(page.getByTestId('step-counter')).toHaveText(/^0 \/ \d+$/);
  await page.getByTestId('step-forward').click();
  await expect(page.getByTestId('step-counter')).toHaveText(/^1 \//);
  expect(served.filter((path) => !path.startsWith(prefix))).toEqual([]);

  // The service worker has cached the build once it controls the page.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  await context.setOffline(true);
  const before = served.length;
  await page.goto(`${site}?scenario=nagle&lang=fr&animate=0`);
  await expect(page.getByTestId('step-counter')).toHaveText(/^0 \/ \d+$/);
  await expect(page.getByTestId('scenario-title')).toContainText('Nagle');
  await page.getByTestId('step-forward').click();
  await expect(page.getByTestId('step-counter')).toHaveText(/^1 \//);
  // A lazy chunk (the pcapng encoder) loads from the cache too.
  await page.getByTestId('export-menu').locator('summary').click();
  await page.getByTestId('export-pcapng').click();
  await expect(page.getByTestId('export-status')).toContainText('wirestep-nagle.pcapng');
  expect(served.length).toBe(before);
  await context.setOffline(false);
});

test('a lesson published next to the app opens from the sub-path, and again offline', async ({ page, context }) => {
  const lesson = `${site}?lesson=lessons%2Ftwo-messages.json&lang=en&animate=0`;
  await page.goto(lesson);
  await expect(page.getByTestId('scenario-title')).toContainText('Two messages, one connection');
  // Relative to the page, so the course's own folder: no request left the sub-path.
  expect(served).toContain(`${prefix}lessons/two-messages.json`);
  expect(served.filter((path) => !path.startsWith(prefix))).toEqual([]);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect(page.getByTestId('scenario-title')).toContainText('Two messages, one connection');

  await context.setOffline(true);
  await page.goto(lesson);
  await expect(page.getByTestId('scenario-title')).toContainText('Two messages, one connection');
  await page.getByTestId('step-last').click();
  await expect(page.locator('[data-testid="segment"][data-flags="PSH,ACK"]')).toHaveCount(4);
  await context.setOffline(false);
});
