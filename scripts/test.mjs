// `npm test`: every check, in order, without stopping at the first failure, then ONE closing line
// `N passed, N failed`. Tests count one each (unit + end-to-end); a failed check step
// (typecheck, lint, format, build, missing browser) counts as one failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumHelp, findChromium } from './chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** @param {string} name */
const bin = (name) => join(root, 'node_modules', '.bin', name);
const reports = join(root, 'test-results');
const vitestReport = join(reports, 'vitest.json');
const playwrightReport = join(reports, 'playwright.json');

let passed = 0;
let failed = 0;
/** @type {{ name: string, status: string, seconds: string }[]} */
const summary = [];

/**
 * @param {string} name
 * @param {string} command
 * @param {string[]} args
 * @param {Record<string, string>} [env]
 */
function run(name, command, args, env = {}) {
  console.log(`\n=== ${name}: ${[command, ...args].map((a) => a.replace(root + '/', '')).join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.error) console.error(`${name}: could not start ${command}: ${result.error.message}`);
  const ok = result.status === 0;
  return { ok, seconds };
}

/**
 * A check step: pass or one failure.
 * @param {string} name
 * @param {string} command
 * @param {string[]} args
 */
function check(name, command, args) {
  const { ok, seconds } = run(name, command, args);
  if (!ok) failed += 1;
  summary.push({ name, status: ok ? 'ok' : 'FAILED', seconds });
  return ok;
}

/** @param {string} file */
function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function unitTests() {
  rmSync(vitestReport, { force: true });
  const { ok, seconds } = run('unit tests', bin('vitest'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestReport}`,
  ]);
  const report = readJson(vitestReport);
  let good = 0;
  let bad = 0;
  if (report) {
    good = report.numPassedTests ?? 0;
    bad = report.numFailedTests ?? 0;
    // A test file that fails to load has no test results of its own: count it once.
    for (const file of report.testResults ?? []) {
      if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) bad += 1;
    }
  }
  if (!ok && bad === 0) bad = 1;
  passed += good;
  failed += bad;
  summary.push({ name: 'unit tests', status: `${good} passed, ${bad} failed`, seconds });
}

function endToEndTests() {
  const browser = findChromium();
  if (browser === undefined) {
    console.error(`\n${chromiumHelp}`);
    if (process.env.CHROMIUM_PATH) console.error(`(CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist)`);
    failed += 1;
    summary.push({ name: 'e2e tests', status: 'FAILED: no Chromium', seconds: '0.0' });
    return;
  }
  console.log(`\nChromium for e2e: ${browser.executablePath ?? browser.source}`);
  rmSync(playwrightReport, { force: true });
  const { ok, seconds } = run('e2e tests', bin('playwright'), ['test']);
  const report = readJson(playwrightReport);
  const good = (report?.stats?.expected ?? 0) + (report?.stats?.flaky ?? 0);
  let bad = report?.stats?.unexpected ?? 0;
  for (const error of report?.errors ?? []) console.error(`e2e: ${error.message ?? JSON.stringify(error)}`);
  if (!ok && bad === 0) bad = 1;
  passed += good;
  failed += bad;
  summary.push({ name: 'e2e tests', status: `${good} passed, ${bad} failed`, seconds });
}

try {
  mkdirSync(reports, { recursive: true });
  check('typecheck core (no DOM, no Node)', bin('tsc'), ['-p', 'tsconfig.core.json', '--noEmit']);
  check('typecheck app', bin('tsc'), ['-p', 'tsconfig.app.json', '--noEmit']);
  check('typecheck node, tests, e2e', bin('tsc'), ['-p', 'tsconfig.node.json', '--noEmit']);
  check('lint', bin('eslint'), ['.', '--max-warnings', '0']);
  check('format', bin('prettier'), ['--check', '.']);
  unitTests();
  const built = check('build', bin('vite'), ['build']);
  if (built && existsSync(join(root, 'dist', 'index.html'))) endToEndTests();
  else summary.push({ name: 'e2e tests', status: 'not run: the build failed', seconds: '0.0' });
} catch (error) {
  console.error(`test runner error: ${error instanceof Error ? error.message : String(error)}`);
  failed += 1;
} finally {
  console.log('\n=== summary');
  for (const step of summary) console.log(`${step.name.padEnd(34)} ${step.status.padEnd(28)} ${step.seconds}s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}
