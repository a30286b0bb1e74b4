// Server-wide quirks: flaky 5xx reproducible from a seed, slow-start 503 then OK, terminate-after, latency.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setTimeout as delay } from 'node:timers/promises';
import type { DemoServer } from '../../src/demo/index.js';
import { demoFetch, withDemo } from '../helpers/demoServer.js';

async function statuses(server: DemoServer, count: number): Promise<number[]> {
  const result: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const response = await demoFetch(server, '/library/sections');
    result.push(response.status);
    await response.arrayBuffer();
  }
  return result;
}

test('flaky answers 503 or 500 on some requests, the same ones for the same seed', async () => {
  const first = await withDemo({ quirks: { flaky: 0.4 }, seed: 42 }, (server) => statuses(server, 40));
  const second = await withDemo({ quirks: { flaky: 0.4 }, seed: 42 }, (server) => statuses(server, 40));
  const other = await withDemo({ quirks: { flaky: 0.4 }, seed: 7 }, (server) => statuses(server, 40));
  assert.equal(first, second);
  assert.not.equal(first, other);
  assert.ok(first.some((status) => status === 503 || status === 500));
  assert.ok(first.some((status) => status === 200));
  assert.ok(first.every((status) => [200, 500, 503].includes(status)));
  const never = await withDemo({ quirks: { flaky: 0 } }, (server) => statuses(server, 10));
  assert.ok(never.every((status) => status === 200));
});

test('slow-start answers 503 "starting up" first, then works', async () => {
  await withDemo({ quirks: { slowStart: 0.3 } }, async (server) => {
    const early = await demoFetch(server, '/identity');
    assert.is(early.status, 503);
    const body = (await early.json()) as { Response: { code: number; title: string } };
    assert.is(body.Response.code, 503);
    let status = 503;
    for (let attempt = 0; attempt < 100 && status === 503; attempt += 1) {
      await delay(50);
      const response = await demoFetch(server, '/identity');
      status = response.status;
      await response.arrayBuffer();
    }
    assert.is(status, 200);
  });
});

test('terminate-after: a session that has played long enough is told to stop', async () => {
  await withDemo({ quirks: { terminateAfter: 0.1 } }, async (server) => {
    const headers = { 'X-Plex-Client-Identifier': 'terminate-test' };
    const path = '/:/timeline?ratingKey=101&key=/library/metadata/101&state=playing&time=1000&duration=10023';
    const first = (await (await demoFetch(server, path, { headers })).json()) as { MediaContainer: { terminationCode?: number } };
    assert.is(first.MediaContainer.terminationCode, undefined);
    let later: { MediaContainer: { terminationCode?: number; terminationText?: string } } = { MediaContainer: {} };
    for (let attempt = 0; attempt < 50 && later.MediaContainer.terminationCode === undefined; attempt += 1) {
      await delay(60);
      later = (await (await demoFetch(server, path, { headers })).json()) as typeof later;
    }
    assert.type(later.MediaContainer.terminationCode, 'number');
    assert.type(later.MediaContainer.terminationText, 'string');
    const other = (await (await demoFetch(server, path, { headers: { 'X-Plex-Client-Identifier': 'another' } })).json()) as { MediaContainer: { terminationCode?: number } };
    assert.is(other.MediaContainer.terminationCode, undefined);
  });
});

test('latency delays but answers', async () => {
  await withDemo({ latencyMs: 30 }, async (server) => {
    assert.equal(await statuses(server, 3), [200, 200, 200]);
  });
});

test('closing while requests wait on latency or slow-start leaves nothing open', async () => {
  await withDemo({ latencyMs: 60_000 }, async (server) => {
    const pending = demoFetch(server, '/identity').then(
      (response) => response.status,
      () => 0,
    );
    await delay(20);
    await server.close();
    assert.ok((await pending) >= 0);
  });
});

test.run();
