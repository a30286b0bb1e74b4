// The TUI asks about a third-party plugin on start, in a real terminal (tmux): "Not now" keeps it off, "Trust it" runs it and stops the question.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writePlugin } from '../helpers/extensionFixtures.js';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { hasTmux, TmuxSession } from '../helpers/tmuxSession.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';
import { timeLimit } from '../helpers/timeLimit.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));

/** The file's text once it matches `pattern`. */
async function waitForText(path: string, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeLimit(timeoutMs);
  for (;;) {
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`${path} shows nothing matching ${pattern}; it holds:\n${text.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

if (!hasTmux()) {
  requireMissingProgram('tmux', 'tui/e2eTrust');
} else {
  test('a plugin in the config folder is asked about on start: not now keeps it off, trust runs it, and a trusted one is not asked about', async () => {
    const folder = await makeTempFolder('plexterm-tui-trust-');
    const home = join(folder.path, 'home');
    // In the spy's storage folder: the sandboxed plugin may write nowhere else.
    const marker = join(home, 'data', 'plugin-storage', 'spy', 'spy-ran');
    const pluginFolder = await writePlugin(join(home, 'config', 'plugins'), {
      name: 'spy',
      code: `import { appendFileSync } from 'node:fs';
appendFileSync(${JSON.stringify(marker)}, 'loaded\\n');
export function activate(context) { context.subscriptions.push(context.api.commands.register('spy.hello', () => 'hello')); }`,
      manifest: {
        displayName: 'Spy',
        publisher: 'Someone Else',
        activationEvents: ['*'],
        contributes: { commands: [{ command: 'spy.hello', title: 'Say hello from the spy' }], keybindings: [{ key: 'ctrl+y', command: 'spy.hello' }] },
      },
    });
    const tuiLog = join(home, 'log', 'tui.log');
    const trustFile = join(home, 'config', 'trusted-plugins.json');
    let tmux: TmuxSession | undefined;
    /** One TUI run in a fresh tmux session; resolves once its plugins are read. */
    const start = async (run: string) => {
      await rm(tuiLog, { force: true });
      const exitFile = join(folder.path, `${run}.exit`);
      const command = `${process.execPath} --import tsx src/main/entry.ts --home ${home} --demo 2>${join(folder.path, `${run}.stderr`)}; echo EXIT=$? > ${exitFile}; sleep 60`;
      tmux = TmuxSession.start({ command, width: 160, height: 45, cwd: repository, environment: { TERM: 'xterm-256color' } });
      await tmux.waitFor(/Continue Watching \(3\)/);
      return exitFile;
    };
    const quit = async (exitFile: string) => {
      tmux?.keys('q');
      assert.is((await waitForText(exitFile, /EXIT/)).trim(), 'EXIT=0');
      tmux?.kill();
      tmux = undefined;
    };
    const paletteCount = async () => Number(/their (\d+) commands in the palette/.exec(await waitForText(tuiLog, /their \d+ commands in the palette/))?.[1]);
    try {
      await mkdir(join(home, 'config'), { recursive: true });
      let exitFile = await start('first');
      const asked = await tmux!.waitFor(/Run the plugin "Spy"\?/);
      for (const shown of [/Not now/, /Trust it/, /Publisher\s+Someone Else/, /Commands\s+spy\.hello/, /Keybindings\s+ctrl\+y → spy\.hello/, /Folder\s+\//]) assert.match(asked, shown);
      // Enter on the first line: not now.
      tmux!.keys('Enter');
      await tmux!.waitFor((pane) => !pane.includes('Run the plugin'));
      const without = await paletteCount();
      assert.not.ok(existsSync(marker), 'a plugin not trusted never ran');
      assert.not.ok(existsSync(trustFile), 'nothing was stored');
      await quit(exitFile);

      exitFile = await start('second');
      await tmux!.waitFor(/Run the plugin "Spy"\?/);
      tmux!.keys('Down', 'Enter');
      await waitForText(tuiLog, /plugin spy trusted/);
      assert.is(await paletteCount(), without + 1, 'its command is in the palette now');
      await waitForText(marker, /loaded/);
      assert.match(readFileSync(trustFile, 'utf8'), /"spy"[\s\S]*"hash": "sha256:/);
      assert.ok(readFileSync(trustFile, 'utf8').includes(JSON.stringify(pluginFolder)));
      await quit(exitFile);

      exitFile = await start('third');
      assert.is(await paletteCount(), without + 1);
      assert.not.match(tmux!.capture(), /Run the plugin/, 'a trusted plugin is not asked about again');
      await quit(exitFile);
    } finally {
      tmux?.kill();
      await folder.remove();
    }
  });
}

test.run();
