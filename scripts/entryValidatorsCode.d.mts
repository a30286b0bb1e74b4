/** ES module source exporting each `validateX()` of src/plex/entryValidators.ts, returning its check compiled at build time. */
export function entryValidatorsCode(sourcePath: string): Promise<string>;
