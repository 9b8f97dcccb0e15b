// Entry of `npm run --silent cli -- <command>` (README "CLI", ARCHITECTURE.md): JSON on stdout, one-line errors
// on stderr, non-zero exit status on failure.
import { builtinScenarios } from '../src/scenario/library';
import { simulate, SimulationError } from '../src/sim';
import { runBench } from './bench';
import { runCli } from './cli/main';
import { nodeIo } from './cli/node-io';
import { createServe } from './serve';
import { detectCapabilities } from './capabilities';
import { captureForCli, writeBinaryFile, writeTextFile } from './runner/cli-capture';
import { refusalReasons, runScenario } from './runner/run-scenario';

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
  serve: createServe({
    scenarios: builtinScenarios,
    runScenario,
    refuseRun: refusalReasons,
    capabilities: detectCapabilities,
  }),
  capture: captureForCli,
  writeTextFile,
  writeBinaryFile,
});
