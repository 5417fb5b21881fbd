// Pure one-line charts for the terminal report: latency per second, failures per second.

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;
/** Marks a second with no failures, so a clean run reads as a visibly flat dotted line. */
export const NO_FAILURE_MARK = '·';

export interface SparklineOptions {
  width: number;
  min?: number;
  max?: number;
}

/** Shrinks a series to at most `width` points, keeping each bucket's maximum (spikes must survive). */
export function downsample(values: number[], width: number): number[] {
  if (width <= 0) return [];
  if (values.length <= width) return values.slice();
  const buckets: number[] = [];
  for (let i = 0; i < width; i++) {
    const start = Math.floor((i * values.length) / width);
    const end = Math.floor(((i + 1) * values.length) / width);
    let peak = -Infinity;
    for (let j = start; j < end; j++) peak = Math.max(peak, finite(values[j]!));
    buckets.push(peak);
  }
  return buckets;
}

/** Bars ▁..█ scaled between min and max (default: the series' own); all-equal → flat ▁; empty → ''. */
export function sparkline(values: number[], options: SparklineOptions): string {
  const points = downsample(values, options.width);
  if (points.length === 0) return '';
  const { lo, hi } = range(points, options);
  return points.map((value) => BARS[level(value, lo, hi)]).join('');
}

/** Like sparkline, but a zero is '·' and any non-zero value at least ▁, so one failure still shows. */
export function failureSparkline(values: number[], options: SparklineOptions): string {
  const points = downsample(values, options.width);
  if (points.length === 0) return '';
  const { hi } = range(points, { ...options, min: 0 });
  return points.map((value) => (finite(value) <= 0 ? NO_FAILURE_MARK : BARS[level(value, 0, hi)])).join('');
}

function range(points: number[], options: SparklineOptions): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const value of points) {
    lo = Math.min(lo, finite(value));
    hi = Math.max(hi, finite(value));
  }
  return { lo: options.min ?? lo, hi: options.max ?? hi };
}

function level(value: number, lo: number, hi: number): number {
  if (!(hi > lo)) return 0;
  const clamped = Math.min(hi, Math.max(lo, finite(value)));
  return Math.round(((clamped - lo) / (hi - lo)) * (BARS.length - 1));
}

// NaN or Infinity (a broken sample) must not poison the whole line.
function finite(value: number): number {
  return Number.isFinite(value) ? value : 0;
}
