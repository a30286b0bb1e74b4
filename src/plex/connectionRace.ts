// Picks how to reach a server: every connection is tried at once, and the most preferred kind that answers wins.
import { describeError, ExitCode, PlextermError } from '../base/errors.js';
import { redact } from '../base/redact.js';
import type { ClientIdentity } from './clientIdentity.js';
import { PlexClient } from './client.js';
import type { PlexConnection, PlexIdentity } from './models.js';

export type ConnectionKind = 'local' | 'remote' | 'relay';

/** Most preferred first: a local address beats a remote one, which beats the slow, capped relay. */
export const connectionPreference: readonly ConnectionKind[] = ['local', 'remote', 'relay'];

export type RaceConnection = Pick<PlexConnection, 'uri' | 'local' | 'relay'>;

export interface RaceOptions {
  identity: ClientIdentity;
  /** How long each connection may take to answer /identity. Default 2000. */
  timeoutMs?: number;
  token?: string;
  /** Named in the error when nothing answers. */
  serverName?: string;
  /** When given, a connection answering as another server counts as failed. */
  machineIdentifier?: string;
  signal?: AbortSignal;
}

export interface RaceWinner {
  uri: string;
  kind: ConnectionKind;
  identity: PlexIdentity;
}

export function connectionKind(connection: Pick<PlexConnection, 'local' | 'relay'>): ConnectionKind {
  if (connection.relay) return 'relay';
  return connection.local ? 'local' : 'remote';
}

interface Attempt {
  connection: RaceConnection;
  kind: ConnectionKind;
  controller: AbortController;
  client?: PlexClient;
  outcome?: { identity: PlexIdentity } | { failure: string };
}

/** The first attempt that settles the race, `'wait'` while a preferred one is pending, `undefined` if all failed. */
function decide(attempts: Attempt[]): Attempt | 'wait' | undefined {
  for (const kind of connectionPreference) {
    const tier = attempts.filter((attempt) => attempt.kind === kind);
    const winner = tier.find((attempt) => attempt.outcome && 'identity' in attempt.outcome);
    if (winner) return winner;
    if (tier.some((attempt) => attempt.outcome === undefined)) return 'wait';
  }
  return undefined;
}

function failureList(attempts: Attempt[]): string {
  return attempts
    .map((attempt) => {
      const why = attempt.outcome && 'failure' in attempt.outcome ? attempt.outcome.failure : 'not tried';
      return `${attempt.kind} ${redact(attempt.connection.uri)} (${why})`;
    })
    .join('; ');
}

/**
 * Tries all connections in parallel against `/identity` and resolves as soon as the preference order
 * allows: a local answer wins even if a remote one came first; slower, less preferred ones are not awaited.
 * Losers are cancelled and every socket is closed before this settles.
 */
export function raceConnections(connections: RaceConnection[], options: RaceOptions): Promise<RaceWinner> {
  const label = options.serverName ?? 'the server';
  if (connections.length === 0) {
    return Promise.reject(new PlextermError(`${label} lists no connections`, { code: 'network', exitCode: ExitCode.server }));
  }
  const attempts: Attempt[] = connections.map((connection) => ({ connection, kind: connectionKind(connection), controller: new AbortController() }));

  return new Promise<RaceWinner>((resolve, reject) => {
    let settled = false;
    const finish = (): void => {
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      for (const attempt of attempts) {
        attempt.controller.abort();
        attempt.client?.dispose();
      }
    };
    const onAbort = (): void => {
      if (settled) return;
      finish();
      reject(new PlextermError(`looking for a way to reach ${label} was cancelled`, { code: 'aborted', exitCode: ExitCode.usage }));
    };
    const settle = (): void => {
      if (settled) return;
      const decision = decide(attempts);
      if (decision === 'wait') return;
      finish();
      if (decision && decision.outcome && 'identity' in decision.outcome) {
        resolve({ uri: decision.connection.uri, kind: decision.kind, identity: decision.outcome.identity });
      } else {
        reject(new PlextermError(`cannot reach ${label} on any connection: ${failureList(attempts)}`, { code: 'network', exitCode: ExitCode.server, retryable: true }));
      }
    };
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });

    for (const attempt of attempts) {
      const tryOne = async (): Promise<PlexIdentity> => {
        attempt.client = new PlexClient({
          baseUrl: attempt.connection.uri,
          identity: options.identity,
          timeoutMs: options.timeoutMs ?? 2000,
          retries: 0,
          ...(options.token === undefined ? {} : { token: options.token }),
        });
        const identity = await attempt.client.identity({ signal: attempt.controller.signal });
        if (options.machineIdentifier && identity.machineIdentifier !== options.machineIdentifier) {
          throw new Error(`answered as another server, ${identity.machineIdentifier}`);
        }
        return identity;
      };
      tryOne().then(
        (identity) => {
          attempt.outcome = { identity };
          settle();
        },
        (error: unknown) => {
          attempt.outcome = { failure: describeError(error) };
          settle();
        },
      );
    }
  });
}
