// `npm start`, first step: builds the app when dist/ is missing or older than its sources, so a
// fresh clone and an edited one both serve the current app. Build output goes to stderr: stdout
// stays for the one line `serve` prints.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = join(root, 'dist', 'index.html');
/** What the build reads; tests are included (cheap to over-build, wrong to under-build). */
const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json', 'tsconfig.app.json'];

/**
 * The newest modification time under a file or folder, in milliseconds (0 when absent).
 * @param {string} path
 * @returns {number}
 */
function newest(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

/** @returns {string | undefined} why a build is needed, or undefined when dist/ is current */
function staleReason() {
  if (!existsSync(builtIndex)) return 'dist/ is missing';
  const built = statSync(builtIndex).mtimeMs;
  const changed = sources.find((source) => newest(join(root, source)) > built);
  return changed === undefined ? undefined : `${changed} changed since the last build`;
}

const reason = staleReason();
if (reason !== undefined) {
  process.stderr.write(`Building the app (${reason})...\n`);
  const vite = join(root, 'node_modules', '.bin', 'vite');
  const result = spawnSync(vite, ['build'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (result.error) process.stderr.write(`could not start vite: ${result.error.message}\n`);
  process.exitCode = result.status === 0 ? 0 : 1;
}
