// Every thumb, art and composite path the demo hands out answers with a real PNG, the same one every time; /photo/:/transcode draws one at a size.
import { PNG } from 'pngjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DemoServer } from '../../src/demo/index.js';
import { demoContainer, demoFetch, expectStatuses, withDemo } from '../helpers/demoServer.js';

const imageFields = ['thumb', 'art', 'composite', 'parentThumb', 'grandparentThumb'];

/** Every image path found on the containers and items of these listings. */
async function imagePaths(server: DemoServer, listings: string[]): Promise<Set<string>> {
  const paths = new Set<string>();
  const collect = (object: Record<string, unknown>): void => {
    for (const field of imageFields) if (typeof object[field] === 'string') paths.add(object[field]);
  };
  for (const listing of listings) {
    const { MediaContainer: container } = await demoContainer(server, listing);
    collect(container as unknown as Record<string, unknown>);
    for (const entry of [...(container.Metadata ?? []), ...(container.Directory ?? [])]) collect(entry as unknown as Record<string, unknown>);
  }
  return paths;
}

async function png(server: DemoServer, path: string): Promise<{ bytes: Buffer; width: number; height: number }> {
  const response = await demoFetch(server, path);
  const bytes = Buffer.from(await response.arrayBuffer());
  assert.is(response.status, 200, path);
  assert.is(response.headers.get('content-type'), 'image/png', path);
  assert.is(response.headers.get('content-length'), String(bytes.length), path);
  const image = PNG.sync.read(bytes);
  return { bytes, width: image.width, height: image.height };
}

test('every thumb, art, parentThumb, grandparentThumb and composite of the library answers a PNG', async () => {
  await withDemo({}, async (server) => {
    const listings = ['/library/sections', '/library', '/library/sections/1/all', '/library/sections/2/all?type=4', '/library/sections/3/all?type=10', '/library/sections/1/collections', '/library/metadata/116/children'];
    const paths = await imagePaths(server, listings);
    assert.ok(paths.size > 40, `only ${paths.size} image paths`);
    for (const path of paths) {
      const image = await png(server, path);
      assert.ok(image.width >= 64 && image.height >= 64, path);
    }
    const poster = await png(server, '/library/metadata/103/thumb/1');
    assert.equal([poster.width, poster.height], [200, 300]);
    const background = await png(server, '/library/metadata/103/art');
    assert.equal([background.width, background.height], [320, 180]);
  });
});

test('a picture is the same on every request and every run, and differs from item to item', async () => {
  const first = await withDemo({}, async (server) => (await png(server, '/library/metadata/103/thumb/1')).bytes);
  await withDemo({}, async (server) => {
    const again = await png(server, '/library/metadata/103/thumb/99');
    assert.ok(again.bytes.equals(first));
    const movies = await demoContainer(server, '/library/sections/1/all');
    const otherKey = movies.MediaContainer.Metadata?.find((movie) => movie.ratingKey !== '103')?.ratingKey ?? '';
    const other = await png(server, `/library/metadata/${otherKey}/thumb/1`);
    assert.not.ok(other.bytes.equals(first));
    const head = await demoFetch(server, '/library/metadata/103/thumb/1', { method: 'HEAD' });
    assert.is(head.status, 200);
    assert.is(head.headers.get('content-length'), String(first.length));
    assert.is((await head.arrayBuffer()).byteLength, 0);
  });
});

test('/photo/:/transcode draws the picture of url at width × height; unknown pictures 404, bad sizes 400, no token 401', async () => {
  await withDemo({}, async (server) => {
    const small = await png(server, `/photo/:/transcode?url=${encodeURIComponent('/library/metadata/103/thumb/1')}&width=100&height=150&minSize=1&upscale=1`);
    assert.equal([small.width, small.height], [100, 150]);
    const absolute = `${server.url}/library/metadata/103/thumb/1?X-Plex-Token=${server.token}`;
    const fromAbsolute = await png(server, `/photo/:/transcode?url=${encodeURIComponent(absolute)}&width=100&height=150`);
    assert.ok(fromAbsolute.bytes.equals(small.bytes));
    const capped = await png(server, `/photo/:/transcode?url=${encodeURIComponent('/:/resources/movie.png')}&width=99999&height=10`);
    assert.equal([capped.width, capped.height], [1000, 10]);
    await expectStatuses(server, [
      ['/library/metadata/999999/thumb/1', 404],
      ['/library/sections/99/composite/1', 404],
      ['/library/collections/103/composite/1', 404],
      [`/photo/:/transcode?url=${encodeURIComponent('/library/metadata/999999/thumb/1')}`, 404],
      ['/photo/:/transcode?width=10', 400],
      [`/photo/:/transcode?url=${encodeURIComponent('/library/metadata/103/thumb/1')}&width=-4`, 400],
    ]);
    await expectStatuses(server, [['/library/metadata/103/thumb/1', 401]], { noToken: true });
  });
});

test.run();
