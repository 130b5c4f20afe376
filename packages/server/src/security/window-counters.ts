interface Window {
  used: number;
  /** `Date.now()` at which the window ends and its points are back. */
  endsAt: number;
}

/** Below this many keys, expired windows are left for their keys' next use. */
const SWEEP_FLOOR = 1024;

/**
 * One limit's fixed windows in memory, without a promise or a timer per call: the first point a key spends opens a
 * window of `durationSec`; every point spent in it counts, refused ones too; a key that goes over its points for the
 * first time in a window is locked out for `blockSec` from then (when > 0). The same rules as rate-limiter-flexible's
 * memory and Redis limiters, which the guard still uses when it shares its counts through Redis.
 * Expired windows are dropped when the map has doubled since the last sweep, so memory follows the active keys.
 */
export class WindowCounters {
  private readonly windows = new Map<string, Window>();
  private sweepAt = SWEEP_FLOOR;

  constructor(
    readonly points: number,
    private readonly durationSec: number,
    private readonly blockSec: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(durationSec > 0)) throw new RangeError('a window needs a duration');
  }

  /** Spends `points` of `key`: 0 when they were there, else the ms before the key has a point again (≥ 1). */
  consume(key: string, points = 1): number {
    const at = this.now();
    let window = this.live(key, at);
    if (window) window.used += points;
    else window = this.open(key, points, at + this.durationSec * 1000);
    if (window.used <= this.points) return 0;
    // Locked out once, on the spend that first went over: later refusals in the lock-out do not extend it.
    if (this.blockSec > 0 && window.used <= this.points + points) window.endsAt = at + this.blockSec * 1000;
    return Math.max(1, window.endsAt - at);
  }

  /** The points `key` has spent in its current window and the ms until it ends; null when it has none. */
  peek(key: string): { used: number; msLeft: number } | null {
    const at = this.now();
    const window = this.live(key, at);
    return window ? { used: window.used, msLeft: window.endsAt - at } : null;
  }

  /** Gives back points spent in the current window (none when it has ended). */
  refund(key: string, points: number): void {
    const window = this.live(key, this.now());
    if (window) window.used -= points;
  }

  forget(key: string): void {
    this.windows.delete(key);
  }

  private live(key: string, at: number): Window | undefined {
    const window = this.windows.get(key);
    return window && window.endsAt > at ? window : undefined;
  }

  private open(key: string, used: number, endsAt: number): Window {
    const window = { used, endsAt };
    this.windows.set(key, window);
    if (this.windows.size >= this.sweepAt) {
      const at = this.now();
      for (const [k, w] of this.windows) if (w.endsAt <= at) this.windows.delete(k);
      this.sweepAt = Math.max(SWEEP_FLOOR, this.windows.size * 2);
    }
    return window;
  }
}
