// `plexterm login` when the account reaches several servers: on a terminal (tmux) it asks which one; piped, it takes the account's own and names the others.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer, type DemoServer } from '../../src/demo/index.js';
import { cleanEnvironment, runCli } from '../helpers/cli.js';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { hasTmux, TmuxSession } from '../helpers/tmuxSession.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';
import { timeLimit } from '../helpers/timeLimit.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));
const friend = "Ann's Plex";

async function withSharingDemo(body: (demo: DemoServer, home: string) => Promise<void>, latencyMs = 0): Promise<void> {
  const demo = await startDemoServer({ pinApproveAfterMs: 300, sharedServers: [friend], latencyMs });
  const home = await makeTempFolder('plexterm-login-');
  try {
    await body(demo, home.path);
  } finally {
    await demo.close();
    await home.remove();
  }
}

/**
 * `plexterm login` on a terminal; its exit code lands in `<home>/exit`. Each connection check may take
 * as long as the machine's load needs (--timeout): the race's own 2 s default failed on a loaded machine.
 */
function loginOnTerminal(demo: DemoServer, home: string): TmuxSession {
  const attemptSeconds = Math.ceil(timeLimit(2000) / 1000);
  const command = `${process.execPath} --import tsx src/main/entry.ts --home ${home} --plex-tv ${demo.plexTv} --timeout ${attemptSeconds} login; echo EXIT=$? > ${join(home, 'exit')}; sleep 60`;
  return TmuxSession.start({ command, width: 120, height: 40, cwd: repository, environment: { TERM: 'xterm-256color' } });
}

async function exitCode(tmux: TmuxSession, home: string): Promise<string> {
  const file = join(home, 'exit');
  await tmux.waitFor(() => existsSync(file) && readFileSync(file, 'utf8').includes('EXIT='));
  return readFileSync(file, 'utf8').trim();
}

test('piped: the account\'s own server is used, and the others are named with how to pick one', async () => {
  await withSharingDemo(async (demo, home) => {
    const result = await runCli(['--plex-tv', demo.plexTv, 'login'], { env: cleanEnvironment(home) });
    assert.is(result.code, 0, result.stderr);
    assert.ok(result.stderr.includes(`The account reaches 2 servers; using ${demo.name} (yours). For another (${friend}): plexterm login --server-name NAME`), result.stderr);
    assert.match(result.stdout, new RegExp(`^Using ${demo.name} at `));
  });
});

test('piped, --timeout: a server slower to answer than the connection check\'s 2 s default is reached when --timeout allows it', async () => {
  await withSharingDemo(async (demo, home) => {
    const result = await runCli(['--plex-tv', demo.plexTv, '--timeout', String(Math.ceil(timeLimit(5000) / 1000)), 'login'], { env: cleanEnvironment(home) });
    assert.is(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^Using ${demo.name} at `));
  }, 2500);
});

if (!hasTmux()) {
  requireMissingProgram('tmux', 'cli/loginTerminal');
} else {
  test('on a terminal: the servers are listed, Enter takes the account\'s own; a wrong answer asks again', async () => {
    await withSharingDemo(async (demo, home) => {
      const tmux = loginOnTerminal(demo, home);
      try {
        const asked = await tmux.waitFor('Which one? [2]');
        assert.match(asked, new RegExp(`Your account reaches 2 servers:\\s+1\\. ${friend}\\s+2\\. ${demo.name} \\(yours\\)`));
        tmux.type('9');
        tmux.keys('Enter');
        await tmux.waitFor('Give a number from 1 to 2, or a server\'s name.');
        tmux.keys('Enter');
        assert.is(await exitCode(tmux, home), 'EXIT=0');
        assert.match(tmux.capture(), new RegExp(`Using ${demo.name} at http://127\\.0\\.0\\.1:\\d+`));
        const saved = JSON.parse(readFileSync(join(home, 'config', 'config.json'), 'utf8')) as { server?: { name?: string }; token?: string };
        assert.equal([saved.server?.name, saved.token], [demo.name, demo.token]);
      } finally {
        tmux.kill();
      }
    });
  });

  test('on a terminal: a server picked by name that cannot be reached ends with its reason (exit 2), nothing saved', async () => {
    await withSharingDemo(async (demo, home) => {
      const tmux = loginOnTerminal(demo, home);
      try {
        await tmux.waitFor('Which one? [2]');
        tmux.type(friend.toUpperCase());
        tmux.keys('Enter');
        assert.is(await exitCode(tmux, home), 'EXIT=2');
        assert.match(tmux.capture(), new RegExp(`cannot reach ${friend} on any connection`));
        const saved = JSON.parse(readFileSync(join(home, 'config', 'config.json'), 'utf8')) as { server?: unknown; token?: unknown };
        assert.equal([saved.server, saved.token], [undefined, undefined]);
      } finally {
        tmux.kill();
      }
    });
  });
}

test.run();
