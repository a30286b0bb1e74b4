// How the demo answers over HTTP: JSON or XML after Accept, and Plex's bare HTML error pages.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isJsonObject, type JsonValue } from './json.js';
import { toXml } from './xml.js';

const statusTitles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  416: 'Requested Range Not Satisfiable',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function wantsJson(request: IncomingMessage): boolean {
  return (request.headers.accept ?? '').toLowerCase().includes('application/json');
}

/** Every MediaContainer says size, totalSize and offset (clients page by them); an answer that is not a page is whole: totalSize = size, offset 0. */
function withPaging(body: JsonValue): JsonValue {
  if (!isJsonObject(body) || !isJsonObject(body.MediaContainer) || typeof body.MediaContainer.size !== 'number') return body;
  const { size, totalSize, offset, ...rest } = body.MediaContainer;
  return { ...body, MediaContainer: { size, totalSize: totalSize ?? size, offset: offset ?? 0, ...rest } };
}

/** The JSON body, or its XML rendering when the client did not ask for JSON. */
export function sendData(request: IncomingMessage, response: ServerResponse, data: JsonValue, status = 200, headers: Record<string, string> = {}, xmlRoot?: string, xmlItem?: string): void {
  const json = wantsJson(request);
  const body = withPaging(data);
  const text = json ? JSON.stringify(body) : toXml(body, xmlRoot, xmlItem);
  response.writeHead(status, {
    ...headers,
    'Content-Type': json ? 'application/json' : 'text/xml;charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  response.end(request.method === 'HEAD' ? undefined : text);
}

/** Plex's HTML error page, e.g. `<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>`. */
export function sendHtmlError(response: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  const title = statusTitles[status] ?? 'Error';
  const text = `<html><head><title>${title}</title></head><body><h1>${status} ${title}</h1></body></html>`;
  response.writeHead(status, { ...headers, 'Content-Type': 'text/html', 'Content-Length': String(Buffer.byteLength(text)) });
  response.end(text);
}

const maxBodyBytes = 1024 * 1024;

/** A request's `application/x-www-form-urlencoded` body as parameters (empty for other bodies). */
export async function readFormBody(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    length += buffer.length;
    if (length > maxBodyBytes) throw new Error('request body too large');
    chunks.push(buffer);
  }
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  if (!type.includes('application/x-www-form-urlencoded')) return new URLSearchParams();
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
