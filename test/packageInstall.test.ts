// The install route people use for CLI tools: `npm pack` from a clean copy of the sources, `npm install -g` of the
// tarball into an empty prefix with an empty HOME, then the installed `plexterm` runs the demo, finds its bundled
// plugins and clips, and draws the TUI. Slow (a full build and an install), so all of it is this one test.
import { execFile } from 'node:child_process';
import { isBuiltin } from 'node:module';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../src/base/packageRoot.js';
import { cleanEnvironment } from './helpers/cli.js';
import { makeTempFolder } from './helpers/tempFolder.js';
import { hasTmux, TmuxSession } from './helpers/tmuxSession.js';

const run = promisify(execFile);
const repository = packageRoot();
const manifest = JSON.parse(readFileSync(join(repository, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };

/** What a clean clone holds: everything but installed, built and packed things. */
const notInClone = new Set(['node_modules', 'dist', 'types', '.git']);

/** The environment without what `npm test` hands its children (npm_config_cache, npm_config_prefix...), so the inner npm reads only the flags given here. */
function environmentWithoutNpm(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const environment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return { ...environment, ...extra };
}

/** `--globalconfig` and `--userconfig` naming the files this machine's npm reads, those that exist. */
async function machineNpmConfig(): Promise<string[]> {
  const flags: string[] = [];
  for (const name of ['globalconfig', 'userconfig']) {
    const path = (await run('npm', ['config', 'get', name], { cwd: repository })).stdout.trim();
    if (path !== '' && existsSync(path)) flags.push(`--${name}`, path);
  }
  return flags;
}

/**
 * Bare package names the installed code imports (static, dynamic, require), read by esbuild's own parser from
 * `files` and every file they reach; Node's built-in modules and relative paths left out.
 */
async function packagesImported(files: string[]): Promise<string[]> {
  const { build } = await import('esbuild');
  const result = await build({ entryPoints: files, bundle: true, packages: 'external', platform: 'node', format: 'esm', splitting: true, write: false, metafile: true, outdir: join(repository, 'unwritten'), logLevel: 'silent' });
  const names = new Set<string>();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const { path, external } of input.imports) {
      if (!external || isBuiltin(path) || path.startsWith('.') || path.startsWith('/')) continue;
      const parts = path.split('/');
      names.add(path.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? path));
    }
  }
  return [...names];
}

