// Keeps secrets out of anything printed or stored: tokens in URLs, headers and free text.

const tokenParameter = /([?&](?:X-Plex-Token|token|authToken)=)[^&#\s"']+/gi;
const tokenHeader = /(X-Plex-Token["']?\s*[:=]\s*["']?)[^"'\s,}]+/gi;

const knownSecrets = new Set<string>();

/** Registers a secret so that `redact` removes it wherever it appears, in any form. */
export function registerSecret(secret: string | undefined | null): void {
  if (secret && secret.length >= 4) knownSecrets.add(secret);
}

/** Replaces every known secret and every token-looking parameter or header with `***`. */
export function redact(text: string): string {
  let result = text.replace(tokenParameter, '$1***').replace(tokenHeader, '$1***');
  for (const secret of knownSecrets) {
    if (result.includes(secret)) result = result.split(secret).join('***');
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && result.includes(encoded)) result = result.split(encoded).join('***');
  }
  return result;
}

/** A URL without its query's secrets, for messages: `http://host:32400/library/sections?X-Plex-Token=***`. */
export function redactUrl(url: string): string {
  return redact(url);
}
