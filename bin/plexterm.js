#!/usr/bin/env -S node --initial-old-space-size=64
// The plexterm command: runs the compiled CLI (built by `npm install` through the prepare script).
// The flag after `node` is explained in src/base/runtimeFlags.ts; `npm start` passes it too.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/main/processRun.js', import.meta.url);
if (existsSync(fileURLToPath(compiled))) {
  // Sets the exit code and lets Node end once stdout has drained: process.exit() would cut a pipe's output short.
  const { runAsProcess } = await import(compiled.href);
  await runAsProcess(process.argv.slice(2));
} else {
  process.stderr.write('plexterm: the compiled program is missing; run `npm install` (or `npm run build`) in the plexterm folder first.\n');
  process.exitCode = 1;
}
