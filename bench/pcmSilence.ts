// The silence inside decoded audio: the longest run of quiet samples between the first and the last sound (the gap between two tracks).

export interface PcmFormat {
  /** Frames per second. */
  rate: number;
  channels: number;
}

export interface Silence {
  /** The longest run of quiet frames between the first and the last audible one, in ms. */
  longestMs: number;
  /** Where it starts, in ms from the start of the output. */
  atMs: number;
  /** How much sound there was, first audible frame to last, in ms. */
  soundMs: number;
}

/**
 * Signed 16-bit little-endian PCM (mpv's `--ao=pcm --ao-pcm-waveheader=no --audio-format=s16`). A frame is quiet
 * when every channel is below `threshold` (of 32768). The quiet before the first sound and after the last is not
 * counted: only silence between sounds is. A tone never rests on zero for more than a sample at its crossings
 * (the demo's 523 Hz sine at 1/8 of full scale moves some 300 steps a sample there), so a run of quiet frames is
 * a gap.
 */
export function longestSilence(pcm: Buffer, { rate, channels }: PcmFormat, threshold = 64): Silence {
  const frames = Math.floor(pcm.length / (2 * channels));
  const audible = (frame: number): boolean => {
    for (let channel = 0; channel < channels; channel += 1) if (Math.abs(pcm.readInt16LE((frame * channels + channel) * 2)) >= threshold) return true;
    return false;
  };
  let first = 0;
  while (first < frames && !audible(first)) first += 1;
  let last = frames - 1;
  while (last > first && !audible(last)) last -= 1;
  let longest = 0;
  let longestAt = first;
  let run = 0;
  for (let frame = first; frame <= last; frame += 1) {
    if (!audible(frame)) {
      run += 1;
      continue;
    }
    if (run > longest) {
      longest = run;
      longestAt = frame - run;
    }
    run = 0;
  }
  const ms = (count: number) => (count / rate) * 1000;
  return { longestMs: ms(longest), atMs: ms(longestAt), soundMs: last >= first ? ms(last - first + 1) : 0 };
}
