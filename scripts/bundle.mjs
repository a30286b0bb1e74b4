// Bundles what runs into dist/bundle (run by `npm run build`, after tsc has checked the sources): a command
// loads a handful of files instead of some 300 modules of its own and its libraries (issue 15).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { precompiledChecksCode } from './precompiledChecks.mjs';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  splitting: true,
  logLevel: 'warning',
  // An import of a name the module does not export fails the build (esbuild only warns, and the name is undefined at run time).
  logOverride: { 'import-is-undefined': 'error' },
  legalComments: 'none',
  // Less for Node to read and parse at every start; names stay, so stack traces and errors still read as the sources.
  minifyWhitespace: true,
  minifySyntax: true,
  // Bundled CommonJS libraries still call require() for Node's own modules: ESM has none, so it is made here.
  banner: { js: "import { createRequire as plextermCreateRequire } from 'node:module'; const require = plextermCreateRequire(import.meta.url);" },
  // blessed loads its widgets by computed names (and tuiScreen loads it through createRequire): it stays a package.
  external: ['blessed'],
  define: { PLEXTERM_BUNDLED: 'true' },
};

/**
 * rxjs's ES module build: Node's condition would pick its CommonJS build, which goes into a bundle whole (some 300
 * modules), where the ES modules keep only what is used.
 */
const rxjsFolder = dirname(createRequire(import.meta.url).resolve('rxjs/package.json'));
const rxjsModules = {
  name: 'rxjs-modules',
  setup(build) {
    build.onResolve({ filter: /^rxjs(\/|$)/ }, ({ path }) => {
      const subpath = path.slice('rxjs'.length);
      const file = subpath === '' ? 'index.js' : subpath.startsWith('/internal/') ? `${subpath.slice(1)}.js` : `${subpath.slice(1)}/index.js`;
      return { path: join(rxjsFolder, 'dist', 'esm', file) };
    });
  },
};

/** The check modules (see scripts/precompiledChecks.mjs), their checks compiled now. */
const checkModules = ['src/plex/entryValidators.ts', 'src/base/configValidator.ts', 'src/extensions/manifestCheck.ts'].map((path) => resolve(path));
const precompiledChecks = {
  name: 'precompiled-checks',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async ({ path }) => (checkModules.includes(path) ? { contents: await precompiledChecksCode(path), loader: 'js', resolveDir: dirname(path) } : undefined));
  },
};

/**
 * Loads `file` (one exact file of a package) with each `[line, replacement]` of `edits` made. A version of the package
 * that lacks one of the lines fails the build, to be looked at, rather than bundling the eager code unnoticed.
 */
function replaceLines(build, pluginName, file, edits) {
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // esbuild filters in Go first: the file's folder and name, so the callback runs only for files so named.
  build.onLoad({ filter: new RegExp(`[\\\\/]${escape(basename(dirname(file)))}[\\\\/]${escape(basename(file))}$`) }, async ({ path }) => {
    if (path !== file) return undefined;
    let source = await readFile(path, 'utf8');
    for (const [line, replacement] of edits) {
      if (!source.includes(line)) throw new Error(`${pluginName}: ${path} no longer has the line it replaces; check scripts/bundle.mjs against this version`);
      source = source.replace(line, () => replacement);
    }
    return { contents: source, loader: 'js' };
  });
}

/**
 * axios without what plexterm never uses loading at every start (scripts/bundleShims say why each is safe): its fetch
 * adapter (which loads undici), form-data (with mime-types' database) and node:http2. Only imports from axios's
 * own files are replaced.
 */
const axiosFolder = dirname(createRequire(import.meta.url).resolve('axios/package.json'));
const shims = resolve('scripts/bundleShims');
const leanAxios = {
  name: 'lean-axios',
  setup(build) {
    const fromAxios = (importer) => importer.startsWith(axiosFolder + sep);
    build.onResolve({ filter: /^\.\/fetch\.js$/ }, ({ importer }) => (fromAxios(importer) && basename(importer) === 'adapters.js' ? { path: join(shims, 'axiosFetchAdapter.mjs') } : undefined));
    build.onResolve({ filter: /^form-data$/ }, ({ importer }) => (fromAxios(importer) ? { path: join(shims, 'lazyFormData.mjs') } : undefined));
    build.onResolve({ filter: /^(node:)?http2$/ }, ({ importer }) => (fromAxios(importer) ? { path: join(shims, 'lazyHttp2.mjs') } : undefined));
    // utils.js reads the global FormData when it loads, which loads undici too; its isFormData still knows a FormData
    // by its tag ("[object FormData]") without the constructor.
    replaceLines(build, 'lean-axios', join(axiosFolder, 'lib', 'utils.js'), [["const FormDataCtor = typeof G.FormData !== 'undefined' ? G.FormData : undefined;", 'const FormDataCtor = undefined;']]);
  },
};

