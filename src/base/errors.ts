// Errors a person can act on: a stable code, a one-line message, and the exit code the CLI uses.

/** Exit codes of the CLI: 0 success, 1 usage, 2 server/network/authentication. */
export const ExitCode = {
  ok: 0,
  usage: 1,
  server: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface PlextermErrorOptions {
  /** Stable, machine-readable code, e.g. `unauthorized`, `network`, `usage`. */
  code: string;
  exitCode?: ExitCode;
  /** Whether trying again later may succeed (network trouble, 5xx). */
  retryable?: boolean;
  cause?: unknown;
}

/**
 * The one error type that crosses layers. Its message is a single line meant for a person,
 * and never contains a secret: build messages from redacted parts only.
 */
export class PlextermError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly retryable: boolean;

  constructor(message: string, options: PlextermErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PlextermError';
    this.code = options.code;
    this.exitCode = options.exitCode ?? ExitCode.server;
    this.retryable = options.retryable ?? false;
  }
}

export class UsageError extends PlextermError {
  constructor(message: string) {
    super(message, { code: 'usage', exitCode: ExitCode.usage });
    this.name = 'UsageError';
  }
}

export function isPlextermError(error: unknown): error is PlextermError {
  return error instanceof PlextermError;
}

/** A one-line description of any thrown value, for messages. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error).split('\n')[0] ?? 'unknown error';
}
