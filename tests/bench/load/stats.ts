/** Latency statistics for the load bench. Samples are milliseconds; a message never answered counts as +Infinity. */

/** Nearest-rank percentile of an ascending array (p in 0..100). NaN for an empty array. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface LatencySummary {
  /** Samples taken (messages scheduled in the measured window). */
  count: number;
  /** Samples with a finite latency (answered before the deadline). */
  answered: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Summarises `samples[from..to)`; NaN entries (never answered) become +Infinity so they weigh on every percentile. */
export function summarize(samples: Float64Array, from = 0, to = samples.length): LatencySummary {
  const window = Float64Array.from(samples.subarray(from, to), (v) => (Number.isNaN(v) ? Number.POSITIVE_INFINITY : v));
  window.sort();
  let answered = 0;
  for (const v of window) if (Number.isFinite(v)) answered++;
  return {
    count: window.length,
    answered,
    p50: percentileOfSorted(window, 50),
    p95: percentileOfSorted(window, 95),
    p99: percentileOfSorted(window, 99),
    max: window.length ? window[window.length - 1]! : Number.NaN,
  };
}

/** "12.3" / "1234" / "∞" / "-" in a fixed width. */
export function ms(v: number, width = 7): string {
  if (Number.isNaN(v)) return '-'.padStart(width);
  if (!Number.isFinite(v)) return '∞'.padStart(width);
  return (v >= 1000 ? v.toFixed(0) : v >= 100 ? v.toFixed(1) : v.toFixed(2)).padStart(width);
}

export function pct(fraction: number, width = 7): string {
  if (Number.isNaN(fraction)) return '-'.padStart(width);
  const v = fraction * 100;
  return (v === 100 ? '100' : v >= 99.99 ? v.toFixed(3) : v.toFixed(2)).padStart(width);
}
