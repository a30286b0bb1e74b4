// The keep-alive agent for a server's protocol. node:https (and with it node:tls: 8 to 12 ms of a Node 24 start)
// loads only for an https server: most Plex servers on a LAN answer on http://, and so does the demo server.
import { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { createRequire } from 'node:module';
import { trustedAuthorities } from './extraCaCertificates.js';

const require = createRequire(import.meta.url);

export interface KeepAliveAgent {
  /** For axios's config: `httpAgent` or `httpsAgent`. A request to the other protocol (a redirect) uses Node's global agent. */
  readonly axiosOptions: { httpAgent: HttpAgent } | { httpsAgent: HttpsAgent };
  destroy(): void;
}

/** A keep-alive agent for `url`'s protocol (`http:` or `https:`). */
export function keepAliveAgentFor(url: URL): KeepAliveAgent {
  if (url.protocol === 'https:') {
    const https = require('node:https') as typeof import('node:https');
    const ca = httpsAuthorities(https);
    const agent = new https.Agent({ keepAlive: true, ...(ca === null ? {} : { ca }) });
    return { axiosOptions: { httpsAgent: agent }, destroy: () => agent.destroy() };
  }
  const agent = new HttpAgent({ keepAlive: true });
  return { axiosOptions: { httpAgent: agent }, destroy: () => agent.destroy() };
}

let authorities: { ca: string[] | null } | undefined;

/**
 * The authorities of NODE_EXTRA_CA_CERTS when the installed command took them out of Node's start (extraCaCertificates.ts),
 * worked out once per process; Node's global agent, which a redirect to another protocol uses, is given them then too.
 */
function httpsAuthorities(https: typeof import('node:https')): string[] | null {
  if (authorities === undefined) {
    authorities = { ca: trustedAuthorities(require('node:tls') as typeof import('node:tls')) };
    if (authorities.ca !== null) https.globalAgent.options.ca = authorities.ca;
  }
  return authorities.ca;
}
