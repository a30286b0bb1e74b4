// What runs (dist/bundle, built by `npm install`) leaves out what plexterm never uses at start (issue 15, scripts/bundle.mjs):
// axios's fetch adapter and the global FormData (which load Node's undici), form-data with its mime database,
// node:http2 and node:process's namespace; and the bundled plugins take rxjs as one module (plexterm/rxjs), not the package's 300 files.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../../src/base/packageRoot.js';
import { startDemoServer } from '../../src/demo/index.js';
import { cleanEnvironment } from '../helpers/cli.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

const root = packageRoot();
const preload = join(root, 'test', 'helpers', 'loadedModules.ts');
const bin = join(root, 'bin', 'plexterm.js');

/** Runs `node [nodeArguments] ARGS` with the module-listing preload; resolves with its stdout and what it loaded. */
async function runListing(args: string[]): Promise<{ stdout: string; loaded: string[] }> {
  const home = await makeTempFolder();
  try {
    const list = join(home.path, 'modules.txt');
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', preload, ...args], { env: cleanEnvironment(home.path, { PLEXTERM_TEST_LOADED_MODULES: list }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const [code] = (await once(child, 'close')) as [number | null];
    assert.is(code, 0, `node ${args.join(' ')}: ${stderr}`);
    return { stdout, loaded: (await readFile(list, 'utf8')).split('\n').filter((line) => line !== '') };
  } finally {
    await home.remove();
  }
}

