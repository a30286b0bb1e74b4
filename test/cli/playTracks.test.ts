// `plexterm play --audio/--subs` with the REAL mpv through the bundled mpv plugin: the tracks mpv plays (its own log says), what the server was told, sidecar subtitles as files without the token.
import { readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer, type DemoServer } from '../../src/demo/index.js';
import { killLiveClis } from '../helpers/cacheCli.js';
import { cleanEnvironment, runCli, type CliResult } from '../helpers/cli.js';
import { demoFetch, demoJson, findItem } from '../helpers/demoServer.js';
import { demoState, hasMpv, playEvents } from '../helpers/playCli.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';

let home: TempFolder;
const demos: DemoServer[] = [];
let logs = 0;

interface StreamJson {
  id: number;
  streamType: number;
  languageCode?: string;
  key?: string;
  selected?: boolean;
}

async function demo(): Promise<DemoServer> {
  const server = await startDemoServer({ inspect: true });
  demos.push(server);
  return server;
}

/** Plays `ratingKey` with mpv (no window, no sound) writing its log to a file of its own; `--end=1` keeps each item short. */
async function play(server: DemoServer, ratingKey: string, ...args: string[]): Promise<{ result: CliResult; mpvLog: () => Promise<string> }> {
  logs += 1;
  const logFile = join(home.path, `mpv-${logs}.log`);
  const cli = ['--server', server.url, '--token', server.token, 'play', ratingKey, '--player', 'mpv', '--player-arg=--vo=null', '--player-arg=--ao=null', `--player-arg=--log-file=${logFile}`, '--player-arg=--end=1', '--from-start', '--json', ...args];
  const result = await runCli(cli, { env: cleanEnvironment(home.path), timeoutMs: 120_000 });
  return { result, mpvLog: () => readFile(logFile, 'utf8').catch(() => '') };
}

/** The tracks mpv printed as selected ("(+)") as it started a file, e.g. "Audio --aid=2 --alang=eng". */
function selectedTracks(mpvLog: string, kind: 'Audio' | 'Subs'): string[] {
  return [...mpvLog.matchAll(new RegExp(`\\(\\+\\) ${kind}\\s+(--[^\\n]*)`, 'g'))].map((match) => (match[1] ?? '').replace(/\s+/g, ' ').trim());
}

/** The query of every PUT /library/parts/{partId} the server got, in order. */
async function streamChoices(server: DemoServer, partId: number): Promise<URLSearchParams[]> {
  const state = await demoState(server);
  return state.requests
    .filter((request) => request.method === 'PUT' && new URL(request.path, 'http://demo').pathname === `/library/parts/${partId}`)
    .map((request) => new URL(request.path, 'http://demo').searchParams);
}

async function streamsOf(server: DemoServer, ratingKey: string): Promise<{ partId: number; streams: StreamJson[] }> {
  const body = (await demoJson(server, `/library/metadata/${ratingKey}`)) as { MediaContainer: { Metadata: { Media: { Part: { id: number; Stream: StreamJson[] }[] }[] }[] } };
  const part = body.MediaContainer.Metadata[0]!.Media[0]!.Part[0]!;
  return { partId: part.id, streams: part.Stream };
}

async function subtitleFolders(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith('plexterm-subtitle-'));
}

function launchedKeys(result: CliResult): string[] {
  return playEvents(result.stdout).flatMap((event) => (event.type === 'launched' && 'ratingKey' in event ? [String(event.ratingKey)] : []));
}

