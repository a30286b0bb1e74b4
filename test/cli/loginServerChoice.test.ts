// Which server sign-in uses when the account reaches several: the named one, else its own, else the first; the others are named.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chooseServer } from '../../src/cli/commands/login.js';
import type { PlexResource } from '../../src/plex/models.js';

function resource(name: string, owned: boolean, provides = 'server'): PlexResource {
  return {
    name, product: 'Plex Media Server', productVersion: '1.41', platform: 'Linux', platformVersion: null, device: null, clientIdentifier: `id-${name}`,
    createdAt: '', lastSeenAt: '', provides, ownerId: owned ? null : 7, sourceTitle: owned ? null : 'friend', publicAddress: '127.0.0.1', owned, home: false,
    synced: false, relay: true, presence: true, httpsRequired: false, publicAddressMatches: true, dnsRebindingProtection: false, natLoopbackSupported: true, connections: [],
  };
}

const account = [resource('Phone', true, 'client,player'), resource("Ann's server", false), resource('Home', true), resource('Cabin', false)];

test('without a name: the account\'s own server, and the others named so the person can pick one', () => {
  const { server, others } = chooseServer(account, undefined, 'me');
  assert.is(server.name, 'Home');
  assert.equal(others, ["Ann's server", 'Cabin']);
});

test('a name picks that server (any case), and there is nothing else to mention', () => {
  const { server, others } = chooseServer(account, 'cabin', 'me');
  assert.is(server.name, 'Cabin');
  assert.equal(others, []);
});

test('one server: nothing to mention; none of its own: the first', () => {
  assert.equal(chooseServer([resource('Home', true)], undefined, 'me').others, []);
  assert.is(chooseServer([resource('A', false), resource('B', false)], undefined, 'me').server.name, 'A');
});

test('an unknown name lists the servers; no server at all says so', () => {
  assert.throws(() => chooseServer(account, 'Garage', 'me'), /no server named "Garage"; the account has: Ann's server, Home, Cabin/);
  assert.throws(() => chooseServer([resource('Phone', true, 'player')], undefined, 'me'), /no Plex Media Server is linked to me/);
});

test.run();
