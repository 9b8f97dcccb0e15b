// Entry of `npm run --silent cli -- <command>` (DESIGN.md "CLI"): JSON on stdout, one-line errors
// on stderr, non-zero exit status on failure.
import { builtinScenarios } from '../src/scenario/library';
import { simulate, SimulationError } from '../src/sim';
import { runBench } from './bench';
import { runCli } from './cli/main';
import { nodeIo } from './cli/node-io';
import { createServe } from './serve';
import { captureForCli, writeTextFile } from './runner/cli-capture';

// `cli ... | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), nodeIo, {
  scenarios: builtinScenarios,
  simulate,
  isSimulationError: (error) => error instanceof SimulationError,
  bench: runBench,
  // The real-socket runner plugs in here: createServe({ scenarios, runScenario, capabilities }).
  serve: createServe({ scenarios: builtinScenarios }),
  capture: captureForCli,
  writeTextFile,
});
