// From the sources only (tests, development): the plugin host bundled into one JavaScript file in the install, since tsx cannot compile inside the sandbox.
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../base/packageRoot.js';

let bundled: Promise<string> | null = null;

/**
 * tsx compiles through esbuild, which runs as a child process or a worker: the sandbox allows
 * neither. So plexterm run from its sources bundles the host (`hostMain.ts` and all it imports)
 * once per process, into node_modules/.cache (inside the install, which the host may read), named
 * by its content so that parallel runs share it and a changed source makes a new one.
 */
export function bundledHost(sourcePath: string): Promise<string> {
  bundled ??= bundle(sourcePath);
  return bundled;
}

async function bundle(sourcePath: string): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({ entryPoints: [sourcePath], bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, logLevel: 'silent' });
  const text = result.outputFiles[0]?.text ?? '';
  const folder = join(packageRoot(), 'node_modules', '.cache', 'plexterm-host');
  const path = join(folder, `hostMain-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.mjs`);
  await mkdir(folder, { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, text);
  await rename(partial, path);
  return path;
}
