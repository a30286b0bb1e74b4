// Check modules, compiled now: the source of a module that stands in, in the bundle, for a "check module" of the
// sources (src/plex/entryValidators.ts, src/base/configValidator.ts, src/extensions/manifestCheck.ts). A check module
// exports `checkOptions` (ajv's options), `checkSchemas` (each check's name → its schema) and, under each name, a
// function returning that check, which the sources compile at first use (src/base/schemaCheck.ts). Here ajv compiles
// them when plexterm is built (its standalone code): compiling at run time cost every command that checks something
// 30 to 100 ms, and loading ajv itself some more. scripts/bundle.mjs uses it; so do the tests that check that both
// halves check alike (test/plex/entryValidatorsCode.test.ts, test/base/precompiledChecks.test.ts).
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { build } from 'esbuild';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The check module itself, bundled and loaded here (from a file beside node_modules, so that it finds ajv), for its schemas and ajv options. */
async function loadCheckModule(sourcePath) {
  const result = await build({ entryPoints: [sourcePath], bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent', packages: 'external' });
  const folder = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.cache', 'plexterm-build');
  await mkdir(folder, { recursive: true });
  const file = join(folder, `${basename(sourcePath, '.ts')}-${process.pid}-${Date.now()}.mjs`);
  await writeFile(file, result.outputFiles[0].text);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    await rm(file, { force: true });
  }
}

/** ES module source exporting each check of the check module at `sourcePath` as a function returning it, compiled now. */
export async function precompiledChecksCode(sourcePath) {
  const { checkOptions, checkSchemas } = await loadCheckModule(sourcePath);
  if (!checkOptions || !checkSchemas) throw new Error(`${sourcePath} is no check module: it must export checkOptions and checkSchemas`);
  const ajv = new Ajv({ ...checkOptions, code: { source: true, esm: true } });
  const exported = {};
  for (const [name, schema] of Object.entries(checkSchemas)) {
    ajv.addSchema(schema, name);
    exported[`${name}Compiled`] = name;
  }
  const compiled = standaloneCode(ajv, exported);
  const getters = Object.keys(checkSchemas).map((name) => `export const ${name} = () => ${name}Compiled;`);
  return `${compiled}\n${getters.join('\n')}\n`;
}