/**
 * node:https and node:tls under axios, follow-redirects and https-proxy-agent, loaded on first use
 * (scripts/bundleShims/lazyNodeModule.cjs says why); plexterm's own code loads node:https only for an https server
 * (src/base/keepAliveAgent.ts). node:crypto under axios too: it takes it only for a multipart body's boundary, which
 * plexterm never sends, and a command that only reads (`libraries`) then loads no crypto at all (2 ms of a Node 20
 * start, 6 of a Node 24 one). test/cli/httpsServer.test.ts runs the bundle against an https server.
 */
const lazyTlsFolders = [axiosFolder, ...['follow-redirects', 'https-proxy-agent', 'agent-base'].map((name) => dirname(createRequire(import.meta.url).resolve(`${name}/package.json`)))].map((folder) => folder + sep);
const lazyTls = {
  name: 'lazy-tls',
  setup(build) {
    build.onResolve({ filter: /^(node:)?(https|tls|crypto)$/ }, ({ path, importer }) => {
      if (!lazyTlsFolders.some((folder) => importer.startsWith(folder))) return undefined;
      const name = path.replace(/^node:/, '');
      return { path: `lazy-${name}`, namespace: 'lazy-node-module', pluginData: { name } };
    });
    build.onLoad({ filter: /.*/, namespace: 'lazy-node-module' }, async ({ pluginData }) => ({
      contents: (await readFile(join(shims, 'lazyNodeModule.cjs'), 'utf8')).replace("require('NODE_MODULE')", `require('node:${pluginData.name}')`),
      loader: 'js',
      resolveDir: shims,
    }));
  },
};

/** commander's node:child_process, loaded on first use (scripts/bundleShims/lazyChildProcess.mjs says why). */
const commanderFolder = dirname(createRequire(import.meta.url).resolve('commander'));
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, ({ importer }) => (importer.startsWith(commanderFolder + sep) ? { path: join(shims, 'lazyChildProcess.mjs') } : undefined));
  },
};

/**
 * string-width makes, when it loads, what only measuring text needs: its Intl.Segmenter (the first one loads ICU's
 * break rules: 10 to 20 ms) and its RGI emoji pattern (V8 builds the set of every emoji sequence as it parses
 * `\p{RGI_Emoji}`: 20 to 40 ms). Every command that imports it paid both, `play --json` among them, which measures no
 * text. Here both are made at first use, as src/base/displayWidth.ts makes its own segmenter; string-width uses the
 * pattern only through `test`. A string-width whose lines read otherwise fails the build.
 */
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(build) {
    replaceLines(build, 'lazy-string-width', createRequire(import.meta.url).resolve('string-width'), [
      ['const segmenter = new Intl.Segmenter();', 'let madeSegmenter; const segmenter = { segment: (text) => (madeSegmenter ??= new Intl.Segmenter()).segment(text) };'],
      ['const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;', 'let madeRgiEmojiRegex; const rgiEmojiRegex = { test: (text) => (madeRgiEmojiRegex ??= /^\\p{RGI_Emoji}$/v).test(text) };'],
    ]);
  },
};

/**
 * `import process from 'node:process'` (env-paths does it) makes Node build that module's ES namespace, which reads
 * every property of process, stdin's getter too: 10 to 20 ms of every command, to open a stream nothing reads. The
 * default export is the global process itself; a named import would fail the build here, to be looked at.
 */
