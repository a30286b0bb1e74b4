// Session's lifetime: once dispose begins nothing is opened again, and the demo server is started once however many ask at once.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Session } from '../../src/session/session.js';
import type { Output } from '../../src/session/output.js';
import { PlextermError } from '../../src/base/errors.js';
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
    const [one, two] = await Promise.all([session.demo(), session.demo()]);
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

test.run();
