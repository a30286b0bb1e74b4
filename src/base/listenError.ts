// A port that cannot be listened on is the person's setting or another program, not a bug: one line, exit 1.
import { ExitCode, PlextermError } from './errors.js';

const reasons: Record<string, string> = {
  EADDRINUSE: 'the address is already in use by another program',
  EACCES: 'listening there needs privileges (ports below 1024 do)',
  EADDRNOTAVAIL: 'this machine has no such address',
  ERR_SOCKET_BAD_PORT: 'that is not a port (0 to 65535)',
};

/**
 * The error for a failed `listen` on `host:port`; `setting` says where the port came from
 * (`--port`, `cache.proxyPort in config.json`). Anything else than a known failure is returned as it is.
 */
export function listenFailure(error: unknown, host: string, port: number, setting: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = code === undefined ? undefined : reasons[code];
  if (reason === undefined) return error;
  return new PlextermError(`cannot listen on ${host}:${port} (${setting}): ${reason}; choose another port, or 0 for any free one`, {
    code: 'listen-failed',
    exitCode: ExitCode.usage,
    cause: error,
  });
}
