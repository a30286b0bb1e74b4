// Builds the part sources: slices of a committed clip, or synthetic Cache Lab bytes.
import { clipBytes, type Clip } from './clips.js';
import type { MediaInfo, PartSource } from './model.js';
import { syntheticBytes } from './synthetic.js';

function partKey(id: number, changestamp: number, container: string): string {
  return `/library/parts/${id}/${changestamp}/file.${container}`;
}

/** A part whose bytes are one of the committed clips. */
export function clipPart(id: number, clip: Clip, file: string, updatedAt: number): PartSource {
  return {
    id,
    size: clip.size,
    container: clip.container,
    file,
    key: partKey(id, updatedAt, clip.container),
    changestamp: updatedAt,
    updatedAt,
    bytes: (offset, length) => clipBytes(clip.file, offset, length),
  };
}

/** Media for a clip-backed item; its duration is the clip's real length. */
export function clipMedia(mediaId: number, clip: Clip, part: PartSource): MediaInfo {
  return {
    id: mediaId,
    duration: clip.durationMs,
    container: clip.container,
    bitrate: clip.bitrate,
    audioCodec: clip.audioCodec,
    audioChannels: clip.audioChannels,
    ...(clip.videoCodec === undefined ? {} : { videoCodec: clip.videoCodec, width: clip.width, height: clip.height, videoFrameRate: clip.videoFrameRate }),
    streams: clip.streams,
    sidecarSubtitles: clip.sidecarSubtitles,
    part,
  };
}

/** A part of `size` bytes computed by syntheticBytes, never held in memory. */
export function syntheticPart(id: number, size: number, file: string, updatedAt: number): PartSource {
  return {
    id,
    size,
    container: 'mkv',
    file,
    key: partKey(id, updatedAt, 'mkv'),
    changestamp: updatedAt,
    updatedAt,
    bytes: (offset, length) => syntheticBytes(id, offset, length),
  };
}
