// The real CliIo: process streams and files resolved from the directory the user typed in.
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FailureError, UsageError } from './errors';
import type { CliIo } from './io';

/** Scenario files are small (code listings are at most 20,000 characters each). */
const maxFileBytes = 4 * 1024 * 1024;

export const nodeIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  async readTextFile(path) {
    // npm run changes to the package root; INIT_CWD is where the user typed the command.
    const full = resolve(process.env.INIT_CWD ?? process.cwd(), path);
    try {
      const info = await stat(full);
      if (!info.isFile()) throw new UsageError(`${path}: not a file`);
      if (info.size > maxFileBytes)
        throw new FailureError(`${path}: too large (${info.size} bytes, at most ${maxFileBytes})`);
      return await readFile(full, 'utf8');
    } catch (error) {
      if (error instanceof UsageError || error instanceof FailureError) throw error;
      const code = (error as { code?: unknown }).code;
      if (code === 'ENOENT') throw new UsageError(`${path}: no such file`);
      throw new FailureError(`${path}: cannot read (${typeof code === 'string' ? code : String(error)})`);
    }
  },
};
