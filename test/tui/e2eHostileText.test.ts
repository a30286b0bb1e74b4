// The real TUI in tmux, recorded byte for byte by script(1): the demo's title with escapes, a plugin's status item, command title and message never send their escape sequences, clipboard writes, hyperlinks, C1 controls or bidi overrides to the terminal.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writePlugin } from '../helpers/extensionFixtures.js';
import { hostilePayloads } from '../helpers/cliBytes.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { hasTmux, TmuxSession } from '../helpers/tmuxSession.js';
import { timeLimit } from '../helpers/timeLimit.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));
const hostile = 'Evil\u001b]0;pwned\u0007\u001b[2J\u001b]52;c;cHduZWQ=\u0007\u001b]8;;https://evil.example/\u001b\\Link\u001b]8;;\u001b\\ \u009b31m\u202eLIVE';

async function waitForFile(path: string, expected: RegExp): Promise<string> {
  const deadline = Date.now() + timeLimit(20_000);
  for (;;) {
    const text = await readFile(path, 'utf8').catch(() => '');
    if (expected.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`${path} did not show ${String(expected)}:\n${text.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function browseHostile(): Promise<void> {
  const folder = await makeTempFolder('plexterm-tui-hostile-');
  const home = join(folder.path, 'home');
  await mkdir(join(home, 'config'), { recursive: true });
  await writeFile(join(home, 'config', 'config.json'), JSON.stringify({}));
  const plugins = join(folder.path, 'plugins');
  await writePlugin(plugins, {
    name: 'hostile',
    code: `const text = ${JSON.stringify(hostile)};
export function activate(context) {
  const item = context.api.ui.createStatusBarItem();
  item.text = 'Status ' + text;
  item.show();
  context.subscriptions.push(item);
  context.subscriptions.push(context.api.commands.register('hostile.say', () => context.api.ui.showMessage('Message ' + text)));
}`,
    manifest: { activationEvents: ['onStartupFinished'], contributes: { commands: [{ command: 'hostile.say', title: `Say ${hostile}` }] } },
  });
  const recording = join(folder.path, 'typescript');
  const done = join(folder.path, 'done');
  const plexterm = `${process.execPath} --import tsx src/main/entry.ts --home ${home} --demo --plugins-dir ${plugins} 2>${join(folder.path, 'stderr')}`;
  // script(1) keeps every byte the TUI writes to its terminal (-f: as it comes); tmux is that terminal's screen.
  const command = `script -q -f -e -c '${plexterm}' ${recording}; echo $? > ${done}; sleep 60`;
  const tmux = TmuxSession.start({ command, width: 120, height: 30, cwd: repository, environment: { TERM: 'tmux-256color' } });
  try {
    // An OSC 52 that reached tmux would land in a paste buffer: let it, so the test can see it did not.
    tmux.tmux('set-option', '-g', 'set-clipboard', 'on');
    await tmux.waitFor(/Continue Watching \(3\)/, 60_000);
    await tmux.waitFor(/Status EvilLink/);
    tmux.keys('j', 'j', 'j', 'j', 'j', 'j', 'j');
    await tmux.waitFor(/─ World Cinema \(15\)/);
    tmux.keys('Enter');
    await tmux.waitFor(/戦国時代/);
    tmux.keys('G');
    let pane = await tmux.waitFor(/A traveller/);
    assert.ok(pane.includes('The Terminal {red-fg}Escape{/}'), pane);
    tmux.keys(':');
    await tmux.waitFor(/Command palette/);
    tmux.type('Say');
    pane = await tmux.waitFor(/Say EvilLink/);
    tmux.keys('Enter');
    // The message shows, then the palette's own "done" line may take its place in the same draw.
    pane = await tmux.waitFor(/Message EvilLink|Say EvilLink LIVE: done/);
    tmux.keys('q');
    await waitForFile(done, /^\d+\n$/);
    const bytes = await readFile(recording);
    const text = bytes.toString('utf8');
    // blessed writes changed cells only, between cursor moves: look for pieces of what it drew.
    assert.ok(text.includes('World Cinema') && text.includes('LIVE'), 'the recording holds what the TUI drew');
    for (const payload of hostilePayloads) {
      assert.not.ok(text.includes(payload), `the terminal was sent ${JSON.stringify(payload)}: ${JSON.stringify(text.slice(Math.max(0, text.indexOf(payload) - 80), text.indexOf(payload) + 80))}`);
    }
    assert.not.match(text, /\u001b\]52;|\u001b\]8;/, 'no clipboard write or hyperlink');
    const titles = [...text.matchAll(/\u001b\][012];([^\u0007\u001b]*)/g)].map((match) => match[1]);
    assert.ok(titles.every((title) => title === 'plexterm'), `the only window title is plexterm's own: ${JSON.stringify(titles)}`);
    assert.is(tmux.tmux('list-buffers').trim(), '', 'no OSC 52 reached the clipboard');
    assert.not.match(tmux.tmux('display-message', '-p', '-t', 'tui', '#{pane_title}'), /pwned/);
  } finally {
    // script(1) outlives tmux (it holds the TUI's terminal open): end it first, which hangs up the TUI.
    try {
      for (const pid of tmux.paneChildren()) process.kill(pid, 'SIGKILL');
    } catch {
      // The pane or the process is already gone.
    }
    tmux.kill();
    await folder.remove();
  }
}

if (!hasTmux()) {
  requireMissingProgram('tmux', 'tui/e2eHostileText');
} else {
  test('the TUI sends no escape sequence, clipboard write, hyperlink, C1 control or bidi override from titles or plugins to the terminal', browseHostile);
}

test.run();
