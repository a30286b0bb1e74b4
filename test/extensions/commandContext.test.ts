// The invocation context of a command: its item made from Plex metadata, and the context crossing to a plugin's handler as the first argument.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { commandContext, commandItemOf } from '../../src/extensions/commandContext.js';
import type { PlexMetadata } from '../../src/plex/models.js';
import { tuiCommandContext } from '../../src/tui/state/commandInvocation.js';
import { startWithPlugins } from '../helpers/extensionFixtures.js';

test('the item keeps only the identifying fields, each of the type the API says (a malformed one is left out)', () => {
  const odd = { ratingKey: '7', key: '/library/metadata/7', type: 'track', title: 'Song', parentRatingKey: 6, parentTitle: '', grandparentKey: '/library/metadata/5', index: Number.NaN, Media: [] } as unknown as PlexMetadata;
  assert.equal(commandItemOf(odd), { ratingKey: '7', type: 'track', key: '/library/metadata/7', title: 'Song', grandparentKey: '/library/metadata/5' });
  assert.equal(commandContext({ source: 'cli', item: undefined, focus: undefined }), { kind: 'commandContext', source: 'cli' });
});

const recorder = {
  name: 'recorder',
  manifest: { contributes: { commands: [{ command: 'recorder.record', title: 'Record', when: 'itemSelected' }, { command: 'recorder.forward', title: 'Forward' }] } },
  code: `export function activate(context) {
  context.api.commands.register('recorder.record', (...args) => args);
  context.api.commands.register('recorder.forward', (...args) => context.api.commands.execute('recorder.record', 'explicit', ...args.slice(1)));
}`,
};

test('a command run from the TUI gets the context as its first argument, as plain data; commands.execute passes its own arguments only', async () => {
  const harness = await startWithPlugins([recorder]);
  try {
    const season: PlexMetadata = { ratingKey: '124', key: '/library/metadata/124/children', type: 'season', title: 'Season 2', parentRatingKey: '116', parentTitle: 'Orbital Kitchen', index: 2 };
    const context = tuiCommandContext({ focus: 'details', item: season, listing: { kind: 'children', ratingKey: '116', title: 'Orbital Kitchen' } }, 'keybinding');
    assert.equal(await harness.service.executeCommand('recorder.record', context), [context]);
    assert.equal(await harness.service.executeCommand('recorder.forward', context, 5), ['explicit', 5]);
    assert.is(harness.service.plugins()[0]?.contributes.commands?.[0]?.when, 'itemSelected', 'the contributed when is listed');
  } finally {
    await harness.close();
  }
});

test.run();
