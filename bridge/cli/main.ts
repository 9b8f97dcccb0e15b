// The CLI as a function: argv in, text on the given streams, an exit status out. No process.exit,
// so tests run it in-process and a large stdout is flushed before Node exits.
import { parseCommandLine, usage } from './args';
import { CliError } from './errors';
import {
  captureCommand,
  compareCommand,
  printImport,
  listScenarios,
  serveCommand,
  simulateCommand,
  type CliDeps,
} from './commands';
import type { CliIo } from './io';
import { exportCommand } from './export';
import { packetdrillCommand } from './packetdrill';
import { writeTraceJson } from './json-stream';
import type { Trace } from '../../src/trace/types';

export async function runCli(argv: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  try {
    const command = parseCommandLine(argv);
    switch (command.name) {
      case 'help':
        io.stdout(`${usage}\n`);
        return 0;
      case 'scenarios':
        io.stdout(`${JSON.stringify(listScenarios(deps.scenarios), null, 2)}\n`);
        return 0;
      case 'simulate': {
        // Compact and written as it is serialized: a trace may hold millions of events.
        printTrace(await simulateCommand(command.target, command.options, deps, io), io);
        return 0;
      }
      case 'bench':
        io.stdout(`${JSON.stringify(await deps.bench(), null, 2)}\n`);
        return 0;
      case 'serve':
        await serveCommand(command.port, deps, io);
        return 0;
      case 'capture':
        printTrace(await captureCommand(command.target, command.options, deps, io), io);
        return 0;
      case 'compare':
        io.stdout(`${JSON.stringify(await compareCommand(command.target, command.options, deps, io), null, 2)}\n`);
        return 0;
      case 'import': {
        // A capture cut short: the Trace of the packets before the cut, then why, and status 1.
        const cut = await printImport(command.file, command.names, io);
        if (cut === undefined) return 0;
        io.stderr(`${oneLine(cut)}\n`);
        return 1;
      }
      case 'export':
        io.stdout(`${JSON.stringify(await exportCommand(command, deps, io), null, 2)}\n`);
        return 0;
      case 'packetdrill': {
        const { report, unexplained } = await packetdrillCommand(command, io, deps.writeTextFile);
        io.stdout(`${JSON.stringify(report, null, 2)}\n`);
        return unexplained > 0 ? 1 : 0;
      }
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`${error.message}\n`);
      return error.exitCode;
    }
    // A bug, not a user mistake: still one line, with where it happened when known.
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.stderr(`internal error: ${oneLine(message)}\n`);
    return 1;
  }
}

/** One line of compact JSON, written in chunks so that the text never doubles the trace in memory. */
function printTrace(trace: Trace, io: CliIo): void {
  writeTraceJson(trace, (text) => io.stdout(text));
  io.stdout('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
