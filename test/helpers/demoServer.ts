// Starting demo servers in tests, and asking them things over real HTTP; every server is closed.
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../src/demo/index.js';

/** Runs `body` against a fresh demo server and always closes it. */
export async function withDemo<T>(options: DemoServerOptions, body: (server: DemoServer) => Promise<T>): Promise<T> {
  const server = await startDemoServer(options);
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

export interface DemoRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Leave the token out (default: sent as the X-Plex-Token header). */
  noToken?: boolean;
  /** Ask for XML rather than JSON. */
  xml?: boolean;
}

/** A request to the demo's main server (or any base URL) with the token and `Accept: application/json`. */
export function demoFetch(server: DemoServer, path: string, request: DemoRequest = {}, base = server.url): Promise<Response> {
  const headers: Record<string, string> = { ...(request.xml ? {} : { Accept: 'application/json' }), ...(request.noToken ? {} : { 'X-Plex-Token': server.token }), ...request.headers };
  return fetch(`${base}${path}`, { method: request.method ?? 'GET', headers, body: request.body }).catch((error: unknown) => {
    // fetch says only "fetch failed"; the reason (ECONNRESET, "other side closed"...) is in its cause.
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new Error(`${request.method ?? 'GET'} ${path} failed${cause}`, { cause: error });
  });
}

/** GET as JSON; fails the test unless it answers 200. */
export async function demoJson(server: DemoServer, path: string, request: DemoRequest = {}): Promise<unknown> {
  const response = await demoFetch(server, path, request);
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  return response.json() as Promise<unknown>;
}

export interface MetadataJson {
  ratingKey: string;
  key: string;
  type: string;
  title: string;
  viewOffset?: number;
  viewCount?: number;
  lastViewedAt?: number;
  duration?: number;
  leafCount?: number;
  viewedLeafCount?: number;
  childCount?: number;
  librarySectionID?: number;
  parentRatingKey?: string;
  grandparentRatingKey?: string;
  Media?: { id: number; duration: number; container: string; Part: { id: number; key: string; size: number; duration: number; container: string; file: string }[] }[];
}

export interface ContainerJson {
  MediaContainer: { size: number; totalSize?: number; offset?: number; Metadata?: MetadataJson[]; Directory?: { key: string; title: string; type: string }[]; Hub?: { hubIdentifier: string; size: number; Metadata?: MetadataJson[]; Directory?: unknown[] }[] };
}

export async function demoContainer(server: DemoServer, path: string, request: DemoRequest = {}): Promise<ContainerJson> {
  return (await demoJson(server, path, request)) as ContainerJson;
}

/** The first item of the section titled `title` whose title contains `name` (or the first item). */
export async function findItem(server: DemoServer, sectionTitle: string, query = '', type?: number): Promise<MetadataJson> {
  const sections = await demoContainer(server, '/library/sections');
  const section = sections.MediaContainer.Directory?.find((entry) => entry.title === sectionTitle);
  if (!section) throw new Error(`no section ${sectionTitle}`);
  const typeQuery = type === undefined ? '' : `&type=${type}`;
  const list = await demoContainer(server, `/library/sections/${section.key}/all?title=${encodeURIComponent(query)}${typeQuery}`);
  const item = list.MediaContainer.Metadata?.[0];
  if (!item) throw new Error(`no item "${query}" in ${sectionTitle}`);
  return item;
}

/** Fails unless each path answers its status; bodies are read so no socket is left busy. */
export async function expectStatuses(server: DemoServer, expectations: [string, number][], request: DemoRequest = {}): Promise<void> {
  for (const [path, status] of expectations) {
    const response = await demoFetch(server, path, request);
    await response.arrayBuffer();
    if (response.status !== status) throw new Error(`${path} answered ${response.status}, expected ${status}`);
  }
}