test('the bundle answers libraries --json through axios without loading undici, node:http2, form-data or (for an http server) node:tls', async () => {
  assert.ok(existsSync(join(root, 'dist', 'bundle', 'plexterm.js')), 'dist/bundle is built (npm install builds it)');
  const server = await startDemoServer();
  try {
    const { stdout, loaded } = await runListing([bin, '--server', server.url, '--token', server.token, 'libraries', '--json']);
    const libraries = JSON.parse(stdout) as Array<{ title: string }>;
    assert.ok(libraries.length > 0 && libraries.every((library) => typeof library.title === 'string'), stdout.slice(0, 200));
    // The listing works: the run loaded the bundle and Node's http client.
    assert.ok(loaded.some((line) => line.includes('/dist/bundle/plexterm.js')), 'the bundle ran');
    assert.ok(loaded.includes('node:http'), loaded.filter((line) => line.startsWith('node:')).join(' '));
    // What Node itself loads in this environment before any of plexterm runs (a bare process with the same preload
    // and environment) is not the bundle's doing: Node 22 and 24 load undici and node:http2 at start when told to
    // use the environment's proxy (NODE_USE_ENV_PROXY), for example.
    const bare = new Set((await runListing(['-e', '']).then(({ loaded }) => loaded)).filter((line) => line.startsWith('node:')));
    // A global that loads undici, used by code that is not plexterm's (no frame of the bundle in its stack), is told, not
    // held against the bundle; undici loaded with no such use listed is the bundle's (a require of its own).
    const touched = loaded.filter((line) => line.startsWith('touched:'));
    const bundleTouched = touched.filter((line) => line.includes('/dist/bundle/'));
    const undiciByOthers = touched.length > 0 && bundleTouched.length === 0;
    if (undiciByOthers) console.log(`  (undici loaded for code outside the bundle: ${touched.join('; ')})`);
    const unwanted = loaded.filter((line) => (/^node:internal\/deps\/undici\/|^node:http2$/.test(line) ? !bare.has(line) && !undiciByOthers : /\/node_modules\/(form-data|mime-types|mime-db)\//.test(line)));
    assert.equal(unwanted, [], `who used a global that loads undici: ${touched.join('; ') || 'nothing listed'}`);
    // An http:// server needs no TLS: node:https and node:tls load only for an https server (src/base/keepAliveAgent.ts,
    // scripts/bundleShims/lazyNodeModule.cjs); test/cli/httpsServer.test.ts runs the bundle against one.
    assert.equal(loaded.filter((line) => /^node:(https|tls|_tls_wrap)$/.test(line) && !bare.has(line)), [], 'TLS loaded for an http server');
  } finally {
    await server.close();
  }
});

test('no file of the bundle imports node:process, whose namespace would open stdin at every start', async () => {
  const files: string[] = [];
  for (const folder of ['dist/bundle', 'dist/bundle/chunks', 'dist/bundle/host', 'dist/bundle/host/chunks']) {
    for (const name of await readdir(join(root, folder))) if (name.endsWith('.js')) files.push(join(root, folder, name));
  }
  assert.ok(files.length > 10, `${files.length} bundle files`);
  const importing: string[] = [];
  for (const file of files) if (/from\s*["'](node:)?process["']|import\(\s*["'](node:)?process["']/.test(await readFile(file, 'utf8'))) importing.push(file);
  assert.equal(importing, []);
});

/** Node (without tsx) with `preload` (a module's source) imported first: what it printed; it must exit 0. Its stdout is a pipe. */
async function runNode(preload: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(preload)}`, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const [code] = (await once(child, 'close')) as [number | null];
  assert.is(code, 0, stderr);
  return { stdout, stderr };
}

/** Node without tsx (whose tsconfig paths would answer plexterm/rxjs with the source), listing the ES modules it loads. */
async function importsOf(modules: string[]): Promise<string[]> {
  // The hooks run on the loader's own thread: its process.stdout reaches the main thread later, and what had not yet
  // at the exit was lost (a run saw only the first module); a synchronous write to fd 1 is not.
  const hooks = `import { writeSync } from 'node:fs'; export async function load(url, context, next) { writeSync(1, url + '\\n'); return next(url, context); }`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  const script = modules.map((path) => `await import(${JSON.stringify(pathToFileURL(path).href)});`).join(' ');
  const { stdout } = await runNode(register, ['--input-type=module', '-e', script]);
  return stdout.split('\n').filter((line) => line.startsWith('file://'));
}

test('the bundled plugins load rxjs as plexterm/rxjs (a module of the bundle), not the rxjs package', async () => {
  const loaded = await importsOf([join(root, 'plugins', 'mpv', 'main.mjs'), join(root, 'plugins', 'offline', 'main.mjs')]);
  assert.ok(loaded.some((url) => url.endsWith('/plugins/mpv/mpvPlayer.mjs')) && loaded.some((url) => url.endsWith('/plugins/offline/main.mjs')), loaded.join('\n'));
  assert.ok(loaded.some((url) => url.endsWith('/dist/bundle/host/rxjs.js')), loaded.join('\n'));
  assert.equal(loaded.filter((url) => url.includes('/node_modules/rxjs/')), []);
});

/** A preload for runNode: Node's own modules the run loaded, written to stderr as it exits, one a line (node:NAME). */
const lister = `import { writeSync } from 'node:fs'; process.on('exit', () => writeSync(2, '\\n' + process.moduleLoadList.filter((line) => line.startsWith('NativeModule ')).map((line) => 'node:' + line.slice(13)).join('\\n') + '\\n'));`;

test('--help (through a real pipe) loads neither node:child_process nor node:dgram: commander\'s spawn loads on first use', async () => {
  // Node without tsx, which loads both itself.
  const { stdout, stderr } = await runNode(lister, [bin, '--help']);
  assert.match(stdout, /^Usage: plexterm /m);
  const loaded = stderr.split('\n');
  assert.ok(loaded.includes('node:fs') && loaded.includes('node:net'), `the list was written: ${stderr.slice(-300)}`);
  assert.equal(loaded.filter((line) => line === 'node:child_process' || line === 'node:dgram'), []);
});

test('the bundle measures text as the sources do: string-width\'s segmenter and emoji pattern, made at first use, give the same widths', async () => {
  // The bundle edits string-width (scripts/bundle.mjs, lazy-string-width); these are the texts whose widths those parts decide.
  const texts = [
    '東京物語 (Tokyo Story)', '기생충', 'Ａｍｅｌｉｅ', 'e\u0301te\u0301', 'ﾊﾟﾗｻｲﾄ', '👍', '👍🏽', '🇯🇵', '👨‍👩‍👧‍👦', '❤️', '1\u20e3', '#️⃣',
    'مرحبا بالعالم', 'שלום', '\u200dzero\u200bwidth', '\u001b[31mred\u001b[0m', '각', 'tab\there', '',
  ];
  const [chunk] = (await readdir(join(root, 'dist', 'bundle', 'chunks'))).filter((name) => /^displayWidth-\w+\.js$/.test(name));
  assert.ok(chunk, 'the bundle has the displayWidth chunk');
  const script = `const m = await import(${JSON.stringify(pathToFileURL(join(root, 'dist', 'bundle', 'chunks', chunk)).href)}); const texts = ${JSON.stringify(texts)};
    process.stdout.write(JSON.stringify(texts.map((text) => [m.displayWidth(text), m.truncateToWidth(text, 3), m.graphemes(text).length])));`;
  const { stdout } = await runNode('', ['--input-type=module', '-e', script]);
  const fromSources = await import('../../src/base/displayWidth.js');
  const expected = texts.map((text) => [fromSources.displayWidth(text), fromSources.truncateToWidth(text, 3), fromSources.graphemes(text).length]);
  assert.equal(JSON.parse(stdout), expected);
  // The measures are the real ones, not both wrong alike: an emoji and a CJK character take two columns, a combining mark none.
  assert.equal(expected.slice(5, 9).map(([width]) => width), [2, 2, 2, 2]);
  assert.is(expected[0]?.[0], 8 + 1 + 13);
  assert.is(expected[3]?.[0], 3);
});

test('the bundle takes Node\'s modules with require(): no file ES-imports one (node:module aside), whose namespace would read every getter', async () => {
  const files: string[] = [];
  for (const folder of ['dist/bundle', 'dist/bundle/chunks', 'dist/bundle/host', 'dist/bundle/host/chunks']) {
    for (const name of await readdir(join(root, folder))) if (name.endsWith('.js')) files.push(join(root, folder, name));
  }
  const importing: string[] = [];
  for (const file of files) {
    const source = await readFile(file, 'utf8');
    // The bundle's own imports, as esbuild writes them (whitespace minified: `from"node:fs"`); the plugin template's
    // text (pluginsNew) holds imports with spaces and single quotes, which are strings, not imports.
    for (const match of source.matchAll(/(?:from|import\(?)"(?:node:)?(http|https|http2|crypto|tls|net|fs|fs\/promises|util|buffer|stream|events|os|path|url|zlib|child_process|readline|timers|dns|worker_threads)"/g)) importing.push(`${file}: ${match[0]}`);
  }
  assert.equal(importing, []);
});

test('libraries --json, run as people run it (Node without tsx), loads neither undici, node:http2 nor Web Crypto (Node 22+ node:http\'s namespace would load undici), and once the client identifier is made no node:crypto', async () => {
  const server = await startDemoServer();
  const home = await makeTempFolder();
  try {
    const env = `process.env.PLEXTERM_HOME = ${JSON.stringify(home.path)}; process.env.NO_COLOR = '1';`;
    const { stdout, stderr } = await runNode(`${env} ${lister}`, [bin, '--server', server.url, '--token', server.token, 'libraries', '--json']);
    const libraries = JSON.parse(stdout) as Array<{ title: string }>;
    assert.ok(libraries.length > 0, stdout.slice(0, 200));
    const loaded = stderr.split('\n');
    assert.ok(loaded.includes('node:http'), `the list was written: ${stderr.slice(-300)}`);
    assert.equal(loaded.filter((line) => /^node:(internal\/deps\/undici\/|http2$|internal\/crypto\/webcrypto$)/.test(line)), []);
    // The first run made the client identifier (with node:crypto); a run after it, which writes nothing, loads no crypto at all.
    const again = await runNode(`${env} ${lister}`, [bin, '--server', server.url, '--token', server.token, 'libraries', '--json']);
    assert.equal(JSON.parse(again.stdout), libraries);
    const loadedAgain = again.stderr.split('\n');
    assert.ok(loadedAgain.includes('node:http'), `the list was written: ${again.stderr.slice(-300)}`);
    assert.equal(loadedAgain.filter((line) => line === 'node:crypto' || line.startsWith('node:internal/crypto/')), []);
  } finally {
    await home.remove();
    await server.close();
  }
});

test.run();
