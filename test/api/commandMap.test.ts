// The plugin API's typed commands: CommandMap checks ids, arguments and results at compile time (`npm test` runs tsc on this
// file: each @ts-expect-error must meet an error), and a plugin's own commands join it by declaration merging.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isCommandContext, type CommandContext, type CommandsApi, type KeptOffline } from '../../src/api/index.js';

declare module '../../src/api/index.js' {
  interface CommandMap {
    'fixture.greet'(invocation?: CommandContext): string;
  }
}

/** Only compiled, never called: what a TypeScript plugin may and may not write. */
export async function typedUses(commands: CommandsApi, context: CommandContext): Promise<void> {
  const kept: KeptOffline = await commands.execute('offline.keepSeason', context);
  await commands.execute('offline.keepSeason', '124');
  // @ts-expect-error a ratingKey is a string, not a number
  await commands.execute('offline.keepSeason', 124);
  // @ts-expect-error no command has this id
  await commands.execute('offline.keepSeasons', context);
  // @ts-expect-error the result is a KeptOffline, which has no episodes count
  kept.episodes.toFixed();
  const greeting: string = await commands.execute('fixture.greet');
  commands.register('fixture.greet', (invocation) => `Hello, ${invocation?.item?.title ?? 'nobody'}! ${greeting}`);
  // @ts-expect-error its handler returns a string
  commands.register('fixture.greet', () => 42);
  // @ts-expect-error the custom player list takes no argument
  await commands.execute('custom-player.list', context);
}

test('isCommandContext tells plexterm\'s invocation context from an explicit argument', () => {
  const context: CommandContext = { kind: 'commandContext', source: 'palette', item: { ratingKey: '124', type: 'season', key: '/library/metadata/124/children', title: 'Season 1' } };
  assert.ok(isCommandContext(context));
  assert.not.ok(isCommandContext('124'));
  assert.not.ok(isCommandContext(null));
  assert.not.ok(isCommandContext({ kind: 'other' }));
  assert.is(typeof typedUses, 'function');
});

test.run();