if (hasMpv()) {
  test.before(async () => {
    home = await makeTempFolder('plexterm-cli-play-tracks-');
  });

  test.after(async () => {
    await killLiveClis();
    await Promise.all(demos.map((server) => server.close()));
    await home.remove();
  });

  test('--audio eng on Metropolis (German by default): mpv plays the English track, and the server was told', async () => {
    const server = await demo();
    const metropolis = await findItem(server, 'Movies', 'Metropolis');
    const { partId, streams } = await streamsOf(server, metropolis.ratingKey);
    const english = streams.find((stream) => stream.streamType === 2 && stream.languageCode === 'eng');
    assert.ok(english, JSON.stringify(streams));
    const { result, mpvLog } = await play(server, metropolis.ratingKey, '--audio', 'ENG');
    assert.is(result.code, 0, result.stderr);
    assert.equal(launchedKeys(result), [metropolis.ratingKey]);
    assert.equal(selectedTracks(await mpvLog(), 'Audio'), ['--aid=2 --alang=eng (aac 2ch 22050Hz)']);
    const resolved = playEvents(result.stdout).find((event) => event.type === 'resolved');
    assert.is(resolved?.type === 'resolved' ? resolved.item.tracks?.described : undefined, 'audio English (AAC Stereo), subtitles off');
    assert.equal((await streamChoices(server, partId)).map((params) => params.get('audioStreamID')), [String(english?.id)]);
    const after = await streamsOf(server, metropolis.ratingKey);
    assert.ok(after.streams.find((stream) => stream.id === english?.id)?.selected, 'the server now marks English selected');
  });

  test('--subs fra: the sidecar French subtitle reaches mpv as a local file, shown; no token in mpv\'s argv or log, nor the plugin log; the file is gone after', async () => {
    const server = await demo();
    const metropolis = await findItem(server, 'Movies', 'Metropolis');
    const { partId, streams } = await streamsOf(server, metropolis.ratingKey);
    const french = streams.find((stream) => stream.streamType === 3 && stream.languageCode === 'fra');
    assert.ok(french?.key, 'the French subtitle is a sidecar the server serves');
    const before = await subtitleFolders();
    const { result, mpvLog } = await play(server, metropolis.ratingKey, '--subs', 'French');
    assert.is(result.code, 0, result.stderr);
    const log = await mpvLog();
    // The sidecar comes after the file's own English subtitle: mpv's sid 2, an external file.
    assert.equal(selectedTracks(log, 'Subs').map((line) => line.replace(/'[^']*'/, 'FILE')), ['--sid=2 FILE (subrip) (external)']);
    const file = /sub-files="([^"]+)"/.exec(log)?.[1] ?? /--sub-files=(\S+?)'/.exec(log)?.[1];
    assert.ok(file?.startsWith(tmpdir()), `a local file, not a URL: ${file} in\n${log.slice(0, 2000)}`);
    assert.match(log, /Command line options: /, 'the log holds mpv\'s argv');
    assert.not.ok(log.includes(server.token), 'no token in mpv\'s argv or log');
    assert.not.ok(log.includes('/library/streams/'), 'mpv was not given the server\'s subtitle URL');
    const pluginLog = await readFile(join(home.path, 'log', 'plugins.log'), 'utf8');
    assert.not.ok(pluginLog.includes(server.token), 'no token in the plugin log');
    assert.equal((await streamChoices(server, partId)).map((params) => params.get('subtitleStreamID')), [String(french?.id)]);
    assert.equal((await subtitleFolders()).filter((name) => !before.includes(name)), [], 'the temporary subtitle file is removed');
  });

  test('without --subs the server\'s selected subtitle plays; --subs off turns it off in mpv and on the server', async () => {
    const server = await demo();
    const metropolis = await findItem(server, 'Movies', 'Metropolis');
    const { partId, streams } = await streamsOf(server, metropolis.ratingKey);
    const english = streams.find((stream) => stream.streamType === 3 && stream.languageCode === 'eng');
    // Chosen earlier, by another client.
    assert.is((await demoFetch(server, `/library/parts/${partId}?subtitleStreamID=${english?.id}`, { method: 'PUT' })).status, 200);
    const plain = await play(server, metropolis.ratingKey);
    assert.is(plain.result.code, 0, plain.result.stderr);
    assert.equal(selectedTracks(await plain.mpvLog(), 'Subs'), ['--sid=1 --slang=eng (subrip)']);
    assert.equal(selectedTracks(await plain.mpvLog(), 'Audio'), ['--aid=1 --alang=deu (*) (aac 2ch 22050Hz)']);
    const off = await play(server, metropolis.ratingKey, '--subs', 'off');
    assert.is(off.result.code, 0, off.result.stderr);
    assert.equal(selectedTracks(await off.mpvLog(), 'Subs'), []);
    assert.match(await off.mpvLog(), /Subs\s+--sid=1 --slang=eng/, 'the subtitle is there, not shown');
    assert.equal((await streamChoices(server, partId)).map((params) => params.get('subtitleStreamID')), [String(english?.id), '0']);
    assert.not.ok((await streamsOf(server, metropolis.ratingKey)).streams.some((stream) => stream.streamType === 3 && stream.selected), 'no subtitle selected on the server');
  });

  test('a subtitle chosen for an episode (by its id) carries to the next episode by language: both start with English subtitles, and the server got a PUT for each part', async () => {
    const server = await demo();
    const fogBank = await findItem(server, 'TV Shows', 'Harbour');
    const season = (await demoJson(server, `/library/metadata/${fogBank.ratingKey}/children`)) as { MediaContainer: { Metadata: { ratingKey: string }[] } };
    const episodes = (await demoJson(server, `/library/metadata/${season.MediaContainer.Metadata[0]!.ratingKey}/children`)) as { MediaContainer: { Metadata: { ratingKey: string; title: string }[] } };
    // The last two episodes: the queue goes on from the first into the second.
    const [third, fourth] = episodes.MediaContainer.Metadata.slice(2).map((episode) => episode.ratingKey);
    const first = await streamsOf(server, third!);
    const second = await streamsOf(server, fourth!);
    const englishOf = (streams: StreamJson[]) => streams.find((stream) => stream.streamType === 3 && stream.languageCode === 'eng')?.id;
    assert.ok(englishOf(first.streams) !== englishOf(second.streams), 'each part has its own stream ids');
    const { result, mpvLog } = await play(server, third!, '--subs', String(englishOf(first.streams)));
    assert.is(result.code, 0, result.stderr);
    assert.equal(launchedKeys(result), [third, fourth]);
    assert.equal((await streamChoices(server, first.partId)).map((params) => params.get('subtitleStreamID')), [String(englishOf(first.streams))]);
    assert.equal((await streamChoices(server, second.partId)).map((params) => params.get('subtitleStreamID')), [String(englishOf(second.streams))]);
    // Each episode's mpv logged its tracks as it started (the last one's log is the second episode's): English, the file's own.
    const shown = selectedTracks(await mpvLog(), 'Subs');
    assert.ok(shown.length > 0 && shown.every((line) => line === '--sid=1 --slang=eng (subrip)'), shown.join('\n'));
  });

  test('a language the first item does not have: one line, exit 2, nothing plays; a word that is no language: a usage error, exit 1', async () => {
    const server = await demo();
    const metropolis = await findItem(server, 'Movies', 'Metropolis');
    const { result } = await play(server, metropolis.ratingKey, '--audio', 'jpn');
    assert.is(result.code, 2, result.stderr);
    assert.match(result.stderr, /^plexterm: [^\n]*"Metropolis" has no audio track Japanese \(jpn\) \(it has: German \(AAC Stereo\), English \(AAC Stereo\)\)\n$/);
    assert.equal(launchedKeys(result), []);
    const { partId } = await streamsOf(server, metropolis.ratingKey);
    assert.equal(await streamChoices(server, partId), [], 'nothing was told to the server');
    const word = await play(server, metropolis.ratingKey, '--subs', 'elvish');
    assert.is(word.result.code, 1, word.result.stderr);
    assert.equal(word.result.stderr, 'plexterm: --subs "elvish" is not a language (a 3-letter code like eng, a 2-letter tag like en, or a name like English), "off" or a stream id\n');
  });
} else {
  requireMissingProgram('mpv', 'playTracks');
}

test.run();
