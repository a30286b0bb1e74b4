// The sparse data file: positioned writes and reads, holes, sync, truncate, drop and close.
import { existsSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DataFile, dataFileNameFor } from '../../../src/cache/store/dataFile.js';
import { rejection } from '../../helpers/plexTvFake.js';
import { makeTempFolder, type TempFolder } from '../../helpers/tempFolder.js';

const test = suite<{ folder: TempFolder }>('dataFile', { folder: undefined as unknown as TempFolder });

test.before.each(async (context) => {
  context.folder = await makeTempFolder('plexterm-datafile-');
});

test.after.each(async (context) => {
  await context.folder.remove();
});

test('bytes written at positions read back, holes read as zeros', async ({ folder }) => {
  const file = await DataFile.open(folder.path, 'entry');
  try {
    await file.write(Uint8Array.from([1, 2, 3]), 10);
    await file.write(Uint8Array.from([9]), 0);
    assert.equal([...(await file.read(0, 13))], [9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3]);
    assert.equal([...(await file.read(11, 1))], [2]);
    assert.equal((await file.read(5, 0)).byteLength, 0);
    await file.sync();
  } finally {
    await file.close();
  }
});

test('writev puts pieces one after the other from a position, subarrays and empty pieces included', async ({ folder }) => {
  const file = await DataFile.open(folder.path, 'entry');
  try {
    const big = new Uint8Array(200_000).map((_, index) => index % 251);
    await file.writev([Uint8Array.from([1, 2]), new Uint8Array(0), Uint8Array.from([7, 8, 9]).subarray(1), big], 3);
    assert.equal([...(await file.read(0, 7))], [0, 0, 0, 1, 2, 8, 9]);
    assert.ok(Buffer.from(await file.read(7, big.byteLength)).equals(big), "the large piece reads back");
  } finally {
    await file.close();
  }
});

test('a read past the end returns only the bytes there are', async ({ folder }) => {
  const file = await DataFile.open(folder.path, 'entry');
  try {
    await file.write(Uint8Array.from([5, 6, 7]), 0);
    assert.equal([...(await file.read(1, 100))], [6, 7]);
    assert.equal((await file.read(50, 10)).byteLength, 0);
  } finally {
    await file.close();
  }
});

test('opening again keeps the bytes of an earlier run', async ({ folder }) => {
  const first = await DataFile.open(folder.path, 'entry');
  await first.write(Uint8Array.from([4, 5]), 2);
  await first.close();
  const second = await DataFile.open(folder.path, 'entry');
  try {
    assert.equal([...(await second.read(2, 2))], [4, 5]);
  } finally {
    await second.close();
  }
});

test('a file far into a large offset stays sparse-readable', async ({ folder }) => {
  const file = await DataFile.open(folder.path, 'entry');
  try {
    const offset = 6 * 1024 ** 3;
    await file.write(Uint8Array.from([42]), offset);
    assert.is((await stat(file.path)).size, offset + 1);
    assert.equal([...(await file.read(offset, 1))], [42]);
  } finally {
    await file.close();
  }
});

test('truncate keeps the file and drops its data; drop removes the file', async ({ folder }) => {
  const file = await DataFile.open(folder.path, 'entry');
  await file.write(Uint8Array.from([1, 2, 3]), 0);
  await file.truncate();
  assert.is((await stat(file.path)).size, 0);
  await file.drop();
  assert.not.ok(existsSync(file.path));
  await file.drop();
});

test('close waits for running writes, and later calls fail clearly', async ({ folder }) => {
  const file = await DataFile.open(folder.path, 'entry');
  const writing = file.write(new Uint8Array(1024 * 1024).fill(7), 0);
  const closing = file.close();
  await writing;
  await closing;
  assert.ok(file.isClosed);
  assert.match((await rejection(file.read(0, 1))).message, /closed/);
  await file.close();
  assert.is((await stat(file.path)).size, 1024 * 1024);
});

test('names that are not plain file names are refused', async ({ folder }) => {
  for (const name of ['', '.', '..', '../escape', 'a/b']) {
    assert.match((await rejection(DataFile.open(folder.path, name))).message, /plain file name/);
  }
});

test('the name for a key is a fixed-length hash, stable across calls', () => {
  assert.match(dataFileNameFor('server/part/1'), /^[0-9a-f]{64}$/);
  assert.is(dataFileNameFor('server/part/1'), dataFileNameFor('server/part/1'));
  assert.is.not(dataFileNameFor('server/part/1'), dataFileNameFor('server/part/2'));
});

test('an existing file is opened, not replaced', async ({ folder }) => {
  await writeFile(join(folder.path, 'entry'), Uint8Array.from([8, 8]));
  const file = await DataFile.open(folder.path, 'entry');
  try {
    assert.equal([...(await file.read(0, 2))], [8, 8]);
  } finally {
    await file.close();
  }
});

test.run();
