// Run as a child process by the player tests: a plexterm stand-in (the real extension service over the bundled plugins) that launches one player, says so, and waits to be killed.
// Arguments: <player id> <url> <title> [player argument...]; prints "launched" once the player runs.
import { ExtensionService } from '../../src/extensions/extensionService.js';
import { bundledPluginsDir } from './pluginHarness.js';

const [playerId = '', url = '', title = '', ...args] = process.argv.slice(2);
const service = await ExtensionService.start({ bundledPluginsDir, log: () => undefined });
const player = await service.getPlayer(playerId);
const session = await player.launch(url, { startAt: 0, title, ratingKey: '101', mediaType: 'video', args });
session.events$?.subscribe({ next: (event) => process.stdout.write(`${event.type}\n`) });
process.stdout.write('launched\n');
// Kept alive by the player and the host until the test kills this process.
