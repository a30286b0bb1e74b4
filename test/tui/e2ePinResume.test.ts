// A pin outlives its run: the TUI carries on a pinned download an earlier run left unfinished, and says so (real terminal, tmux).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eventually } from '../helpers/extensionFixtures.js';
import { cleanEnvironment, runCli } from '../helpers/cli.js';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { hasTmux, TmuxSession } from '../helpers/tmuxSession.js';
import { leaveUnfinishedPin } from '../helpers/unfinishedPin.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));

async function listed(home: string): Promise<[string, boolean, boolean][]> {
  const result = await runCli(['--demo', 'cache', 'ls', '--json'], { env: cleanEnvironment(home) });
  assert.is(result.code, 0, result.stderr);
  return (JSON.parse(result.stdout) as { key: string; pinned: boolean; complete: boolean }[]).map((entry) => [entry.key, entry.pinned, entry.complete]);
}

if (!hasTmux()) {
  requireMissingProgram('tmux', 'tui/e2ePinResume');
} else {
  test('the TUI carries on a pinned download an earlier run left unfinished: the status bar says so, and it completes', async () => {
    const folder = await makeTempFolder('plexterm-pin-resume-');
    const home = folder.path;
    let tmux: TmuxSession | undefined;
    try {
      const key = await leaveUnfinishedPin(home);
      assert.equal(await listed(home), [[key, true, false]]);
      const exitFile = join(home, 'exit');
      const command = `${process.execPath} --import tsx src/main/entry.ts --home ${home} --demo --no-plugins 2>${join(home, 'stderr')}; echo EXIT=$? > ${exitFile}; sleep 60`;
      tmux = TmuxSession.start({ command, width: 100, height: 30, cwd: repository, environment: { TERM: 'xterm-256color' } });
      await tmux.waitFor('carrying on 1 unfinished pinned download');
      // Another process reads the records read-only while the TUI holds the cache.
      await eventually(async () => (await listed(home))[0]?.[2] === true, 'the pinned download completed');
      tmux.keys('q');
      await tmux.waitFor(() => existsSync(exitFile) && readFileSync(exitFile, 'utf8').trim() === 'EXIT=0');
      assert.is(readFileSync(join(home, 'stderr'), 'utf8'), '');
    } finally {
      tmux?.kill();
      await folder.remove();
    }
  });
}

test.run();
