// Reads a token from stdin (`plexterm login --token-stdin`): a token on the command line shows in `ps`, stdin does not.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { UsageError } from '../base/errors.js';

/**
 * The first line of `input`, trimmed. Piped, that is the first line of what comes in (the rest is
 * left unread). On a terminal it asks on `prompt` and reads what is typed without echoing it.
 */
export async function readTokenLine(input: NodeJS.ReadStream, prompt: NodeJS.WriteStream): Promise<string> {
  const terminal = input.isTTY === true;
  if (terminal) prompt.write('Plex token (not shown as you type): ');
  // On a terminal readline echoes what it reads to its output: a sink keeps the token off the screen.
  const unseen = new Writable({ write: (_chunk, _encoding, done) => done() });
  const reader = createInterface({ input, output: unseen, terminal });
  try {
    const line = await new Promise<string | undefined>((resolve) => {
      reader.once('line', resolve);
      reader.once('close', () => resolve(undefined));
      // In raw mode Ctrl-C reaches readline, not the process: it ends the reading like an empty line.
      reader.once('SIGINT', () => reader.close());
    });
    if (terminal) prompt.write('\n');
    const token = line?.trim() ?? '';
    if (token === '') throw new UsageError('--token-stdin read no token: give it as the first line of stdin, e.g. plexterm login --server URL --token-stdin < token.txt');
    return token;
  } finally {
    reader.close();
    // Piped, the rest of stdin is not ours to read: let the process end without waiting for it.
    input.pause();
    if (!terminal) input.unref?.();
  }
}
