// The CLI's `capture` and `compare` run: the real-socket runner with no live consumer, stopped
// cleanly (tcpdump and Python included) on Ctrl-C or SIGTERM.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Scenario } from '../../src/scenario/schema';
import type { Trace } from '../../src/trace/types';
import { runReal } from './run-scenario';

export async function captureForCli(
  scenario: Scenario,
  options: { portOffset?: number; loopback?: boolean },
): Promise<Trace> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const trace = await runReal(
      scenario,
      { signal: controller.signal, onEvent: () => {}, onStatus: () => {} },
      {
        ...(options.portOffset === undefined ? {} : { portOffset: options.portOffset }),
        // The lesson under its own link unless told otherwise (falls back to loopback, saying why).
        link: options.loopback !== true,
      },
    );
    const linkReason = trace.meta.linkReason;
    if (typeof linkReason === 'string' && options.loopback !== true)
      process.stderr.write(`warning: loopback, not the lesson's link: ${linkReason}\n`);
    const reason = trace.meta.captureReason;
    if (typeof reason === 'string') process.stderr.write(`warning: packets not captured: ${reason}\n`);
    const statesReason = trace.meta.statesReason;
    if (typeof statesReason === 'string') process.stderr.write(`warning: states polled with ss: ${statesReason}\n`);
    return trace;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

export async function writeTextFile(path: string, text: string): Promise<void> {
  // npm run changes to the package root; INIT_CWD is where the user typed the command.
  const full = resolve(process.env.INIT_CWD ?? process.cwd(), path);
  // compare --out DIR writes three files into DIR: the directory need not exist yet.
  await mkdir(dirname(full), { recursive: true });
  await writeFile(full, text, 'utf8');
}

/** writeTextFile for bytes: `export --out FILE` writes its pcapng here. */
export async function writeBinaryFile(path: string, bytes: Uint8Array): Promise<void> {
  const full = resolve(process.env.INIT_CWD ?? process.cwd(), path);
  await mkdir(dirname(full), { recursive: true });
  await writeFile(full, bytes);
}
