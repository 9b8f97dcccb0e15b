// `export`: a lesson (simulated), a Trace JSON or a capture written as a pcapng file Wireshark opens
// (src/trace/export/pcapng.ts). The target is told apart as `import` tells files apart: a capture by
// its magic number, a Trace JSON by its "format" field; any other JSON file is a scenario.
import { traceToPcapng } from '../../src/trace/export/pcapng';
import type { Trace } from '../../src/trace/types';
import type { ExportFormat, SimulateOptions } from './args';
import { importCommand, isCaptureFile, isFileTarget, simulateCommand, type CliDeps } from './commands';
import { FailureError } from './errors';
import type { CliIo } from './io';

export interface ExportCommand {
  target: string;
  format: ExportFormat;
  out: string;
  options: SimulateOptions;
}

export interface ExportReport {
  out: string;
  format: ExportFormat;
  packets: number;
  skipped: { id: number; why: string }[];
}

export async function exportCommand(command: ExportCommand, deps: CliDeps, io: CliIo): Promise<ExportReport> {
  if (deps.writeBinaryFile === undefined) throw new FailureError('export is not available in this build');
  const trace = await exportedTrace(command, deps, io);
  const { bytes, packets, skipped } = traceToPcapng(trace, { application: 'Wirestep CLI' });
  await deps.writeBinaryFile(command.out, bytes);
  return { out: command.out, format: command.format, packets, skipped };
}

async function exportedTrace(command: ExportCommand, deps: CliDeps, io: CliIo): Promise<Trace> {
  if (!isFileTarget(command.target) || !(await isTraceOrCapture(command.target, io))) {
    return simulateCommand(command.target, command.options, deps, io);
  }
  const { trace, cut } = await importCommand(command.target, {}, io);
  if (cut !== undefined) io.stderr(`${cut}\n`);
  return trace;
}

async function isTraceOrCapture(file: string, io: CliIo): Promise<boolean> {
  const bytes = await io.readBinaryFile(file);
  if (isCaptureFile(bytes)) return true;
  const start = new TextDecoder().decode(bytes.subarray(0, 4096));
  return /"format"\s*:\s*"wirestep-trace"/.test(start);
}
