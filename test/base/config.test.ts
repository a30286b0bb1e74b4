import { readdir, readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ajv } from 'ajv';
import { configPath, configSchema, ensureClientIdentifier, loadConfig, saveConfig } from '../../src/base/config.js';
import { PlextermError } from '../../src/base/errors.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

test('a missing config file is an empty config', async () => {
  const folder = await makeTempFolder();
  try {
    const loaded = await loadConfig(join(folder.path, 'config'));
    assert.equal(loaded.config, {});
    assert.is(loaded.warning, null);
  } finally {
    await folder.remove();
  }
});

test('a config file that is not JSON is moved aside with its content, never overwritten', async () => {
  const folder = await makeTempFolder();
  try {
    await writeFile(configPath(folder.path), '{ "server": { "url": ');
    const loaded = await loadConfig(folder.path);
    assert.equal(loaded.config, {});
    assert.match(loaded.warning ?? '', /is not valid JSON/);
    assert.ok(!(loaded.warning ?? '').includes('\n'), 'one line');
    const names = await readdir(folder.path);
    const aside = names.find((name) => name.startsWith('config.json.corrupt-'));
    assert.ok(aside, `moved aside: ${names.join(', ')}`);
    assert.is(await readFile(join(folder.path, aside ?? ''), 'utf8'), '{ "server": { "url": ');
  } finally {
    await folder.remove();
  }
});

test('a JSON array is moved aside too', async () => {
  const folder = await makeTempFolder();
  try {
    await writeFile(configPath(folder.path), '[1, 2]');
    const loaded = await loadConfig(folder.path);
    assert.match(loaded.warning ?? '', /JSON object/);
  } finally {
    await folder.remove();
  }
});

test('a wrong field is an error naming it, and the file is left as it was', async () => {
  const folder = await makeTempFolder();
  try {
    await writeFile(configPath(folder.path), '{"server": {"url": 5}}');
    try {
      await loadConfig(folder.path);
      assert.unreachable('should have thrown');
    } catch (error) {
      assert.instance(error, PlextermError);
      assert.match((error as Error).message, /server\.url/);
      assert.is((error as PlextermError).exitCode, 1);
    }
    assert.is(await readFile(configPath(folder.path), 'utf8'), '{"server": {"url": 5}}');
  } finally {
    await folder.remove();
  }
});

/** Writes `text` as the config in `folder` and loads it: it must be refused with one line, the file left as it was. Returns the line. */
async function refusedConfig(folder: string, text: string): Promise<string> {
  await writeFile(configPath(folder), text);
  const error = await loadConfig(folder).then(
    () => assert.unreachable(`${text} should have been refused`),
    (failure: unknown) => failure,
  );
  assert.instance(error, PlextermError);
  const message = (error as Error).message;
  assert.not.match(message, /\n/);
  assert.is(await readFile(configPath(folder), 'utf8'), text);
  return message;
}

test('skipIntro and autoplay: the valid values are read; a wrong one is an error naming the key and the allowed values, the file untouched', async () => {
  const folder = await makeTempFolder();
  try {
    await writeFile(configPath(folder.path), '{"skipIntro": "auto", "autoplay": false}');
    const { config } = await loadConfig(folder.path);
    assert.is(config.skipIntro, 'auto');
    assert.is(config.autoplay, false);
    for (const [text, key, values] of [
      ['{"skipIntro": "always"}', 'skipIntro', /"ask", "auto", "never"/],
      ['{"autoplay": "yes"}', 'autoplay', /boolean/],
    ] as const) {
      const message = await refusedConfig(folder.path, text);
      assert.match(message, new RegExp(`invalid: ${key} `));
      assert.match(message, values);
    }
  } finally {
    await folder.remove();
  }
});

test('prefetch: seconds before the end and a percent are read; a wrong one is an error naming the key, the file untouched', async () => {
  const folder = await makeTempFolder();
  try {
    await writeFile(configPath(folder.path), '{"prefetch": {"secondsBeforeEnd": 90, "percent": 70}}');
    assert.equal((await loadConfig(folder.path)).config.prefetch, { secondsBeforeEnd: 90, percent: 70 });
    for (const text of ['{"prefetch": {"percent": 150}}', '{"prefetch": {"secondsBeforeEnd": "soon"}}', '{"prefetch": {"minutes": 1}}']) {
      assert.match(await refusedConfig(folder.path, text), /invalid: prefetch/);
    }
  } finally {
    await folder.remove();
  }
});

test('saved config is private (0600) and keeps unknown settings', async () => {
  const folder = await makeTempFolder();
  try {
    await mkdir(folder.path, { recursive: true });
    await saveConfig(folder.path, { token: 'secret-token', theme: 'dark' });
    const info = await stat(configPath(folder.path));
    assert.is(info.mode & 0o777, 0o600);
    const loaded = await loadConfig(folder.path);
    assert.is(loaded.config.theme, 'dark');
    assert.is(loaded.config.token, 'secret-token');
  } finally {
    await folder.remove();
  }
});

test('the client identifier is random, made once and kept', async () => {
  const folder = await makeTempFolder();
  const other = await makeTempFolder();
  try {
    const first = await ensureClientIdentifier(folder.path, await loadConfig(folder.path));
    const again = await ensureClientIdentifier(folder.path, await loadConfig(folder.path));
    const elsewhere = await ensureClientIdentifier(other.path, await loadConfig(other.path));
    assert.is(first, again);
    assert.is.not(first, elsewhere);
    assert.ok(first.length >= 16);
  } finally {
    await folder.remove();
    await other.remove();
  }
});

test('the config schema is a valid JSON Schema: plexterm compiles it without that check, which cost every start-up the meta-schema', () => {
  const checker = new Ajv();
  assert.ok(checker.validateSchema(configSchema), checker.errorsText(checker.errors));
});

test.run();
