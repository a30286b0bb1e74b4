// A part's Stream elements (video, audio, embedded and sidecar subtitles), with the audio and subtitle each user chose.
import type { JsonObject } from './json.js';
import { compact } from './json.js';
import type { ClipStream, MediaInfo } from './model.js';

const streamTypeNumber = { video: 1, audio: 2, subtitle: 3 } as const;

/** A stream of a part: one measured in the clip, or a subtitle file beside it (`sidecar`). */
export interface PartStream extends ClipStream {
  id: number;
  sidecar?: string;
}

/** What a user picked for one part; subtitle 0 means none. */
export interface StreamChoice {
  audioStreamID?: number;
  subtitleStreamID?: number;
}

const languages: Record<string, { name: string; tag: string }> = {
  eng: { name: 'English', tag: 'en' },
  deu: { name: 'German', tag: 'de' },
  ger: { name: 'German', tag: 'de' },
  fra: { name: 'French', tag: 'fr' },
  fre: { name: 'French', tag: 'fr' },
  jpn: { name: 'Japanese', tag: 'ja' },
};

const codecNames: Record<string, string> = { h264: 'H.264', hevc: 'HEVC', aac: 'AAC', mp3: 'MP3', srt: 'SRT' };
const channelLayouts: Record<number, string> = { 1: 'mono', 2: 'stereo', 6: '5.1(side)' };
const channelNames: Record<number, string> = { 1: 'Mono', 2: 'Stereo', 6: '5.1' };

/** Streams per part id: a part has fewer than ten, so part 123's streams are 1231, 1232... */
const idsPerPart = 10;

/** Media without measured streams (synthetic Cache Lab and Big Library parts) report what their Media says. */
function factStreams(media: MediaInfo): ClipStream[] {
  const video: ClipStream[] = media.videoCodec === undefined ? [] : [{ kind: 'video', index: 0, codec: media.videoCodec, default: true, width: media.width, height: media.height, frameRate: 24, bitDepth: 8, profile: 'main' }];
  return [...video, { kind: 'audio', index: video.length, codec: media.audioCodec, default: true, channels: media.audioChannels, samplingRate: 48000 }];
}

/** Every stream of `media`'s part, with its id; sidecar subtitles come last. */
export function partStreams(media: MediaInfo): PartStream[] {
  const base = media.part.id * idsPerPart;
  const measured = (media.streams ?? factStreams(media)).map((stream, position) => ({ ...stream, id: base + position + 1 }));
  const sidecars = (media.sidecarSubtitles ?? []).map((sidecar, position): PartStream => ({
    kind: 'subtitle', index: -1, codec: 'srt', default: false, language: sidecar.language, sidecar: sidecar.file, id: base + measured.length + position + 1,
  }));
  return [...measured, ...sidecars];
}

/** The part id a stream id belongs to. */
export function partIdOfStream(streamId: number): number {
  return Math.floor(streamId / idsPerPart);
}

/** The audio stream to play: the chosen one, else the file's default, else the first. */
function selectedAudio(streams: PartStream[], choice: StreamChoice | undefined): number | undefined {
  const audio = streams.filter((stream) => stream.kind === 'audio');
  const chosen = audio.find((stream) => stream.id === choice?.audioStreamID);
  return (chosen ?? audio.find((stream) => stream.default) ?? audio[0])?.id;
}

function languageFields(code: string | undefined): JsonObject {
  const known = code === undefined ? undefined : languages[code];
  if (!code || code === 'und' || !known) return {};
  return { language: known.name, languageTag: known.tag, languageCode: code };
}

function displayTitle(stream: PartStream): string {
  const language = languageFields(stream.language).language ?? 'Unknown';
  const codec = codecNames[stream.codec] ?? stream.codec.toUpperCase();
  if (stream.kind === 'video') return `${stream.height ?? 0}p (${codec})`;
  if (stream.kind === 'audio') return `${language} (${codec} ${channelNames[stream.channels ?? 2] ?? `${stream.channels ?? 2}ch`})`;
  return `${language} (${codec}${stream.sidecar ? ' External' : ''})`;
}

/** The Stream elements of `media`'s part; `choice` marks the chosen audio and subtitle `selected`. */
export function renderStreams(media: MediaInfo, choice: StreamChoice | undefined): JsonObject[] {
  const streams = partStreams(media);
  const audio = selectedAudio(streams, choice);
  return streams.map((stream) => {
    const selected = stream.kind === 'audio' ? stream.id === audio : stream.kind === 'subtitle' && stream.id === choice?.subtitleStreamID;
    const title = displayTitle(stream);
    return compact({
      id: stream.id,
      streamType: streamTypeNumber[stream.kind],
      default: stream.default ? true : undefined,
      selected: selected ? true : undefined,
      codec: stream.codec,
      index: stream.sidecar ? undefined : stream.index,
      key: stream.sidecar ? `/library/streams/${stream.id}` : undefined,
      format: stream.sidecar ? stream.codec : undefined,
      ...languageFields(stream.language),
      bitDepth: stream.bitDepth,
      frameRate: stream.frameRate,
      height: stream.height,
      width: stream.width,
      profile: stream.profile,
      channels: stream.channels,
      audioChannelLayout: stream.channels === undefined ? undefined : channelLayouts[stream.channels],
      samplingRate: stream.samplingRate,
      displayTitle: title,
      extendedDisplayTitle: title,
    });
  });
}

/** The audio and subtitle streams each user chose, by part (`PUT /library/parts/{id}`). */
export class StreamChoices {
  private readonly byUser = new Map<string, Map<number, StreamChoice>>();

  get(user: string, partId: number): StreamChoice | undefined {
    return this.byUser.get(user)?.get(partId);
  }

  /** Keeps what `change` leaves out from the earlier choice. */
  set(user: string, partId: number, change: StreamChoice): void {
    const choices = this.byUser.get(user) ?? new Map<number, StreamChoice>();
    choices.set(partId, { ...choices.get(partId), ...change });
    this.byUser.set(user, choices);
  }
}
