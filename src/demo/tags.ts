// Tag ids (genres): the real server numbers each tag once for the whole library; the demo derives the number from the tag itself, so it is the same in every section and on every run.
import { createHash } from 'node:crypto';

export type TagKind = 'genre';

/** A whole number from 1000 up, fixed for (`kind`, `tag`). */
export function tagId(kind: TagKind, tag: string): number {
  const hex = createHash('sha1').update(`${kind}\n${tag}`).digest('hex');
  return 1000 + (Number.parseInt(hex.slice(0, 6), 16) % 900_000);
}

/** Whether a filter value names `tag`: by its id or by its name, in any case (clients send either). */
export function tagMatches(kind: TagKind, tag: string, value: string): boolean {
  return value === String(tagId(kind, tag)) || value.toLowerCase() === tag.toLowerCase();
}
