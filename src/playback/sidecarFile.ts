// A sidecar subtitle fetched by plexterm into a temporary file: the player is given the file, never the server's URL (nor its token).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SidecarFile {
  path: string;
  /** Removes the file and its folder; safe to call twice. */
  dispose(): Promise<void>;
}

/** The file's extension players read its format from: the key's own (`/library/streams/7.srt`), else srt. */
function extensionOf(key: string): string {
  return /\.([a-z0-9]{2,4})$/i.exec(key.split('?')[0] ?? '')?.[1]?.toLowerCase() ?? 'srt';
}

/** Writes what `fetchText(key)` answers to a file of its own in a fresh temporary folder (readable by its owner only). */
export async function fetchSidecar(key: string, fetchText: (key: string) => Promise<string>): Promise<SidecarFile> {
  const text = await fetchText(key);
  const folder = await mkdtemp(join(tmpdir(), 'plexterm-subtitle-'));
  const path = join(folder, `subtitle.${extensionOf(key)}`);
  try {
    await writeFile(path, text, { mode: 0o600 });
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  return { path, dispose: () => rm(folder, { recursive: true, force: true }) };
}
