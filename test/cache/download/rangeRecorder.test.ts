// The range recorder on a real data file: bytes forgotten while an fsync runs are not recorded again by it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RangeSet } from '../../../src/base/rangeSet.js';
import { DataFile, type EntryDataFile } from '../../../src/cache/store/dataFile.js';
import { RangeRecorder } from '../../../src/cache/download/rangeRecorder.js';
import { makeTempFolder } from '../../helpers/tempFolder.js';

test('bytes forgotten while a sync runs stay forgotten: the sync records only what is still written', async () => {
  const folder = await makeTempFolder('plexterm-recorder-');
  const file = await DataFile.open(folder.path, 'entry');
  try {
    await file.write(new Uint8Array(2000).fill(7), 0);
    let written = RangeSet.of(0, 2000);
    let releaseSync: () => void = () => undefined;
    let syncStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (syncStarted = resolve));
    // The real file, but its fsync waits for the test: the file is cut short while it runs.
    const gatedFile: EntryDataFile = {
      write: (bytes, position) => file.write(bytes, position),
      read: (position, length) => file.read(position, length),
      sync: async () => {
        syncStarted();
        await new Promise<void>((resolve) => (releaseSync = resolve));
        await file.sync();
      },
    };
    const recordings: Array<Array<[number, number]>> = [];
    const recorder = new RangeRecorder({
      dataFile: gatedFile,
      recorded: RangeSet.empty,
      written: () => written,
      stopped: () => false,
      onRecorded: (ranges) => recordings.push(ranges.toJSON()),
      onSyncFailed: (error) => assert.unreachable(String(error)),
    });
    const sync = recorder.sync();
    await started;
    await file.truncate(500);
    written = written.remove(500, 2000);
    recorder.forget(500, 2000);
    releaseSync();
    await sync;
    assert.equal(recorder.recorded.toJSON(), [[0, 500]]);
    assert.equal(recordings, [[], [[0, 500]]]);
    assert.ok(await recorder.flush(), 'a flush does not wait for forgotten bytes');
  } finally {
    await file.close();
    await folder.remove();
  }
});

test.run();
