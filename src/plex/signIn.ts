// Signing in with a PIN, as Plex apps do: show the person a link, poll plex.tv until they approve it.
import { setTimeout as sleep } from 'node:timers/promises';
import { ExitCode, PlextermError } from '../base/errors.js';
import { registerSecret } from '../base/redact.js';
import type { CallOptions } from './httpClient.js';
import type { PlexPin } from './models.js';

const plexAuthPage = 'https://app.plex.tv/auth';

/** The page where the person approves the PIN; the `context[device]` parameters name the app there. */
export function authUrl(clientIdentifier: string, code: string, product = 'plexterm'): string {
  const parameters = new URLSearchParams({
    clientID: clientIdentifier,
    code,
    'context[device][product]': product,
  });
  return `${plexAuthPage}#?${parameters.toString()}`;
}

/** What waitForPin needs of plex.tv; PlexTv provides it. */
export interface PinChecker {
  checkPin(id: number, options?: CallOptions): Promise<PlexPin>;
}

export interface WaitForPinOptions {
  plexTv: PinChecker;
  /** Pause between checks. Default 1000 ms. */
  intervalMs?: number;
  signal?: AbortSignal;
  /** Called after each check that found the PIN not yet approved. */
  onTick?: (pin: PlexPin) => void;
}

function abortedError(): PlextermError {
  return new PlextermError('sign-in was cancelled', { code: 'aborted', exitCode: ExitCode.usage });
}

/**
 * Polls until the PIN is approved and returns its token. Rejects with code `pin-expired` when plex.tv
 * forgets the PIN, and `aborted` when the signal fires.
 */
export async function waitForPin(pin: PlexPin, options: WaitForPinOptions): Promise<string> {
  const { plexTv, signal, onTick } = options;
  const intervalMs = options.intervalMs ?? 1000;
  for (;;) {
    if (signal?.aborted) throw abortedError();
    let current: PlexPin;
    try {
      current = await plexTv.checkPin(pin.id, signal ? { signal } : {});
    } catch (error) {
      if (signal?.aborted) throw abortedError();
      throw error;
    }
    if (current.authToken) {
      registerSecret(current.authToken);
      return current.authToken;
    }
    onTick?.(current);
    try {
      await sleep(intervalMs, undefined, signal ? { signal } : {});
    } catch {
      throw abortedError();
    }
  }
}
