// The committed demo clips (assets/clips): their measured facts from clips.json, and their bytes on demand.
import { readFileSync } from 'node:fs';
import { assetPath } from '../base/packageRoot.js';
import type { MediaFacts } from './model.js';

export interface Clip extends MediaFacts {
  file: string;
  durationMs: number;
  size: number;
}

export type ClipName = 'demo-10s.mkv' | 'demo-12s.mp4' | 'demo-4s.mkv' | 'demo-15s.mp3' | 'demo-40s.mkv' | 'demo-multi-12s.mkv';

function isClip(value: unknown): value is Clip {
  if (typeof value !== 'object' || value === null) return false;
  const clip = value as Record<string, unknown>;
  return typeof clip.file === 'string' && typeof clip.container === 'string' && typeof clip.durationMs === 'number' && typeof clip.size === 'number'
    && (clip.streams === undefined || Array.isArray(clip.streams)) && (clip.sidecarSubtitles === undefined || Array.isArray(clip.sidecarSubtitles));
}

/** The clips listed in assets/clips/clips.json, read at run time. */
export function readClips(): Map<string, Clip> {
  const parsed = JSON.parse(readFileSync(assetPath('assets', 'clips', 'clips.json'), 'utf8')) as { clips?: unknown };
  if (!Array.isArray(parsed.clips)) throw new Error('assets/clips/clips.json: no "clips" list');
  const clips = new Map<string, Clip>();
  for (const clip of parsed.clips) {
    if (!isClip(clip)) throw new Error('assets/clips/clips.json: a clip lacks file, container, durationMs or size');
    clips.set(clip.file, clip);
  }
  return clips;
}

const contents = new Map<string, Buffer>();

/** A subtitle file beside a clip, as text. */
export function sidecarText(file: string): string {
  return readFileSync(assetPath('assets', 'clips', file), 'utf8');
}

/** A clip's bytes; the clips are small (a few hundred KB), so each is read once and kept. */
export function clipBytes(file: string, offset: number, length: number): Buffer {
  let data = contents.get(file);
  if (!data) {
    data = readFileSync(assetPath('assets', 'clips', file));
    contents.set(file, data);
  }
  return data.subarray(offset, offset + length);
}
