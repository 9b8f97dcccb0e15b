// `cli serve` in a real process: the bridge server on 127.0.0.1 with the built app (dist/), until
// SIGINT or SIGTERM, then a clean shutdown (clients closed with 1001, runs aborted).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../src/scenario/schema';
import type { DetectCapabilities, RefuseRun, RunScenario } from './run-contract';
import { startBridgeServer } from './server';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface ServeDeps {
  scenarios: readonly Scenario[];
  /** The real-socket runner (bridge/runner); without it every run fails with a clear reason. */
  runScenario?: RunScenario;
  /** The runner's refusals (crash faults, broadcasts), answered before `run-started`. */
  refuseRun?: RefuseRun;
  capabilities?: DetectCapabilities;
}

const missingRunner = 'the real-socket runner is not part of this build';

const noRunner: RunScenario = () => Promise.reject(new Error(`real runs are not available: ${missingRunner}`));
const noCapabilities: DetectCapabilities = async () => ({
  capture: false,
  captureReason: missingRunner,
  python: false,
});

/** The CliDeps.serve of the real CLI. */
export function createServe(deps: ServeDeps): (port: number, onListening: (url: string) => void) => Promise<void> {
  return async (port, onListening) => {
    const bridge = await startBridgeServer({
      port,
      // WIRESTEP_DIST: another build to serve (e2e suites run side by side, each on its own PW_OUT_DIR).
      staticDir: process.env.WIRESTEP_DIST ?? join(root, 'dist'),
      runScenario: deps.runScenario ?? noRunner,
      ...(deps.refuseRun === undefined ? {} : { refuseRun: deps.refuseRun }),
      capabilities: deps.capabilities ?? noCapabilities,
      scenarios: deps.scenarios,
      version: packageVersion(),
      log: (line) => void process.stderr.write(`${line}\n`),
    });
    onListening(bridge.url);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        bridge.close().then(resolve, (error: unknown) => {
          process.stderr.write(`bridge: error while closing: ${String(error)}\n`);
          resolve();
        });
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  };
}

function packageVersion(): string {
  try {
    const json: unknown = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const version = typeof json === 'object' && json !== null && 'version' in json ? json.version : undefined;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
