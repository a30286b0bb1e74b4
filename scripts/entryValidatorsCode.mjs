// The source of a module that stands in for src/plex/entryValidators.ts in the bundle: the same checks, compiled by
// ajv now (its standalone code) instead of at every run. scripts/bundle.mjs uses it; so does its test
// (test/plex/entryValidatorsCode.test.ts), which checks that both check and repair entries alike.
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { build } from 'esbuild';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** `entryValidators.ts` itself, bundled and loaded here (from a file beside node_modules, so that it finds ajv), for its schemas and ajv options. */
async function loadEntryValidators(sourcePath) {
  const result = await build({ entryPoints: [sourcePath], bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent', packages: 'external' });
  const folder = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.cache', 'plexterm-build');
  await mkdir(folder, { recursive: true });
  const file = join(folder, `entryValidators-${process.pid}-${Date.now()}.mjs`);
  await writeFile(file, result.outputFiles[0].text);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    await rm(file, { force: true });
  }
}

/** ES module source exporting each `validateX()` of entryValidators.ts, returning its precompiled check. */
export async function entryValidatorsCode(sourcePath) {
  const { entryCheckOptions, entrySchemas } = await loadEntryValidators(sourcePath);
  const ajv = new Ajv({ ...entryCheckOptions, code: { source: true, esm: true } });
  const exported = {};
  for (const [name, schema] of Object.entries(entrySchemas)) {
    ajv.addSchema(schema, name);
    exported[`${name}Compiled`] = name;
  }
  const compiled = standaloneCode(ajv, exported);
  const getters = Object.keys(entrySchemas).map((name) => `export const ${name} = () => ${name}Compiled;`);
  return `${compiled}\n${getters.join('\n')}\n`;
}
