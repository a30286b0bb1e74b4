// Session's lifetime: start() once before use, dispose() once at the end (nothing is opened after it begins), and the demo server started once however many ask at once.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Session } from '../../src/session/session.js';
import type { Output } from '../../src/session/output.js';
import { PlextermError } from '../../src/base/errors.js';
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { countedClients } from '../helpers/countedClients.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

const quiet: Output = { out: () => undefined, err: () => undefined };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return undefined;
}

test('a cache asked for while dispose runs is refused, not opened after dispose closed the first (the TUI quit with q hung on it)', async () => {
  const home = await makeTempFolder('plexterm-session-');
  const session = new Session({ home: home.path }, quiet, {});
  try {
    await session.start();
    const first = session.cache();
    const disposing = session.dispose();
    // The TUI's resume of pinned downloads asks again once the first open resolves, as q is pressed.
    const late = rejection(first.then(() => session.cache()));
    await disposing;
    const error = await late;
    assert.instance(error, PlextermError, 'the late cache() is refused');
    assert.is((error as PlextermError).code, 'session-ended');
    assert.instance(await rejection(session.client()), PlextermError, 'no client either');
    assert.instance(await rejection(session.extensions()), PlextermError, 'nor plugins');
  } finally {
    await session.dispose();
    await home.remove();
  }
});

test('the demo server is started once when several ask at once, and closed by dispose', async () => {
  const home = await makeTempFolder('plexterm-session-');
  const session = new Session({ home: home.path, demo: true }, quiet, {});
  try {
    const [one, two] = await Promise.all([session.start().then(() => session.demo()), session.start().then(() => session.demo())]);
    assert.ok(one !== undefined && one === two, 'one demo server for both callers');
    const url = one.url;
    await session.dispose();
    const refused = await rejection(fetch(`${url}/identity`));
    assert.ok(refused !== undefined, 'the demo server no longer answers after dispose');
  } finally {
    await session.dispose();
    await home.remove();
  }
});

test('a session makes one PlexClient, however many ask at once: commands, pinned downloads, plugins and playback share it', async () => {
  const home = await makeTempFolder('plexterm-session-');
  const { made, createClient } = countedClients();
  const session = new Session({ home: home.path, demo: true, plugins: false }, quiet, {}, { createClient });
  try {
    await session.start();
    const [first, second] = await Promise.all([session.client(), session.client()]);
    assert.ok(first === second, 'both callers get the same client');
    await session.resumePinnedDownloads();
    await session.playback();
    await session.extensions();
    assert.is(made.length, 1, 'one PlexClient for the session');
  } finally {
    await session.dispose();
    await home.remove();
  }
});

test('start() reads the config once, however often it and config() are called; nothing is served before it', async () => {
  const home = await makeTempFolder('plexterm-session-');
  const said: string[] = [];
  const session = new Session({ home: home.path }, { out: () => undefined, err: (text) => said.push(text) }, {});
  try {
    await mkdir(join(home.path, 'config'), { recursive: true });
    await writeFile(join(home.path, 'config', 'config.json'), '{ not json');
    const early = await rejection(session.client());
    assert.instance(early, Error);
    assert.match(String((early as Error).message), /not started: call start\(\) first/);
    await Promise.all([session.start(), session.start()]);
    await session.start();
    await Promise.all([session.config(), session.config()]);
    assert.is(said.filter((line) => line.includes('config')).length, 1, said.join('\n'));
    // No server is configured: the session starts all the same (cache ls needs none), and target() says so.
    const missing = await rejection(session.target());
    assert.is((missing as PlextermError).code, 'not-configured');
  } finally {
    await session.dispose();
    await home.remove();
  }
});

test('dispose() twice closes once and both wait for it; after it start() and every part are refused', async () => {
  const home = await makeTempFolder('plexterm-session-');
  const session = new Session({ home: home.path, demo: true, plugins: false }, quiet, {});
  await session.start();
  const demo = await session.demo();
  await session.cache();
  await session.playback();
  const [first, second] = [session.dispose(), session.dispose()];
  assert.ok(first === second, 'the second call waits for the first');
  await Promise.all([first, second]);
  assert.ok((await rejection(fetch(`${demo?.url}/identity`))) !== undefined, 'the demo server is closed');
  // The cache's folder lock was let go: a new session opens the same cache.
  const next = new Session({ home: home.path }, quiet, {});
  try {
    await next.start();
    await next.cache();
  } finally {
    await next.dispose();
  }
  for (const late of [() => session.start(), () => session.cache(), () => session.client(), () => session.playback(), () => session.config()]) {
    assert.is(((await rejection(late())) as PlextermError).code, 'session-ended');
  }
  await home.remove();
});

test.run();
