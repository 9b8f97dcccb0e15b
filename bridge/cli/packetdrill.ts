// `packetdrill <file.pkt|dir> [--profile linux|rfc]`: packetdrill scripts run against the simulator
// by the scripted peer (src/conformance), each judged pass, fail, unsupported or
// expected-difference (src/conformance/stack-differences.ts says which failures are another
// stack's choice).
import type { RunOptions } from '../../src/conformance/peer';
import { runSuite, runWithResult, type ScriptFile, type SuiteReport } from '../../src/conformance/suite';
import { scriptTrace } from '../../src/conformance/trace';
import type { Profile } from './args';
import { FailureError, UsageError } from './errors';
import type { CliIo } from './io';

export interface PacketdrillResult {
  report: SuiteReport;
  /** Failures that no stack-differences entry explains: the exit status is 1 when there are any. */
  unexplained: number;
}

export interface PacketdrillOptions {
  target: string;
  profile?: Profile;
  /** Write the run of the script (one only) as a Trace to this file. */
  trace?: string;
}

export async function packetdrillCommand(
  { target, profile, trace }: PacketdrillOptions,
  io: CliIo,
  writeTextFile?: (path: string, text: string) => Promise<void>,
): Promise<PacketdrillResult> {
  const listed = io.listFiles ? await io.listFiles(target, '.pkt') : null;
  const files: ScriptFile[] = [];
  if (listed === null) files.push({ path: target, text: await io.readTextFile(target) });
  else {
    if (listed.length === 0) throw new UsageError(`${target}: no .pkt file in this directory`);
    const dir = target.replace(/[/\\]+$/, '');
    // Paths as typed, so that each can be opened as it is printed (stack differences match their end).
    for (const path of listed) {
      const full = `${dir}/${path}`;
      files.push({ path: full, text: await io.readTextFile(full) });
    }
  }
  const options: RunOptions = profile === undefined ? {} : { profile };
  if (trace !== undefined) {
    const [file] = files;
    if (file === undefined || listed !== null) throw new UsageError('--trace takes one script, not a directory');
    if (writeTextFile === undefined) throw new FailureError('--trace is not available in this build');
    const { result } = runWithResult(file, options);
    try {
      await writeTextFile(trace, `${JSON.stringify(scriptTrace(result, file.path, profile ?? 'linux'))}\n`);
    } catch (error) {
      throw new FailureError(`--trace ${trace}: cannot write (${(error as Error).message})`);
    }
  }
  const report = runSuite(files, options);
  const unexplained = report.scripts.filter((s) => s.status === 'fail' && s.difference === undefined).length;
  return { report, unexplained };
}
