import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { authUrl, waitForPin } from '../../src/plex/signIn.js';
import { rejection, withPlexTv } from '../helpers/plexTvFake.js';

test('authUrl points at app.plex.tv with the client id, code and device context', () => {
  const url = authUrl('client-1', 'CODE42', 'plexterm');
  assert.is(url, 'https://app.plex.tv/auth#?clientID=client-1&code=CODE42&context%5Bdevice%5D%5Bproduct%5D=plexterm');
});


test('waitForPin polls until approved and returns the token', () =>
  withPlexTv({ approveOnCheck: 3 }, async (plexTv, fake) => {
    const pin = await plexTv.createPin();
    let ticks = 0;
    const token = await waitForPin(pin, { plexTv, intervalMs: 5, onTick: () => (ticks += 1) });
    assert.is(token, fake.token);
    assert.is(ticks, 2);
    assert.is(fake.server.count('/api/v2/pins/5150'), 3);
  }));


test('an expired PIN is a pin-expired error', () =>
  withPlexTv({ approveOnCheck: 99, expireOnCheck: 2 }, async (plexTv) => {
    const pin = await plexTv.createPin();
    const error = await rejection(waitForPin(pin, { plexTv, intervalMs: 5 }));
    assert.is(error.code, 'pin-expired');
    assert.match(error.message, 'expired');
  }));


test('waitForPin stops when aborted, between checks or before the first', () =>
  withPlexTv({ approveOnCheck: 99 }, async (plexTv, fake) => {
    const pin = await plexTv.createPin();
    const controller = new AbortController();
    const waiting = waitForPin(pin, { plexTv, intervalMs: 10_000, signal: controller.signal, onTick: () => controller.abort() });
    const error = await rejection(waiting);
    assert.is(error.code, 'aborted');
    assert.is(fake.server.count('/api/v2/pins/5150'), 1);
    const already = await rejection(waitForPin(pin, { plexTv, signal: AbortSignal.abort() }));
    assert.is(already.code, 'aborted');
  }));


test.run();
