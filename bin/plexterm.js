#!/usr/bin/env -S node --initial-old-space-size=64
// The plexterm command: runs the compiled CLI (built by `npm install` through the prepare script).
// The flag after `node` is explained in src/base/runtimeFlags.ts; `npm start` passes it too.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  process.stderr.write('plexterm: the compiled program is missing; run `npm install` (or `npm run build`) in the plexterm folder first.\n');
  process.exit(1);
}
const { main } = await import(compiled.href);
// Exit explicitly once the command is done: stdout and stderr are synchronous for files, pipes and terminals on Linux.
process.exit(await main(process.argv.slice(2)));
