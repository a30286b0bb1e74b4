// Choosing a part's audio and subtitle (PUT /library/parts/{id}) and serving sidecar subtitles (GET /library/streams/{id}).
import type { DemoContext, Route, RouteRequest } from './context.js';
import { changeMethods, readMethods } from './context.js';
import { requestUser } from './detail.js';
import { BadRequest } from './listing.js';
import type { MediaInfo } from './model.js';
import { sidecarText } from './clips.js';
import { sendData, sendHtmlError } from './reply.js';
import { partIdOfStream, partStreams, type PartStream, type StreamChoice } from './streams.js';

/** The media whose part is `partId` (media and part ids are one number in the demo). */
function mediaOfPart(context: DemoContext, partId: number): MediaInfo | undefined {
  const generated = context.library.item(String(partId))?.media;
  if (generated?.part.id === partId) return generated;
  for (const item of context.library.staticItems()) if (item.media?.part.id === partId) return item.media;
  return undefined;
}

/** A stream id parameter naming one of `streams` of `kind`; 0 turns subtitles off. */
function streamParameter(route: RouteRequest, name: string, streams: PartStream[], kind: PartStream['kind']): number | undefined {
  const text = route.params.get(name);
  if (text === null || text === '') return undefined;
  if (!/^\d+$/.test(text)) throw new BadRequest(`${name} must be a stream id`);
  const id = Number(text);
  if (id === 0 && kind === 'subtitle') return 0;
  if (!streams.some((stream) => stream.id === id && stream.kind === kind)) throw new BadRequest(`${name} ${text} is not a ${kind} stream of this part`);
  return id;
}

function chooseStreams(context: DemoContext, route: RouteRequest, match: RegExpExecArray): void {
  const partId = Number(match[1]);
  const media = mediaOfPart(context, partId);
  if (!media) return sendHtmlError(route.response, 404);
  const streams = partStreams(media);
  const choice: StreamChoice = {};
  const audio = streamParameter(route, 'audioStreamID', streams, 'audio');
  const subtitle = streamParameter(route, 'subtitleStreamID', streams, 'subtitle');
  if (audio !== undefined) choice.audioStreamID = audio;
  if (subtitle !== undefined) choice.subtitleStreamID = subtitle;
  if (audio === undefined && subtitle === undefined) throw new BadRequest('audioStreamID or subtitleStreamID is required');
  context.streamChoices.set(requestUser(), partId, choice);
  sendData(route.request, route.response, { MediaContainer: { size: 0 } });
}

function sidecar(context: DemoContext, route: RouteRequest, match: RegExpExecArray): void {
  const streamId = Number(match[1]);
  const media = mediaOfPart(context, partIdOfStream(streamId));
  const stream = media ? partStreams(media).find((candidate) => candidate.id === streamId) : undefined;
  if (!stream?.sidecar) return sendHtmlError(route.response, 404);
  const text = sidecarText(stream.sidecar);
  route.response.writeHead(200, { 'Content-Type': 'text/srt;charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) });
  route.response.end(route.request.method === 'HEAD' ? undefined : text);
}

export const streamRoutes: Route[] = [
  { pattern: /^\/library\/parts\/(\d+)\/?$/, methods: changeMethods, handler: chooseStreams },
  { pattern: /^\/library\/streams\/(\d+)(?:\.srt)?\/?$/, methods: readMethods, handler: sidecar },
];
