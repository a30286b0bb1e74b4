// The committed clips: present, sizes as clips.json says, small enough, and every real item plays one for its real length.
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assetPath } from '../../src/base/packageRoot.js';
import { demoContainer, withDemo } from '../helpers/demoServer.js';

interface ClipJson {
  file: string;
  container: string;
  durationMs: number;
  size: number;
}

async function clips(): Promise<ClipJson[]> {
  const parsed = JSON.parse(await readFile(assetPath('assets', 'clips', 'clips.json'), 'utf8')) as { clips: ClipJson[] };
  return parsed.clips;
}

test('every clip in clips.json exists with its recorded size; together at most 5 MB; one is audio only', async () => {
  const list = await clips();
  assert.ok(list.length >= 4);
  let total = 0;
  for (const clip of list) {
    const size = statSync(assetPath('assets', 'clips', clip.file)).size;
    assert.is(size, clip.size, clip.file);
    assert.ok(clip.durationMs > 1000 && clip.durationMs < 60_000);
    total += size;
  }
  assert.ok(total <= 5 * 1024 * 1024);
  assert.ok(list.some((clip) => clip.container === 'mp3'));
  assert.ok(list.some((clip) => clip.container === 'mkv'));
  assert.ok(list.some((clip) => clip.container === 'mp4'));
  assert.ok(statSync(assetPath('assets', 'clips', 'make-clips.sh')).isFile());
});

test('every movie, episode and track has a clip part whose duration and size are the clip\'s', async () => {
  const bySize = new Map((await clips()).map((clip) => [clip.size, clip]));
  await withDemo({}, async (server) => {
    const lists = await Promise.all(['/library/sections/1/all', '/library/sections/2/all?type=4', '/library/sections/3/all?type=10'].map((path) => demoContainer(server, path)));
    const items = lists.flatMap((list) => list.MediaContainer.Metadata ?? []);
    assert.is(items.length, 8 + 10 + 5);
    for (const item of items) {
      const media = item.Media?.[0];
      const part = media?.Part[0];
      const clip = part ? bySize.get(part.size) : undefined;
      if (!media || !part || !clip) throw new Error(`${item.title} has no clip part`);
      assert.is(item.duration, clip.durationMs);
      assert.is(media.duration, clip.durationMs);
      assert.is(part.duration, clip.durationMs);
      assert.is(part.container, clip.container);
    }
  });
});

test.run();
