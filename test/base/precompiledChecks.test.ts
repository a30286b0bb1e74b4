// What runs (dist/bundle) checks config.json and plugin manifests with code ajv compiled at build time (the check
// modules of scripts/precompiledChecks.mjs); the sources compile the same schemas at first use. Both must judge
// alike: real files (the bundled plugins' manifests, configs as people write them) and broken copies of them.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as configChecks from '../../src/base/configValidator.js';
import { packageRoot } from '../../src/base/packageRoot.js';
import * as manifestChecks from '../../src/extensions/manifestCheck.js';
import { builtCheckModule } from '../helpers/precompiledCheckModule.js';

/** A check's verdict on `value`, with the first problem as the person is told it (see loadConfig and readPlugin). */
function verdict(check: ValidateFunction<unknown>, value: unknown): string {
  if (check(structuredClone(value))) return 'valid';
  const problem: ErrorObject | undefined = check.errors?.[0];
  return `${problem?.instancePath ?? '?'} ${problem?.keyword ?? '?'} ${problem?.message ?? '?'} ${JSON.stringify(problem?.params ?? {})}`;
}

/** Copies of `value` with each field (at every depth) removed, of a wrong type, or replaced by garbage. */
function brokenCopies(value: unknown): unknown[] {
  const copies: unknown[] = [null, 'text', 7, [value]];
  if (typeof value !== 'object' || value === null) return copies;
  for (const [field, inner] of Object.entries(value)) {
    const replaced = (next: unknown) => (Array.isArray(value) ? value.map((item, index) => (String(index) === field ? next : item)) : { ...value, [field]: next });
    copies.push(replaced(undefined), replaced(typeof inner === 'number' ? String(inner) : typeof inner === 'string' ? 12 : 'unreadable'), replaced(''), replaced(-1), replaced(null));
    for (const innerCopy of brokenCopies(inner)) copies.push(replaced(innerCopy));
  }
  return copies;
}

function compareOn(name: string, built: ValidateFunction<unknown>, runtime: ValidateFunction<unknown>, samples: unknown[]): number {
  let compared = 0;
  for (const sample of samples) {
    for (const value of [sample, ...brokenCopies(sample)]) {
      assert.is(verdict(built, value), verdict(runtime, value), `${name}: ${JSON.stringify(value)?.slice(0, 160)}`);
      compared += 1;
    }
  }
  return compared;
}

test('the build\'s config.json check judges real and broken configs exactly as the sources\' one', async () => {
  const built = await builtCheckModule('src/base/configValidator.ts');
  assert.equal(Object.keys(configChecks.checkSchemas).filter((name) => typeof built[name] !== 'function'), []);
  const configs = [
    {},
    { server: { url: 'http://192.168.1.20:32400', name: 'Living room', machineIdentifier: 'abc' }, token: 'x'.repeat(20), clientIdentifier: 'id-1' },
    { skipIntro: 'auto', autoplay: false, prefetch: { secondsBeforeEnd: 60, percent: 80 }, player: 'vlc', plexTvUrl: 'https://plex.tv' },
    { cache: { maxSize: 10_000_000, startBuffer: 0 }, plugins: { mpv: { extraArgs: ['--fs'] } }, theme: 'dark', keybindings: [{ key: 'x', command: 'plexterm.quit' }] },
  ];
  const compared = compareOn('config', built.validateConfig?.() as ValidateFunction<unknown>, configChecks.validateConfig(), configs);
  assert.ok(compared > 100, `only ${compared} configs compared`);
  // Not a vacuous comparison: both refuse what the schema forbids.
  assert.is.not(verdict(configChecks.validateConfig(), { skipIntro: 'sometimes' }), 'valid');
});

test('the build\'s manifest check judges the bundled plugins\' manifests and broken copies exactly as the sources\' one', async () => {
  const built = await builtCheckModule('src/extensions/manifestCheck.ts');
  assert.equal(Object.keys(manifestChecks.checkSchemas).filter((name) => typeof built[name] !== 'function'), []);
  const manifests: unknown[] = [];
  for (const plugin of ['mpv', 'vlc', 'custom-player', 'now-playing', 'offline']) {
    manifests.push(JSON.parse(await readFile(join(packageRoot(), 'plugins', plugin, 'package.json'), 'utf8')) as unknown);
  }
  const compared = compareOn('manifest', built.validateManifest?.() as ValidateFunction<unknown>, manifestChecks.validateManifest(), manifests);
  assert.ok(compared > 500, `only ${compared} manifests compared`);
  assert.is.not(verdict(manifestChecks.validateManifest(), { name: 'Upper Case', version: '1.0.0', engines: { plexterm: '^1.0.0' } }), 'valid');
});

test.run();
