// A fresh cache folder for one test, removed afterwards whatever happens.
import { makeTempFolder } from './tempFolder.js';

export async function withCacheFolder(body: (folder: string) => Promise<void>): Promise<void> {
  const temporary = await makeTempFolder('plexterm-cache-');
  try {
    await body(temporary.path);
  } finally {
    await temporary.remove();
  }
}
