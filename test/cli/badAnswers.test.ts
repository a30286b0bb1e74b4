// Slow, huge and broken answers end to end: the CLI against small real servers on 127.0.0.1 that misbehave (main() in this process; a real process where a run could hang or its memory is measured).
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanEnvironment, runCli, type CliResult } from '../helpers/cli.js';
import { runMain } from '../helpers/cliInProcess.js';
import { drippingJson, flowingJson, hugeJson } from '../helpers/hostileAnswers.js';
import { sendJson, sendText, startTestServer, type TestHandler, type TestServer } from '../helpers/plexTestServer.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';
import { packageRoot } from '../../src/base/packageRoot.js';

const mebibyte = 1024 * 1024;
const peakMemory = join(packageRoot(), 'test', 'helpers', 'peakMemory.ts');

/** Writes config.json; with a client identifier in it, runs at once never write it themselves. */
async function writeConfig(home: TempFolder, settings: Record<string, unknown> = {}): Promise<void> {
  await mkdir(join(home.path, 'config'), { recursive: true });
  await writeFile(join(home.path, 'config', 'config.json'), JSON.stringify({ clientIdentifier: 'bad-answers-test', ...settings }));
}

async function withServer(handler: TestHandler, body: (server: TestServer, home: TempFolder) => Promise<void>): Promise<void> {
  const server = await startTestServer(handler);
  const home = await makeTempFolder();
  try {
    await writeConfig(home);
    await body(server, home);
  } finally {
    await server.close();
    await home.remove();
  }
}

function plexterm(server: TestServer, home: TempFolder, args: string[], timeoutMs?: number, nodeArguments?: string[]): Promise<CliResult> {
  return runCli(['--server', server.url, '--token', 'tok-123', ...args], {
    env: cleanEnvironment(home.path),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(nodeArguments === undefined ? {} : { nodeArguments }),
  });
}

/**
 * The command run in this process: for what plexterm makes of an answer. A run that could hang or whose
 * memory is measured is a real process (`plexterm` above), killed when it hangs.
 */
function inProcess(server: TestServer, home: TempFolder, args: string[]): Promise<CliResult> {
  return runMain(['--server', server.url, '--token', 'tok-123', ...args], { env: cleanEnvironment(home.path) });
}

/** The lines of stderr without the peak-memory report. */
function messages(result: CliResult): string[] {
  return result.stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('peak-rss-kib='));
}

test('a server that sends headers and then a byte a second: `--timeout 2 libraries` exits 2 instead of hanging', async () => {
  await withServer(drippingJson(1000), async (server, home) => {
    // The limit (scaled to the machine's load) only turns a hang into a failure; the test waits for the exit.
    const result = await plexterm(server, home, ['--timeout', '2', 'libraries'], 10_000);
    assert.is(result.signal, null, 'plexterm had to be killed: it hung');
    assert.is(result.code, 2, result.stderr);
    assert.equal(messages(result), [`plexterm: 127.0.0.1:${server.port} did not answer within 2 s`]);
  });
});

test('a body that keeps coming (128 KiB/s, no end): `--timeout 2 libraries` exits 2, the timeout covers the whole answer', async () => {
  // 32 KiB every 250 ms: each 64 KiB comes in half a second, so a deadline per 64 KiB of body never fires.
  await withServer(flowingJson(32 * 1024, 250), async (server, home) => {
    // Attempts of 2 s, none started after 6 s: the limit (scaled to the load) only turns a hang into a failure.
    const result = await plexterm(server, home, ['--timeout', '2', 'libraries'], 15_000);
    assert.is(result.signal, null, 'plexterm had to be killed: the flowing body held it');
    assert.is(result.code, 2, result.stderr);
    assert.equal(messages(result), [`plexterm: 127.0.0.1:${server.port} did not answer within 2 s`]);
    assert.ok(server.count('/library/sections') >= 2, 'a timed-out attempt is retried with a deadline of its own');
  });
});

test('a 400 MiB answer fails with the cap message, and the process stays small', async () => {
  await withServer(hugeJson(400 * mebibyte), async (server, home) => {
    // --timeout 60: reading up to the cap on a busy machine must meet the cap, not the whole-answer deadline.
    const result = await plexterm(server, home, ['--timeout', '60', 'libraries'], 60_000, ['--import', peakMemory]);
    assert.is(result.code, 2, result.stderr);
    assert.equal(messages(result), [
      `plexterm: 127.0.0.1:${server.port} sent more than 64 MiB for GET /library/sections; plexterm reads at most that (setting "maxAnswerSize" in config.json)`,
    ]);
    const peak = /peak-rss-kib=(\d+)/.exec(result.stderr);
    assert.ok(peak, result.stderr);
    // A loose bound, a check of correctness rather than a benchmark: reading the whole answer took over 1.3 GB.
    assert.ok(Number(peak[1]) < 400 * 1024, `peak resident memory ${peak[1]} KiB`);
  });
});

