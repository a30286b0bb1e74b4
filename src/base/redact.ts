// Keeps secrets out of anything printed or stored: tokens in URLs, headers and free text.

const tokenParameter = /([?&](?:X-Plex-Token|token|authToken)=)[^&#\s"']+/gi;
const tokenHeader = /(X-Plex-Token["']?\s*[:=]\s*["']?)[^"'\s,}]+/gi;
/** The token of a stream proxy URL, `/stream/<part id>/<token>/<file name>`: it opens that part while its playback lasts. */
const streamToken = /(\/stream\/[^/\s?#"']+\/)[A-Za-z0-9_-]{16,}(?=\/)/g;

const knownSecrets = new Set<string>();

/** Registers a secret so that `redact` removes it wherever it appears, in any form. */
export function registerSecret(secret: string | undefined | null): void {
  if (secret && secret.length >= 4) knownSecrets.add(secret);
}

/** Replaces every known secret and every token-looking parameter, header or stream URL segment with `***`. */
export function redact(text: string): string {
  let result = text.replace(tokenParameter, '$1***').replace(tokenHeader, '$1***').replace(streamToken, '$1***');
  for (const secret of knownSecrets) {
    if (result.includes(secret)) result = result.split(secret).join('***');
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && result.includes(encoded)) result = result.split(encoded).join('***');
  }
  return result;
}
