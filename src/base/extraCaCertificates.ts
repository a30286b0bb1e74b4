// The certificate authorities a person adds with NODE_EXTRA_CA_CERTS (a proxy's, a self-signed server's), read when
// plexterm first makes a TLS connection instead of when Node starts. Node 20 reads and parses that file at every start,
// before any of a program's code runs (80 ms for the 144 certificates of a system bundle, on every command, even one
// that makes no TLS connection); Node 22 and later read it on first use. The installed command's shebang
// (bin/plexterm.js) hands the variable's path over as PLEXTERM_EXTRA_CA_CERTS and unsets NODE_EXTRA_CA_CERTS, so no
// Node reads it at start; plexterm's TLS connections (src/base/keepAliveAgent.ts) trust these certificates as Node
// would have. Started otherwise (`node bin/plexterm.js`, `npm start`), NODE_EXTRA_CA_CERTS is still set and Node
// itself trusts them: nothing is added then.
import { readFileSync } from 'node:fs';

const pemCertificate = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

const read = new Map<string, readonly string[]>();

/**
 * The PEM certificates of the file the shebang handed over; none when there is none, when NODE_EXTRA_CA_CERTS is set
 * (Node trusts them already), or when the file cannot be read (as Node ignores a file it cannot load, with a warning
 * at start: here the connection's own error says its certificate is not trusted, and names NODE_EXTRA_CA_CERTS).
 */
export function extraCaCertificates(environment: NodeJS.ProcessEnv = process.env): readonly string[] {
  const path = environment.PLEXTERM_EXTRA_CA_CERTS;
  if (path === undefined || path === '' || (environment.NODE_EXTRA_CA_CERTS ?? '') !== '') return [];
  let certificates = read.get(path);
  if (certificates === undefined) {
    try {
      certificates = readFileSync(path, 'latin1').match(pemCertificate) ?? [];
    } catch {
      certificates = [];
    }
    read.set(path, certificates);
  }
  return certificates;
}

/**
 * What a TLS connection trusts: Node's default authorities (its own bundle, or the system's where Node was told to use
 * it and can say so) with the extra ones; null when there are no extra ones, so Node's default applies untouched.
 */
export function trustedAuthorities(tls: typeof import('node:tls'), environment: NodeJS.ProcessEnv = process.env): string[] | null {
  const extra = extraCaCertificates(environment);
  if (extra.length === 0) return null;
  // tls.getCACertificates (Node 22.15 and 23.5 on) follows --use-system-ca and --use-openssl-ca; Node 20 has only its bundle.
  const defaults = (tls as { getCACertificates?: (type: 'default') => string[] }).getCACertificates?.('default') ?? tls.rootCertificates;
  return [...defaults, ...extra];
}
