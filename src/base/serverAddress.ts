// Checks a Plex server address before anything is fetched, printed or saved: http(s), a host, no credentials, no query, no fragment.
import { UsageError } from './errors.js';

/**
 * The address as plexterm keeps it (`http://host:port`, or with a base path), or a UsageError that
 * says what is wrong with it without repeating it: an address with `user:pass@` would otherwise print
 * the password. `where` names where the address came from (`--server`, `PLEXTERM_SERVER`, the config file).
 *
 * A path is allowed: Plex itself answers at the root, but behind a reverse proxy
 * (`location /plex/ { proxy_pass http://127.0.0.1:32400/; }`) the server's root is a base path, and
 * every request is made under it. A query or a fragment never belongs to a base address.
 */
export function checkServerAddress(text: string, where: string): string {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw problem(where, 'is not an address', 'give it as http://host:port, e.g. http://192.168.1.10:32400');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw problem(where, `is a ${url.protocol.slice(0, -1)} address`, 'plexterm talks to Plex over http:// or https:// only');
  }
  if (url.hostname === '') throw problem(where, 'names no host', 'give it as http://host:port');
  if (url.username !== '' || url.password !== '') {
    throw problem(
      where,
      'holds a user name or password (user:pass@)',
      'Plex signs in with a token, not a password, and the address is shown in messages and saved in config.json, where a password would be in clear; leave it out and sign in with `plexterm login`',
    );
  }
  // `new URL` drops an empty `?` or `#`; the text still shows the person meant one.
  if (url.search !== '' || trimmed.includes('?')) throw problem(where, 'has a query (?...)', 'give the server\'s base address only, e.g. http://host:32400');
  if (url.hash !== '' || trimmed.includes('#')) throw problem(where, 'has a fragment (#...)', 'give the server\'s base address only, e.g. http://host:32400');
  return url.href.replace(/\/+$/, '');
}

function problem(where: string, what: string, hint: string): UsageError {
  return new UsageError(`${where}: the server address ${what}; ${hint}`);
}
