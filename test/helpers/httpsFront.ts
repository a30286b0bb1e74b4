// An https front to an http server (the demo server), with the self-signed certificate of test/fixtures/tls: what a
// Plex server reached through https looks like to plexterm. A child trusts it through NODE_EXTRA_CA_CERTS.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { packageRoot } from '../../src/base/packageRoot.js';

/** The certificate's file: a child given it as NODE_EXTRA_CA_CERTS trusts the front. */
export const frontCertificate = join(packageRoot(), 'test', 'fixtures', 'tls', 'cert.pem');

export interface HttpsFront {
  url: string;
  /** Requests the front passed on, by method and path. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startHttpsFront(target: string): Promise<HttpsFront> {
  const origin = new URL(target);
  const requests: string[] = [];
  const server: Server = createServer(
    { cert: readFileSync(frontCertificate), key: readFileSync(join(packageRoot(), 'test', 'fixtures', 'tls', 'key.pem')) },
    (incoming, answer) => {
      requests.push(`${incoming.method ?? ''} ${(incoming.url ?? '').split('?')[0] ?? ''}`);
      const onward = httpRequest(
        { host: origin.hostname, port: origin.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: origin.host } },
        (response) => {
          answer.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(answer);
        },
      );
      onward.on('error', () => answer.destroy());
      incoming.pipe(onward);
    },
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
