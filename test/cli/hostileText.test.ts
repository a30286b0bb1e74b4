// Text from a server or a plugin cannot drive the terminal: the exact bytes the CLI (run in this process) writes to stdout and stderr for the demo's hostile title (ESC[2J, OSC 0/52/8, C1, backspaces, CR, U+202E), a hostile server's names and error bodies, and a plugin's messages, results, errors and command titles.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hostileTitle } from '../../src/demo/worldCinema.js';
import { cleanEnvironment } from '../helpers/cli.js';
import { assertInert } from '../helpers/cliBytes.js';
import { runMain } from '../helpers/cliInProcess.js';
import { commands, writePlugin } from '../helpers/extensionFixtures.js';
import { container, sendJson, sendText, startTestServer } from '../helpers/plexTestServer.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';

/** The same controls the demo's title carries, for a server and a plugin of the test's own. */
const hostile = 'Evil\u001b]0;pwned\u0007\u001b[2J\u001b]52;c;cHduZWQ=\u0007\u001b]8;;https://evil.example/\u001b\\Link\u001b]8;;\u001b\\ Back\b\b\b\bspace\rCR \u009b31m\u202eLIVE';

let home: TempFolder;

test.before(async () => {
  home = await makeTempFolder('plexterm-hostile-');
});

test.after(async () => {
  await home.remove();
});

async function cli(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const result = await runMain(args, { env: cleanEnvironment(home.path, extra) });
  // The bytes a process would write: its text as UTF-8, as a stream writes it.
  assertInert(Buffer.from(result.stdout, 'utf8'), `stdout of plexterm ${args.join(' ')}`, args.includes('--json'));
  assertInert(Buffer.from(result.stderr, 'utf8'), `stderr of plexterm ${args.join(' ')}`);
  return result;
}

interface Listed {
  ratingKey: string;
  title: string;
  summary?: string;
}

test('the demo title with escapes prints as plain text in tables, details and cache lines; --json keeps it exact with the controls escaped', async () => {
  const sections = JSON.parse((await cli(['--demo', 'libraries', '--json'])).stdout) as Array<{ key: string; title: string }>;
  const worldCinema = sections.find((section) => section.title === 'World Cinema');
  assert.ok(worldCinema);
  const listing = await cli(['--demo', 'ls', worldCinema?.key ?? '', '--json']);
  const item = (JSON.parse(listing.stdout) as Listed[]).find((entry) => entry.title === hostileTitle);
  assert.ok(item, '--json gives the exact title, every control included');
  assert.match(listing.stdout, /\\u001b\]52;c;cHduZWQ=\\u0007/, 'the OSC 52 is in the JSON, escaped');
  const ratingKey = item?.ratingKey ?? '';
  const plain = 'The Terminal {red-fg}Escape{/}';

  const table = await cli(['--demo', 'ls', worldCinema?.key ?? '']);
  assert.is(table.code, 0, table.stderr);
  assert.ok(table.stdout.includes(plain), table.stdout);
  const info = await cli(['--demo', 'info', ratingKey]);
  assert.ok(info.stdout.includes(`${plain}  Gate 67 Link Backspace CR LIVE`), info.stdout);
  assert.match(info.stdout, /escapes stay text\. LIVE/);
  assert.match((await cli(['--demo', 'search', 'Terminal'])).stdout, /The Terminal \{red-fg\}/);
  assert.match((await cli(['--demo', 'watched', ratingKey])).stdout, /^The Terminal \{red-fg\}.*LIVE: marked as watched\n$/);
  const detailsJson = JSON.parse((await cli(['--demo', 'info', ratingKey, '--json'])).stdout) as Listed;
  assert.is(detailsJson.title, hostileTitle);

  const pinned = await cli(['--demo', 'cache', 'pin', ratingKey]);
  assert.is(pinned.code, 0, pinned.stderr);
  assert.match(pinned.stdout, /^pinned: The Terminal \{red-fg\}Escape\{\/\}  Gate 67 Link Backspace CR LIVE \(/);
  assert.match((await cli(['--demo', 'cache', 'ls'])).stdout, /The Terminal \{red-fg\}/);
  const listedJson = JSON.parse((await cli(['--demo', 'cache', 'ls', '--json'])).stdout) as Array<{ title: string }>;
  assert.ok(listedJson.some((entry) => entry.title === hostileTitle), 'cache ls --json keeps the exact title');
  assert.match((await cli(['--demo', 'cache', 'unpin', ratingKey])).stdout, /^unpinned: The Terminal \{red-fg\}/);
  assert.match((await cli(['--demo', 'cache', 'evict', ratingKey])).stdout, /^evicted: The Terminal \{red-fg\}/);
});

