#!/usr/bin/env bash
# Makes the demo clips that are missing (all of them with --force) and clips.json (durations, sizes,
# codecs and every stream measured with ffprobe). The clips are committed: ffmpeg does not make the
# same bytes on every machine, and part sizes are part of what a cache remembers.
# Needs ffmpeg, ffprobe and node. Run from anywhere: bash assets/clips/make-clips.sh [--force]
set -euo pipefail
cd "$(dirname "$0")"
force=${1:-}
# True when $1 has to be made.
missing() { [[ "$force" == --force || ! -e "$1" ]]; }

common=(-hide_banner -loglevel error -y)
output=(-map_metadata -1 -fflags +bitexact)
video=(-c:v libx264 -preset veryfast -profile:v main -pix_fmt yuv420p -b:v 250k -g 48 -flags +bitexact)
audio=(-c:a aac -b:a 64k -ac 2 -flags +bitexact)

# 10 s, 320x240, h264/aac in Matroska.
missing demo-10s.mkv && ffmpeg "${common[@]}" -f lavfi -i "testsrc2=size=320x240:rate=24:duration=10" \
  -f lavfi -i "sine=frequency=440:sample_rate=44100:duration=10" \
  "${output[@]}" "${video[@]}" "${audio[@]}" -shortest demo-10s.mkv
# 12 s, 320x240, h264/aac in MP4 with the index up front (faststart), as Plex "optimized" files.
missing demo-12s.mp4 && ffmpeg "${common[@]}" -f lavfi -i "smptebars=size=320x240:rate=24:duration=12" \
  -f lavfi -i "sine=frequency=660:sample_rate=44100:duration=12" \
  "${output[@]}" "${video[@]}" "${audio[@]}" -movflags +faststart -shortest demo-12s.mp4
# 4 s, 320x240, a short one for quick movies.
missing demo-4s.mkv && ffmpeg "${common[@]}" -f lavfi -i "mandelbrot=size=320x240:rate=24" -t 4 \
  -f lavfi -i "sine=frequency=330:sample_rate=44100:duration=4" \
  "${output[@]}" "${video[@]}" "${audio[@]}" -t 4 demo-4s.mkv
# 15 s audio only, mp3, for music tracks.
missing demo-15s.mp3 && ffmpeg "${common[@]}" -f lavfi -i "sine=frequency=523.25:sample_rate=44100:duration=15" \
  "${output[@]}" -c:a libmp3lame -b:a 64k -ac 2 demo-15s.mp3
# 40 s for episodes, long enough for an intro and credits marker; low quality keeps it near 130 KB.
missing demo-40s.mkv && ffmpeg "${common[@]}" -f lavfi -i "testsrc=size=320x240:rate=12:duration=40" \
  -f lavfi -i "sine=frequency=392:sample_rate=22050:duration=40" \
  "${output[@]}" -c:v libx264 -preset veryfast -profile:v main -pix_fmt yuv420p -crf 40 -g 120 -flags +bitexact \
  -c:a aac -b:a 12k -ac 1 -flags +bitexact -t 40 demo-40s.mkv
# 12 s with two audio languages (German first and default, English) and an embedded English subtitle;
# demo-multi-12s.fra.srt beside it is the external French one.
if missing demo-multi-12s.mkv; then
  subtitles=$(mktemp --suffix=.srt)
  printf '1\n00:00:01,000 --> 00:00:04,000\nThe city of Metropolis.\n\n2\n00:00:05,000 --> 00:00:09,000\nThe mediator between head and hands must be the heart.\n' >"$subtitles"
  ffmpeg "${common[@]}" -f lavfi -i "smptehdbars=size=320x240:rate=12:duration=12" \
    -f lavfi -i "sine=frequency=440:sample_rate=22050:duration=12" -f lavfi -i "sine=frequency=550:sample_rate=22050:duration=12" -i "$subtitles" \
    -map 0:v -map 1:a -map 2:a -map 3:s "${output[@]}" -c:v libx264 -preset veryfast -profile:v main -pix_fmt yuv420p -crf 40 -g 120 -flags +bitexact \
    -c:a aac -b:a 16k -ac 2 -flags +bitexact -c:s srt -metadata:s:a:0 language=deu -metadata:s:a:1 language=eng -metadata:s:s:0 language=eng \
    -disposition:v:0 default -disposition:a:0 default -disposition:a:1 0 -disposition:s:0 0 -t 12 demo-multi-12s.mkv
  rm -f "$subtitles"
fi

# clips.json: what the demo server reports in Media and Part, measured from the files.
node --input-type=module - <<'NODE'
import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
const files = ['demo-10s.mkv', 'demo-12s.mp4', 'demo-4s.mkv', 'demo-15s.mp3', 'demo-40s.mkv', 'demo-multi-12s.mkv'];
const sidecars = { 'demo-multi-12s.mkv': [{ file: 'demo-multi-12s.fra.srt', language: 'fra' }] };
const kinds = { video: 'video', audio: 'audio', subtitle: 'subtitle' };
// Every stream as a Stream element reports it; bitDepth from the pixel format's sample size.
const describe = (stream) => {
  const kind = kinds[stream.codec_type];
  if (!kind) return undefined;
  const described = { kind, index: stream.index, codec: stream.codec_name === 'subrip' ? 'srt' : stream.codec_name, default: stream.disposition?.default === 1 };
  if (stream.tags?.language) described.language = stream.tags.language;
  if (kind === 'video') {
    const [numerator, denominator] = stream.r_frame_rate.split('/').map(Number);
    Object.assign(described, { width: stream.width, height: stream.height, frameRate: Math.round((numerator / denominator) * 1000) / 1000, bitDepth: Number(stream.bits_per_raw_sample ?? 8), profile: stream.profile?.toLowerCase() });
  }
  if (kind === 'audio') Object.assign(described, { channels: stream.channels, samplingRate: Number(stream.sample_rate) });
  return described;
};
const containers = { mkv: 'mkv', mp4: 'mp4', mp3: 'mp3' };
const clips = files.map((file) => {
  const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], { encoding: 'utf8' }));
  const videoStream = probe.streams.find((stream) => stream.codec_type === 'video');
  const audioStream = probe.streams.find((stream) => stream.codec_type === 'audio');
  const clip = {
    file,
    container: containers[file.split('.').pop()],
    durationMs: Math.round(Number(probe.format.duration) * 1000),
    size: statSync(file).size,
    bitrate: Math.round(Number(probe.format.bit_rate) / 1000),
    audioCodec: audioStream.codec_name,
    audioChannels: audioStream.channels,
    streams: probe.streams.map(describe).filter(Boolean),
  };
  if (sidecars[file]) clip.sidecarSubtitles = sidecars[file];
  if (videoStream) {
    const [numerator, denominator] = videoStream.r_frame_rate.split('/').map(Number);
    const rate = Math.round(numerator / denominator);
    const videoFrameRate = rate === 25 ? 'PAL' : rate === 30 ? 'NTSC' : `${rate}p`;
    Object.assign(clip, { videoCodec: videoStream.codec_name, width: videoStream.width, height: videoStream.height, videoFrameRate });
  }
  return clip;
});
writeFileSync('clips.json', JSON.stringify({ clips }, null, 2) + '\n');
NODE
