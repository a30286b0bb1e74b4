// The disk beneath the cache: how much room is free and the reserve kept above it (claimed before every write), the
// spare file set aside so the store can still be written on a full disk, a watch that tells when room is made, and
// the folder lock that keeps one plexterm per cache folder (a Unix socket when the disk is too full for a lock file).
export { FolderLock } from './folderLock.js';
export { FreeSpaceKeeper, availableBytes, isNoSpace, noSpaceError } from './freeSpace.js';
export { RoomWatch } from './roomWatch.js';
export { releaseSpare, setSpareAside } from './spareSpace.js';
