// Run as a child process by the player tests: a plexterm stand-in (the real extension service over the bundled plugins) that launches one player, says so, and waits to be killed.
// Arguments: <player id> <url> <title> [player argument...]; prints "launched" once the player runs.
// Its plugins' storage goes under PLEXTERM_HOME (the test's folder, which the test removes: this process is killed
// with SIGKILL and cleans up nothing).
import { resolvePaths } from '../../src/base/paths.js';
import { ExtensionService } from '../../src/extensions/extensionService.js';
import { bundledPluginsDir } from './pluginHarness.js';

const [playerId = '', url = '', title = '', ...args] = process.argv.slice(2);
const home = process.env.PLEXTERM_HOME;
if (!home) throw new Error('playingParent needs PLEXTERM_HOME: a folder of the test\'s own');
const service = await ExtensionService.start({ bundledPluginsDir, paths: resolvePaths(home), log: () => undefined });
const player = await service.getPlayer(playerId);
const session = await player.launch(url, { startAt: 0, title, ratingKey: '101', mediaType: 'video', args });
session.events$?.subscribe({ next: (event) => process.stdout.write(`${event.type}\n`) });
process.stdout.write('launched\n');
// Kept alive by the player and the host until the test kills this process.
