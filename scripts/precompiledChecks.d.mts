/** ES module source exporting each check of a check module (e.g. src/plex/entryValidators.ts) as a function returning it, compiled at build time. */
export function precompiledChecksCode(sourcePath: string): Promise<string>;
