// The real CliIo: process streams and files resolved from the directory the user typed in.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { captureLimits } from '../../src/trace/import/types';
import { FailureError, UsageError } from './errors';
import type { CliIo } from './io';

const mebibyte = 1024 * 1024;
/** Scenario files are small (code listings are at most 20,000 characters each). */
const maxTextFileBytes = 4 * mebibyte;
/** Captures and traces given to `import`: the importer's own limit (512 MiB). */
const maxBinaryFileBytes = captureLimits.maxFileBytes;

/** Reads the file at `path` (relative to where the user typed the command) once checked. */
async function readChecked<T>(path: string, maxBytes: number, read: (full: string) => Promise<T>): Promise<T> {
  // npm run changes to the package root; INIT_CWD is where the user typed the command.
  const full = resolve(process.env.INIT_CWD ?? process.cwd(), path);
  try {
    const info = await stat(full);
    if (!info.isFile()) throw new UsageError(`${path}: not a file`);
    if (info.size > maxBytes)
      throw new FailureError(`${path}: too large (${info.size} bytes; at most ${maxBytes / mebibyte} MiB)`);
    return await read(full);
  } catch (error) {
    if (error instanceof UsageError || error instanceof FailureError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new UsageError(`${path}: no such file`);
    throw new FailureError(`${path}: cannot read (${typeof code === 'string' ? code : String(error)})`);
  }
}

/** The files under `dir` ending with `suffix`, relative to it, depth first in name order. */
async function listFiles(path: string, suffix: string): Promise<string[] | null> {
  const root = resolve(process.env.INIT_CWD ?? process.cwd(), path);
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) return null;
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(root, rel), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile() && entry.name.endsWith(suffix)) out.push(child);
    }
  };
  await walk('');
  return out;
}

export const nodeIo: CliIo = {
  listFiles,
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  readTextFile: (path) => readChecked(path, maxTextFileBytes, (full) => readFile(full, 'utf8')),
  readBinaryFile: (path) =>
    readChecked(path, maxBinaryFileBytes, async (full) => {
      const buffer = await readFile(full);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    }),
};
