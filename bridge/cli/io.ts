// What the commands need from the outside world, so tests can run them in-process.

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads a UTF-8 file named on the command line; throws CliError when it cannot. */
  readTextFile(path: string): Promise<string>;
  /** Reads a file named on the command line as bytes (at most 512 MiB); throws CliError when it cannot. */
  readBinaryFile(path: string): Promise<Uint8Array>;
  /**
   * The files under a directory whose names end with `suffix`, as paths relative to it (sorted), or
   * null when `path` is not a directory. Absent where there is no file system (then a path is a file).
   */
  listFiles?(path: string, suffix: string): Promise<string[] | null>;
}
