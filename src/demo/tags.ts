// Tag ids (genres): the real server numbers each tag once for the whole library; the demo derives the number from the tag itself, so it is the same in every section and on every run.
import { createHash } from 'node:crypto';

export type TagKind = 'genre';

/** Ids already worked out: a listing of thousands of items names the same few genres again and again. */
const known = new Map<string, number>();

/** A whole number from 1000 up, fixed for (`kind`, `tag`). */
export function tagId(kind: TagKind, tag: string): number {
  const name = `${kind}\n${tag}`;
  let id = known.get(name);
  if (id === undefined) {
    id = 1000 + (Number.parseInt(createHash('sha1').update(name).digest('hex').slice(0, 6), 16) % 900_000);
    known.set(name, id);
  }
  return id;
}
