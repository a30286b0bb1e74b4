// The TUI tests type into tmux: text that starts with '-' (a demo token can, e.g. "-uAbc…") reaches the pane as typed,
// not as tmux flags (`tui/e2eSignIn` failed once on such a token: "send-keys: unknown flag -u").
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { requireMissingProgram } from '../helpers/requiredProgram.js';
import { hasTmux, TmuxSession } from '../helpers/tmuxSession.js';

if (!hasTmux()) {
  requireMissingProgram('tmux', 'tui/tmuxKeys');
} else {
  test('typed text and keys that start with "-" reach the pane as they are', async () => {
    const tmux = TmuxSession.start({ command: 'cat', width: 60, height: 5, cwd: process.cwd() });
    try {
      tmux.type('-uAbc_token');
      tmux.keys('-', 'x', 'Enter');
      await tmux.waitFor(/-uAbc_token-x/);
      assert.match(tmux.capture(), /-uAbc_token-x/);
    } finally {
      tmux.kill();
    }
  });
}

test.run();
