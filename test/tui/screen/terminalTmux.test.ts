// In a real tmux: a blessed screen set up with terminalSetup gets 256 colours and prints no terminfo compile error.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempFolder } from '../../helpers/tempFolder.js';
import { requireMissingProgram } from '../../helpers/requiredProgram.js';
import { timeLimit } from '../../helpers/timeLimit.js';

const tmuxFound = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
const probe = fileURLToPath(new URL('./fixtures/blessedProbe.ts', import.meta.url));
const repository = fileURLToPath(new URL('../../..', import.meta.url));

function tmux(socket: string, ...args: string[]): string {
  const result = spawnSync('tmux', ['-S', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tmux ${args[0]} failed: ${result.stderr.trim()}`);
  return result.stdout;
}

async function waitForFile(path: string, deadline: number): Promise<void> {
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} was not written`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface ProbeResult {
  originalTerm: string;
  terminal: string;
  colors: number;
  match: number;
}

if (!tmuxFound) {
  requireMissingProgram('tmux', 'tui/screen/terminalTmux');
} else {
  for (const term of ['tmux-256color', 'screen-256color']) {
    test(`blessed in tmux with TERM=${term}: 256 colours, hex kept, nothing on stderr`, async () => {
      const folder = await makeTempFolder('plexterm-tmux-');
      // A server of its own, its socket in the temporary folder, so a person's tmux sessions are never touched.
      const socket = join(folder.path, 'tmux.sock');
      try {
        const resultPath = join(folder.path, 'result.json');
        const errorPath = join(folder.path, 'stderr.txt');
        const command = `env TERM=${term} ${process.execPath} --import tsx ${probe} ${resultPath} 2>${errorPath}; sleep 60`;
        tmux(socket, 'new-session', '-d', '-x', '80', '-y', '24', '-c', repository, '-s', 'probe', command);
        await waitForFile(resultPath, Date.now() + timeLimit(30_000));
        const pane = tmux(socket, 'capture-pane', '-p', '-t', 'probe');
        const result = JSON.parse(readFileSync(resultPath, 'utf8')) as ProbeResult;
        assert.is(result.originalTerm, term);
        assert.is(result.terminal, 'xterm-256color');
        assert.is(result.colors, 256);
        assert.is(result.match, 67);
        assert.is(readFileSync(errorPath, 'utf8'), '');
        assert.not.match(pane, /Error on|stack\.push|out\.push/);
      } finally {
        spawnSync('tmux', ['-S', socket, 'kill-server'], { encoding: 'utf8' });
        await folder.remove();
      }
    });
  }
}

test.run();
