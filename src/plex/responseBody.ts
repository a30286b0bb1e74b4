// Checks Plex answers at the boundary: text that must be JSON, JSON that must hold a MediaContainer.
import type { MediaContainer, MediaContainerBody } from './models.js';
import { malformedError, type RequestContext } from './plexErrors.js';

/** Parses a response body; an empty body is `undefined`, HTML, XML or broken JSON is a `malformed` error. */
export function parseJsonBody(text: string, context: RequestContext): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (trimmed.startsWith('<')) {
    if (/^<\?xml|^<MediaContainer/i.test(trimmed)) throw malformedError('XML where JSON was expected', context);
    throw malformedError('an HTML page where JSON was expected', context);
  }
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    throw malformedError('invalid JSON', context);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `MediaContainer` of a Plex Media Server answer, or a `malformed` error. */
export function requireMediaContainer<T extends object>(body: unknown, context: RequestContext): MediaContainer<T> {
  if (!isRecord(body) || !isRecord(body.MediaContainer)) throw malformedError('JSON without a MediaContainer', context);
  return (body as unknown as MediaContainerBody<T>).MediaContainer;
}

/** A list the container holds (`Metadata`, `Directory`, `Hub`...): empty when absent, an error when not a list. */
export function containerList<T>(container: Record<string, unknown>, field: string, context: RequestContext): T[] {
  const value = container[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw malformedError(`a MediaContainer whose ${field} is not a list`, context);
  return value as T[];
}

/** A required string field of an object the API promised, or a `malformed` error. */
export function requireString(record: Record<string, unknown>, field: string, what: string, context: RequestContext): string {
  const value = record[field];
  if (typeof value !== 'string' || value === '') throw malformedError(`${what} without ${field}`, context);
  return value;
}
