// Errors the CLI reports as one line on stderr: a usage mistake (exit 2) or a failure (exit 1).

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

/** A bad command line: unknown command or flag, a bad value, an unknown scenario. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** The arguments were fine but the work failed: an invalid scenario file, a simulation error. */
export class FailureError extends CliError {
  constructor(message: string) {
    super(message, 1);
  }
}
