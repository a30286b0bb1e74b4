// The terminal goes away under the TUI (an SSH connection drops, the tmux server is killed): plexterm ends instead of spinning a core.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { hasTmux, TmuxSession } from '../helpers/tmuxSession.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';
import { eventually } from '../helpers/extensionFixtures.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));

/** Running (or sleeping) as opposed to gone or a zombie: the process still does something. */
function alive(pid: number): boolean {
  const statFile = `/proc/${pid}/stat`;
  if (!existsSync(statFile)) return false;
  const state = readFileSync(statFile, 'utf8').replace(/^.*\) /s, '').charAt(0);
  return state !== 'Z' && state !== 'X';
}

if (!hasTmux()) {
  requireMissingProgram('tmux', 'tui/e2eHangup');
} else {
  test('the TUI ends when its terminal is gone (tmux kill-server): stdout and stderr both fail with EIO, and it no longer writes one failure to the other forever', async () => {
    const folder = await makeTempFolder('plexterm-hangup-');
    const pidFile = join(folder.path, 'pid');
    // exec: the pane's process is plexterm itself, as in an SSH session, with both streams on the terminal.
    const command = `echo $$ > ${pidFile}; exec ${process.execPath} --import tsx src/main/entry.ts --home ${folder.path} --demo`;
    const tmux = TmuxSession.start({ command, width: 100, height: 30, cwd: repository, environment: { TERM: 'xterm-256color' } });
    let pid = 0;
    try {
      await tmux.waitFor(/Continue Watching \(\d+\)/);
      pid = Number(readFileSync(pidFile, 'utf8').trim());
      assert.ok(alive(pid), 'plexterm runs in the pane');
      tmux.kill();
      await eventually(() => !alive(pid), 'plexterm ended after its terminal went away');
    } finally {
      tmux.kill();
      if (pid > 0 && alive(pid)) process.kill(pid, 'SIGKILL');
      await folder.remove();
    }
  });
}

test.run();
