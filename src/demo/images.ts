// Posters, backgrounds and section art as small PNGs drawn from a seed: the same path always answers the same picture.
import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';

export interface ImageSize {
  width: number;
  height: number;
}

export const posterSize: ImageSize = { width: 200, height: 300 };
export const squareSize: ImageSize = { width: 300, height: 300 };
export const backgroundSize: ImageSize = { width: 320, height: 180 };

/** The largest side /photo/:/transcode draws, so a request cannot make the demo build a huge picture. */
export const largestSide = 1000;

function mix(from: number, to: number, fraction: number): number {
  return Math.round(from + (to - from) * fraction);
}

/** A diagonal gradient between two colours taken from `seed`'s hash, with a lighter band across the middle third. */
export function drawPng(seed: string, size: ImageSize): Buffer {
  const hash = createHash('sha1').update(seed).digest();
  const top = [hash[0] ?? 0, hash[1] ?? 0, hash[2] ?? 0];
  const bottom = [hash[3] ?? 0, hash[4] ?? 0, hash[5] ?? 0];
  const png = new PNG({ width: size.width, height: size.height });
  const span = Math.max(1, size.width + size.height - 2);
  for (let y = 0; y < size.height; y += 1) {
    const band = y >= size.height / 3 && y < (2 * size.height) / 3;
    for (let x = 0; x < size.width; x += 1) {
      const fraction = (x + y) / span;
      const offset = (y * size.width + x) * 4;
      for (let channel = 0; channel < 3; channel += 1) {
        const value = mix(top[channel] ?? 0, bottom[channel] ?? 0, fraction);
        png.data[offset + channel] = band ? mix(value, 255, 0.35) : value;
      }
      png.data[offset + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}
