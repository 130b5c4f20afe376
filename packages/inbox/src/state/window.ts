/** Windowed rendering of a long list of equal-height rows: which rows to put in the DOM for a scroll position. */
export interface RowWindow {
  /** First row rendered (inclusive). */
  start: number;
  /** Past the last row rendered (exclusive). */
  end: number;
}

/** The rows visible in the viewport plus `overscan` rows on each side, clamped to the list. */
export function rowWindow(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan = 6): RowWindow {
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(viewportHeight, rowHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(first - overscan, count - 1));
  const end = Math.min(count, first + visible + overscan);
  return { start, end: Math.max(start, end) };
}

/** Whether the next page should be fetched: the window reaches within `threshold` rows of the loaded end. */
export function nearEnd(window: RowWindow, count: number, threshold = 30): boolean {
  return count > 0 && window.end >= count - threshold;
}