test('npm pack, then npm install -g of the tarball in a clean prefix and HOME: the installed plexterm runs the demo and the TUI', async () => {
  const folder = await makeTempFolder('plexterm-pack-');
  const clone = join(folder.path, 'clone');
  const prefix = join(folder.path, 'prefix');
  const home = join(folder.path, 'home');
  const plextermHome = join(folder.path, 'plexterm-home');
  const elsewhere = join(folder.path, 'elsewhere');
  for (const path of [prefix, home, plextermHome, elsewhere]) mkdirSync(path, { recursive: true });
  let tmux: TmuxSession | undefined;
  try {
    // A clean copy, so `npm pack` runs the real prepare (a clean build) without touching this checkout's dist/.
    cpSync(repository, clone, {
      recursive: true,
      filter: (source) => {
        const path = relative(repository, source);
        return !notInClone.has(path.split(sep)[0] ?? '') && !path.endsWith('.tgz');
      },
    });
    symlinkSync(join(repository, 'node_modules'), join(clone, 'node_modules'), 'dir');
    // The shared npm cache (the one `npm ci` just filled) with --prefer-offline: the dependencies come from it without
    // a registry round trip, so the test is quick and survives a slow registry; anything missing is still fetched.
    const cache = (await run('npm', ['config', 'get', 'cache'], { cwd: repository })).stdout.trim();
    // The machine's npm settings (registry, CA file, proxy) still apply: `--prefix` would otherwise move npm's global
    // config to <prefix>/etc/npmrc and the empty HOME hides ~/.npmrc (behind a proxy with its own CA, every registry
    // fetch then fails with SELF_SIGNED_CERT_IN_CHAIN after minutes of retries).
    const machineNpm = await machineNpmConfig();
    const npmEnvironment = environmentWithoutNpm({ HOME: home });
    await run('npm', ['pack', ...machineNpm, '--pack-destination', folder.path, '--silent'], { cwd: clone, env: npmEnvironment, timeout: 600_000, maxBuffer: 1 << 26 });
    const tarball = join(folder.path, `plexterm-${manifest.version}.tgz`);
    assert.ok(existsSync(tarball), `npm pack made no ${tarball}`);

    // Only what runs: the compiled code, the plugin API's declarations, the bundled plugins, themes and clips, the LICENSE.
    const files = (await run('tar', ['-tzf', tarball], { maxBuffer: 1 << 26 })).stdout
      .split('\n')
      .filter((line) => line !== '' && !line.endsWith('/'))
      .map((line) => line.replace(/^package\//, ''));
    for (const required of ['LICENSE', 'README.md', 'package.json', 'bin/plexterm.js', 'dist/bundle/plexterm.js', 'dist/bundle/host/hostMain.js', 'dist/bundle/host/api.js', 'types/api/index.d.ts', 'assets/clips/clips.json', 'plugins/mpv/package.json', 'themes/plexterm-dark.json']) {
      assert.ok(files.includes(required), `the tarball lacks ${required}`);
    }
    const unwanted = files.filter(
      (path) =>
        /^(test|src|bench|scripts|docs|\.ci)\//.test(path) ||
        path.endsWith('.map') ||
        (path.endsWith('.ts') && !path.startsWith('types/')) ||
        /\.test\.|make-clips\.sh$|^tsconfig/.test(path),
    );
    assert.equal(unwanted, [], `the tarball holds files that do not run:\n${unwanted.join('\n')}`);
    const declarations = files.filter((path) => path.endsWith('.d.ts'));
    assert.ok(declarations.length > 0 && declarations.every((path) => path.startsWith('types/api/')), `declarations other than the plugin API's: ${declarations.join(', ')}`);

    await run('npm', ['install', ...machineNpm, '--global', '--prefix', prefix, '--cache', cache, '--prefer-offline', '--no-audit', '--no-fund', tarball], {
      cwd: elsewhere,
      env: npmEnvironment,
      timeout: 600_000,
      maxBuffer: 1 << 26,
    });
    const installed = join(prefix, 'lib', 'node_modules', 'plexterm');
    const plexterm = join(prefix, 'bin', 'plexterm');
    assert.ok(existsSync(plexterm), 'npm install -g made no bin/plexterm');

    // Only `dependencies` are installed: the compiled code may import nothing else (no tsx, yaml, typescript...).
    const { stdout: compiled } = await run('find', [join(installed, 'dist'), join(installed, 'bin'), join(installed, 'plugins'), '-name', '*.*js', '-type', 'f']);
    const imported = await packagesImported(compiled.split('\n').filter(Boolean));
    // plexterm itself is no dependency: the plugin scaffold's files import plexterm/api, and the plugin host resolves it.
    const undeclared = [...imported].filter((name) => !(name in manifest.dependencies) && name !== 'plexterm');
    assert.equal(undeclared, [], `the installed code imports packages that are not dependencies: ${undeclared.join(', ')}`);

    // A plugin author types against `plexterm/api` (the declarations resolve, rxjs included; its command joins CommandMap) and may import its value.
    const plugin = join(folder.path, 'plugin');
    mkdirSync(join(plugin, 'node_modules'), { recursive: true });
    symlinkSync(installed, join(plugin, 'node_modules', 'plexterm'), 'dir');
    writeFileSync(join(plugin, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(join(plugin, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: [], outDir: 'out' }, files: ['main.ts'] }));
    writeFileSync(
      join(plugin, 'main.ts'),
      `import { pluginApiVersion, type PluginContext } from 'plexterm/api';
declare module 'plexterm/api' {
  interface CommandMap {
    'plugin.version'(): string;
  }
}
export function activate(context: PluginContext): void {
  context.subscriptions.push(context.api.commands.register('plugin.version', () => pluginApiVersion));
}
console.log(pluginApiVersion);
`,
    );
    await run(process.execPath, [join(repository, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', plugin], { cwd: plugin });
    const apiVersion = await run(process.execPath, [join(plugin, 'out', 'main.js')], { cwd: plugin });
    assert.match(apiVersion.stdout, /^\d+\.\d+\.\d+\n$/);

    // Run from an unrelated folder with a clean HOME: nothing may come from this checkout.
    const environment = cleanEnvironment(plextermHome, { HOME: home });
    const options = { cwd: elsewhere, env: environment, timeout: 120_000, maxBuffer: 1 << 26 };

    // The scaffold, as the README walks through it: `plugins new`, its command run at once with --plugins-dir, then in its
    // folder npm install (the tarball for plexterm; rxjs, its peer, comes along), the typecheck, and its own test, which
    // runs the command in the installed plexterm's plugin host.
    const myPlugins = join(folder.path, 'my-plugins');
    const scaffold = await run(plexterm, ['plugins', 'new', 'hello', '--dir', myPlugins], options);
    assert.match(scaffold.stdout, /wrote the plugin hello in /);
    const greeted = await run(plexterm, ['--plugins-dir', myPlugins, '--demo', 'run', 'hello.greet'], options);
    assert.is(greeted.stdout, 'Hello! The server has 5 libraries.\n');
    const hello = join(myPlugins, 'hello');
    const pluginNpm = { cwd: hello, env: environmentWithoutNpm({ HOME: home, PLEXTERM_HOME: plextermHome, NO_COLOR: '1' }), timeout: 600_000, maxBuffer: 1 << 26 };
    await run('npm', ['install', ...machineNpm, '--save-dev', '--cache', cache, '--prefer-offline', '--no-audit', '--no-fund', tarball], pluginNpm);
    assert.ok(existsSync(join(hello, 'node_modules', 'rxjs', 'package.json')), 'rxjs, the API\'s peer dependency, was installed with plexterm');
    await run('npm', ['run', 'typecheck', '--silent'], pluginNpm);
    const pluginTest = await run('npm', ['test', '--silent'], pluginNpm);
    // node --test reports as TAP (`# pass 1`) up to Node 22 and with its spec reporter (`ℹ pass 1`) from Node 23 on, when not on a terminal.
    // The spec reporter paints its lines when FORCE_COLOR is set (as it may be around a test run): read the text.
    const reported = stripVTControlCharacters(pluginTest.stdout);
    assert.match(reported, /[#ℹ] pass 1\n[\s\S]*[#ℹ] fail 0\n/, reported);
    const version = await run(plexterm, ['--version'], options);
    assert.is(version.stdout.trim(), manifest.version);
    const libraries = await run(plexterm, ['--demo', 'libraries'], options);
    assert.match(libraries.stdout, /Movies[\s\S]*TV Shows[\s\S]*Music[\s\S]*Cache Lab/);
    assert.is(libraries.stderr, '');
    const plugins = JSON.parse((await run(plexterm, ['--demo', 'plugins', '--json'], options)).stdout) as { id: string; state: string }[];
    assert.equal(
      plugins.map((plugin) => `${plugin.id} ${plugin.state}`).sort(),
      ['custom-player inactive', 'mpv inactive', 'now-playing inactive', 'offline inactive', 'vlc inactive'],
      'the bundled plugins are found in the installed copy',
    );
    // The demo's media comes from the installed clips: pin one fully.
    const pinned = (await run(plexterm, ['--demo', 'cache', 'pin', '103', '--json'], options)).stdout.trim().split('\n');
    const last = JSON.parse(pinned[pinned.length - 1] ?? '{}') as { complete?: boolean; downloadedBytes?: number };
    assert.ok(last.complete === true && (last.downloadedBytes ?? 0) > 0, `cache pin 103 did not complete: ${pinned.slice(-1).join('')}`);

    assert.ok(hasTmux(), 'tmux is not on PATH; the installed TUI is tested in tmux (.ci/run installs it with apt-get)');
    const exitFile = join(folder.path, 'exit');
    const stderrFile = join(folder.path, 'stderr');
    const tuiEnvironment = { HOME: home, PLEXTERM_HOME: plextermHome, TERM: 'tmux-256color', PATH: process.env.PATH ?? '' };
    tmux = TmuxSession.start({ command: `${plexterm} --demo 2>${stderrFile}; echo EXIT=$? > ${exitFile}; sleep 60`, width: 100, height: 30, cwd: elsewhere, environment: tuiEnvironment });
    await tmux.waitFor(/Continue Watching \(\d+\)/, 60_000);
    await tmux.waitFor(/Libraries[\s\S]*Movies/);
    tmux.keys('q');
    await tmux.waitFor(() => existsSync(exitFile) && readFileSync(exitFile, 'utf8').includes('EXIT='), 30_000);
    assert.is(readFileSync(exitFile, 'utf8').trim(), 'EXIT=0');
    assert.is(readFileSync(stderrFile, 'utf8'), '');
  } finally {
    tmux?.kill();
    await folder.remove();
  }
});

test.run();