test('the cap comes from "maxAnswerSize" in config.json', async () => {
  await withServer(hugeJson(2 * mebibyte), async (server, home) => {
    await writeConfig(home, { maxAnswerSize: '1MiB' });
    const result = await inProcess(server, home, ['libraries']);
    assert.is(result.code, 2, result.stderr);
    assert.match(result.stderr, 'sent more than 1.0 MiB for GET /library/sections');
  });
});

/** A server whose sections and items are partly broken: missing keys, numbers as strings, values of the wrong kind. */
const brokenLibrary: TestHandler = (request, response) => {
  const answers: Record<string, unknown> = {
    '/library/sections': {
      Directory: [
        { key: '1', title: 'Movies', type: 'movie' },
        { key: 2, type: 'show' },
        { title: 'No key', type: 'movie' },
        'not a section',
        { key: '4', title: 7, type: null },
      ],
    },
    '/library/sections/1/all': {
      totalSize: '4',
      offset: '0',
      Metadata: [
        { ratingKey: '10', key: '/library/metadata/10', type: 'movie', title: 'Good', year: 1999, duration: 5_400_000 },
        { key: '/library/metadata/11', type: 'movie', title: 'Without ratingKey' },
        { ratingKey: 12, key: '/library/metadata/12', type: 'movie', title: 'Strings', year: '2001', duration: '5400000', viewOffset: '2700000' },
        { ratingKey: '13', type: 'movie', year: 'unknown', duration: { long: true } },
        null,
      ],
    },
    '/library/metadata/12': {
      Metadata: [
        {
          ratingKey: '12',
          key: '/library/metadata/12',
          type: 'movie',
          title: 'Strings',
          year: '2001',
          duration: '5400000',
          Genre: [{ tag: 'Drama' }, {}],
          Media: [{ id: '5', videoCodec: 'h264', Part: [{ id: '7', key: '/library/parts/7/1/file.mkv', size: '1048576' }, null] }, 'not media'],
        },
      ],
    },
    '/hubs/search': { Hub: [{ title: 'Movies', Metadata: [{ ratingKey: '10', type: 'movie', title: 'Good' }, { title: 'Without ratingKey' }] }, null] },
  };
  const answer = answers[request.path];
  if (answer === undefined) sendText(response, 404, 'not here');
  else sendJson(response, 200, { MediaContainer: { size: 1, ...answer } });
};

interface Shown {
  ratingKey?: string;
  key?: string;
  title?: string;
  year?: number;
  duration?: number;
}

test('malformed sections and items: what can be shown is, the rest is left out with one warning, and --json stays JSON', async () => {
  await withServer(brokenLibrary, async (server, home) => {
    const run = (...args: string[]) => inProcess(server, home, args);
    const [libraries, librariesJson, listing, listingJson, info, search] = await Promise.all([
      run('libraries'),
      run('libraries', '--json'),
      run('ls', '1'),
      run('ls', '1', '--json'),
      run('info', '12'),
      run('search', 'good', '--json'),
    ]);
    for (const result of [libraries, librariesJson, listing, listingJson, info, search]) {
      assert.is(result.code, 0, result.stderr);
      const lines = messages(result);
      assert.is(lines.length, 1, result.stderr);
      assert.match(lines[0]!, new RegExp(`^plexterm: warning: 127\\.0\\.0\\.1:${server.port} sent .+; left out, showing the rest$`));
    }
    assert.match(libraries.stderr, '2 sections without a usable key (GET /library/sections)');
    assert.match(libraries.stdout, /^\s*1\s+Movies\s+movie$/m);
    assert.match(libraries.stdout, /^\s*2\s+show$/m);
    assert.equal(
      (JSON.parse(librariesJson.stdout) as Shown[]).map((section) => [section.key, section.title]),
      [['1', 'Movies'], ['2', ''], ['4', '7']],
    );

    assert.match(listing.stderr, '2 items without a usable ratingKey and 2 unreadable values');
    assert.match(listing.stdout, /^\s*12\s+movie\s+Strings\s+2001\s+1:30:00\s+50%$/m);
    assert.match(listing.stdout, /^1–3 of 4$/m);
    const items = JSON.parse(listingJson.stdout) as Shown[];
    assert.equal(items.map((item) => item.ratingKey), ['10', '12', '13']);
    // Numbers sent as strings are numbers again, with the API's own field names.
    assert.equal([items[1]?.year, items[1]?.duration], [2001, 5_400_000]);
    assert.equal([items[2]?.year, items[2]?.duration], [undefined, undefined]);

    assert.match(info.stdout, /^Year\s+2001$/m);
    assert.match(info.stdout, /^Genres\s+Drama$/m);
    assert.match(info.stdout, /^Part\s+7\s+h264\s+1\.0 MiB$/m);

    assert.equal((JSON.parse(search.stdout) as Shown[]).map((item) => item.ratingKey), ['10']);
  });
});

