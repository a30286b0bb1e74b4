// Who plexterm says it is to Plex: the X-Plex-* headers every request carries.
import { hostname } from 'node:os';
import { packageVersion } from '../base/packageRoot.js';

export interface ClientIdentity {
  /** A random id made once and kept in the config; the caller stores it. */
  clientIdentifier: string;
  product?: string;
  version?: string;
  platform?: string;
  deviceName?: string;
}

const platformNames: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'Linux',
  darwin: 'macOS',
  win32: 'Windows',
  freebsd: 'FreeBSD',
  openbsd: 'OpenBSD',
};

/** Plex's name for a Node platform: `linux` → `Linux`, `darwin` → `macOS`, `win32` → `Windows`. */
export function plexPlatformName(platform: NodeJS.Platform = process.platform): string {
  return platformNames[platform] ?? platform.charAt(0).toUpperCase() + platform.slice(1);
}

/** The identifying headers, without the token (that is added per request, never stored here). */
export function identityHeaders(identity: ClientIdentity): Record<string, string> {
  return {
    Accept: 'application/json',
    'X-Plex-Product': identity.product ?? 'plexterm',
    'X-Plex-Version': identity.version ?? packageVersion(),
    'X-Plex-Client-Identifier': identity.clientIdentifier,
    'X-Plex-Platform': identity.platform ?? plexPlatformName(),
    'X-Plex-Device-Name': identity.deviceName ?? hostname(),
  };
}
