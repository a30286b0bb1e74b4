// What the cache keeps on disk: the lowdb store of entry records (sharded, written durably), each entry's data file and
// the sidecar beside it (from which a damaged store is rebuilt), the check of recorded bytes against the data files,
// and the recovery of records a lost store file took with it.
export { DataFile, dataFileNameFor, type EntryDataFile } from './dataFile.js';
export { rebuildFromSidecars, sidecarName, writeSidecar } from './entrySidecar.js';
export { recoverLostRecords, restoreMissingSidecars } from './lostRecords.js';
export { checkDataFiles, rangesOnDisk } from './recordedBytes.js';
export { CacheStore, storeFolderName } from './store.js';
export { storeEntryKey, type StoreEntry } from './storeEntry.js';
