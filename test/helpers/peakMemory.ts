// Preloaded into a child process (`--import`): as it exits, it prints its peak resident memory on stderr for the test to bound.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  // resourceUsage().maxRSS is in kibibytes: the most the process ever held, not what it holds at the end.
  writeSync(2, `\npeak-rss-kib=${process.resourceUsage().maxRSS}\n`);
});
