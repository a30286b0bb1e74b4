#!/usr/bin/env -S node --initial-old-space-size=64
// The plexterm command: runs the bundled program (dist/bundle, built by `npm install` through the prepare script).
// The flag after `node` is explained in src/base/runtimeFlags.ts; `npm start` passes it too.
import { existsSync, readFileSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const compiled = new URL('../dist/bundle/plexterm.js', import.meta.url);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // The version alone needs nothing of the program: answered before any of it loads (as the CLI would answer it).
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else if (existsSync(fileURLToPath(compiled))) {
  // Node 22.1+ keeps V8's compiled code between runs (src/base/compileCache.ts); on before the bundle loads. Node 20 has no such cache.
  if (typeof module.enableCompileCache === 'function') (await import(new URL('../dist/bundle/compileCache.js', import.meta.url).href)).enableProgramCompileCache(argv);
  // Sets the exit code and lets Node end once stdout has drained: process.exit() would cut a pipe's output short.
  const { runAsProcess } = await import(compiled.href);
  await runAsProcess(argv);
} else {
  process.stderr.write('plexterm: the compiled program is missing; run `npm install` (or `npm run build`) in the plexterm folder first.\n');
  process.exitCode = 1;
}
