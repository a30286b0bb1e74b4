#!/usr/bin/env bash
# Remakes the demo clips and clips.json (durations, sizes and codecs measured with ffprobe).
# Needs ffmpeg, ffprobe and node. Run from anywhere: bash assets/clips/make-clips.sh
set -euo pipefail
cd "$(dirname "$0")"

common=(-hide_banner -loglevel error -y)
output=(-map_metadata -1 -fflags +bitexact)
video=(-c:v libx264 -preset veryfast -profile:v main -pix_fmt yuv420p -b:v 250k -g 48 -flags +bitexact)
audio=(-c:a aac -b:a 64k -ac 2 -flags +bitexact)

# 10 s, 320x240, h264/aac in Matroska.
ffmpeg "${common[@]}" -f lavfi -i "testsrc2=size=320x240:rate=24:duration=10" \
  -f lavfi -i "sine=frequency=440:sample_rate=44100:duration=10" \
  "${output[@]}" "${video[@]}" "${audio[@]}" -shortest demo-10s.mkv
# 12 s, 320x240, h264/aac in MP4 with the index up front (faststart), as Plex "optimized" files.
ffmpeg "${common[@]}" -f lavfi -i "smptebars=size=320x240:rate=24:duration=12" \
  -f lavfi -i "sine=frequency=660:sample_rate=44100:duration=12" \
  "${output[@]}" "${video[@]}" "${audio[@]}" -movflags +faststart -shortest demo-12s.mp4
# 4 s, 320x240, a short one for quick episodes.
ffmpeg "${common[@]}" -f lavfi -i "mandelbrot=size=320x240:rate=24" -t 4 \
  -f lavfi -i "sine=frequency=330:sample_rate=44100:duration=4" \
  "${output[@]}" "${video[@]}" "${audio[@]}" -t 4 demo-4s.mkv
# 15 s audio only, mp3, for music tracks.
ffmpeg "${common[@]}" -f lavfi -i "sine=frequency=523.25:sample_rate=44100:duration=15" \
  "${output[@]}" -c:a libmp3lame -b:a 64k -ac 2 demo-15s.mp3

# clips.json: what the demo server reports in Media and Part, measured from the files.
node --input-type=module - <<'NODE'
import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
const files = ['demo-10s.mkv', 'demo-12s.mp4', 'demo-4s.mkv', 'demo-15s.mp3'];
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
  };
  if (videoStream) Object.assign(clip, { videoCodec: videoStream.codec_name, width: videoStream.width, height: videoStream.height, videoFrameRate: '24p' });
  return clip;
});
writeFileSync('clips.json', JSON.stringify({ clips }, null, 2) + '\n');
NODE
