// The row every benchmark returns: one figure, its target, and the command line that produced it.

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The target in words, e.g. "< 300 ms". */
  target?: string;
  /** Whether the figure meets the target; undefined when there is none. */
  met?: boolean;
  /** What was run to get the figure, for the note. */
  command: string;
}

export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** A difference in ms with its sign: "+12.3" or "-4.5". */
export function signed(value: number): string {
  const rounded = round(value);
  return rounded < 0 ? `${rounded}` : `+${rounded}`;
}
