// What the CLI says about a failure that is no PlextermError: a file system refusal is the person's to fix (exit 1); anything else is a bug, whose stack goes to a log file.
import { appendFile, chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ExitCode, PlextermError, describeError } from '../base/errors.js';
import { packageVersion } from '../base/packageRoot.js';
import { redact } from '../base/redact.js';

/** System errors that come from the machine (permissions, a full or read-only disk, a file where a folder should be), not from plexterm. */
const environmentReasons: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files on the system',
};

/** A file system error naming its path as a one-line usage error, or undefined for anything else. */
export function environmentFailure(error: unknown): PlextermError | undefined {
  const failure = error as (NodeJS.ErrnoException & { dest?: unknown }) | undefined;
  // A recursive mkdir on a read-only file system fails with ENOENT rather than EROFS.
  const reason = failure?.code === 'ENOENT' && failure.syscall === 'mkdir' ? 'a folder on the way cannot be made (is the file system read-only?)' : failure?.code === undefined ? undefined : environmentReasons[failure.code];
  if (reason === undefined || typeof failure?.path !== 'string') return undefined;
  const target = typeof failure.dest === 'string' ? `${failure.path} → ${failure.dest}` : failure.path;
  return new PlextermError(`cannot ${failure.syscall ?? 'use'} ${target}: ${reason} (${failure.code})`, { code: 'environment', exitCode: ExitCode.usage, cause: error });
}

/**
 * Appends the error's stack (secrets redacted) to `errors.log` in `logFolder`, readable by the person
 * only, with the run's `argv` (its token left out), and answers its path; null when it cannot be written
 * (the message then says so).
 */
export async function recordUnexpected(error: unknown, logFolder: string, argv: readonly string[]): Promise<string | null> {
  const path = join(logFolder, 'errors.log');
  const stack = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  const entry = `${new Date().toISOString()} plexterm ${packageVersion()} on Node.js ${process.version} (${process.platform}), arguments: ${shownArguments(argv)}\n${redact(stack)}\n\n`;
  try {
    await mkdir(logFolder, { recursive: true, mode: 0o700 });
    await appendFile(path, entry, { mode: 0o600 });
    // appendFile's mode applies to a new file only: one made by an older plexterm may be wider.
    await chmod(path, 0o600);
    return path;
  } catch {
    return null;
  }
}

/** The one line a person sees for a bug. */
export function unexpectedLine(error: unknown, logPath: string | null): string {
  const where = logPath === null ? 'run again with --verbose for its stack' : `its details are in ${logPath}`;
  return `unexpected error: ${redact(describeError(error))} (a bug in plexterm; ${where})`;
}

/** The arguments with the value of --token left out (it may not be registered as a secret yet when the failure came early). */
function shownArguments(argv: readonly string[]): string {
  return redact(argv.map((argument, index) => (argv[index - 1] === '--token' ? '***' : argument.replace(/^(--token=).*/, '$1***'))).join(' '));
}
