// From the sources only (tests, development): the plugin host and the plugin API each bundled into one JavaScript file in the install, since tsx cannot compile inside the sandbox.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { packageRoot } from '../base/packageRoot.js';

const bundled = new Map<string, Promise<string>>();

/**
 * tsx compiles through esbuild, which runs as a child process or a worker: the sandbox allows
 * neither. So plexterm run from its sources bundles the host (`hostMain.ts` and all it imports) and
 * the plugin API's module (`api/index.ts`, which plugins import as plexterm/api) once per process,
 * into node_modules/.cache (inside the install, which the host may read), named by their content so
 * that parallel runs share them and a changed source makes a new one.
 */
export function bundledModule(sourcePath: string): Promise<string> {
  let path = bundled.get(sourcePath);
  if (!path) {
    path = bundle(sourcePath);
    bundled.set(sourcePath, path);
  }
  return path;
}

/**
 * rxjs's ES module build for `rxjs` itself (scripts/bundle.mjs does the same for what runs): Node's condition picks
 * its CommonJS build, whose names `export * from 'rxjs'` (src/api/rxjs.ts, plexterm/rxjs) cannot re-export.
 */
function rxjsEsModules(): import('esbuild').Plugin {
  const index = join(dirname(createRequire(import.meta.url).resolve('rxjs/package.json')), 'dist', 'esm', 'index.js');
  return { name: 'rxjs-es-modules', setup: (build) => void build.onResolve({ filter: /^rxjs$/ }, () => ({ path: index })) };
}

async function bundle(sourcePath: string): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({ entryPoints: [sourcePath], bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, logLevel: 'silent', plugins: [rxjsEsModules()] });
  const text = result.outputFiles[0]?.text ?? '';
  const folder = join(packageRoot(), 'node_modules', '.cache', 'plexterm-host');
  const file = basename(sourcePath, extname(sourcePath));
  const name = basename(dirname(sourcePath)) === 'api' ? (file === 'index' ? 'api' : `api-${file}`) : file;
  const path = join(folder, `${name}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.mjs`);
  await mkdir(folder, { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, text);
  await rename(partial, path);
  return path;
}
