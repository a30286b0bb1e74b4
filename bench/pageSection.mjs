// Pages through a whole section with the compiled Plex client; prints timings and peak memory as JSON.
// Run from `npm run bench`: node bench/pageSection.mjs URL TOKEN SECTION_ID PAGE_SIZE
import { randomUUID } from 'node:crypto';
import { PlexClient } from '../dist/plex/index.js';

const [url, token, sectionId, pageSize = '200'] = process.argv.slice(2);
const client = new PlexClient({ baseUrl: url, token, identity: { clientIdentifier: randomUUID() } });
const started = performance.now();
let firstPageMs = 0;
let items = 0;
for await (const item of client.pageSection(sectionId, { pageSize: Number(pageSize) })) {
  if (items === 0) firstPageMs = performance.now() - started;
  if (typeof item.ratingKey !== 'string') throw new Error('an item without a ratingKey');
  items += 1;
}
const totalMs = performance.now() - started;
client.dispose();
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ firstPageMs, totalMs, items, maxRssMb })}\n`);