test('an HTML page or JSON cut short is one clear line and exit 2', async () => {
  const answers: TestHandler = (request, response) => {
    if (request.path === '/library/sections') sendText(response, 200, '<!DOCTYPE html><html><body>Sign in to the hotel Wi-Fi</body></html>');
    else sendText(response, 200, '{"MediaContainer":{"size":2,"Metadata":[{"ratingKey":"1","tit', 'application/json');
  };
  await withServer(answers, async (server, home) => {
    const [html, truncated] = await Promise.all([inProcess(server, home, ['libraries']), inProcess(server, home, ['ls', '1'])]);
    assert.is(html.code, 2);
    assert.equal(messages(html), [`plexterm: 127.0.0.1:${server.port} sent an HTML page where JSON was expected (GET /library/sections)`]);
    assert.is(truncated.code, 2);
    assert.equal(messages(truncated), [`plexterm: 127.0.0.1:${server.port} sent invalid JSON (GET /library/sections/1/all)`]);
  });
});

test('a removed section, answered as Plex Media Server may (200 and `{}`): `ls N` says there is no such section, exit 1; elsewhere `{}` stays a broken answer', async () => {
  const answers: TestHandler = (_request, response) => sendJson(response, 200, {});
  await withServer(answers, async (server, home) => {
    const [removed, removedJson, listing] = await Promise.all([
      inProcess(server, home, ['ls', '9']),
      inProcess(server, home, ['ls', '9', '--json']),
      inProcess(server, home, ['ls', '/library/metadata/9/children']),
    ]);
    for (const result of [removed, removedJson]) {
      assert.is(result.code, 1, result.stderr);
      assert.is(result.stdout, '');
      assert.equal(messages(result), ['plexterm: there is no library section 9 (`plexterm libraries` lists them); to list what item 9 holds: plexterm ls /library/metadata/9/children']);
    }
    // Any other listing that answers without a MediaContainer is the server's fault, as before.
    assert.is(listing.code, 2, listing.stderr);
    assert.equal(messages(listing), [`plexterm: 127.0.0.1:${server.port} sent JSON without a MediaContainer (GET /library/metadata/9/children)`]);
  });
});

/** A media file of 8 MiB whose server answers every range with its headers and 16 bytes, then says nothing more. */
const stallingMedia: TestHandler = (request, response) => {
  const total = 8 * mebibyte;
  const [, first = '0', last = String(total - 1)] = /bytes=(\d+)-(\d*)/.exec(String(request.headers.range)) ?? [];
  const start = Number(first);
  const end = last === '' ? total - 1 : Number(last);
  response.writeHead(206, { 'Content-Type': 'video/mp4', 'Accept-Ranges': 'bytes', 'Content-Range': `bytes ${start}-${end}/${total}`, 'Content-Length': end - start + 1 });
  response.write(Buffer.alloc(Math.min(16, end - start + 1), 7));
};

test('a media server that goes quiet mid-body: the download is retried, then the entry fails with the idle reason', async () => {
  await withServer(stallingMedia, async (server, home) => {
    await writeConfig(home, { cache: { idleTimeout: 1 } });
    const result = await runCli(['cache', 'open', '--url', `${server.url}/movie.mp4`], { env: cleanEnvironment(home.path), timeoutMs: 60_000 });
    assert.is(result.signal, null, 'plexterm had to be killed: it hung');
    assert.is(result.code, 2, result.stderr);
    assert.match(result.stderr, new RegExp(`127\\.0\\.0\\.1:${server.port} sent nothing for 1 s after 16 bytes of /movie\\.mp4`));
    // The size probe, then more than one try of the same bytes before giving up.
    assert.ok(server.count('/movie.mp4') >= 3, `${server.count('/movie.mp4')} requests`);
  });
});

test.run();