const globalProcess = {
  name: 'global-process',
  setup(build) {
    // ES imports only: require('node:process') (commander's) already gives the process itself.
    build.onResolve({ filter: /^(node:)?process$/ }, ({ kind }) => (kind === 'import-statement' || kind === 'dynamic-import' ? { path: 'process', namespace: 'global-process' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'global-process' }, () => ({ contents: 'export default globalThis.process;', loader: 'js' }));
  },
};

/**
 * An ES import of one of Node's modules makes Node build that module's ES namespace, which reads every property of it,
 * lazy getters too: on Node 22 and later node:http's WebSocket, CloseEvent and MessageEvent load Node's undici (40 to
 * 60 ms of every command that makes a request), node:crypto's webcrypto loads Web Crypto, node:tls's rootCertificates
 * parses every root certificate, Node 24's fs.F_OK warns that it is deprecated, and Node 20's util.MIMEType and
 * buffer.Blob load theirs. Here Node's modules are taken with require(), which reads nothing: the default export is the
 * module itself, and the names the bundle imports by name (`imported`, found by a first pass: see bundle()) are read
 * from it and exported, those only. node:process has its own plugin (global-process).
 */
function builtinsByRequire(imported) {
  return {
    name: 'builtins-by-require',
    setup(build) {
      const builtins = new Set(builtinModules);
      build.onResolve({ filter: /^(node:)?[a-z_0-9/]+$/ }, ({ path, kind, importer }) => {
        const name = path.replace(/^node:/, '');
        if ((kind !== 'import-statement' && kind !== 'dynamic-import') || !builtins.has(name) || name === 'process') return undefined;
        // One stand-in per importing file, so that it goes in that file's chunk: shared by all, each of Node's modules
        // was a chunk of its own, one more ES module to load (about 0.3 ms each on Node 20; `libraries` loaded 11).
        return { path: `${name}|${importer}`, namespace: 'builtin-by-require' };
      });
      build.onLoad({ filter: /.*/, namespace: 'builtin-by-require' }, ({ path: withImporter }) => {
        const path = withImporter.slice(0, withImporter.indexOf('|'));
        const names = [...(imported.get(path) ?? [])];
        const named = names.length === 0 ? '' : `export const { ${names.join(', ')} } = builtin;\n`;
        return { contents: `const builtin = require('node:${path}');\nexport default builtin;\n${named}`, loader: 'js' };
      });
    },
  };
}

/**
 * Builds `options` with Node's modules taken by require() (builtinsByRequire): a first pass, written nowhere, exports
 * only each module's default, so esbuild names every import by name it cannot match; the build then exports those.
 */
async function bundle(options) {
  const imported = new Map();
  const pattern = /^No matching export in "builtin-by-require:([^"|]+)\|[^"]*" for import "([^"]+)"$/;
  try {
    await build({ ...options, write: false, logLevel: 'silent', logLimit: 0, plugins: [...options.plugins, builtinsByRequire(imported)] });
  } catch (failure) {
    const errors = failure.errors ?? [];
    if (errors.length === 0 || !errors.every(({ text }) => pattern.test(text))) throw failure;
    for (const { text } of errors) {
      const [, module, name] = pattern.exec(text);
      imported.set(module, new Set([...(imported.get(module) ?? []), name]));
    }
  }
  return build({ ...options, plugins: [...options.plugins, builtinsByRequire(imported)] });
}

rmSync('dist/bundle', { recursive: true, force: true });
// The program: rxjs goes in with the rest.
await bundle({ ...common, entryPoints: { plexterm: 'src/main/processRun.ts', compileCache: 'src/base/compileCache.ts' }, outdir: 'dist/bundle', chunkNames: 'chunks/[name]-[hash]', plugins: [rxjsModules, precompiledChecks, leanAxios, lazyTls, lazyStringWidth, lazyChildProcess, globalProcess] });
// The plugin host, the plugin API (plexterm/api) and rxjs whole (plexterm/rxjs, src/api/rxjs.ts): one build, so the three
// share one copy of rxjs (in its chunks), and a plugin importing plexterm/rxjs loads a few files, not the package's 300.
await bundle({ ...common, entryPoints: { hostMain: 'src/extensions/hostMain.ts', api: 'src/api/index.ts', rxjs: 'src/api/rxjs.ts' }, outdir: 'dist/bundle/host', chunkNames: 'chunks/[name]-[hash]', plugins: [rxjsModules, globalProcess] });
