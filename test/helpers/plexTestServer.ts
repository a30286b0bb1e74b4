// Tiny real HTTP servers on 127.0.0.1 for the plex layer's tests: record every request, answer as told.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The full request target, query included, as the server saw it. */
  url: string;
  /** 1 for the first request to this path, 2 for the second... */
  attempt: number;
}

export type TestHandler = (request: RecordedRequest, response: ServerResponse, incoming: IncomingMessage) => void | Promise<void>;

export interface TestServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** How many requests reached `path` (all paths when omitted). */
  count(path?: string): number;
  close(): Promise<void>;
}

export async function startTestServer(handler: TestHandler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, response) => {
    const target = new URL(incoming.url ?? '/', 'http://127.0.0.1');
    const attempt = requests.filter((request) => request.path === target.pathname).length + 1;
    const request: RecordedRequest = {
      method: incoming.method ?? 'GET',
      path: target.pathname,
      query: target.searchParams,
      headers: incoming.headers,
      url: incoming.url ?? '/',
      attempt,
    };
    requests.push(request);
    Promise.resolve(handler(request, response, incoming)).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    count: (path) => requests.filter((request) => path === undefined || request.path === path).length,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

export function sendText(response: ServerResponse, status: number, text: string, contentType = 'text/html', headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** `{ MediaContainer: { size, ...fields } }`. */
export function container(fields: Record<string, unknown> = {}): { MediaContainer: Record<string, unknown> } {
  return { MediaContainer: { size: 0, ...fields } };
}

/** The HTML page Plex answers a missing or wrong token with. */
export const plexUnauthorizedPage = '<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>';

/** A URL on which nothing listens: a port that was just free. */
export async function refusedUrl(): Promise<string> {
  const server = await startTestServer(() => undefined);
  await server.close();
  return server.url;
}

/** A client identity for tests. */
export const testIdentity = { clientIdentifier: 'plexterm-test-client', deviceName: 'test-host' };
