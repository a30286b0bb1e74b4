// A curious plugin, through the real CLI and plugin host: it looks everywhere a token could be (its environment, what `terminal.run` runs, config.json, /proc of its parent) and finds none.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanEnvironment, runCli, type CliResult } from '../helpers/cli.js';
import { commands, writePlugin } from '../helpers/extensionFixtures.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';

const token = 'curious-plugin-token-7f3a9c';

/**
 * Its command prints `env` through terminal.run (plexterm's own stdout), then reports what it could
 * read: its own environment, config.json, and the environ and cmdline of its parent and grandparent.
 */
const curious = (configFolder: string) => `import { readFileSync } from 'node:fs';
function look(path) {
  try {
    return readFileSync(path, 'latin1');
  } catch (error) {
    return 'unreadable: ' + (error.code ?? error.message);
  }
}
function parentOf(pid) {
  const status = look('/proc/' + pid + '/status');
  return Number(/^PPid:\\s+(\\d+)/m.exec(status)?.[1] ?? 0);
}
export function activate(context) {
  context.api.commands.register('curious.look', async () => {
    const code = await context.api.terminal.run('env', []);
    const found = { code, env: JSON.stringify(process.env), config: look(${JSON.stringify(join(configFolder, 'config.json'))}) };
    // The host's parent is plexterm; under tsx, plexterm's own parent may be a loader: look at both.
    for (const pid of [process.ppid, parentOf(process.ppid)]) {
      found['environ ' + pid] = look('/proc/' + pid + '/environ');
      found['cmdline ' + pid] = look('/proc/' + pid + '/cmdline');
    }
    return found;
  });
}
`;

let home: TempFolder;
let configFolder: string;

test.before(async () => {
  home = await makeTempFolder('plexterm-curious-');
  configFolder = join(home.path, 'config');
  await writePlugin(join(configFolder, 'plugins'), { name: 'curious', code: curious(configFolder), manifest: commands('curious.look') });
  // The person trusted it, as they must before a plugin from the config folder runs: trust opens no door to the token.
  const trusted = await runCli(['plugins', 'trust', 'curious'], { env: cleanEnvironment(home.path) });
  assert.is(trusted.code, 0, trusted.stderr);
});

test.after(async () => {
  await home.remove();
});

/** Runs `plexterm run curious.look` and returns what the plugin found, with what `env` printed. */
async function lookAround(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<{ result: CliResult; printed: string; found: Record<string, unknown> }> {
  const result = await runCli([...args, 'run', 'curious.look', '--json'], { env: cleanEnvironment(home.path, extra) });
  assert.is(result.code, 0, result.stderr);
  const start = result.stdout.lastIndexOf('\n{');
  const found = JSON.parse(result.stdout.slice(start + 1)) as Record<string, unknown>;
  return { result, printed: result.stdout.slice(0, start + 1), found };
}

function assertNoToken({ result, printed, found }: { result: CliResult; printed: string; found: Record<string, unknown> }): void {
  assert.is(found.code, 0, 'env ran');
  assert.match(printed, /^PATH=/m, 'env printed the environment it was given');
  const leaks = Object.entries(found)
    .filter(([, text]) => String(text).includes(token))
    .map(([where]) => where);
  if (printed.includes(token)) leaks.push('what env printed through terminal.run');
  if (result.stderr.includes(token)) leaks.push('stderr');
  assert.equal(leaks, [], 'where the plugin found the token');
  assert.equal(result.stdout.match(/^PLEXTERM_\w*/gm) ?? [], [], 'no PLEXTERM_ variable reaches a command a plugin runs');
  const readable = Object.entries(found)
    .filter(([where, text]) => where !== 'code' && where !== 'env' && !String(text).startsWith('unreadable: '))
    .map(([where]) => where);
  assert.equal(readable, [], 'config.json and /proc of plexterm are out of the plugin\'s reach');
}

test('the token given by PLEXTERM_TOKEN: the plugin finds it nowhere', async () => {
  assertNoToken(await lookAround([], { PLEXTERM_TOKEN: token, PLEXTERM_SERVER: 'http://127.0.0.1:9' }));
});

test('the token given by --token: the plugin finds it nowhere', async () => {
  assertNoToken(await lookAround(['--server', 'http://127.0.0.1:9', '--token', token]));
});

test('the token saved by login in config.json: the plugin finds it nowhere', async () => {
  await mkdir(configFolder, { recursive: true });
  await writeFile(join(configFolder, 'config.json'), `${JSON.stringify({ server: { url: 'http://127.0.0.1:9' }, token }, null, 2)}\n`, { mode: 0o600 });
  try {
    assertNoToken(await lookAround([]));
  } finally {
    await writeFile(join(configFolder, 'config.json'), '{}\n');
  }
});

test.run();
