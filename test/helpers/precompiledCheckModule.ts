// A check module (scripts/precompiledChecks.mjs) as the bundle makes it: its checks compiled by ajv's standalone code,
// bundled by esbuild the way scripts/bundle.mjs bundles it, and loaded, so a test can hold it beside the sources' own.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { build } from 'esbuild';
import { packageRoot } from '../../src/base/packageRoot.js';
import { precompiledChecksCode } from '../../scripts/precompiledChecks.mjs';

/** The build's stand-in for the check module at `source` (a path under plexterm's folder): each check by its name. */
export async function builtCheckModule(source: string): Promise<Record<string, () => ValidateFunction<unknown>>> {
  const path = join(packageRoot(), source);
  const contents = await precompiledChecksCode(path);
  const result = await build({ stdin: { contents, resolveDir: dirname(path), loader: 'js' }, bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent' });
  const folder = join(packageRoot(), 'node_modules', '.cache', 'plexterm-test');
  await mkdir(folder, { recursive: true });
  const file = join(folder, `${basename(path, '.ts')}-${process.pid}-${Date.now()}.mjs`);
  await writeFile(file, result.outputFiles[0]?.text ?? '');
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, () => ValidateFunction<unknown>>;
  } finally {
    await rm(file, { force: true });
  }
}
