// Every thumb, art and composite path the demo hands out answers with a picture, as does /photo/:/transcode, which clients use to get one at a size.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DemoContext, Route, RouteRequest } from './context.js';
import { readMethods } from './context.js';
import { backgroundSize, drawPng, largestSide, posterSize, squareSize, type ImageSize } from './images.js';
import { BadRequest } from './badRequest.js';
import { sendHtmlError } from './reply.js';

interface ImageSpec {
  seed: string;
  size: ImageSize;
}

const musicTypes = new Set(['artist', 'album', 'track']);

const metadataImage = /^\/library\/metadata\/(\d+)\/(thumb|art|banner)(?:\/\d+)?\/?$/;
const compositeImage = /^\/library\/(sections|collections)\/(\d+)\/composite\/\d+\/?$/;
const resourceImage = /^\/:\/resources\/([\w-]+)\.(?:png|jpg)$/;

/** The picture at `path`, or undefined when the path names nothing the demo has. */
function imageAt(context: DemoContext, path: string): ImageSpec | undefined {
  const metadata = metadataImage.exec(path);
  if (metadata) {
    const [, ratingKey = '', kind = ''] = metadata;
    const item = context.library.item(ratingKey);
    if (!item) return undefined;
    const size = kind === 'thumb' ? (musicTypes.has(item.type) ? squareSize : posterSize) : backgroundSize;
    return { seed: `${kind}:${ratingKey}`, size };
  }
  const composite = compositeImage.exec(path);
  if (composite) {
    const [, kind = '', id = ''] = composite;
    const exists = kind === 'sections' ? context.library.section(id) !== undefined : context.library.item(id)?.type === 'collection';
    return exists ? { seed: `composite:${kind}:${id}`, size: posterSize } : undefined;
  }
  const resource = resourceImage.exec(path);
  if (resource) return { seed: `resource:${resource[1] ?? ''}`, size: resource[1]?.endsWith('fanart') ? backgroundSize : squareSize };
  return undefined;
}

function sendPng(request: IncomingMessage, response: ServerResponse, image: ImageSpec): void {
  const png = drawPng(image.seed, image.size);
  response.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': String(png.length) });
  response.end(request.method === 'HEAD' ? undefined : png);
}

function image(context: DemoContext, route: RouteRequest): void {
  const found = imageAt(context, route.url.pathname);
  if (!found) return sendHtmlError(route.response, 404);
  sendPng(route.request, route.response, found);
}

function side(route: RouteRequest, name: string, fallback: number): number {
  const text = route.params.get(name);
  if (text === null || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new BadRequest(`${name} must be a whole number of pixels >= 1`);
  return Math.min(value, largestSide);
}

/** `/photo/:/transcode?url=/library/metadata/K/thumb/T&width=W&height=H`: the picture at `url`, drawn at W×H. */
function photoTranscode(context: DemoContext, route: RouteRequest): void {
  const url = route.params.get('url');
  if (!url) throw new BadRequest('url is required');
  const found = imageAt(context, new URL(url, 'http://127.0.0.1').pathname);
  if (!found) return sendHtmlError(route.response, 404);
  sendPng(route.request, route.response, { seed: found.seed, size: { width: side(route, 'width', found.size.width), height: side(route, 'height', found.size.height) } });
}

export const imageRoutes: Route[] = [
  { pattern: metadataImage, methods: readMethods, handler: image },
  { pattern: compositeImage, methods: readMethods, handler: image },
  { pattern: resourceImage, methods: readMethods, handler: image },
  { pattern: /^\/photo\/:\/transcode\/?$/, methods: readMethods, handler: photoTranscode },
];
