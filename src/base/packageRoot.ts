// Finds plexterm's own folder at run time, wherever the code runs from (src/ through tsx, or dist/).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/** The folder holding plexterm's package.json (and assets/, plugins/, themes/). */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest)) {
      const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
      if (parsed.name === 'plexterm') {
        cachedRoot = folder;
        return folder;
      }
    }
    const parent = dirname(folder);
    if (parent === folder) throw new Error('plexterm: cannot find its own package folder');
    folder = parent;
  }
}

/** A path inside plexterm's own folder, e.g. `assetPath('assets', 'clips', 'a.mkv')`. */
export function assetPath(...segments: string[]): string {
  return join(packageRoot(), ...segments);
}

/** plexterm's own version, read from package.json without a JSON module import. */
export function packageVersion(): string {
  const parsed = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof parsed.version === 'string' ? parsed.version : '0.0.0';
}