test("a server's name, section titles and error bodies reach the screen as plain text", async () => {
  const server = await startTestServer((request, response) => {
    if (request.path === '/') return sendJson(response, 200, container({ friendlyName: hostile, machineIdentifier: 'hostile-machine', version: `1.0${hostile}` }));
    if (request.path === '/library/sections' && request.headers['x-plex-token'] === 'failing-token') {
      return sendText(response, 500, `<html><body>Internal ${hostile} error</body></html>`);
    }
    if (request.path === '/library/sections') return sendJson(response, 200, container({ size: 1, Directory: [{ key: '1', title: hostile, type: 'movie' }] }));
    return sendJson(response, 404, {});
  });
  try {
    const overview = await cli(['--server', server.url, '--token', 'good-token']);
    assert.is(overview.code, 0, overview.stderr);
    assert.match(overview.stdout, /^Connected to EvilLink Backspace CR LIVE, version 1\.0EvilLink/);
    const failed = await cli(['--server', server.url, '--token', 'failing-token', 'libraries']);
    assert.is(failed.code, 2);
    assert.match(failed.stderr, /^plexterm: 127\.0\.0\.1:\d+ failed with HTTP 500 on GET \/library\/sections: Internal EvilLink Backspace CR LIVE error\n$/, failed.stderr);
    const verbose = await cli(['--verbose', '--server', server.url, '--token', 'failing-token', 'libraries']);
    assert.match(verbose.stderr, /\n\s+at /, '--verbose adds the stack, as inert as the rest');
  } finally {
    await server.close();
  }
});

test("a plugin's message, result, error and command title reach the screen as plain text; run --json keeps the result exact", async () => {
  const plugins = join(home.path, 'hostile-plugins');
  await writePlugin(plugins, {
    name: 'hostile',
    code: `const text = ${JSON.stringify(hostile)};
export function activate(context) {
  context.subscriptions.push(context.api.commands.register('hostile.say', async () => { await context.api.ui.showMessage(text); return text; }));
  context.subscriptions.push(context.api.commands.register('hostile.fail', () => { throw new Error(text); }));
}`,
    manifest: { contributes: { commands: [{ command: 'hostile.say', title: `Say ${hostile}` }, { command: 'hostile.fail', title: 'Fail' }] } },
  });
  const said = await cli(['--plugins-dir', plugins, 'run', 'hostile.say']);
  assert.is(said.code, 0, said.stderr);
  assert.match(said.stderr, /plexterm: \[plugin: hostile\] EvilLink Backspace CR LIVE\n/);
  // A result's line breaks stay (CR among them); nothing else of the controls does.
  assert.is(said.stdout, 'EvilLink Backspace\nCR LIVE\n');
  const json = await cli(['--plugins-dir', plugins, 'run', 'hostile.say', '--json']);
  assert.is(JSON.parse(json.stdout), hostile, 'the result is exact in JSON');
  const failed = await cli(['--plugins-dir', plugins, 'run', 'hostile.fail']);
  assert.is(failed.code, 2);
  assert.match(failed.stderr, /^plexterm: .*hostile.*EvilLink Backspace CR LIVE/);
  const listed = await cli(['--plugins-dir', plugins, 'plugins']);
  assert.match(listed.stdout, /hostile/);
});

test.run();
